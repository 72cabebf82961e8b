using Frontline.Platform.Scheduling;
using Quartz;

namespace Frontline.Tests.Platform.Scheduling;

/// <summary>How a work's schedule becomes a Quartz trigger: pure, so the fire times are checked without a scheduler.</summary>
public sealed class ScheduledWorkTriggersTests
{
    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    static ScheduledWorkDefinition Daily(int hour, int minute) => new("test.daily", typeof(TickWork), WorkSchedule.Daily(new TimeOnly(hour, minute)));

    static ScheduledWorkDefinition Every(TimeSpan every) => new("test.every", typeof(TickWork), WorkSchedule.Interval(every));

    [Theory]
    [InlineData(2, 0, "0 0 18 ? * *")]
    [InlineData(7, 30, "0 30 23 ? * *")]
    [InlineData(8, 0, "0 0 0 ? * *")]
    [InlineData(0, 15, "0 15 16 ? * *")]
    [InlineData(23, 59, "0 59 15 ? * *")]
    public void A_Beijing_time_is_the_fixed_UTC_time_eight_hours_earlier(int hour, int minute, string cron) =>
        Assert.Equal(cron, ScheduledWorkTriggers.DailyCronUtc(new TimeOnly(hour, minute)));

    [Theory]
    // 01:00 in Beijing on 3 December: 02:00 the same Beijing morning, which is 18:00 UTC on the 2nd.
    [InlineData("2026-12-02T17:00:00Z", 2, 0, "2026-12-02T18:00:00Z")]
    // Exactly at 02:00 Beijing: the next one is a day later.
    [InlineData("2026-12-02T18:00:00Z", 2, 0, "2026-12-03T18:00:00Z")]
    // 18:00 in Beijing: the coming night.
    [InlineData("2026-12-02T10:00:00Z", 2, 0, "2026-12-02T18:00:00Z")]
    // 07:30 Beijing is 23:30 UTC the day before; after 23:45 UTC it is the next Beijing morning's.
    [InlineData("2026-12-31T23:45:00Z", 7, 30, "2027-01-01T23:30:00Z")]
    // 23:59 Beijing is 15:59 UTC the same day.
    [InlineData("2026-12-02T15:00:00Z", 23, 59, "2026-12-02T15:59:00Z")]
    public void The_daily_trigger_fires_at_the_right_UTC_instant_for_its_Beijing_time(string after, int hour, int minute, string expected)
    {
        var now = DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture);
        var trigger = ScheduledWorkTriggers.Trigger(Daily(hour, minute), new FixedClock(now));
        var cron = Assert.IsAssignableFrom<ICronTrigger>(trigger);
        // Not the machine's zone, nor one looked up in tzdata: UTC, whatever the server is set to.
        Assert.Equal(TimeSpan.Zero, cron.TimeZone.BaseUtcOffset);
        Assert.False(cron.TimeZone.SupportsDaylightSavingTime);
        Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, cron.MisfireInstruction);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), trigger.GetFireTimeAfter(now));
    }

    [Fact]
    public void An_interval_trigger_first_fires_one_interval_after_now_repeats_for_ever_and_fires_a_missed_occurrence_once()
    {
        var now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var trigger = ScheduledWorkTriggers.Trigger(Every(TimeSpan.FromMinutes(1)), new FixedClock(now));
        var simple = Assert.IsAssignableFrom<ISimpleTrigger>(trigger);
        Assert.Equal(now.AddMinutes(1), trigger.StartTimeUtc);
        Assert.Equal(TimeSpan.FromMinutes(1), simple.RepeatInterval);
        Assert.Equal(-1, simple.RepeatCount);
        Assert.Equal(SimpleTriggerMisfireInstruction.NowWithRemainingCount, simple.MisfireInstruction);
        Assert.Equal(now.AddMinutes(3), trigger.GetFireTimeAfter(now.AddMinutes(2.5)));
        Assert.Equal(new TriggerKey("test.every", ScheduledWorkTriggers.Group), trigger.Key);
        Assert.Equal(new JobKey("test.every", ScheduledWorkTriggers.Group), trigger.JobKey);
    }

    [Fact]
    public void A_stored_trigger_is_kept_only_while_the_definition_says_the_same_schedule()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var minute = ScheduledWorkTriggers.Trigger(Every(TimeSpan.FromMinutes(1)), clock);
        var night = ScheduledWorkTriggers.Trigger(Daily(2, 0), clock);
        Assert.True(ScheduledWorkTriggers.SameSchedule(minute, Every(TimeSpan.FromMinutes(1))));
        Assert.False(ScheduledWorkTriggers.SameSchedule(minute, Every(TimeSpan.FromMinutes(2))));
        Assert.False(ScheduledWorkTriggers.SameSchedule(minute, Daily(2, 0)));
        Assert.True(ScheduledWorkTriggers.SameSchedule(night, Daily(2, 0)));
        Assert.False(ScheduledWorkTriggers.SameSchedule(night, Daily(3, 0)));
        Assert.False(ScheduledWorkTriggers.SameSchedule(night, Every(TimeSpan.FromDays(1))));
    }

    [Fact]
    public void The_job_is_durable_recoverable_and_never_runs_beside_itself()
    {
        var job = ScheduledWorkTriggers.Job(Every(TimeSpan.FromMinutes(1)));
        Assert.True(job.Durable);
        Assert.True(job.RequestsRecovery);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal(new JobKey("test.every", ScheduledWorkTriggers.Group), job.Key);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_migration_runs_Quartz_own_script_with_the_qrtz_prefix_and_drops_every_table_it_made(bool postgres)
    {
        var statements = QuartzSchema.CreateStatements(postgres);
        Assert.All(statements, s => Assert.DoesNotContain("{0}", s));
        Assert.All(statements, s => Assert.DoesNotContain("{1}", s));
        Assert.All(statements, s => Assert.False(s.StartsWith("--", StringComparison.Ordinal), s));
        var tables = QuartzSchema.Tables(postgres).Select(t => t.ToLowerInvariant()).ToList();
        foreach (var table in new[] { "job_details", "triggers", "simple_triggers", "cron_triggers", "fired_triggers", "scheduler_state", "locks" })
            Assert.Contains("qrtz_" + table, tables);
        Assert.Equal(tables.Count, tables.Distinct().Count());
    }
}
