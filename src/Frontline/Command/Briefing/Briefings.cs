using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Frontline.Command.Epidemic;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using DashboardService = Frontline.Command.Dashboard.Dashboard;

namespace Frontline.Command.Briefing;

/// <summary>A briefing in a list: which day and jurisdiction, when it was made and by whom, and its headline figures.</summary>
public sealed record BriefingListItem(DateOnly Date, string Jurisdiction, string Name, DateTimeOffset CutoffAt, DateTimeOffset GeneratedAt, string GeneratedBy,
    int NewCases, int NewCasesDayBefore, double? Coverage);

/// <summary>A briefing as the API and the page show it: the snapshot's figures and the sentences written from them.</summary>
public sealed record BriefingView(DateOnly Date, string Jurisdiction, string Name, string Title, DateTimeOffset CutoffAt, DateTimeOffset GeneratedAt,
    string GeneratedBy, IReadOnlyList<BriefingSection> Sections, BriefingSnapshot Snapshot);

/// <summary>
/// The daily briefings: made from the dashboard's sums of the day and the day before (never a count of its own), frozen as a
/// snapshot at the cut-off and kept; read back, listed and downloaded as Word. A briefing of a past day is made from that
/// day's closed figures, or, when one was already made, is the stored one: a re-run never reads today's data into an old day.
/// </summary>
public sealed class Briefings(IDbContextFactory<FrontlineDb> dbs, DashboardService dashboard, EpidemicCurve curve,
    PolicySets policies, AuditLog audit, TimeProvider clock)
{
    public const int CurveDays = 30;
    public const int MaxListDays = 366;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Makes (or, for a past day already made, keeps) the briefing of a jurisdiction on a day; audited.</summary>
    public async Task<(BriefingView View, bool Made)> MakeAsync(Caller caller, DateOnly date, string? jurisdiction, CancellationToken ct = default)
    {
        var (scope, j, day) = await dashboard.ResolveAsync(caller, date, Scope(caller, jurisdiction).Code, ct);
        var today = ChinaTime.Today(clock);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stored = await db.Briefings.FirstOrDefaultAsync(b => b.Day == day && b.JurisdictionCode == j.Code, ct);
        // A past day's briefing is frozen: its re-run gives the same figures, read from the stored snapshot.
        if (stored is not null && (day < today || stored.CutoffAt >= DailyFiguresBounds(day).End))
            return (View(stored), false);

        var snapshot = await SnapshotAsync(scope, j, day, ct);
        var now = Milliseconds(clock.GetUtcNow().UtcDateTime);
        if (stored is null) db.Briefings.Add(stored = new StoredBriefing { Day = day, JurisdictionCode = j.Code, GeneratedBy = caller.UserName, Snapshot = "" });
        stored.CutoffAt = snapshot.CutoffAt.UtcDateTime;
        stored.GeneratedAt = now;
        stored.GeneratedBy = caller.UserName;
        stored.Snapshot = JsonSerializer.Serialize(snapshot, Json);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Made at the same moment elsewhere (the job and a commander): that one stands.
            await using var again = await dbs.CreateDbContextAsync(ct);
            stored = await again.Briefings.AsNoTracking().FirstAsync(b => b.Day == day && b.JurisdictionCode == j.Code, ct);
            return (View(stored), false);
        }
        await audit.RecordAsync(caller, BriefingAuditActions.Made, $"briefing:{day:yyyy-MM-dd}", j.Code,
            detail: new { cutoff = snapshot.CutoffAt }, ct: ct);
        return (View(stored), true);
    }

    static (DateTime Start, DateTime End) DailyFiguresBounds(DateOnly day) => Dashboard.DailyFiguresRefresh.Bounds(day);

    /// <summary>The dashboard's sums frozen: the figures of the day and the day before, each child's, the round open, the curve and Rt.</summary>
    async Task<BriefingSnapshot> SnapshotAsync(JurisdictionScope scope, Jurisdiction j, DateOnly day, CancellationToken ct)
    {
        var sums = await dashboard.SumsAsync(scope, j, day, ct);
        var (start, end) = DailyFiguresBounds(day);
        var now = Milliseconds(clock.GetUtcNow().UtcDateTime);
        // The figures are as at the day's end once the day is closed, else as at their last count (a briefing of today).
        var cutoff = end <= now ? end : sums.ComputedAt ?? now;
        var levels = ZoneRules.Levels(policies.Active).Select(l => new BriefingLevel(l, InChinese(() => PolicyLabels.ZoneLevel(l)))).ToList();
        var curveView = await curve.OfAsync(j.Code, day, CurveDays, ct);
        var rt = await curve.RtAsync(j.Code, day, ct);
        return new BriefingSnapshot(day, j.Code, j.Name, j.Level, cutoff.ToChina(), levels, sums.Today, sums.PreviousDay,
            [.. sums.Children.Select(c => new BriefingChild(c.Child.Code, c.Child.Name, c.Today, c.PreviousDay))],
            await RoundAsync(j.Code, start, end, ct), curveView.Days, rt);
    }

    /// <summary>The round open on the day over the jurisdiction (the latest, if several), numbered among the rounds started over it until then.</summary>
    async Task<BriefingRound?> RoundAsync(string code, DateTime start, DateTime end, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Rounds are few (one or two a week): read those started by the day's end and match their scopes here.
        var rounds = await db.Set<TestingRound>().AsNoTracking().Where(r => r.StartsAt < end).OrderBy(r => r.StartsAt).ThenBy(r => r.Id).ToListAsync(ct);
        var over = rounds.Where(r => r.Scope.Any(s => new JurisdictionScope(s).Contains(code) || new JurisdictionScope(code).Contains(s))).ToList();
        var open = over.LastOrDefault(r => (r.ClosedAt ?? r.EndsAt) > start);
        return open is null ? null : new BriefingRound(over.IndexOf(open) + 1, open.Name);
    }

    /// <summary>
    /// The jurisdiction asked for (default the caller's own). Unlike the dashboard, a briefing of a wider jurisdiction than
    /// the caller's is not quietly narrowed to theirs: a document titled with the district must hold the district's figures.
    /// </summary>
    static JurisdictionScope Scope(Caller caller, string? jurisdiction) =>
        caller.Scope.Narrow(jurisdiction) is { } scope && (string.IsNullOrEmpty(jurisdiction) || scope.Code == jurisdiction) && scope.Grid is null
            ? scope : throw new NotFoundException("jurisdiction");

    /// <summary>Times kept to the millisecond: what the snapshot says and what the row reads back are the same on every provider.</summary>
    static DateTime Milliseconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    static string InChinese(Func<string> words)
    {
        var old = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try { return words(); }
        finally { CultureInfo.CurrentUICulture = old; }
    }

    /// <summary>The stored briefing of a day for the caller's jurisdiction (default their own); 404 when not made or out of scope.</summary>
    public async Task<BriefingView> GetAsync(Caller caller, DateOnly date, string? jurisdiction, CancellationToken ct = default) =>
        View(await StoredAsync(caller, date, jurisdiction, ct));

    async Task<StoredBriefing> StoredAsync(Caller caller, DateOnly date, string? jurisdiction, CancellationToken ct)
    {
        var scope = Scope(caller, jurisdiction);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Briefings.AsNoTracking().FirstOrDefaultAsync(b => b.Day == date && b.JurisdictionCode == scope.Code, ct)
            ?? throw new NotFoundException("briefing");
    }

    /// <summary>The briefings of a jurisdiction (default the caller's own) between two days, newest first, a page at a time.</summary>
    public async Task<Paged<BriefingListItem>> ListAsync(Caller caller, DateOnly? from, DateOnly? to, string? jurisdiction, PageRequest page, CancellationToken ct = default)
    {
        var scope = Scope(caller, jurisdiction);
        var last = to ?? ChinaTime.Today(clock);
        var first = from ?? last.AddDays(-30);
        if (first > last) throw new DomainException("briefing-bad-range", field: "from");
        if (last.DayNumber - first.DayNumber >= MaxListDays) throw new DomainException("briefing-range-too-long", field: "from", args: MaxListDays);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Briefings.AsNoTracking().Where(b => b.JurisdictionCode == scope.Code && b.Day >= first && b.Day <= last);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(b => b.Day).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Paged<BriefingListItem>(total, [.. rows.Select(b =>
        {
            var s = Snapshot(b);
            return new BriefingListItem(b.Day, b.JurisdictionCode, s.Name, b.CutoffAt.ToChina(), b.GeneratedAt.ToChina(), b.GeneratedBy,
                s.Today.NewConfirmed + s.Today.NewAsymptomatic + s.Today.NewPending, s.PreviousDay.NewConfirmed + s.PreviousDay.NewAsymptomatic + s.PreviousDay.NewPending,
                Dashboard.DayFigures.Percent(s.Today.Sampled, s.Today.Eligible));
        })]);
    }

    /// <summary>The briefing as a Word document, made from its snapshot; every download audited.</summary>
    public async Task<(byte[] Content, string FileName)> DocxAsync(Caller caller, DateOnly date, string? jurisdiction, CancellationToken ct = default)
    {
        var stored = await StoredAsync(caller, date, jurisdiction, ct);
        var snapshot = Snapshot(stored);
        var content = BriefingDocument.Docx(snapshot, stored.GeneratedAt.ToChina(), stored.GeneratedBy);
        await audit.RecordAsync(caller, AuditActions.Export, $"briefing:{date:yyyy-MM-dd}", stored.JurisdictionCode, detail: new { format = "docx", bytes = content.Length }, ct: ct);
        return (content, $"{FileNames.Safe(snapshot.Name, maxLength: 40, fallback: snapshot.Jurisdiction)}-疫情防控工作简报-{date:yyyyMMdd}.docx");
    }

    public static BriefingSnapshot Snapshot(StoredBriefing stored) =>
        JsonSerializer.Deserialize<BriefingSnapshot>(stored.Snapshot, Json) ?? throw new InvalidOperationException($"briefing {stored.Id}: empty snapshot");

    static BriefingView View(StoredBriefing stored)
    {
        var s = Snapshot(stored);
        return new BriefingView(stored.Day, stored.JurisdictionCode, s.Name, s.Title, s.CutoffAt, stored.GeneratedAt.ToChina(), stored.GeneratedBy,
            BriefingSentences.Sections(s), s);
    }
}
