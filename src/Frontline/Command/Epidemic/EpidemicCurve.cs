using Microsoft.EntityFrameworkCore;
using Frontline.Command.Dashboard;
using Frontline.Investigation;
using Frontline.Platform;

namespace Frontline.Command.Epidemic;

/// <summary>One day of the curve: new cases by classification, by report date and by onset date.</summary>
public sealed record CurveDay(DateOnly Date, int ReportedConfirmed, int ReportedAsymptomatic, int ReportedPending, int OnsetConfirmed, int OnsetAsymptomatic,
    int OnsetPending)
{
    public int Reported => ReportedConfirmed + ReportedAsymptomatic + ReportedPending;
}

/// <param name="Rt">Null when the last 7 days hold fewer cases than the policy's minimum.</param>
/// <param name="CasesWithoutOnset">Cases of the span with no onset date (the asymptomatic mostly): on the report curve only.</param>
public sealed record CurveView(string Jurisdiction, DateOnly From, DateOnly To, IReadOnlyList<CurveDay> Days, int CasesWithoutOnset, Growth Growth,
    RtEstimate? Rt, double SerialIntervalMeanDays, double SerialIntervalSdDays, int MinCases);

/// <summary>
/// The epidemic curve of a jurisdiction and its growth: new cases a day by report and onset date, the 7-day growth and doubling
/// time and Rt (Cori et al.) on the report-date counts, which are complete every day (onsets are late and missing for the asymptomatic).
/// </summary>
public sealed class EpidemicCurve(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, TimeProvider clock)
{
    public const int MaxDays = 120;
    /// <summary>The days before the window that the infectiousness of Rt's first day reads.</summary>
    const int Warmup = 30;

    public async Task<CurveView> OfAsync(Caller caller, string? jurisdiction, DateOnly? to, int days = 30, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) throw new NotFoundException("jurisdiction");
        if (days is < 7 or > MaxDays) throw new DomainException("invalid-field", field: "days", args: "days");
        var today = ChinaTime.Today(clock);
        var last = to ?? today;
        if (last > today) throw new DomainException("dashboard-future-date", field: "to");
        return await OfAsync(scope.Code, last, days, ct);
    }

    internal async Task<CurveView> OfAsync(string code, DateOnly last, int days, CancellationToken ct)
    {
        var first = last.AddDays(1 - days);
        var counts = await ReportedCountsAsync(code, first.AddDays(-Warmup), last, ct);
        var (start, _) = DailyFiguresRefresh.Bounds(first);
        var (_, end) = DailyFiguresRefresh.Bounds(last);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var firstDay = first;
        var onsets = await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code))
            .Where(c => c.ReportedAt < end && c.OnsetDate >= firstDay && c.OnsetDate <= last)
            .GroupBy(c => new { c.OnsetDate, c.Classification }).Select(g => new { g.Key.OnsetDate, g.Key.Classification, Count = g.Count() }).ToListAsync(ct);
        var withoutOnset = await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code))
            .CountAsync(c => c.ReportedAt >= start && c.ReportedAt < end && c.OnsetDate == null, ct);
        var reported = await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code)).Where(c => c.ReportedAt >= start && c.ReportedAt < end)
            .Select(c => new { c.ReportedAt, c.Classification }).ToListAsync(ct);
        var byReport = reported.GroupBy(c => (DateOnly.FromDateTime(c.ReportedAt.ToChina().DateTime), c.Classification)).ToDictionary(g => g.Key, g => g.Count());
        var list = new List<CurveDay>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            int R(CaseClassification k) => byReport.GetValueOrDefault((d, k));
            int O(CaseClassification k) => onsets.Where(o => o.OnsetDate == d && o.Classification == k).Sum(o => o.Count);
            list.Add(new CurveDay(d, R(CaseClassification.Confirmed), R(CaseClassification.Asymptomatic), R(CaseClassification.Pending),
                O(CaseClassification.Confirmed), O(CaseClassification.Asymptomatic), O(CaseClassification.Pending)));
        }
        var si = policies.Active.SerialInterval;
        return new CurveView(code, first, last, list, withoutOnset, EpidemicMath.WeeklyGrowth(counts, si.MinCases), Rt(counts),
            si.MeanDays, si.SdDays, si.MinCases);
    }

    /// <summary>Rt of a jurisdiction on a day, over the 7 days ending then; null when too few cases.</summary>
    public async Task<RtEstimate?> RtAsync(string code, DateOnly day, CancellationToken ct = default) =>
        Rt(await ReportedCountsAsync(code, day.AddDays(-Warmup - 7), day, ct));

    RtEstimate? Rt(IReadOnlyList<int> counts)
    {
        var si = policies.Active.SerialInterval;
        var r = EpidemicMath.Rt(counts, EpidemicMath.SerialIntervalWeights(si.MeanDays, si.SdDays), 7, si.MinCases);
        return r is null ? null : new RtEstimate(r.Mean, r.Low, r.High, r.Cases);
    }

    /// <summary>Cases reported each day from <paramref name="first"/> to <paramref name="last"/> (Asia/Shanghai days), oldest first.</summary>
    async Task<int[]> ReportedCountsAsync(string code, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var (start, _) = DailyFiguresRefresh.Bounds(first);
        var (_, end) = DailyFiguresRefresh.Bounds(last);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var times = await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code)).Where(c => c.ReportedAt >= start && c.ReportedAt < end)
            .Select(c => c.ReportedAt).ToListAsync(ct);
        var counts = new int[last.DayNumber - first.DayNumber + 1];
        foreach (var t in times) counts[DateOnly.FromDateTime(t.ToChina().DateTime).DayNumber - first.DayNumber]++;
        return counts;
    }
}
