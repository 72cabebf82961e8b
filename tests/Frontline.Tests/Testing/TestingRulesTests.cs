using Frontline.Platform;
using Frontline.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Testing;

public class TestingRulesTests
{
    static readonly PolicySet Edition8 = Policy("edition-8-three-zones");
    static readonly DateTime Start = new(2022, 3, 14, 0, 0, 0, DateTimeKind.Utc);

    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    static TestingRound Round(RoundState state = RoundState.Planned) => new()
    {
        Name = "r", ScopeCodes = "440306000000", StartsAt = Start, EndsAt = Start.AddHours(24), PoolSize = 10, State = state, CreatedBy = "t",
    };

    [Theory]
    [InlineData(-1, RoundState.Planned, RoundState.Planned)]
    [InlineData(0, RoundState.Planned, RoundState.Open)]
    [InlineData(12, RoundState.Planned, RoundState.Open)]
    [InlineData(12, RoundState.Closed, RoundState.Closed)]
    [InlineData(25, RoundState.Planned, RoundState.Closed)]
    public void Round_state_follows_its_window(int hours, RoundState stored, RoundState expected) =>
        Assert.Equal(expected, TestingRules.EffectiveState(Round(stored), Start.AddHours(hours)));

    [Theory]
    [InlineData(-0.1, "round-closed")]
    [InlineData(0, null)]
    [InlineData(23.9, null)]
    [InlineData(24.1, "round-closed")]
    public void A_scan_counts_when_collected_inside_the_window_whenever_it_arrives(double hours, string? expected) =>
        Assert.Equal(expected, TestingRules.CheckCollection(Round(RoundState.Closed), Start.AddHours(hours)));

    [Theory]
    [InlineData(11.9, null)]
    [InlineData(12, null)]
    [InlineData(12.1, "round-closed")]
    [InlineData(23.9, "round-closed")]
    public void A_round_closed_by_hand_ends_when_it_was_closed(double hours, string? expected)
    {
        var round = Round(RoundState.Closed);
        round.ClosedAt = Start.AddHours(12);
        Assert.Equal(expected, TestingRules.CheckCollection(round, Start.AddHours(hours)));
    }

    [Theory]
    [InlineData(1, 0, 10, Outcome.Pending, 1, null)]
    [InlineData(1, 9, 10, Outcome.Pending, 1, null)]
    [InlineData(1, 10, 10, Outcome.Pending, 1, "tube-full")]
    [InlineData(1, 1, 1, Outcome.Pending, 1, "tube-full")]
    [InlineData(1, 3, 10, Outcome.Negative, 1, "tube-resulted")]
    [InlineData(2, 3, 10, Outcome.Pending, 1, "tube-in-other-round")]
    public void Tube_capacity_round_and_result(long tubeRound, int count, int pool, Outcome outcome, long round, string? expected) =>
        Assert.Equal(expected, TestingRules.CheckTube(tubeRound, count, pool, outcome, round));

    [Theory]
    [InlineData(null, false, 10, 10)]
    [InlineData(null, true, 10, 1)]
    [InlineData(20, false, 10, 20)]
    [InlineData(1, true, 10, 1)]
    public void New_tube_pool_size(int? scanned, bool retest, int round, int expected) =>
        Assert.Equal(expected, TestingRules.PoolSizeForNewTube(scanned, retest, round));

    [Theory]
    [InlineData("edition-8-three-zones", "sealed", 1)]
    [InlineData("edition-8-three-zones", "controlled", 10)]
    [InlineData("edition-8-three-zones", "precaution", 20)]
    [InlineData("edition-9-risk-areas", "high", 1)]
    [InlineData("twenty-measures", "low", 20)]
    [InlineData("edition-8-three-zones", null, 5)]
    [InlineData("edition-8-three-zones", "unknown", 5)]
    public void Pool_size_per_zone_level_comes_from_the_policy(string policy, string? level, int expected) =>
        Assert.Equal(expected, TestingRules.PoolSizeForZone(Policy(policy), level, 5));

    [Theory]
    [InlineData("negative", null, null, 40, Outcome.Negative, null)]
    [InlineData("NEGATIVE", 41.0, null, 40, Outcome.Negative, null)]
    [InlineData("positive", 28.5, 30.1, 40, Outcome.Positive, null)]
    [InlineData("positive", null, 36.0, 40, Outcome.Positive, null)]
    [InlineData("positive", null, null, 40, Outcome.Positive, null)]
    [InlineData("positive", 36.0, 37.0, 35, null, "inconsistent-ct")]
    [InlineData("positive", 41.0, 42.0, 40, null, "inconsistent-ct")]
    [InlineData("negative", 20.0, 22.0, 40, null, "inconsistent-ct")]
    [InlineData("invalid", null, null, 40, Outcome.Invalid, null)]
    [InlineData("maybe", null, null, 40, null, "invalid-outcome")]
    [InlineData("positive", -1.0, null, 40, null, "invalid-ct")]
    public void Results_are_read_against_the_ct_threshold(string outcome, double? orf, double? n, double threshold, Outcome? expected, string? error)
    {
        var (parsed, e) = TestingRules.InterpretResult(outcome, orf, n, threshold);
        Assert.Equal(expected, parsed);
        Assert.Equal(error, e);
    }

