using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Investigation;

/// <summary>The linked rules of close and secondary contacts, row by row against shared/domain-rules.md, for all three policy sets.</summary>
public sealed class ContactRulesTests
{
    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    /// <summary>Exposed on 2022-03-10 at 15:00 China time (07:00 UTC): day 1 is 03-11.</summary>
    static readonly DateTime Exposure = new(2022, 3, 10, 7, 0, 0, DateTimeKind.Utc);
    static readonly DateOnly Exposed = new(2022, 3, 10);

    static DateOnly[] Days(params int[] offsets) => offsets.Select(d => Exposed.AddDays(d)).ToArray();

    public static TheoryData<string, int, int, int[]> ClosePlans => new()
    {
        // policy, centralised days, home days, test days counted from the exposure (home test days after the centralised end)
        { "edition-8-three-zones", 14, 7, [1, 4, 7, 14, 16, 21] },
        { "edition-9-risk-areas", 7, 3, [1, 2, 3, 5, 7, 10] },
        { "twenty-measures", 5, 3, [1, 2, 3, 5, 6, 8] },
    };

    [Theory, MemberData(nameof(ClosePlans))]
    public void A_close_contact_follows_the_policy_periods_and_test_days(string policy, int centralised, int home, int[] tests)
    {
        var plan = ContactRules.Plan(Policy(policy), ContactKind.Close, Exposure)!;
        Assert.Equal(Exposed, plan.LastExposureDay);
        Assert.Equal(Exposed.AddDays(centralised), plan.CentralisedEndsOn);
        Assert.Equal(Exposed.AddDays(centralised + home), plan.EndsOn);
        Assert.Equal(Days(tests), plan.TestDays);
    }

    public static TheoryData<string, bool, string?, int, int[]> SecondaryPlans => new()
    {
        { "edition-8-three-zones", true, "centralised", 7, [1, 4, 7] },
        { "edition-9-risk-areas", true, "home-quarantine", 7, [1, 4, 7] },
        { "twenty-measures", false, null, 0, [] },
    };

    [Theory, MemberData(nameof(SecondaryPlans))]
    public void A_secondary_contact_follows_the_policy_or_is_not_identified(string policy, bool identified, string? measure, int days, int[] tests)
    {
        var set = Policy(policy);
        var plan = ContactRules.Plan(set, ContactKind.Secondary, Exposure);
        Assert.Equal(identified ? null : "secondary-not-identified", ContactRules.CheckSecondaryAllowed(set));
        if (!identified)
        {
            Assert.Null(plan);
            return;
        }
        Assert.Equal(measure, plan!.Measure);
        Assert.Equal(Exposed.AddDays(days), plan.EndsOn);
        Assert.Equal(Days(tests), plan.TestDays);
    }

    [Fact]
    public void Late_at_night_in_China_is_already_the_next_day()
    {
        // 2022-03-10 17:30 UTC is 03-11 01:30 in China: day 1 is 03-12.
        var plan = ContactRules.Plan(Policy("edition-9-risk-areas"), ContactKind.Close, new DateTime(2022, 3, 10, 17, 30, 0, DateTimeKind.Utc))!;
        Assert.Equal(new DateOnly(2022, 3, 11), plan.LastExposureDay);
        Assert.Equal(new DateOnly(2022, 3, 12), plan.TestDays[0]);
    }

    const Outcome N = Outcome.Negative, P = Outcome.Positive, W = Outcome.Pending, I = Outcome.Invalid;

    public static TheoryData<string, Outcome[], bool> Clearing => new()
    {
        { "edition-8-three-zones", [], false },
        { "edition-8-three-zones", [N], false },
        { "edition-8-three-zones", [N, N], true },
        { "edition-8-three-zones", [N, W, N], true },
        { "edition-8-three-zones", [N, I, N], true },
        { "edition-8-three-zones", [N, P, N], false },
        { "edition-8-three-zones", [P, N, N], false },
        { "edition-9-risk-areas", [N, N], true },
        { "edition-9-risk-areas", [W, W], false },
        { "twenty-measures", [N, N], true },
    };

