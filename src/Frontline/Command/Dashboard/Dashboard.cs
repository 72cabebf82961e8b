using Microsoft.EntityFrameworkCore;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Dashboard;

public sealed record CaseFigures(int NewConfirmed, int NewAsymptomatic, int NewPending, int FoundByScreening, int FoundInControl, int FoundInCommunity,
    int Cumulative, int CumulativeConfirmed, int CumulativeAsymptomatic);

/// <param name="Coverage">Sampled of eligible in the rounds open on the day, in percent with one decimal; null without an open round.</param>
public sealed record TestingFigures(int Eligible, int Sampled, int Resulted, double? Coverage, int PositivePools, int RetestsPending, int RetestsOverdue);

public sealed record ContactFigures(int NewClose, int NewSecondary, int Close, int Secondary, int InCentralisedQuarantine, int InHomeQuarantine, int InHomeMonitoring);

public sealed record ZoneLevelCount(string Level, int Count);

/// <param name="ByLevel">Active zones at the cut-off by the levels of the policy set in force, most restrictive first.</param>
public sealed record ZoneFigures(IReadOnlyList<ZoneLevelCount> ByLevel, int Designated, int SteppedDown, int Released);

/// <param name="Occupancy">Occupied of rooms in service, percent with one decimal; null without rooms.</param>
public sealed record FacilityFigures(int Rooms, int Occupied, double? Occupancy);

public sealed record TransferFigures(int Done, int DoneLate, int Overdue);

/// <param name="OverdueByLevel">Overdue tasks at escalation level 0 (not escalated) to 3.</param>
public sealed record TaskFigures(int Open, int Overdue, IReadOnlyList<int> OverdueByLevel);

public sealed record RequestFigures(int New, int Open, int Late);

/// <summary>One jurisdiction's figures of one day, by section.</summary>
public sealed record DayFigures(CaseFigures Cases, TestingFigures Testing, ContactFigures Contacts, ZoneFigures Zones, FacilityFigures Facilities,
    TransferFigures Transfers, TaskFigures Tasks, RequestFigures Requests)
{
    public static DayFigures From(DailyFigures f, IReadOnlyList<string> levels) => new(
        new(f.NewConfirmed, f.NewAsymptomatic, f.NewPending, f.NewFoundByScreening, f.NewFoundInControl, f.NewFoundInCommunity,
            f.CumulativeCases, f.CumulativeConfirmed, f.CumulativeAsymptomatic),
        new(f.Eligible, f.Sampled, f.Resulted, Percent(f.Sampled, f.Eligible), f.PositivePools, f.RetestsPending, f.RetestsOverdue),
        new(f.NewCloseContacts, f.NewSecondaryContacts, f.CloseContacts, f.SecondaryContacts, f.InCentralisedQuarantine, f.InHomeQuarantine, f.InHomeMonitoring),
        new([.. levels.Select((level, i) => new ZoneLevelCount(level, i switch { 0 => f.ZonesLevel0, 1 => f.ZonesLevel1, _ => f.ZonesLevel2 }))],
            f.ZonesDesignated, f.ZonesSteppedDown, f.ZonesReleased),
        new(f.Rooms, f.RoomsOccupied, Percent(f.RoomsOccupied, f.Rooms)),
        new(f.TransfersDone, f.TransfersDoneLate, f.TransfersOverdue),
        new(f.TasksOpen, f.TasksOverdue, [f.TasksOverdueLevel0, f.TasksOverdueLevel1, f.TasksOverdueLevel2, f.TasksOverdueLevel3]),
        new(f.RequestsNew, f.RequestsOpen, f.RequestsLate));

    public static double? Percent(int part, int whole) => whole <= 0 ? null : Math.Round(100.0 * part / whole, 1);
}

/// <summary>A child jurisdiction's figures (a street of the district, a community of the street), with its previous day.</summary>
public sealed record ChildFigures(string Code, string Name, DayFigures Today, DayFigures PreviousDay);

