using Frontline.Containment;
using Frontline.Platform;
using Frontline.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Containment;

/// <summary>Stays' periods, test days, alerts, release and the facility threshold, row by row against shared/domain-rules.md, for all three policy sets.</summary>
public sealed class StayRulesTests
{
    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    /// <summary>Exposed on 2022-03-10 at 23:30 China time (15:30 UTC): the China day counts, so day 1 is 03-11.</summary>
    static readonly DateTime Exposure = new(2022, 3, 10, 15, 30, 0, DateTimeKind.Utc);
    static readonly DateOnly Exposed = new(2022, 3, 10);

    static DateOnly[] Days(params int[] offsets) => offsets.Select(d => Exposed.AddDays(d)).ToArray();

    public static TheoryData<string, string, int, int, int[]> Plans => new()
    {
        // policy, kind, first day, last day (day numbers from the exposure), test days (day numbers)
        // edition 8: 14 days centralised (tests 1, 4, 7, 14), then 7 days home monitoring (tests on its own days 2 and 7)
        { "edition-8-three-zones", "centralised", 1, 14, [1, 4, 7, 14] },
        { "edition-8-three-zones", "home-monitoring", 15, 21, [16, 21] },
        { "edition-8-three-zones", "home-quarantine", 15, 21, [16, 21] },
        // edition 9: 7 centralised (1, 2, 3, 5, 7) + 3 home (its day 3); secondary contacts: 7 days home quarantine, tests 1, 4, 7
        { "edition-9-risk-areas", "centralised", 1, 7, [1, 2, 3, 5, 7] },
        { "edition-9-risk-areas", "home-monitoring", 8, 10, [10] },
        { "edition-9-risk-areas", "home-quarantine", 1, 7, [1, 4, 7] },
        // twenty measures: 5 centralised (1, 2, 3, 5) + 3 home quarantine (its days 1 and 3)
        { "twenty-measures", "centralised", 1, 5, [1, 2, 3, 5] },
        { "twenty-measures", "home-quarantine", 6, 8, [6, 8] },
        { "twenty-measures", "home-monitoring", 6, 8, [6, 8] },
    };

    [Theory, MemberData(nameof(Plans))]
    public void A_stay_takes_its_period_and_test_days_from_the_policy_set(string policy, string kind, int first, int last, int[] tests)
    {
        var plan = StayRules.Plan(Policy(policy), StayRules.ParseKind(kind)!.Value, Exposure);
        Assert.Equal(Exposed, plan.LastExposureDay);
        Assert.Equal(Exposed.AddDays(first), plan.StartsOn);
        Assert.Equal(Exposed.AddDays(last), plan.EndsOn);
        Assert.Equal(Days(tests), plan.TestDays);
        Assert.Equal(1, plan.DayOf(Exposed.AddDays(1)));
    }

    [Theory]
    [InlineData("centralised", StayKind.Centralised), InlineData("集中隔离", StayKind.Centralised), InlineData("home-quarantine", StayKind.HomeQuarantine),
     InlineData("居家隔离", StayKind.HomeQuarantine), InlineData("home-monitoring", StayKind.HomeMonitoring), InlineData("居家健康监测", StayKind.HomeMonitoring),
     InlineData("hotel", null), InlineData(null, null)]
    public void Kinds_parse_from_codes_and_chinese_words(string? text, StayKind? expected) => Assert.Equal(expected, StayRules.ParseKind(text));

    public static TheoryData<string, double?, string[], bool> Alerts => new()
    {
        { "edition-8-three-zones", 37.3, [], true },
        { "edition-8-three-zones", 37.2, [], false },
        { "edition-9-risk-areas", 38.5, [], true },
        { "edition-9-risk-areas", 36.5, ["cough"], true },
        { "twenty-measures", 37.29, [], false },
        { "twenty-measures", 37.3, [], true },
        { "twenty-measures", null, ["sore-throat"], true },
        { "twenty-measures", 36.8, [], false },
    };

    [Theory, MemberData(nameof(Alerts))]
    public void A_fever_at_the_threshold_or_any_symptom_is_an_alert(string policy, double? temperature, string[] symptoms, bool alert) =>
        Assert.Equal(alert, StayRules.IsAlert(Policy(policy), temperature, symptoms));

    [Theory]
    [InlineData(33.9, "temperature-out-of-range"), InlineData(34.0, null), InlineData(43.0, null), InlineData(43.1, "temperature-out-of-range"), InlineData(double.NaN, "temperature-out-of-range")]
    public void Temperatures_outside_a_body_range_are_refused(double temperature, string? error) => Assert.Equal(error, StayRules.CheckTemperature(temperature));

    static readonly DateOnly Today = new(2022, 3, 15);

    public static TheoryData<string, string, int, int[]> Orders => new()
    {
        // policy, kind, day of check-in (day number), the test days ordered from Testing (day numbers)
        // Checked in on day 1: every test day of the period is ordered.
        { "edition-8-three-zones", "centralised", 1, [1, 4, 7, 14] },
        { "edition-9-risk-areas", "centralised", 1, [1, 2, 3, 5, 7] },
        { "twenty-measures", "centralised", 1, [1, 2, 3, 5] },
        { "edition-9-risk-areas", "home-quarantine", 1, [1, 4, 7] },
        // A later check-in (a transfer on day 3): the days already past are not ordered (nobody could sample them here).
        { "edition-8-three-zones", "centralised", 3, [4, 7, 14] },
        { "edition-9-risk-areas", "centralised", 3, [3, 5, 7] },
        { "twenty-measures", "centralised", 4, [5] },
        // Home days ordered at the start of the home stay (its first day).
        { "edition-8-three-zones", "home-monitoring", 15, [16, 21] },
        { "edition-9-risk-areas", "home-monitoring", 8, [10] },
        { "twenty-measures", "home-quarantine", 6, [6, 8] },
    };

