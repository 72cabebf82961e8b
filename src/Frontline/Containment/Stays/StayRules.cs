using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Testing;

namespace Frontline.Containment;

/// <summary>
/// A stay's own period: its first and last day and its test days (calendar days, China time). <see cref="EndsOn"/> is the
/// last day of this period itself (the centralised days of a close contact end at the hotel; the home days follow as a
/// stay of their own).
/// </summary>
public sealed record StayPlan(StayKind Kind, DateOnly LastExposureDay, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<DateOnly> TestDays)
{
    /// <summary>Day 1 is the day after the last exposure; the exposure's own day is day 0.</summary>
    public int DayOf(DateOnly day) => day.DayNumber - LastExposureDay.DayNumber;
}

/// <summary>Stays, health checks and their test days as pure functions of the policy set (shared/domain-rules.md), table-tested for all three sets.</summary>
public static class StayRules
{
    public const double MinTemperature = 34.0, MaxTemperature = 43.0;
    /// <summary>Temperature twice a day (morning and afternoon).</summary>
    public const int ChecksPerDay = 2;

    /// <summary>The short list of symptoms a check records (新冠十大症状 of the ninth edition), with the words the pages show.</summary>
    public static readonly IReadOnlyDictionary<string, Words> Symptoms = new Dictionary<string, Words>
    {
        ["fever"] = new("发热", "Fever"),
        ["cough"] = new("干咳", "Dry cough"),
        ["sore-throat"] = new("咽痛", "Sore throat"),
        ["fatigue"] = new("乏力", "Fatigue"),
        ["smell-taste"] = new("嗅觉味觉减退", "Loss of smell or taste"),
        ["congestion"] = new("鼻塞流涕", "Stuffy or runny nose"),
        ["muscle-ache"] = new("肌肉酸痛", "Muscle ache"),
        ["conjunctivitis"] = new("结膜炎", "Conjunctivitis"),
        ["diarrhoea"] = new("腹泻", "Diarrhoea"),
        ["short-breath"] = new("呼吸困难", "Shortness of breath"),
    };

    static readonly Dictionary<StayKind, string> KindCodes = new()
    {
        [StayKind.Centralised] = "centralised",
        [StayKind.HomeQuarantine] = "home-quarantine",
        [StayKind.HomeMonitoring] = "home-monitoring",
    };

    public static string Code(StayKind kind) => KindCodes[kind];

    static readonly Dictionary<StayStatus, string> StatusCodes = new()
    {
        [StayStatus.Active] = "active",
        [StayStatus.Released] = "released",
        [StayStatus.ToHospital] = "to-hospital",
        [StayStatus.Cancelled] = "cancelled",
    };

    public static string Code(StayStatus status) => StatusCodes[status];

    public static StayStatus? ParseStatus(string? code) => StatusCodes.Where(c => c.Value == code).Select(c => (StayStatus?)c.Key).FirstOrDefault();

    static readonly Dictionary<HealthCheckSource, string> SourceCodes = new()
    {
        [HealthCheckSource.Staff] = "staff",
        [HealthCheckSource.SelfReport] = "self-report",
    };

    public static string Code(HealthCheckSource source) => SourceCodes[source];

    static readonly Dictionary<IntakeResolution, string> ResolutionCodes = new()
    {
        [IntakeResolution.TakenIn] = "taken-in",
        [IntakeResolution.SentElsewhere] = "sent-elsewhere",
        [IntakeResolution.NotArrived] = "not-arrived",
    };

    public static string Code(IntakeResolution resolution) => ResolutionCodes[resolution];

    public static IntakeResolution? ParseResolution(string? code) =>
        ResolutionCodes.Where(c => c.Value == code?.Trim()).Select(c => (IntakeResolution?)c.Key).FirstOrDefault();

