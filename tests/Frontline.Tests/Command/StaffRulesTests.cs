using Frontline.Command.Staff;

namespace Frontline.Tests.Command;

/// <summary>Duty days (连续在岗天数) at their edges: both ends included, gaps, rest days, open-ended and future postings.</summary>
public sealed class StaffRulesTests
{
    static readonly DateOnly Today = new(2022, 3, 20);
    static DateOnly D(int daysFromToday) => Today.AddDays(daysFromToday);
    static DutyPeriod P(int from, int? to) => new(D(from), to is { } t ? D(t) : null);

    [Theory]
    // Both ends included: since yesterday → 2; since today → 1.
    [InlineData(-1, null, 2)]
    [InlineData(0, null, 1)]
    // The model district's cadre: 62 days in a row.
    [InlineData(-61, null, 62)]
    // Ends today: still on duty today.
    [InlineData(-4, 0, 5)]
    // Ended yesterday: not on duty today.
    [InlineData(-10, -1, 0)]
    // Starts tomorrow: nothing yet.
    [InlineData(1, null, 0)]
    [InlineData(1, 10, 0)]
    public void One_posting(int from, int? to, int expected) =>
        Assert.Equal(expected, StaffRules.DutyDays([P(from, to)], [], Today));

    [Fact]
    public void Adjacent_postings_are_one_run_and_a_gap_day_breaks_it()
    {
        // 流调 until 6 days ago, the community from 5 days ago: one run of 16 days.
        Assert.Equal(16, StaffRules.DutyDays([P(-15, -6), P(-5, null)], [], Today));
        // A day between them with no posting: the run starts again after it.
        Assert.Equal(6, StaffRules.DutyDays([P(-15, -7), P(-5, null)], [], Today));
        // Given in any order.
        Assert.Equal(16, StaffRules.DutyDays([P(-5, null), P(-15, -6)], [], Today));
    }

    [Fact]
    public void A_rest_day_breaks_the_run()
    {
        Assert.Equal(3, StaffRules.DutyDays([P(-30, null)], [D(-3)], Today));
        // Rest today: not on duty today; tomorrow the run is 1.
        Assert.Equal(0, StaffRules.DutyDays([P(-30, null)], [D(0)], Today));
        Assert.Equal(1, StaffRules.DutyDays([P(-30, null)], [D(0)], Today.AddDays(1)));
        // Rest yesterday: today is day 1.
        Assert.Equal(1, StaffRules.DutyDays([P(-30, null)], [D(-1)], Today));
        // Several: the latest one counts.
        Assert.Equal(2, StaffRules.DutyDays([P(-30, null)], [D(-20), D(-2), D(-9)], Today));
        // A rest day outside the postings changes nothing; a future one neither, until it comes.
        Assert.Equal(11, StaffRules.DutyDays([P(-10, null)], [D(-40), D(3)], Today));
    }

    [Fact]
    public void The_stored_run_holds_until_its_end_and_the_next_one_follows_a_rest_day()
    {
        // A rest day in three days: the current run ends the day before it.
        var run = StaffRules.CurrentRun([P(-10, null)], [D(3)], Today);
        Assert.Equal(new DutyRun(D(-10), D(2)), run);
        Assert.Equal(13, DutyRun.DutyDays(run, D(2)));
        // Past its end the stored run says 0 until the rollover recomputes it…
        Assert.Equal(0, DutyRun.DutyDays(run, D(4)));
        // …which finds the next run, from the day after the rest day, open-ended.
        Assert.Equal(new DutyRun(D(4), null), StaffRules.CurrentRun([P(-10, null)], [D(3)], D(4)));
        Assert.Equal(1, StaffRules.DutyDays([P(-10, null)], [D(3)], D(4)));
        // A posting still ahead is stored as the next run.
        Assert.Equal(new DutyRun(D(2), D(9)), StaffRules.CurrentRun([P(-20, -5), P(2, 9)], [], Today));
        // A rest day on a posting's last day: the run ends the day before.
        Assert.Equal(new DutyRun(D(-5), D(1)), StaffRules.CurrentRun([P(-5, 2)], [D(2)], Today));
        Assert.Null(StaffRules.CurrentRun([P(-5, -1)], [], Today));
        Assert.Null(StaffRules.CurrentRun([], [], Today));
    }

    [Theory]
    [InlineData(13, 14, false)]
    [InlineData(14, 14, true)]
    [InlineData(62, 14, true)]
    [InlineData(0, 1, false)]
    public void The_care_alert_starts_at_the_threshold(int days, int threshold, bool alert) =>
        Assert.Equal(alert, StaffRules.CareAlert(days, threshold));

    [Fact]
    public void The_alert_filter_on_the_stored_start_agrees_with_the_count()
    {
        // Started on the latest alerting day: exactly the threshold today.
        var start = StaffRules.AlertStartOnOrBefore(Today, 14);
        Assert.Equal(14, DutyRun.DutyDays(new DutyRun(start, null), Today));
        Assert.Equal(13, DutyRun.DutyDays(new DutyRun(start.AddDays(1), null), Today));
    }

    [Fact]
    public void Overlaps_count_both_ends_and_open_ends()
    {
        Assert.True(P(-10, 0).Overlaps(P(0, 5)));
        Assert.False(P(-10, -1).Overlaps(P(0, 5)));
        Assert.True(P(-10, null).Overlaps(P(30, 40)));
        Assert.False(P(-10, -5).Overlaps(P(-4, null)));
    }

    [Theory]
    [InlineData("流调专班", "investigation")]
    [InlineData("流调", "investigation")]
    [InlineData("隔离酒店", "quarantine-hotel")]
    [InlineData("采样点专班", "testing-site")]
    [InlineData("transfer", "transfer")]
    [InlineData("转运专班", "transfer")]
    [InlineData("红星社区", null)]
    public void Task_forces_are_found_by_code_or_Chinese_name(string text, string? code) =>
        Assert.Equal(code, TaskForces.Find(text)?.Code);
}
