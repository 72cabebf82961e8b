using Frontline.Platform;

namespace Frontline.Containment.Zones;

/// <summary>One testing round as it touched a zone: the China date its window ended and what the zone's residents' samples say.</summary>
public sealed record ZoneRoundFact(long RoundId, DateOnly Day, int Sampled, int Positive, int Pending)
{
    /// <summary>Every sample of the zone's residents in the round has its result and none is positive (invalid ones are re-sampled, not negative).</summary>
    public bool AllNegative => Sampled > 0 && Positive == 0 && Pending == 0;
}

/// <summary>
/// What the release rule reads about a zone: when its current level began, its last infection (the infection date of the
/// last case living in it or linked to it), its last close contact's exposure and how many close contacts still lack a
/// negative result after their exposure, the rounds that covered it, and how many restrictive zones are still active
/// elsewhere in the district (for the level that lifts when all others have).
/// </summary>
public sealed record ZoneFacts(
    DateOnly LevelSince,
    DateOnly? LastInfectionOn,
    DateOnly? LastCloseContactExposureOn,
    int CloseContactsWithoutNegative,
    IReadOnlyList<ZoneRoundFact> Rounds,
    int OtherRestrictiveZonesActive);

/// <summary>
/// The answer of the release rule: the date the zone may change (null while a condition cannot be dated yet), what it
/// becomes, the earliest date the dated conditions allow, and the conditions still missing on <c>today</c>.
/// </summary>
public sealed record ReleaseAssessment(
    string Level,
    string Becomes,
    DateOnly? EligibleOn,
    DateOnly? EarliestOn,
    bool EligibleToday,
    IReadOnlyList<string> Missing,
    long? QualifyingRoundId);

/// <summary>The rules of zones as pure functions of (policy set, facts); table-tested against shared/domain-rules.md.</summary>
public static class ZoneRules
{
    /// <summary>Conditions a zone may still be missing; the pages and the API show them by these codes.</summary>
    public static class Missing
    {
        public const string InfectionFree = "no-new-infection-days";
        public const string CloseContactPeriod = "close-contact-period";
        public const string CloseContactResults = "close-contact-results";
        public const string AllNegativeRound = "all-negative-round";
        public const string OthersActive = "other-zones-active";
    }

    /// <summary>The levels of a policy set's area scheme, most restrictive first.</summary>
    public static IReadOnlyList<string> Levels(PolicySet policy) => policy.AreaScheme switch
    {
        "three-zones" => ["sealed", "controlled", "precaution"],
        "risk-areas" => ["high", "medium", "low"],
        "high-low" => ["high", "low"],
        _ => [.. policy.ZoneRelease.Keys],
    };

    public static bool IsLevel(PolicySet policy, string? level) => level is not null && Levels(policy).Contains(level);

    /// <summary>The most restrictive level: a new case's building is proposed for it (封控区 / 高风险区).</summary>
    public static string TopLevel(PolicySet policy) => Levels(policy)[0];

    /// <summary>A level that lifts only when every other zone has lifted (防范区, 低风险区) does not count as restricting others.</summary>
    public static bool IsRestrictive(PolicySet policy, string level) =>
        policy.ZoneRelease.TryGetValue(level, out var rule) && !rule.LiftsWhenAllOthersLifted;

