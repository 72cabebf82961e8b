using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Investigation;

public sealed record TrajectoryEntryInput(
    [Description("A registered place's venue code; or give address.")] string? VenueCode,
    [Description("A free address, for a place not registered.")] string? Address,
    DateTimeOffset? From, DateTimeOffset? To, string? Note);

public sealed record TrajectoryInput(List<TrajectoryEntryInput>? Entries);

public sealed record TrajectoryLookback(DateTimeOffset From, DateTimeOffset To, [OneOf("onset", "sampling", "last-negative", "report")] string Rule);

public sealed record TrajectoryEntryView(string Id, string? PlaceId, string? VenueCode, string? PlaceName, string? Address,
    DateTimeOffset From, DateTimeOffset To, [OneOf("manual", "checkin")] string Source, string? CheckInId, string? Note,
    [Description("True when part of the span lies outside the lookback: only the part inside counts.")] bool PartlyOutsideLookback,
    string CreatedBy, DateTimeOffset CreatedAt);

public sealed record TrajectoryPage(long Total, IReadOnlyList<TrajectoryEntryView> Items, TrajectoryLookback Lookback);

public sealed record TrajectoryAdded(IReadOnlyList<string> Ids,
    [Description("Indexes of the entries added that lie partly outside the lookback.")] IReadOnlyList<int> PartlyOutsideLookback);

public sealed record OwnCheckInView(string Id, string VenueCode, string PlaceName, DateTimeOffset At, bool InTrajectory);

public sealed record AcceptCheckInsInput([Description("Ids of the case's own check-ins (from …/trajectory/checkins).")] List<string>? CheckInIds);

/// <summary>
/// 轨迹: where a case was over the lookback. Entries are appended (a registered place by its venue code, or a free address,
/// over a time span); an entry wholly outside the lookback is refused, one partly outside is kept and flagged (only the
/// part inside counts for companions). The case's own check-ins inside the lookback are offered as entries.
/// </summary>
public sealed class Trajectories(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, AuditLog audit, TimeProvider clock)
{
    public const int MaxEntries = 100;
    public const int MaxSpanHours = 48;
    public const int MaxAddress = 200;
    public const int MaxNote = 500;

    /// <summary>The case in the caller's jurisdiction, else 404 (never telling that it exists elsewhere).</summary>
    public static async Task<Case> CaseInScopeAsync(FrontlineDb db, Caller caller, long caseId, CancellationToken ct) =>
        await db.Cases.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(c => c.Id == caseId, ct) ?? throw new NotFoundException("case");

    /// <summary>
    /// The case's lookback under the active policy set. A case found by screening starts at its last negative sample
    /// before the positive one, when that is later than N days before onset or sampling (Testing's samples say).
    /// </summary>
    public async Task<LookbackWindow> LookbackAsync(FrontlineDb db, Case c, CancellationToken ct)
    {
        DateTime? lastNegative = null;
        if (c.DetectedBy == "mass-testing")
        {
            var before = c.SampledAt ?? c.ReportedAt;
            lastNegative = await db.Set<Sample>().AsNoTracking()
                .Where(s => s.PersonId == c.PersonId && s.Outcome == Outcome.Negative && s.CollectedAt < before)
                .MaxAsync(s => (DateTime?)s.CollectedAt, ct);
            if (lastNegative is { } n) lastNegative = DateTime.SpecifyKind(n, DateTimeKind.Utc);
        }
        return InvestigationRules.Lookback(policies.Active, c, lastNegative);
    }

    public static TrajectoryLookback View(LookbackWindow w) => new(w.From.ToChina(), w.To.ToChina(), w.StartRule);

