using Frontline.Platform;

namespace Frontline.Investigation;

/// <summary>The span over which a case's movements and contacts count, with the rule that set its start.</summary>
public sealed record LookbackWindow(DateTime From, DateTime To, string StartRule)
{
    public bool Contains(DateTime at) => at >= From && at <= To;

    /// <summary>The part of a span inside the window, or null when they do not meet.</summary>
    public (DateTime From, DateTime To)? Clip(DateTime from, DateTime to)
    {
        var start = from > From ? from : From;
        var end = to < To ? to : To;
        return start <= end ? (start, end) : null;
    }
}

/// <summary>
/// The investigation rules of shared/domain-rules.md as pure functions of the policy set: every number comes
/// from <see cref="PolicySet"/>. Times are UTC; days are China's calendar days.
/// </summary>
public static class InvestigationRules
{
    public const string FromOnset = "onset";
    public const string FromSampling = "sampling";
    public const string FromLastNegative = "last-negative";
    public const string FromReport = "report";

    /// <summary>
    /// From N days before onset (a case without symptoms: before its sampling date) until the case was isolated (or,
    /// until that is recorded, reported). A case found by routine screening starts at its last negative test instead,
    /// when that is later. Without onset or sampling date the window is the N days before the report.
    /// </summary>
    public static LookbackWindow Lookback(PolicySet policy, CaseClassification classification, DateOnly? onsetDate, DateTime? sampledAt,
        DateTime reportedAt, DateTime? isolatedAt, bool foundByScreening, DateTime? lastNegativeSampledAt)
    {
        var days = policy.LookbackDays;
        DateOnly anchor;
        string rule;
        if (classification != CaseClassification.Asymptomatic && onsetDate is { } onset) (anchor, rule) = (onset, FromOnset);
        else if (sampledAt is { } sampled) (anchor, rule) = (DateOnly.FromDateTime(sampled.ToChina().DateTime), FromSampling);
        else if (onsetDate is { } onsetOnly) (anchor, rule) = (onsetOnly, FromOnset);
        else (anchor, rule) = (DateOnly.FromDateTime(reportedAt.ToChina().DateTime), FromReport);
        var from = StartOfChinaDay(anchor.AddDays(-days));
        if (foundByScreening && lastNegativeSampledAt is { } negative && negative > from) (from, rule) = (negative, FromLastNegative);
        var to = isolatedAt ?? reportedAt;
        if (to < from) to = from;
        return new LookbackWindow(from, to, rule);
    }

    public static LookbackWindow Lookback(PolicySet policy, Case c, DateTime? lastNegativeSampledAt) =>
        Lookback(policy, c.Classification, c.OnsetDate, c.SampledAt, c.ReportedAt, c.IsolatedAt, c.DetectedBy == "mass-testing", lastNegativeSampledAt);

    public static DateTime StartOfChinaDay(DateOnly day) => ChinaTime.FromChina(day.ToDateTime(TimeOnly.MinValue)).UtcDateTime;
}