    [Fact]
    public void Positive_pool_fans_out_to_temporary_control_and_individual_retests_due_by_the_policy()
    {
        var at = Start.AddHours(30);
        var d = TestingRules.Decide(Edition8, Outcome.Positive, isRetest: false, at);
        Assert.True(d.TemporaryControl);
        Assert.Equal("positive-pool", d.RetestReason);
        Assert.Equal(at.AddHours(Edition8.RetestDueHours), d.RetestDueBy);
        Assert.False(d.MakesCase);
    }

    [Theory]
    [InlineData(Outcome.Positive, true, false, null, false, true)]
    [InlineData(Outcome.Negative, true, false, null, true, false)]
    [InlineData(Outcome.Negative, false, false, null, false, false)]
    [InlineData(Outcome.Invalid, false, false, "invalid-tube", false, false)]
    [InlineData(Outcome.Invalid, true, false, "invalid-tube", false, false)]
    public void What_each_result_sets_off(Outcome outcome, bool retest, bool control, string? reason, bool lifts, bool makesCase)
    {
        var d = TestingRules.Decide(Edition8, outcome, retest, Start);
        Assert.Equal((control, reason, lifts, makesCase), (d.TemporaryControl, d.RetestReason, d.LiftsControl, d.MakesCase));
    }

    [Theory]
    [InlineData("2019-03-15", true)]
    [InlineData("2019-03-14", false)]
    [InlineData("1990-01-01", false)]
    [InlineData(null, false)]
    public void Infants_under_the_policy_age_are_exempt(string? birth, bool infant) =>
        Assert.Equal(infant, TestingRules.IsInfant(birth is null ? null : DateOnly.Parse(birth), new DateOnly(2022, 3, 14), Edition8.ExemptInfantUnderYears));

    [Theory]
    [InlineData(100, 0, 50, 50.0)]
    [InlineData(100, 20, 80, 100.0)]
    [InlineData(30000, 900, 29100, 100.0)]
    [InlineData(3, 0, 1, 33.3)]
    [InlineData(0, 0, 0, 0.0)]
    [InlineData(10, 10, 0, 0.0)]
    public void Coverage_is_sampled_over_population_less_exempt(long population, long exempt, long sampled, double expected) =>
        Assert.Equal(expected, TestingRules.CoveragePercent(population, exempt, sampled));

    [Theory]
    [InlineData(0.001, 10, 0.110)]
    [InlineData(0.01, 10, 0.196)]
    [InlineData(0.0001, 20, 0.052)]
    [InlineData(0.5, 1, 1.0)]
    public void Pooling_economics(double prevalence, int pool, double expected) =>
        Assert.Equal(expected, TestingRules.TestsPerPerson(prevalence, pool), 3);

    [Theory]
    // China day of the order (offset from today; null: a re-sampling), sampled, outcome, cancelled → status. Now is 10:00 China time.
    [InlineData(0, false, Outcome.Pending, false, "due")]
    [InlineData(1, false, Outcome.Pending, false, "planned")]
    [InlineData(-1, false, Outcome.Pending, false, "overdue")]
    [InlineData(-1, false, Outcome.Pending, true, "cancelled")]
    [InlineData(0, true, Outcome.Pending, false, "sampled")]
    [InlineData(-1, true, Outcome.Negative, false, "negative")]
    [InlineData(0, true, Outcome.Positive, true, "positive")]
    [InlineData(0, true, Outcome.Invalid, false, "invalid")]
    [InlineData(null, false, Outcome.Pending, false, "due")]
    public void An_individual_orders_status_comes_from_its_swab_its_day_and_its_requester(int? day, bool sampled, Outcome outcome, bool cancelled, string status)
    {
        var today = new DateOnly(2022, 3, 14);
        var now = new DateTime(2022, 3, 14, 2, 0, 0, DateTimeKind.Utc);
        DateOnly? forDay = day is { } d ? today.AddDays(d) : null;
        var dueBy = forDay is { } f ? TestingRules.EndOfChinaDay(f) : now.AddHours(6);
        Assert.Equal(status, TestingRules.OrderStatus(forDay, dueBy, cancelled ? now.AddHours(-1) : null, sampled, outcome, now, today));
    }

    [Fact]
    public void A_scheduled_test_is_due_until_the_end_of_its_China_day() =>
        Assert.Equal(new DateTime(2022, 3, 14, 16, 0, 0, DateTimeKind.Utc), TestingRules.EndOfChinaDay(new DateOnly(2022, 3, 14)));
}