    static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    public async Task<TrajectoryPage> ListAsync(Caller caller, long caseId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await LookbackAsync(db, c, ct);
        var q = db.TrajectoryEntries.AsNoTracking().Where(t => t.CaseId == caseId);
        var places = db.Places.AsNoTracking();
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(t => t.From).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(t => new { Entry = t, Place = places.Where(p => p.Id == t.PlaceId).Select(p => new { p.Code, p.Name }).FirstOrDefault() })
            .ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var t = r.Entry;
            var (from, to) = (Utc(t.From), Utc(t.To));
            return new TrajectoryEntryView(t.Id.ToString(CultureInfo.InvariantCulture), t.PlaceId?.ToString(CultureInfo.InvariantCulture), r.Place?.Code, r.Place?.Name,
                t.Address, from.ToChina(), to.ToChina(), t.Source == TrajectorySource.CheckIn ? "checkin" : "manual", t.CheckInId?.ToString(CultureInfo.InvariantCulture),
                t.Note, from < lookback.From || to > lookback.To, t.CreatedBy, Utc(t.CreatedAt).ToChina());
        }).ToList();
        return new(total, items, View(lookback));
    }

    /// <summary>Appends entries: all of them or, when one is wrong, none (each error names its entry).</summary>
    public async Task<TrajectoryAdded> AddAsync(Caller caller, long caseId, IReadOnlyList<TrajectoryEntryInput?>? entries, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await LookbackAsync(db, c, ct);
        if (entries is null || entries.Count == 0) throw new ValidationFailed([new("entries", "missing-field", "entries")]);
        if (entries.Count > MaxEntries) throw new DomainException("trajectory-too-many", field: "entries", args: MaxEntries);
        var codes = entries.Select(e => e?.VenueCode?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Distinct().ToList();
        // Any registered place of the district: a case goes where it goes, not only where the investigator works.
        var places = await db.Places.AsNoTracking().Where(p => codes.Contains(p.Code)).ToDictionaryAsync(p => p.Code, p => p.Id, ct);
        var errors = new List<FieldError>();
        var rows = new List<TrajectoryEntry>();
        var flagged = new List<int>();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < entries.Count; i++)
        {
            var field = $"entries[{i}]";
            if (entries[i] is not { } e) { errors.Add(new(field, "invalid-item")); continue; }
            var code = e.VenueCode?.Trim();
            var address = TextRules.Optional(errors, field + ".address", e.Address, MaxAddress);
            var note = TextRules.Optional(errors, field + ".note", e.Note, MaxNote, multiLine: true);
            long? placeId = null;
            if (string.IsNullOrEmpty(code) == string.IsNullOrWhiteSpace(e.Address)) errors.Add(new(field + ".venueCode", "venue-or-address"));
            else if (!string.IsNullOrEmpty(code))
            {
                if (places.TryGetValue(code, out var id)) placeId = id;
                else errors.Add(new(field + ".venueCode", "unknown-venue"));
            }
            if (e.From is not { } fromOffset) { errors.Add(new(field + ".from", "missing-field", "from")); continue; }
            if (e.To is not { } toOffset) { errors.Add(new(field + ".to", "missing-field", "to")); continue; }
            var (from, to) = (fromOffset.UtcDateTime, toOffset.UtcDateTime);
            if (to < from) { errors.Add(new(field + ".to", "trajectory-ends-before-start")); continue; }
            if (to - from > TimeSpan.FromHours(MaxSpanHours)) { errors.Add(new(field + ".to", "trajectory-too-long", MaxSpanHours)); continue; }
            if (lookback.Clip(from, to) is null)
            {
                errors.Add(new(field + ".from", "trajectory-outside-lookback", lookback.From.Display(), lookback.To.Display()));
                continue;
            }
            if (from < lookback.From || to > lookback.To) flagged.Add(i);
            rows.Add(new TrajectoryEntry
            {
                CaseId = c.Id, PlaceId = placeId, Address = placeId is null ? address : null, From = from, To = to, Source = TrajectorySource.Manual,
                Note = note, CreatedBy = caller.UserName, CreatedAt = now,
            });
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);
        db.TrajectoryEntries.AddRange(rows);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, CheckInsAuditActions.TrajectoryAdd, $"case:{c.Id}", c.CommunityCode, detail: new { entries = rows.Select(r => r.Id) }));
        await db.SaveChangesAsync(ct);
        return new(rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList(), flagged);
    }

    /// <summary>Registered places by exact venue code or by a part of the name, for the entry form's place search.</summary>
    public async Task<IReadOnlyList<PlaceView>> FindPlacesAsync(string? text, int take = 20, CancellationToken ct = default)
    {
        var q = text?.Trim();
        if (string.IsNullOrEmpty(q)) return [];
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Places.AsNoTracking().Where(p => p.Code == q || p.Name.Contains(q)).OrderBy(p => p.Code != q).ThenBy(p => p.Name).Take(take).ToListAsync(ct);
        return rows.Select(p => new PlaceView(p.Id.ToString(CultureInfo.InvariantCulture), p.Code, p.Name, Places.KindCode(p.Kind), p.CommunityCode)).ToList();
    }

    public async Task DeleteAsync(Caller caller, long caseId, long entryId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CaseInScopeAsync(db, caller, caseId, ct);
        var entry = await db.TrajectoryEntries.FirstOrDefaultAsync(t => t.Id == entryId && t.CaseId == c.Id, ct) ?? throw new NotFoundException("trajectory-entry");
        db.TrajectoryEntries.Remove(entry);
        db.Audit.Add(audit.Entry(caller, CheckInsAuditActions.TrajectoryDelete, $"case:{c.Id}", c.CommunityCode,
            detail: new { entry = entry.Id, entry.PlaceId, entry.Address, from = entry.From, to = entry.To }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The case's own check-ins inside the lookback, oldest first, each saying whether it is already an entry.</summary>
    public async Task<Paged<OwnCheckInView>> OwnCheckInsAsync(Caller caller, long caseId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await LookbackAsync(db, c, ct);
        var q = db.CheckIns.AsNoTracking().Where(k => k.PersonId == c.PersonId && k.At >= lookback.From && k.At <= lookback.To);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(k => k.At).ThenBy(k => k.Id).Skip(page.Skip).Take(page.PageSize)
            .Join(db.Places, k => k.PlaceId, p => p.Id, (k, p) => new { k.Id, p.Code, p.Name, k.At })
            .ToListAsync(ct);
        var ids = rows.Select(r => (long?)r.Id).ToList();
        var taken = (await db.TrajectoryEntries.AsNoTracking().Where(t => t.CaseId == c.Id && ids.Contains(t.CheckInId)).Select(t => t.CheckInId).ToListAsync(ct)).ToHashSet();
        return new(total, rows.Select(r => new OwnCheckInView(r.Id.ToString(CultureInfo.InvariantCulture), r.Code, r.Name, Utc(r.At).ToChina(),
            taken.Contains(r.Id))).ToList());
    }

    /// <summary>
    /// Takes the case's own check-ins as entries (Source = CheckIn, the scan's moment as the span: the companion window
    /// gives it its width). A check-in already taken is skipped; one not the case's own or outside the lookback is refused.
    /// </summary>
    public async Task<TrajectoryAdded> AcceptCheckInsAsync(Caller caller, long caseId, IReadOnlyList<string>? checkInIds, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await LookbackAsync(db, c, ct);
        if (checkInIds is null || checkInIds.Count == 0) throw new ValidationFailed([new("checkInIds", "missing-field", "checkInIds")]);
        if (checkInIds.Count > MaxEntries) throw new DomainException("trajectory-too-many", field: "checkInIds", args: MaxEntries);
        var parsed = checkInIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
        var wanted = parsed.Where(id => id > 0).Distinct().ToList();
        var own = await db.CheckIns.AsNoTracking()
            .Where(k => wanted.Contains(k.Id) && k.PersonId == c.PersonId && k.At >= lookback.From && k.At <= lookback.To)
            .ToDictionaryAsync(k => k.Id, ct);
        var errors = parsed.Select((id, i) => (id, i)).Where(x => !own.ContainsKey(x.id))
            .Select(x => new FieldError($"checkInIds[{x.i}]", "checkin-not-own")).ToList();
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var taken = (await db.TrajectoryEntries.AsNoTracking().Where(t => t.CaseId == c.Id && t.CheckInId != null && wanted.Contains(t.CheckInId!.Value))
            .Select(t => t.CheckInId!.Value).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = own.Values.Where(k => !taken.Contains(k.Id)).OrderBy(k => k.At).Select(k => new TrajectoryEntry
        {
            CaseId = c.Id, PlaceId = k.PlaceId, From = Utc(k.At), To = Utc(k.At), Source = TrajectorySource.CheckIn, CheckInId = k.Id,
            CreatedBy = caller.UserName, CreatedAt = now,
        }).ToList();
        if (rows.Count > 0)
        {
            db.TrajectoryEntries.AddRange(rows);
            await db.SaveChangesAsync(ct);
            db.Audit.Add(audit.Entry(caller, CheckInsAuditActions.TrajectoryAdd, $"case:{c.Id}", c.CommunityCode,
                detail: new { entries = rows.Select(r => r.Id), fromCheckIns = rows.Select(r => r.CheckInId) }));
            await db.SaveChangesAsync(ct);
        }
        return new(rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList(), []);
    }
}