    [Theory, MemberData(nameof(Orders))]
    public void A_stay_orders_its_test_days_from_the_day_of_check_in(string policy, string kind, int checkIn, int[] ordered)
    {
        var plan = StayRules.Plan(Policy(policy), StayRules.ParseKind(kind)!.Value, Exposure);
        var tests = StayRules.TestsToOrder(plan, Exposed.AddDays(checkIn));
        Assert.Equal(ordered, tests.Select(t => t.DayNumber));
        Assert.Equal(Days(ordered), tests.Select(t => t.Day));
    }

    [Theory]
    [InlineData("edition-8-three-zones", 15, 14), InlineData("edition-9-risk-areas", 9, 7), InlineData("twenty-measures", 6, 5)]
    public void A_check_in_after_the_final_test_day_orders_the_final_test_on_the_day_of_check_in(string policy, int checkIn, int final)
    {
        var plan = StayRules.Plan(Policy(policy), StayKind.Centralised, Exposure);
        var test = Assert.Single(StayRules.TestsToOrder(plan, Exposed.AddDays(checkIn)));
        Assert.Equal((Exposed.AddDays(checkIn), final), (test.Day, test.DayNumber));
    }

    [Theory]
    [InlineData(12, "negative", "negative"), InlineData(15, "due", "due"), InlineData(14, "overdue", "overdue"), InlineData(16, "cancelled", "cancelled"),
     InlineData(11, null, "before-intake"), InlineData(12, null, "not-ordered"), InlineData(16, null, "not-ordered")]
    public void A_test_day_reads_its_order_or_says_why_it_has_none(int day, string? order, string state) =>
        Assert.Equal(state, StayRules.TestDayState(new DateOnly(2022, 3, day), new DateOnly(2022, 3, 12), order));

    static RequestedTest Order(long id, int? dayNumber, string status, Outcome outcome = Outcome.Pending) =>
        new(id, "stay:1", 1, TestOrderReasons.StayTest, null, dayNumber, DateTime.UtcNow, status, null, null, null, outcome);

    [Fact]
    public void A_days_current_order_is_its_latest_so_a_re_sampling_replaces_an_invalid_tube()
    {
        var current = StayRules.CurrentOrders([Order(10, 4, "invalid", Outcome.Invalid), Order(11, 7, "planned"), Order(12, 4, "due"), Order(13, null, "due")]);
        Assert.Equal([4, 7], current.Keys.Order());
        Assert.Equal(12, current[4].Id);
        Assert.Equal(11, current[7].Id);
    }

    [Theory]
    [InlineData(Outcome.Negative, null), InlineData(Outcome.Pending, "final-test-missing"), InlineData(Outcome.Positive, "final-test-missing"),
     InlineData(Outcome.Invalid, "final-test-missing"), InlineData(null, "final-test-missing")]
    public void Release_needs_the_final_scheduled_test_negative(Outcome? last, string? error) =>
        Assert.Equal(error, StayRules.CheckRelease(Days(1, 4, 7, 14), last));

    [Fact]
    public void Missed_checks_count_whole_days_from_check_in_to_yesterday()
    {
        var from = new DateOnly(2022, 3, 11);
        var checks = new Dictionary<DateOnly, int> { [from] = 2, [from.AddDays(1)] = 1, [Today] = 0 };
        // 03-11: 2 of 2; 03-12: 1 of 2; 03-13 and 03-14: none; today (03-15) is not over.
        Assert.Equal(5, StayRules.MissedChecks(from, from.AddDays(13), Today, checks));
        // After the stay's last day nothing more is missing.
        Assert.Equal(1, StayRules.MissedChecks(from, from.AddDays(1), Today, checks));
    }

    [Theory]
    // rooms, out of service, occupied → alert
    [InlineData(40, 0, 36, true), InlineData(40, 0, 35, false), InlineData(40, 10, 27, true), InlineData(40, 10, 26, false),
     InlineData(10, 0, 9, true), InlineData(0, 0, 0, false), InlineData(5, 5, 0, false)]
    public void A_facility_at_ninety_percent_of_its_rooms_in_service_raises_its_task(int rooms, int outOfService, int occupied, bool alert) =>
        Assert.Equal(alert, FacilityRules.AtCapacityAlert(rooms, outOfService, occupied));

    [Theory]
    [InlineData(RoomState.Cleaning, "cleaned", RoomState.Free), InlineData(RoomState.Free, "cleaned", null),
     InlineData(RoomState.Free, "out-of-service", RoomState.OutOfService), InlineData(RoomState.Cleaning, "out-of-service", RoomState.OutOfService),
     InlineData(RoomState.Occupied, "out-of-service", null), InlineData(RoomState.OutOfService, "back-in-service", RoomState.Free),
     InlineData(RoomState.Free, "back-in-service", null), InlineData(RoomState.Occupied, "cleaned", null)]
    public void Room_actions_move_only_between_the_states_they_name(RoomState from, string action, RoomState? to) =>
        Assert.Equal(to, FacilityRules.Apply(from, action));

    [Theory]
    [InlineData("taken-in", IntakeResolution.TakenIn), InlineData("sent-elsewhere", IntakeResolution.SentElsewhere),
     InlineData(" not-arrived ", IntakeResolution.NotArrived), InlineData("lost", null), InlineData("", null), InlineData(null, null)]
    public void An_intake_failures_outcome_is_one_of_three_codes(string? code, IntakeResolution? outcome)
    {
        Assert.Equal(outcome, StayRules.ParseResolution(code));
        if (outcome is { } o) Assert.Equal(code!.Trim(), StayRules.Code(o));
    }
}
