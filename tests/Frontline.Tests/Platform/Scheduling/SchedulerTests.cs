using System.Net;
using Frontline.Platform.Scheduling;
using Frontline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Frontline.Tests.Platform.Scheduling;

/// <summary>
/// The scheduler on a real database, each provider: works run and are recorded, failures are recorded and run again,
/// and the schedule lives in the database, so a restarted server goes on from where the last one stopped.
/// </summary>
public abstract class SchedulerTests(string provider) : IDisposable
{
    const string Tick = "test.tick";
    const string Failing = "test.failing";
    const string Hourly = "test.hourly";
    readonly SharedDatabase database = new(provider);

    static Action<IServiceCollection> Works(TimeSpan hourlyEvery) => s => s
        .AddScheduledWork<TickWork>(Tick, WorkSchedule.Interval(TimeSpan.FromSeconds(1)))
        .AddScheduledWork<FailingWork>(Failing, WorkSchedule.Interval(TimeSpan.FromSeconds(1)))
        .AddScheduledWork<TickWork>(Hourly, WorkSchedule.Interval(hourlyEvery));

    static async Task<int> Finished(SchedulerNode node, string work, ScheduledRunOutcome outcome) =>
        (await node.RunsAsync(work)).Count(r => r.Outcome == outcome);

    [SkippableFact]
    public async Task Work_with_a_short_interval_runs_and_is_recorded_and_a_failing_work_is_recorded_as_failed_and_runs_again()
    {
        database.SkipIfUnavailable();
        await using var node = database.Node(Works(TimeSpan.FromHours(1)));
        var nodeId = await node.StartAsync();

        Assert.True(await Eventually.HoldsAsync(async () =>
            await Finished(node, Tick, ScheduledRunOutcome.Ok) >= 2 && await Finished(node, Failing, ScheduledRunOutcome.Failed) >= 2),
            "two runs of each work were expected");

        var ticks = (await node.RunsAsync(Tick)).Where(r => r.Outcome is not null).ToList();
        Assert.All(ticks, r =>
        {
            Assert.Equal(ScheduledRunOutcome.Ok, r.Outcome);
            Assert.Equal(nodeId, r.NodeId);
            Assert.Null(r.Error);
            Assert.True(r.FinishedAt >= r.StartedAt);
        });
        Assert.Equal(ticks.Count, ticks.Select(r => r.ScheduledFor).Distinct().Count());

        // A failure is kept, cut to the column, and the host goes on: the next occurrence runs the work again.
        var failures = (await node.RunsAsync(Failing)).Where(r => r.Outcome is not null).ToList();
        Assert.All(failures, r =>
        {
            Assert.Equal(ScheduledRunOutcome.Failed, r.Outcome);
            Assert.StartsWith("InvalidOperationException: " + FailingWork.Message, r.Error);
            Assert.Equal(ScheduledRun.ErrorLength, r.Error!.Length);
        });
        Assert.True(failures.Select(r => r.ScheduledFor).Distinct().Count() >= 2);
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        // Quartz never puts the failing work's trigger in error or pauses it: nothing for a person to reset.
        var scheduler = node.Services.GetRequiredService<ScheduledWorkScheduler>().Running!;
        Assert.Contains(await scheduler.GetTriggerState(ScheduledWorkTriggers.TriggerKeyOf(Failing), default),
            new[] { TriggerState.Normal, TriggerState.Executing, TriggerState.Blocked });
    }

    [SkippableFact]
    public async Task A_restarted_server_keeps_the_stored_schedule_runs_a_missed_occurrence_once_and_a_changed_schedule_replaces_the_trigger()
    {
        database.SkipIfUnavailable();
        int ticksBefore;
        DateTimeOffset hourlyNext;
        await using (var first = database.Node(Works(TimeSpan.FromHours(1))))
        {
            await first.StartAsync();
            Assert.True(await Eventually.HoldsAsync(async () => await Finished(first, Tick, ScheduledRunOutcome.Ok) >= 2), "the first server ran no ticks");
            ticksBefore = (await first.RunsAsync(Tick)).Count;
            var scheduler = first.Services.GetRequiredService<ScheduledWorkScheduler>().Running!;
            hourlyNext = (await scheduler.GetTrigger(ScheduledWorkTriggers.TriggerKeyOf(Hourly), default))!.NextFireTimeUtc!.Value;
        }

        // Down for longer than the misfire threshold (2 s in the tests): every node is off for a few occurrences.
        await Task.Delay(TimeSpan.FromSeconds(5));

        await using (var second = database.Node(Works(TimeSpan.FromHours(1))))
        {
            var restartedAt = DateTime.UtcNow;
            var secondId = await second.StartAsync();
            var scheduler = second.Services.GetRequiredService<ScheduledWorkScheduler>().Running!;

            // The stored trigger, not a new one: the hourly work is still due when the first server said, not an hour from now.
            var hourly = await scheduler.GetTrigger(ScheduledWorkTriggers.TriggerKeyOf(Hourly), default);
            Assert.Equal(hourlyNext, hourly!.NextFireTimeUtc);
            foreach (var work in new[] { Tick, Failing, Hourly })
            {
                Assert.Equal(1, await second.ScalarAsync<int>("SELECT COUNT(*) FROM qrtz_job_details WHERE job_name = @n", ("@n", work)));
                Assert.Equal(1, await second.ScalarAsync<int>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = @n", ("@n", work)));
            }

            // The run count goes on from the stored history.
            Assert.True(await Eventually.HoldsAsync(async () => (await second.RunsAsync(Tick)).Count(r => r.NodeId == secondId) >= 2),
                "the restarted server ran no ticks");
            var runs = await second.RunsAsync(Tick);
            Assert.True(runs.Count(r => r.NodeId != secondId) >= ticksBefore);
            // The missed occurrences are not made up in a burst: at most one run for a time before the restart.
            var afterRestart = runs.Where(r => r.NodeId == secondId).ToList();
            Assert.True(afterRestart.Count(r => r.ScheduledFor < restartedAt) <= 1,
                "missed occurrences were run one by one: " + string.Join(", ", afterRestart.Select(r => r.ScheduledFor.ToString("O"))));
        }

        await using (var changed = database.Node(Works(TimeSpan.FromHours(2))))
        {
            var startedAt = DateTimeOffset.UtcNow;
            await changed.StartAsync();
            var scheduler = changed.Services.GetRequiredService<ScheduledWorkScheduler>().Running!;
            var hourly = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(ScheduledWorkTriggers.TriggerKeyOf(Hourly), default));
            Assert.Equal(TimeSpan.FromHours(2), hourly.RepeatInterval);
            Assert.True(hourly.NextFireTimeUtc >= startedAt.AddHours(2).AddSeconds(-1));
            Assert.Equal(1, await changed.ScalarAsync<int>("SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_name = @n", ("@n", Hourly)));
        }
    }

    public void Dispose() => database.Dispose();
}

public sealed class SqliteSchedulerTests() : SchedulerTests("sqlite");
public sealed class PostgresSchedulerTests() : SchedulerTests("postgres");