    [Theory, MemberData(nameof(Clearing))]
    public void A_close_contacts_first_two_negatives_clear_their_secondary_contacts(string policy, Outcome[] results, bool cleared) =>
        Assert.Equal(cleared, ContactRules.CloseContactCleared(Policy(policy), results));

    public static TheoryData<string, string, int, bool, bool, Outcome[], string> States => new()
    {
        // policy, kind, days after exposure (today), is a case, via became a case, via results → state
        { "edition-8-three-zones", "close", 1, false, false, [], "monitoring" },
        { "edition-8-three-zones", "close", 21, false, false, [], "monitoring" },
        { "edition-8-three-zones", "close", 22, false, false, [], "released" },
        { "edition-8-three-zones", "close", 3, true, false, [], "became-case" },
        { "edition-8-three-zones", "secondary", 7, false, false, [N, N], "monitoring" },
        { "edition-8-three-zones", "secondary", 8, false, false, [N], "awaiting-close-results" },
        { "edition-8-three-zones", "secondary", 8, false, false, [N, N], "released" },
        { "edition-8-three-zones", "secondary", 4, false, true, [], "reclassified" },
        { "edition-8-three-zones", "secondary", 4, true, true, [], "became-case" },
        { "edition-9-risk-areas", "close", 10, false, false, [], "monitoring" },
        { "edition-9-risk-areas", "close", 11, false, false, [], "released" },
        { "edition-9-risk-areas", "secondary", 8, false, false, [N, P], "awaiting-close-results" },
        { "edition-9-risk-areas", "secondary", 8, false, false, [N, N], "released" },
        { "twenty-measures", "close", 8, false, false, [], "monitoring" },
        { "twenty-measures", "close", 9, false, false, [], "released" },
        // Recorded under an earlier set, read under one that identifies none: nothing holds them.
        { "twenty-measures", "secondary", 2, false, false, [], "released" },
    };

    [Theory, MemberData(nameof(States))]
    public void A_contacts_state_follows_the_linked_rule(string policy, string kind, int day, bool isCase, bool viaCase, Outcome[] viaResults, string expected)
    {
        var state = ContactRules.State(Policy(policy), ContactRules.ParseKind(kind)!.Value, Exposure, Exposed.AddDays(day), isCase, viaCase, viaResults);
        Assert.Equal(expected, ContactRules.Code(state));
    }

    [Theory]
    [InlineData("household", "household")]
    [InlineData("同住家属", "household")]
    [InlineData("同事", "workplace")]
    [InlineData("Shared lift", "lift")]
    [InlineData("VEHICLE", "vehicle")]
    [InlineData("聚会", null)]
    [InlineData("", null)]
    public void Settings_are_read_from_codes_and_words(string text, string? code) => Assert.Equal(code, ContactRules.ParseSetting(text));

    [Theory]
    [InlineData(null, true, "440106199003121032", false)]
    [InlineData(null, false, "440106199003121032", true)]
    [InlineData(null, false, "440306199506067884", false)]
    [InlineData(true, true, "440306199506067884", true)]
    [InlineData(false, false, "440106199003121032", false)]
    public void A_contact_lives_outside_when_said_or_when_an_unregistered_id_is_from_elsewhere(bool? flag, bool registered, string id, bool outside) =>
        Assert.Equal(outside, ContactRules.LivesOutside(flag, registered, id));

    [Theory]
    [InlineData("edition-8-three-zones")]
    [InlineData("edition-9-risk-areas")]
    [InlineData("twenty-measures")]
    public void An_assist_check_is_due_two_hours_after_identification(string policy) =>
        Assert.Equal(Exposure.AddHours(2), ContactRules.AssistCheckDue(Policy(policy), Exposure));
}