public sealed record RtEstimate(double Mean, double Low, double High, int Cases);

/// <summary>The dashboard of one jurisdiction on one day: its figures, the day before's, and each child's.</summary>
/// <param name="ComputedAt">When the figures were counted; for a past day, after its end.</param>
public sealed record DashboardView(DateOnly Date, string Jurisdiction, string Name, DateTimeOffset? ComputedAt,
    CaseFigures Cases, TestingFigures Testing, ContactFigures Contacts, ZoneFigures Zones, FacilityFigures Facilities, TransferFigures Transfers,
    TaskFigures Tasks, RequestFigures Requests, DayFigures PreviousDay, IReadOnlyList<ChildFigures> ByChild, RtEstimate? Rt);

/// <summary>
/// The dashboard's reading: the stored daily figures of the jurisdiction's communities (and of the streets and itself, for
/// what is owned there) summed for the day, the day before and each child. A few hundred rows at district scale.
/// </summary>
public sealed class Dashboard(IDbContextFactory<FrontlineDb> dbs, DailyFiguresRefresh refresh, JurisdictionDirectory jurisdictions, PolicySets policies,
    AuditLog audit, TimeProvider clock)
{
    /// <summary>How old today's figures may be before a reader counts them itself (the job counts them every minute).</summary>
    static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(3);

    /// <summary>The raw sums: the jurisdiction, its children, for the day and the day before. The briefing freezes these.</summary>
    public sealed record Sums(DateOnly Date, Jurisdiction Jurisdiction, DailyFigures Today, DailyFigures PreviousDay,
        IReadOnlyList<(Jurisdiction Child, DailyFigures Today, DailyFigures PreviousDay)> Children, DateTime? ComputedAt);

    public async Task<(JurisdictionScope Scope, Jurisdiction Jurisdiction, DateOnly Date)> ResolveAsync(Caller caller, DateOnly? date, string? jurisdiction, CancellationToken ct)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope || await jurisdictions.GetAsync(scope.Code, ct) is not { } j)
            throw new NotFoundException("jurisdiction");
        var today = ChinaTime.Today(clock);
        var day = date ?? today;
        if (day > today) throw new DomainException("dashboard-future-date", field: "date");
        return (scope, j, day);
    }

    public async Task<Sums> SumsAsync(Caller caller, DateOnly? date, string? jurisdiction, CancellationToken ct = default)
    {
        var (scope, j, day) = await ResolveAsync(caller, date, jurisdiction, ct);
        return await SumsAsync(scope, j, day, ct);
    }

    internal async Task<Sums> SumsAsync(JurisdictionScope scope, Jurisdiction j, DateOnly day, CancellationToken ct)
    {
        var previous = day.AddDays(-1);
        DateTime? computedAt;
        foreach (var d in new[] { previous, day })
            if (await NeedsCountAsync(d, ct))
            {
                // One count at a time on this node: readers arriving together wait for it and then find it fresh.
                await CountGate.WaitAsync(ct);
                try { if (await NeedsCountAsync(d, ct)) await refresh.RefreshAsync(d, ct); }
                finally { CountGate.Release(); }
            }
        await using (var db = await dbs.CreateDbContextAsync(ct))
            computedAt = await db.FigureDays.AsNoTracking().Where(d => d.Day == day).Select(d => (DateTime?)d.ComputedAt).FirstOrDefaultAsync(ct);

        await using var read = await dbs.CreateDbContextAsync(ct);
        var rows = await read.DailyFigures.AsNoTracking().Where(f => f.Day == day || f.Day == previous)
            .InScope(scope, nameof(DailyFigures.JurisdictionCode)).ToListAsync(ct);
        var todayRows = rows.Where(r => r.Day == day).ToList();
        var previousRows = rows.Where(r => r.Day == previous).ToList();
        var children = j.Level is JurisdictionLevel.Community or JurisdictionLevel.Grid ? [] : await jurisdictions.ChildrenAsync(j.Code, ct);
        var byChild = children.Select(child =>
        {
            var s = new JurisdictionScope(child.Code);
            return (child, DailyFigures.Sum(day, child.Code, todayRows.Where(r => s.Contains(r.JurisdictionCode))),
                DailyFigures.Sum(previous, child.Code, previousRows.Where(r => s.Contains(r.JurisdictionCode))));
        }).ToList();
        return new Sums(day, j, DailyFigures.Sum(day, j.Code, todayRows), DailyFigures.Sum(previous, j.Code, previousRows), byChild, computedAt);
    }

    static readonly SemaphoreSlim CountGate = new(1, 1);

    /// <summary>A day never counted, a past day not yet closed, or today counted longer ago than the job's rhythm allows.</summary>
    async Task<bool> NeedsCountAsync(DateOnly day, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var marker = await db.FigureDays.AsNoTracking().FirstOrDefaultAsync(m => m.Day == day, ct);
        return marker is null || (!marker.Closed && (day < ChinaTime.Today(clock) || clock.GetUtcNow().UtcDateTime - marker.ComputedAt > StaleAfter));
    }

    public IReadOnlyList<string> Levels => ZoneRules.Levels(policies.Active);

    public DashboardView View(Sums sums, RtEstimate? rt)
    {
        var levels = Levels;
        var today = DayFigures.From(sums.Today, levels);
        return new DashboardView(sums.Date, sums.Jurisdiction.Code, sums.Jurisdiction.Name, sums.ComputedAt?.ToChina(),
            today.Cases, today.Testing, today.Contacts, today.Zones, today.Facilities, today.Transfers, today.Tasks, today.Requests,
            DayFigures.From(sums.PreviousDay, levels),
            [.. sums.Children.Select(c => new ChildFigures(c.Child.Code, c.Child.Name, DayFigures.From(c.Today, levels), DayFigures.From(c.PreviousDay, levels)))],
            rt);
    }

    /// <summary>One table of the dashboard as a spreadsheet: a row per child and the total, each figure of the day and of the day before; audited.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(Caller caller, DateOnly? date, string? jurisdiction, string? table, CancellationToken ct = default)
    {
        var t = DashboardVocabulary.Tables.FirstOrDefault(x => x.Code == table)
            ?? throw new DomainException("dashboard-unknown-table", field: "table", args: table ?? "");
        var sums = await SumsAsync(caller, date, jurisdiction, ct);
        var figures = t.Figures.Select(name => typeof(DailyFigures).GetProperty(name)!).ToList();
        var header = new List<string> { Ui.T("辖区", "Jurisdiction"), Ui.T("代码", "Code") };
        foreach (var f in figures) header.Add(DashboardVocabulary.FigureNames[f.Name].ToString());
        foreach (var f in figures) header.Add($"{DashboardVocabulary.FigureNames[f.Name]}（{Ui.T("前一日", "day before")}）");
        IReadOnlyList<object?> Line(string name, string code, DailyFigures today, DailyFigures before) =>
            [name, code, .. figures.Select(f => (object?)(int)f.GetValue(today)!), .. figures.Select(f => (object?)(int)f.GetValue(before)!)];
        var rows = sums.Children.Select(c => Line(c.Child.Name, c.Child.Code, c.Today, c.PreviousDay)).ToList();
        rows.Add(Line($"{sums.Jurisdiction.Name}（{Ui.T("合计", "total")}）", sums.Jurisdiction.Code, sums.Today, sums.PreviousDay));
        var content = await SpreadsheetExport.XlsxAsync(header, rows, ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"dashboard:{t.Code}:{sums.Date:yyyy-MM-dd}", sums.Jurisdiction.Code, detail: new { rows = rows.Count }, ct: ct);
        return (content, $"{FileNames.Safe(sums.Jurisdiction.Name, maxLength: 40, fallback: sums.Jurisdiction.Code)}-{t.Title.Zh}-{sums.Date:yyyyMMdd}.xlsx");
    }
}
