using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Containment;

/// <summary>Zone release eligibility, row by row against shared/domain-rules.md ("Areas"), for all three policy sets.</summary>
public sealed class ZoneRulesTests
{
    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    /// <summary>The last infection: 2022-03-10. Day N is 03-10 + N.</summary>
    static readonly DateOnly Infected = new(2022, 3, 10);
    static DateOnly Day(int n) => Infected.AddDays(n);
    static ZoneRoundFact Negative(int day, long id = 1) => new(id, Day(day), 500, 0, 0);

    static ZoneFacts Facts(DateOnly? infection = null, DateOnly? exposure = null, int withoutNegative = 0, ZoneRoundFact[]? rounds = null,
        int others = 0, DateOnly? levelSince = null) =>
        new(levelSince ?? Infected.AddDays(1), infection ?? Infected, exposure, withoutNegative, rounds ?? [], others);

    public static TheoryData<string, string[], string> Schemes => new()
    {
        { "edition-8-three-zones", ["sealed", "controlled", "precaution"], "sealed" },
        { "edition-9-risk-areas", ["high", "medium", "low"], "high" },
        { "twenty-measures", ["high", "low"], "high" },
    };

    [Theory, MemberData(nameof(Schemes))]
    public void Each_policy_set_has_its_area_scheme_levels_and_proposes_its_top_level(string policy, string[] levels, string top)
    {
        var set = Policy(policy);
        Assert.Equal(levels, ZoneRules.Levels(set));
        Assert.Equal(top, ZoneRules.TopLevel(set));
        Assert.All(levels, l => Assert.True(set.ZoneRelease.ContainsKey(l)));
        Assert.False(ZoneRules.IsLevel(set, "released"));
    }

    [Theory]
    [InlineData("sealed")]
    [InlineData("controlled")]
    public void Three_zones_release_on_day_14_after_the_last_infection_and_contact_with_a_negative_round_within_2_days(string level)
    {
        var policy = Policy("edition-8-three-zones");
        // Exposure of the last close contact on 03-09: day 14 is 03-23; the infection's day 14 is 03-24; a round on day 13.
        var facts = Facts(exposure: Infected.AddDays(-1), rounds: [Negative(13)]);
        var before = ZoneRules.Assess(policy, level, facts, Day(13));
        Assert.Equal(Day(14), before.EligibleOn);
        Assert.False(before.EligibleToday);
        Assert.Equal([ZoneRules.Missing.InfectionFree], before.Missing);
        Assert.Equal(1, ZoneRules.DaysLeft(before, Day(13)));
        var on = ZoneRules.Assess(policy, level, facts, Day(14));
        Assert.True(on.EligibleToday);
        Assert.Equal("released", on.Becomes);
        Assert.Equal(0, ZoneRules.DaysLeft(on, Day(14)));
        // Two days after the round it still counts; three days after it does not: a new round is needed.
        Assert.True(ZoneRules.Assess(policy, level, facts, Day(15)).EligibleToday);
        var stale = ZoneRules.Assess(policy, level, facts, Day(16));
        Assert.False(stale.EligibleToday);
        Assert.Contains(ZoneRules.Missing.AllNegativeRound, stale.Missing);
    }

    [Fact]
    public void Three_zones_wait_for_the_last_close_contact_past_14_days_with_negative_results()
    {
        var policy = Policy("edition-8-three-zones");
        var late = Facts(exposure: Day(5), rounds: [Negative(18)]);
        var a = ZoneRules.Assess(policy, "sealed", late, Day(16));
        Assert.Equal(Day(19), a.EligibleOn);
        Assert.Contains(ZoneRules.Missing.CloseContactPeriod, a.Missing);
        var pending = ZoneRules.Assess(policy, "sealed", late with { CloseContactsWithoutNegative = 1 }, Day(20));
        Assert.Null(pending.EligibleOn);
        Assert.Contains(ZoneRules.Missing.CloseContactResults, pending.Missing);
        Assert.False(pending.EligibleToday);
    }

    [Fact]
    public void Three_zones_need_an_all_negative_round_a_positive_or_pending_one_does_not_count()
    {
        var policy = Policy("edition-8-three-zones");
        var none = ZoneRules.Assess(policy, "sealed", Facts(), Day(20));
        Assert.Null(none.EligibleOn);
        Assert.Equal(Day(14), none.EarliestOn);
        Assert.Equal([ZoneRules.Missing.AllNegativeRound], none.Missing);
        Assert.Null(ZoneRules.DaysLeft(none, Day(20)));
        var pending = ZoneRules.Assess(policy, "sealed", Facts(rounds: [new(2, Day(19), 500, 0, 3)]), Day(20));
        Assert.False(pending.EligibleToday);
        var positive = ZoneRules.Assess(policy, "sealed", Facts(rounds: [new(3, Day(19), 500, 1, 0)]), Day(20));
        Assert.False(positive.EligibleToday);
        // A round before the last infection is no evidence.
        Assert.False(ZoneRules.Assess(policy, "sealed", Facts(rounds: [new(4, Infected.AddDays(-1), 500, 0, 0)]), Day(14)).EligibleToday);
    }

    [Fact]
    public void A_zone_without_a_known_infection_counts_from_its_designation()
    {
        var policy = Policy("edition-8-three-zones");
        var facts = new ZoneFacts(Infected, null, null, 0, [Negative(14)], 0);
        Assert.Equal(Day(14), ZoneRules.Assess(policy, "controlled", facts, Day(14)).EligibleOn);
    }

