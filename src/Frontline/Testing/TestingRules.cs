using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>The rules of mass testing as pure functions of (policy set, facts) → decisions; table-tested.</summary>
public static class TestingRules
{
    public static readonly int[] PoolSizes = [1, 5, 10, 20];

    /// <summary>Planned before its window, closed after it or when closed by hand; open in between.</summary>
    public static RoundState EffectiveState(TestingRound round, DateTime now) =>
        round.State == RoundState.Closed || now > round.EndsAt ? RoundState.Closed
        : now < round.StartsAt ? RoundState.Planned
        : RoundState.Open;

    /// <summary>
    /// A scan belongs to the round when it was collected inside the window, whenever it arrives: a site
    /// that lost its network sends its scans late, and they still count. A round closed by hand ends when
    /// it was closed.
    /// </summary>
    public static string? CheckCollection(TestingRound round, DateTime collectedAt) =>
        collectedAt < round.StartsAt || collectedAt > WindowEnd(round) ? "round-closed" : null;

    public static DateTime WindowEnd(TestingRound round) => round.ClosedAt is { } closed && closed < round.EndsAt ? closed : round.EndsAt;

    /// <summary>What a tube says to one more swab: null when it fits.</summary>
    public static string? CheckTube(long tubeRoundId, int count, int poolSize, Outcome outcome, long roundId) =>
        tubeRoundId != roundId ? "tube-in-other-round"
        : outcome != Outcome.Pending ? "tube-resulted"
        : count >= poolSize ? "tube-full"
        : null;

    /// <summary>A new tube's pool size: the scan's own, else 1 for a re-test, else the round's.</summary>
    public static int PoolSizeForNewTube(int? scanned, bool retest, int roundDefault) =>
        scanned ?? (retest ? 1 : roundDefault);

    /// <summary>The pool size the policy sets for a zone level (sealed 1, controlled 10, precaution 20 in edition 8), else the round's.</summary>
    public static int PoolSizeForZone(PolicySet policy, string? zoneLevel, int roundDefault) =>
        zoneLevel is not null && policy.PoolSizeByZoneLevel.TryGetValue(zoneLevel, out var size) ? size : roundDefault;

    /// <summary>
    /// Reads a lab's result against the policy's Ct threshold: positive needs a Ct below it on at least one
    /// gene, negative must not have one. A result that contradicts its own Ct values is refused, not guessed.
    /// </summary>
    public static (Outcome? Outcome, string? Error) InterpretResult(string? outcome, double? ctOrf1ab, double? ctN, double threshold)
    {
        var parsed = outcome?.Trim().ToLowerInvariant() switch
        {
            "negative" => Outcome.Negative,
            "positive" => Outcome.Positive,
            "invalid" => Outcome.Invalid,
            _ => (Outcome?)null,
        };
        if (parsed is null) return (null, "invalid-outcome");
        if (ctOrf1ab is < 0 or > 50 || ctN is < 0 or > 50) return (null, "invalid-ct");
        var below = ctOrf1ab < threshold || ctN < threshold;
        if (parsed == Outcome.Positive && (ctOrf1ab is not null || ctN is not null) && !below) return (null, "inconsistent-ct");
        if (parsed == Outcome.Negative && ctOrf1ab < threshold && ctN < threshold) return (null, "inconsistent-ct");
        return (parsed, null);
    }

    /// <summary>What a tube's result sets off for the people in it.</summary>
    public sealed record FanOut(bool TemporaryControl, string? RetestReason, DateTime? RetestDueBy, bool LiftsControl, bool MakesCase);

    /// <summary>
    /// A positive pool: temporary control and an individual re-test for everyone, due within the policy's
    /// hours. An invalid tube: re-sampling of everyone. A re-test's own result: negative lifts the
    /// temporary control, positive makes a case, invalid orders another re-test.
    /// </summary>
    public static FanOut Decide(PolicySet policy, Outcome outcome, bool isRetest, DateTime resultAt) => (outcome, isRetest) switch
    {
        (Outcome.Positive, false) => new(true, "positive-pool", resultAt.AddHours(policy.RetestDueHours), false, false),
        (Outcome.Positive, true) => new(false, null, null, false, true),
        (Outcome.Invalid, _) => new(false, "invalid-tube", resultAt.AddHours(policy.RetestDueHours), false, false),
        (Outcome.Negative, true) => new(false, null, null, true, false),
        _ => new(false, null, null, false, false),
    };

    /// <summary>What an individual order's list says of it (核酸检测任务), in the order a sampler works through them.</summary>
    public static readonly string[] OrderStatuses = ["overdue", "due", "planned", "sampled", "invalid", "positive", "negative", "cancelled"];

    /// <summary>
    /// An individual order's status: its result once sampled (sampled while the lab has not answered); unsampled, withdrawn by
    /// its requester, overdue from its deadline (a scheduled test's is the end of its day), before its day planned, else due.
    /// </summary>
    public static string OrderStatus(DateOnly? forDay, DateTime dueBy, DateTime? cancelledAt, bool sampled, Outcome outcome, DateTime now, DateOnly today) =>
        sampled
            ? outcome switch { Outcome.Negative => "negative", Outcome.Positive => "positive", Outcome.Invalid => "invalid", _ => "sampled" }
            : cancelledAt is not null ? "cancelled"
            : dueBy <= now ? "overdue"
            : forDay > today ? "planned"
            : "due";

    /// <summary>A scheduled test's deadline: the end of its China day (a swab that evening still counts).</summary>
    public static DateTime EndOfChinaDay(DateOnly day) => ChinaTime.FromChina(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).UtcDateTime;

    /// <summary>Infants under the policy's age are not expected at a round.</summary>
    public static bool IsInfant(DateOnly? birthDate, DateOnly today, int maxAgeYears) =>
        birthDate is { } b && b > today.AddYears(-maxAgeYears);

    public static DateOnly InfantCutoff(DateOnly today, int maxAgeYears) => today.AddYears(-maxAgeYears);

    /// <summary>The day a round starts, in China's time: ages (the infant exemption) are taken on it.</summary>
    public static DateOnly FirstDay(TestingRound round) => DateOnly.FromDateTime(round.StartsAt.ToChina().DateTime);

    /// <summary>Born after this day: an infant the round does not expect.</summary>
    public static DateOnly InfantCutoff(TestingRound round, PolicySet policy) => InfantCutoff(FirstDay(round), policy.ExemptInfantUnderYears);

    public static bool IsInfant(DateOnly? birthDate, TestingRound round, PolicySet policy) =>
        IsInfant(birthDate, FirstDay(round), policy.ExemptInfantUnderYears);

    /// <summary>sampled ÷ (population − exempt), as a percentage with one decimal; 0 when nobody is expected.</summary>
    public static double CoveragePercent(long population, long exempt, long sampled)
    {
        var expected = population - exempt;
        return expected <= 0 ? 0 : Math.Round(100.0 * sampled / expected, 1);
    }

    /// <summary>Expected tests per person with prevalence p and pool size k (Dorfman): 1/k + 1 − (1−p)^k.</summary>
    public static double TestsPerPerson(double prevalence, int poolSize) =>
        poolSize <= 1 ? 1 : 1.0 / poolSize + 1 - Math.Pow(1 - prevalence, poolSize);
}