    public static StayKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "centralised" or "centralized" or "集中隔离" => StayKind.Centralised,
        "home-quarantine" or "居家隔离" => StayKind.HomeQuarantine,
        "home-monitoring" or "居家健康监测" => StayKind.HomeMonitoring,
        _ => null,
    };

    /// <summary>
    /// The stay's period from the policy set, reusing the contact rule (one concept in one place):
    /// centralised — a close contact's centralised days and their tests; home-quarantine — a secondary contact's days where
    /// the policy keeps them at home (edition 9), otherwise the close contact's home days after the centralised ones (as
    /// twenty-measures' 居家隔离); home-monitoring — the close contact's home days after the centralised ones, their tests
    /// counted from the home period's own first day.
    /// </summary>
    public static StayPlan Plan(PolicySet policy, StayKind kind, DateTime lastExposureAt)
    {
        var close = ContactRules.Plan(policy, ContactKind.Close, lastExposureAt)!;
        var centralisedEnd = close.CentralisedEndsOn!.Value;
        var exposed = close.LastExposureDay;
        if (kind == StayKind.Centralised)
            return new StayPlan(kind, exposed, exposed.AddDays(1), centralisedEnd, close.TestDays.Where(d => d <= centralisedEnd).ToList());
        if (kind == StayKind.HomeQuarantine && policy.SecondaryContact.Identified && policy.SecondaryContact.Kind == Code(StayKind.HomeQuarantine))
        {
            var secondary = ContactRules.Plan(policy, ContactKind.Secondary, lastExposureAt)!;
            return new StayPlan(kind, exposed, exposed.AddDays(1), secondary.EndsOn, secondary.TestDays);
        }
        return new StayPlan(kind, exposed, centralisedEnd.AddDays(1), close.EndsOn, close.TestDays.Where(d => d > centralisedEnd).ToList());
    }

    /// <summary>A fever at or above the policy's threshold, or any symptom: the facility's medical staff are alerted.</summary>
    public static bool IsAlert(PolicySet policy, double? temperature, IReadOnlyCollection<string> symptoms) =>
        temperature >= policy.FeverThresholdCelsius || symptoms.Count > 0;

    public static string? CheckTemperature(double? temperature) =>
        temperature is { } t && (double.IsNaN(t) || t < MinTemperature || t > MaxTemperature) ? "temperature-out-of-range" : null;

    /// <summary>
    /// The tests a stay orders from Testing (核酸检测任务) when it starts: its test days from the day of check-in on (a day
    /// before it cannot be sampled here, and is not made overdue). When even the final test day passed before check-in, the
    /// final test is ordered for the day of check-in under its own number: release still needs it negative.
    /// </summary>
    public static IReadOnlyList<TestDay> TestsToOrder(StayPlan plan, DateOnly checkInDay)
    {
        if (plan.TestDays.Count == 0) return [];
        var days = plan.TestDays.Where(d => d >= checkInDay).Select(d => new TestDay(d, plan.DayOf(d))).ToList();
        return days.Count > 0 ? days : [new TestDay(checkInDay, plan.DayOf(plan.TestDays[^1]))];
    }

    /// <summary>
    /// A test day's state: its order's status (<see cref="TestingRules.OrderStatus"/>: due, overdue, sampled, the result …);
    /// a day without an order was before check-in, or has none (a stay started before its tests were ordered, until the
    /// sweep orders them).
    /// </summary>
    public static string TestDayState(DateOnly day, DateOnly checkInDay, string? orderStatus) =>
        orderStatus ?? (day < checkInDay ? "before-intake" : "not-ordered");

    /// <summary>
    /// Each test day's current order: the latest of its number (a re-sampling ordered by an invalid tube follows the first
    /// order of the day, and it is the one that counts).
    /// </summary>
    public static Dictionary<int, RequestedTest> CurrentOrders(IEnumerable<RequestedTest> orders) =>
        orders.Where(o => o.DayNumber is not null).GroupBy(o => o.DayNumber!.Value).ToDictionary(g => g.Key, g => g.MaxBy(o => o.Id)!);

    /// <summary>
    /// Release needs the last scheduled test negative: the result on the final test day's order (the tube that took it, not a
    /// guess by date); answers the error code, or null when the stay may be released.
    /// </summary>
    public static string? CheckRelease(IReadOnlyList<DateOnly> testDays, Outcome? lastTestDayOutcome) =>
        testDays.Count == 0 || lastTestDayOutcome == Outcome.Negative ? null : "final-test-missing";

    /// <summary>
    /// Health checks missing on the whole days of the stay so far (from the day of check-in to yesterday, within the
    /// period): <see cref="ChecksPerDay"/> a day, less those recorded. Today is not counted until it is over.
    /// </summary>
    public static int MissedChecks(DateOnly from, DateOnly endsOn, DateOnly today, IReadOnlyDictionary<DateOnly, int> checksByDay)
    {
        var missed = 0;
        for (var day = from; day < today && day <= endsOn; day = day.AddDays(1))
            missed += Math.Max(0, ChecksPerDay - checksByDay.GetValueOrDefault(day));
        return missed;
    }
}

/// <summary>Rooms and a facility's capacity as pure functions.</summary>
public static class FacilityRules
{
    /// <summary>A facility this full (of its rooms in service) raises a supervised task for the command (90 %).</summary>
    public const int CapacityAlertPercent = 90;
    public const int MinFloor = -5, MaxFloor = 200;
    public const int MaxRoomsPerRequest = 2_000;
    public const int MaxRoomNumber = 16;

    /// <summary>Occupied rooms as a share of the rooms in service (out-of-service rooms cannot take anyone).</summary>
    public static bool AtCapacityAlert(int rooms, int outOfService, int occupied)
    {
        var inService = rooms - outOfService;
        return inService > 0 && occupied * 100 >= inService * CapacityAlertPercent;
    }

    /// <summary>The command has the policy's <c>FacilityCapacityTaskHours</c> to find rooms elsewhere before the capacity task is overdue.</summary>
    public static DateTime CapacityTaskDueBy(PolicySet policy, DateTime raisedAt) => raisedAt.AddHours(policy.FacilityCapacityTaskHours);

    public static int OccupancyPercent(int rooms, int outOfService, int occupied)
    {
        var inService = rooms - outOfService;
        return inService <= 0 ? 0 : (int)Math.Round(occupied * 100.0 / inService, MidpointRounding.AwayFromZero);
    }

    /// <summary>A room action by hotel staff: cleaned (to clean → free), out-of-service (free or to clean), back-in-service (→ free).</summary>
    public static RoomState? Apply(RoomState state, string action) => (state, action) switch
    {
        (RoomState.Cleaning, "cleaned") => RoomState.Free,
        (RoomState.Free or RoomState.Cleaning, "out-of-service") => RoomState.OutOfService,
        (RoomState.OutOfService, "back-in-service") => RoomState.Free,
        _ => null,
    };

    public static readonly string[] RoomActions = ["cleaned", "out-of-service", "back-in-service"];

    static readonly Dictionary<RoomState, string> StateCodes = new()
    {
        [RoomState.Free] = "free",
        [RoomState.Occupied] = "occupied",
        [RoomState.Cleaning] = "cleaning",
        [RoomState.OutOfService] = "out-of-service",
    };

    public static string Code(RoomState state) => StateCodes[state];

    public static RoomState? ParseState(string? code) => StateCodes.Where(c => c.Value == code).Select(c => (RoomState?)c.Key).FirstOrDefault();
}