    /// <summary>
    /// When a zone may change, and what is missing. Day N counts as in the stays: day 1 is the day after the event.
    /// <list type="bullet">
    /// <item>Three zones (sealed, controlled): day N after the last infection (the designation when none is known), day N after
    /// the last close contact's exposure with every close contact's latest result negative, and a round all negative within the
    /// last M days of that date.</item>
    /// <item>Risk areas: day N of the current level without infection (counted from the later of the last infection and the
    /// level's start, so high → medium → low takes N days each), and an all-negative round on day D or later.</item>
    /// <item>The level that lifts when all others have (防范区, 低风险区): as soon as no restrictive zone is active.</item>
    /// </list>
    /// </summary>
    public static ReleaseAssessment Assess(PolicySet policy, string level, ZoneFacts facts, DateOnly today)
    {
        if (!policy.ZoneRelease.TryGetValue(level, out var rule))
            throw new ArgumentException($"Level '{level}' is not in policy set {policy.Name}", nameof(level));
        var missing = new List<string>();
        if (rule.LiftsWhenAllOthersLifted)
        {
            if (facts.OtherRestrictiveZonesActive > 0)
                return new(level, rule.Becomes, null, null, false, [Missing.OthersActive], null);
            return new(level, rule.Becomes, today, today, true, [], null);
        }

        var riskAreaCounting = rule.AllNegativeRoundOnDay is not null;
        var infectionAnchor = riskAreaCounting
            ? Max(facts.LastInfectionOn, facts.LevelSince)
            : facts.LastInfectionOn ?? facts.LevelSince;
        var earliest = facts.LevelSince;
        if (rule.NoNewInfectionDays is { } infectionDays)
        {
            var free = infectionAnchor.AddDays(infectionDays);
            earliest = Max(earliest, free);
            if (today < free) missing.Add(Missing.InfectionFree);
        }
        if (rule.LastCloseContactDaysPastExposure is { } contactDays && facts.LastCloseContactExposureOn is { } exposure)
        {
            var past = exposure.AddDays(contactDays);
            earliest = Max(earliest, past);
            if (today < past) missing.Add(Missing.CloseContactPeriod);
        }
        var contactsUndated = rule.LastCloseContactDaysPastExposure is not null && facts.CloseContactsWithoutNegative > 0;
        if (contactsUndated) missing.Add(Missing.CloseContactResults);

        ZoneRoundFact? round = null;
        DateOnly? eligibleOn = earliest;
        if (rule.AllNegativeRoundWithinDays is { } withinDays)
        {
            // The newest all-negative round; it must fall within M days before the date the zone changes, so a date past it is not one.
            round = facts.Rounds.Where(r => r.AllNegative && r.Day >= infectionAnchor).MaxBy(r => r.Day);
            if (round is null || round.Day.AddDays(withinDays) < earliest) eligibleOn = null;
            else if (round.Day.AddDays(withinDays) < today) eligibleOn = null;
            if (eligibleOn is null) missing.Add(Missing.AllNegativeRound);
        }
        else if (rule.AllNegativeRoundOnDay is { } onDay)
        {
            var dayOn = infectionAnchor.AddDays(onDay);
            round = facts.Rounds.Where(r => r.AllNegative && r.Day >= dayOn).MinBy(r => r.Day);
            if (round is null) { eligibleOn = null; missing.Add(Missing.AllNegativeRound); }
            else eligibleOn = Max(earliest, round.Day);
        }
        if (contactsUndated) eligibleOn = null;
        return new(level, rule.Becomes, eligibleOn, earliest, missing.Count == 0 && eligibleOn is { } on && on <= today, missing, round?.RoundId);
    }

    /// <summary>Whole days left until the eligible date (0 when eligible), or null while it cannot be dated.</summary>
    public static int? DaysLeft(ReleaseAssessment assessment, DateOnly today) =>
        assessment.EligibleToday ? 0
        : assessment.EligibleOn is { } on ? Math.Max(0, on.DayNumber - today.DayNumber)
        : null;

    /// <summary>A release: before the eligible date only as an override, which needs its permission and a reason.</summary>
    public static string? CheckRelease(ReleaseAssessment assessment, bool overrideRequested, bool mayOverride, string? reason)
    {
        if (overrideRequested)
        {
            if (!mayOverride) return "forbidden";
            if (string.IsNullOrWhiteSpace(reason)) return "reason-required";
            return null;
        }
        return assessment.EligibleToday ? null : "not-eligible";
    }

    /// <summary>The infection date of a case: onset, else the sampling that found it, else the report.</summary>
    public static DateOnly InfectionDay(DateOnly? onset, DateTime? sampledAt, DateTime reportedAt) =>
        onset ?? DateOnly.FromDateTime((sampledAt ?? reportedAt).ToChina().DateTime);

    static DateOnly Max(DateOnly? a, DateOnly b) => a is { } x && x > b ? x : b;
}