    [Theory]
    [InlineData("edition-8-three-zones", "precaution")]
    [InlineData("edition-9-risk-areas", "low")]
    [InlineData("twenty-measures", "low")]
    public void The_lifting_level_lifts_only_when_every_restrictive_zone_has_lifted(string policy, string level)
    {
        var set = Policy(policy);
        var blocked = ZoneRules.Assess(set, level, Facts(others: 2), Day(30));
        Assert.False(blocked.EligibleToday);
        Assert.Equal([ZoneRules.Missing.OthersActive], blocked.Missing);
        var free = ZoneRules.Assess(set, level, Facts(others: 0), Day(30));
        Assert.True(free.EligibleToday);
        Assert.Equal("released", free.Becomes);
        Assert.False(ZoneRules.IsRestrictive(set, level));
    }

    public static TheoryData<string, string, int, string> RiskAreas => new()
    {
        // policy, level, N (days without infection, round on day N), becomes
        { "edition-9-risk-areas", "high", 7, "medium" },
        { "edition-9-risk-areas", "medium", 7, "low" },
        { "twenty-measures", "high", 5, "low" },
    };

    [Theory, MemberData(nameof(RiskAreas))]
    public void A_risk_area_steps_down_after_N_days_without_infection_and_an_all_negative_round_on_day_N(string policy, string level, int n, string becomes)
    {
        var set = Policy(policy);
        // The level began the day after the infection: day N of the level is Infected + 1 + N.
        var since = Infected.AddDays(1);
        var facts = Facts(levelSince: since, rounds: [Negative(n)]);
        // A round before day N is not the round on day N.
        var early = ZoneRules.Assess(set, level, facts, since.AddDays(n));
        Assert.Null(early.EligibleOn);
        Assert.Contains(ZoneRules.Missing.AllNegativeRound, early.Missing);
        var withRound = facts with { Rounds = [Negative(n + 1)] };
        var before = ZoneRules.Assess(set, level, withRound, since.AddDays(n - 1));
        Assert.Equal(since.AddDays(n), before.EligibleOn);
        Assert.Contains(ZoneRules.Missing.InfectionFree, before.Missing);
        var on = ZoneRules.Assess(set, level, withRound, since.AddDays(n));
        Assert.True(on.EligibleToday);
        Assert.Equal(becomes, on.Becomes);
        // A new infection restarts the count.
        var reinfected = ZoneRules.Assess(set, level, withRound with { LastInfectionOn = since.AddDays(n - 1) }, since.AddDays(n));
        Assert.False(reinfected.EligibleToday);
    }

    [Fact]
    public void A_risk_area_that_just_stepped_down_counts_its_new_level_from_its_start()
    {
        var set = Policy("edition-9-risk-areas");
        // High from 03-11, medium since day 7 (03-18): the infection's own day 7 is long past, medium still needs its 7 days.
        var facts = new ZoneFacts(Day(8), Infected, null, 0, [Negative(7)], 0);
        var a = ZoneRules.Assess(set, "medium", facts, Day(9));
        Assert.False(a.EligibleToday);
        Assert.Contains(ZoneRules.Missing.AllNegativeRound, a.Missing);
        Assert.Equal(Day(15), a.EarliestOn);
        Assert.True(ZoneRules.Assess(set, "medium", facts with { Rounds = [Negative(15)] }, Day(15)).EligibleToday);
    }

    [Fact]
    public void A_release_before_the_date_is_refused_an_override_needs_the_permission_and_a_reason()
    {
        var policy = Policy("edition-8-three-zones");
        var notYet = ZoneRules.Assess(policy, "sealed", Facts(rounds: [Negative(13)]), Day(10));
        Assert.Equal("not-eligible", ZoneRules.CheckRelease(notYet, false, true, "理由"));
        Assert.Equal("forbidden", ZoneRules.CheckRelease(notYet, true, false, "理由"));
        Assert.Equal("reason-required", ZoneRules.CheckRelease(notYet, true, true, "  "));
        Assert.Null(ZoneRules.CheckRelease(notYet, true, true, "疫情研判后提前解封"));
        var eligible = ZoneRules.Assess(policy, "sealed", Facts(rounds: [Negative(13)]), Day(14));
        Assert.Null(ZoneRules.CheckRelease(eligible, false, false, null));
    }

    public static TheoryData<string, string?, int> PoolSizes => new()
    {
        { "edition-8-three-zones", "sealed", 1 },
        { "edition-8-three-zones", "controlled", 10 },
        { "edition-8-three-zones", "precaution", 20 },
        { "edition-8-three-zones", null, 5 },
        { "edition-9-risk-areas", "high", 1 },
        { "edition-9-risk-areas", "medium", 10 },
        { "twenty-measures", "low", 20 },
    };

    [Theory, MemberData(nameof(PoolSizes))]
    public void A_person_in_a_zone_gets_the_zone_levels_pool_size_building_before_community(string policy, string? level, int size)
    {
        var map = level is null ? ZoneLevelMap.Empty
            : new ZoneLevelMap(new Dictionary<long, string> { [7] = level }, new Dictionary<string, string> { ["440306005000"] = "precaution-or-low" });
        Assert.Equal(size, TestingRules.PoolSizeForZone(Policy(policy), map.LevelOf(7, "440306005002"), 5));
    }

    [Fact]
    public void The_narrowest_zone_speaks_for_a_person()
    {
        var map = new ZoneLevelMap(new Dictionary<long, string> { [7] = "sealed" },
            new Dictionary<string, string> { ["440306005002"] = "controlled", ["440306005000"] = "precaution" });
        Assert.Equal("sealed", map.LevelOf(7, "440306005002"));
        Assert.Equal("controlled", map.LevelOf(8, "440306005002"));
        Assert.Equal("precaution", map.LevelOf(8, "440306005003"));
        Assert.Null(map.LevelOf(8, "440306001001"));
    }
}
