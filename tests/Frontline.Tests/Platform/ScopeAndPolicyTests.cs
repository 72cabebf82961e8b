using Frontline.Platform;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Platform;

public class ScopeAndPolicyTests
{
    [Theory]
    [InlineData("440306000000", "440306")]
    [InlineData("440306005000", "440306005")]
    [InlineData("440306005002", "440306005002")]
    public void Scope_prefix_follows_the_division_level(string code, string prefix) =>
        Assert.Equal(prefix, new JurisdictionScope(code).Prefix);

    [Theory]
    [InlineData("440306005000", "440306005002", true)]
    [InlineData("440306005000", "440306005000", true)]
    [InlineData("440306005000", "440306001001", false)]
    [InlineData("440306005002", "440306005003", false)]
    [InlineData("440306000000", "440307001001", false)]
    [InlineData("440306005000", null, false)]
    public void Scope_contains(string scope, string? code, bool expected) =>
        Assert.Equal(expected, new JurisdictionScope(scope).Contains(code));

    [Theory]
    [InlineData("440306005000", null, "440306005000")]
    [InlineData("440306005000", "440306005002", "440306005002")]
    [InlineData("440306005002", "440306005000", "440306005002")]
    [InlineData("440306005002", "440306000000", "440306005002")]
    [InlineData("440306005000", "440306001000", null)]
    [InlineData("440306005000", "44030600", null)]
    [InlineData("440306005000", "abc", null)]
    public void Narrowing_a_scope(string scope, string? requested, string? expected) =>
        Assert.Equal(expected, new JurisdictionScope(scope).Narrow(requested)?.Code);

    [Fact]
    public void Scope_range_covers_exactly_the_prefix() =>
        Assert.Equal(("440306005000", "440306005999"), new JurisdictionScope("440306005000").Range);

    static PolicySets Load(string? name = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build());

    [Fact]
    public void The_three_policy_sets_ship_with_edition_8_active_by_default()
    {
        var sets = Load();
        Assert.Equal(["edition-8-three-zones", "edition-9-risk-areas", "twenty-measures"], sets.All.Select(s => s.Name).Order().ToArray());
        Assert.Equal("edition-8-three-zones", sets.Active.Name);
    }

    [Theory]
    // The table of shared/domain-rules.md, row by row.
    [InlineData("edition-8-three-zones", 14, 7, new[] { 1, 4, 7, 14 }, new[] { 2, 7 }, "three-zones")]
    [InlineData("edition-9-risk-areas", 7, 3, new[] { 1, 2, 3, 5, 7 }, new[] { 3 }, "risk-areas")]
    [InlineData("twenty-measures", 5, 3, new[] { 1, 2, 3, 5 }, new[] { 1, 3 }, "high-low")]
    public void Close_contact_periods_and_test_days(string name, int centralised, int home, int[] centralisedTests, int[] homeTests, string scheme)
    {
        var p = Load(name).Active;
        Assert.Equal(centralised, p.CloseContact.CentralisedDays);
        Assert.Equal(home, p.CloseContact.HomeDays);
        Assert.Equal(centralisedTests, p.CloseContact.CentralisedTestDays);
        Assert.Equal(homeTests, p.CloseContact.HomeTestDays);
        Assert.Equal(scheme, p.AreaScheme);
        Assert.Equal(2, p.LookbackDays);
        Assert.Equal(30, p.CompanionWindowMinutes);
        Assert.Equal(6, p.RetestDueHours);
    }

    [Fact]
    public void Edition_8_pools_and_release_rules()
    {
        var p = Load("edition-8-three-zones").Active;
        Assert.Equal(1, p.PoolSizeByZoneLevel["sealed"]);
        Assert.Equal(10, p.PoolSizeByZoneLevel["controlled"]);
        Assert.Equal(20, p.PoolSizeByZoneLevel["precaution"]);
        Assert.Equal(40, p.CtThreshold);
        Assert.Equal(14, p.ZoneRelease["sealed"].NoNewInfectionDays);
        Assert.Equal(2, p.ZoneRelease["sealed"].AllNegativeRoundWithinDays);
        Assert.True(p.ZoneRelease["precaution"].LiftsWhenAllOthersLifted);
        Assert.True(p.SecondaryContact.Identified);
        Assert.Equal(7, p.SecondaryContact.Days);
    }

    [Fact]
    public void Twenty_measures_drop_secondary_contacts_and_lower_the_inbound_threshold()
    {
        var p = Load("twenty-measures").Active;
        Assert.False(p.SecondaryContact.Identified);
        Assert.Equal(35, p.CtThresholdInbound);
        Assert.Equal("low", p.ZoneRelease["high"].Becomes);
        Assert.Equal(5, p.ZoneRelease["high"].NoNewInfectionDays);
    }

    [Fact]
    public void Edition_9_steps_high_to_medium_to_low()
    {
        var p = Load("edition-9-risk-areas").Active;
        Assert.Equal("medium", p.ZoneRelease["high"].Becomes);
        Assert.Equal("low", p.ZoneRelease["medium"].Becomes);
        Assert.Equal(7, p.ZoneRelease["medium"].AllNegativeRoundOnDay);
    }

    [Fact]
    public void An_unknown_policy_set_stops_the_start_with_the_known_names()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Load("edition-7"));
        Assert.Contains("edition-8-three-zones", e.Message);
    }

    [Theory]
    [InlineData("Code", "code")]
    [InlineData("CommunityCode", "community_code")]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("UserRoles", "user_roles")]
    public void Snake_case_names(string name, string expected) => Assert.Equal(expected, FrontlineDb.SnakeCase(name));
}
