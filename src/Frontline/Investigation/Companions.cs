using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>A space-time companion the investigator ruled out for a case, with the reason: not proposed again.</summary>
public sealed class CompanionDismissal
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long PersonId { get; set; }
    public required string Reason { get; set; }
    public required string DismissedBy { get; set; }
    public DateTime DismissedAt { get; set; }
}

sealed class CompanionDismissalConfiguration : IEntityTypeConfiguration<CompanionDismissal>
{
    public void Configure(EntityTypeBuilder<CompanionDismissal> e)
    {
        e.ToTable("companion_dismissals");
        e.Property(d => d.Reason).HasMaxLength(200);
        e.Property(d => d.DismissedBy).HasMaxLength(64);
        e.HasIndex(d => new { d.CaseId, d.PersonId }).IsUnique();
    }
}

public sealed record CompanionView(string PersonId,
    [Description("Masked.")] string Name, [Description("Masked.")] string IdNumber,
    string VenueCode, string PlaceName,
    [Description("The longest overlap of the person's presence (check-in ± window) with the case's at one place.")] DateTimeOffset OverlapFrom, DateTimeOffset OverlapTo,
    int OverlapMinutes, [Description("The person's check-ins that fell in the window at the case's places.")] int CheckIns,
    [Description("The end of the person's last overlap with the case: the last exposure when confirmed.")] DateTimeOffset LastOverlapTo);

public sealed record CompanionPage(long Total, IReadOnlyList<CompanionView> Items, int WindowMinutes, TrajectoryLookback Lookback);

public sealed record CompanionConfirmed(string ContactId, bool Created, DateTimeOffset LastExposureAt);

public sealed record DismissInput([Description("Why this person is not a companion (worked behind the counter, other floor …).")] string? Reason);

/// <summary>
/// 时空伴随: everyone whose venue check-in falls at a place of the case's trajectory within the window either side of the
/// entry's span, inside the lookback — not the case's own person, not people already contacts of the case, not those
/// dismissed. One index range scan per entry on (place_id, at); the candidates are gathered in memory (a busy market
/// gives a few hundred scans an hour), so a case with 20 entries answers in milliseconds on tens of millions of rows.
/// </summary>
public sealed class Companions(IDbContextFactory<FrontlineDb> dbs, Trajectories trajectories, PolicySets policies, AuditLog audit, TimeProvider clock)
{
    public const int MaxWindowMinutes = 240;
    public const int MaxReason = 200;

    /// <summary>One companion's overlaps, before the page is cut.</summary>
    sealed class Found
    {
        public long PersonId;
        public long PlaceId;
        public DateTime From, To, LastTo;
        public int CheckIns;
        public TimeSpan Overlap => To - From;
    }

    public int Window(int? windowMinutes)
    {
        var w = windowMinutes ?? policies.Active.CompanionWindowMinutes;
        if (w < 1 || w > MaxWindowMinutes) throw new DomainException("invalid-window", field: "windowMinutes", args: MaxWindowMinutes);
        return w;
    }

    public async Task<CompanionPage> SearchAsync(Caller caller, long caseId, int? windowMinutes, PageRequest page, CancellationToken ct = default)
    {
        var window = Window(windowMinutes);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await Trajectories.CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await trajectories.LookbackAsync(db, c, ct);
        var found = await FindAsync(db, c, lookback, window, ct);
        var ordered = Ordered(found).ToList();
        var slice = ordered.Skip(page.Skip).Take(page.PageSize).ToList();
        var personIds = slice.Select(f => f.PersonId).ToList();
        var placeIds = slice.Select(f => f.PlaceId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.DocNumber }).ToDictionaryAsync(p => p.Id, ct);
        var places = await db.Places.AsNoTracking().Where(p => placeIds.Contains(p.Id)).Select(p => new { p.Id, p.Code, p.Name }).ToDictionaryAsync(p => p.Id, ct);
        var items = slice.Select(f =>
        {
            var person = persons.GetValueOrDefault(f.PersonId);
            var place = places[f.PlaceId];
            return new CompanionView(f.PersonId.ToString(CultureInfo.InvariantCulture), Masking.Name(person?.Name) ?? "", Masking.IdNumber(person?.DocNumber) ?? "",
                place.Code, place.Name, f.From.ToChina(), f.To.ToChina(), (int)Math.Round(f.Overlap.TotalMinutes), f.CheckIns, f.LastTo.ToChina());
        }).ToList();
        return new(ordered.Count, items, window, Trajectories.View(lookback));
    }

    /// <summary>The case's companions' person ids, longest overlap first, at most <paramref name="max"/>: one search, no views.</summary>
    public async Task<List<long>> PersonIdsAsync(Caller caller, long caseId, int max, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await Trajectories.CaseInScopeAsync(db, caller, caseId, ct);
        var lookback = await trajectories.LookbackAsync(db, c, ct);
        var found = await FindAsync(db, c, lookback, Window(null), ct);
        return Ordered(found).Take(max).Select(f => f.PersonId).ToList();
    }

    static IEnumerable<Found> Ordered(Dictionary<long, Found> found) =>
        found.Values.OrderByDescending(f => f.Overlap).ThenByDescending(f => f.LastTo).ThenBy(f => f.PersonId);

    /// <summary>
    /// The candidates by person. A check-in at t stands for presence over [t − w, t + w]; its overlap with an entry
    /// [from, to] is the intersection, clipped to the lookback; a check-in counts when that is not empty.
    /// </summary>
    async Task<Dictionary<long, Found>> FindAsync(FrontlineDb db, Case c, LookbackWindow lookback, int window, CancellationToken ct, long? onlyPerson = null)
    {
        var w = TimeSpan.FromMinutes(window);
        var entries = await db.TrajectoryEntries.AsNoTracking().Where(t => t.CaseId == c.Id && t.PlaceId != null)
            .Select(t => new { PlaceId = t.PlaceId!.Value, t.From, t.To }).ToListAsync(ct);
        var excluded = (await db.Contacts.AsNoTracking().Where(k => k.CaseId == c.Id).Select(k => k.PersonId).ToListAsync(ct)).ToHashSet();
        excluded.UnionWith(await db.Set<CompanionDismissal>().AsNoTracking().Where(d => d.CaseId == c.Id).Select(d => d.PersonId).ToListAsync(ct));
        excluded.Add(c.PersonId);
        var found = new Dictionary<long, Found>();
        if (entries.Count == 0) return found;

        // One statement for all the entries (a UNION ALL of one index range scan each): one round trip, however many entries.
        var ranges = new List<(int Entry, DateTime From, DateTime To)>();
        var spans = entries.Select(e => (e.PlaceId, From: DateTime.SpecifyKind(e.From, DateTimeKind.Utc), To: DateTime.SpecifyKind(e.To, DateTimeKind.Utc))).ToList();
        for (var i = 0; i < spans.Count; i++)
            if (lookback.Clip(spans[i].From - w, spans[i].To + w) is { } range) ranges.Add((i, range.From, range.To));
        if (ranges.Count == 0) return found;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var cmd = Sql.Command(connection, null, "");
        var parts = new List<string>(ranges.Count);
        foreach (var (entry, from, to) in ranges)
        {
            parts.Add($"SELECT {entry} AS entry, person_id, at FROM checkins WHERE place_id = @p{entry} AND at >= @f{entry} AND at <= @t{entry}"
                + (onlyPerson is null ? "" : " AND person_id = @person"));
            Add(cmd, $"@p{entry}", spans[entry].PlaceId);
            Add(cmd, $"@f{entry}", from);
            Add(cmd, $"@t{entry}", to);
        }
        if (onlyPerson is { } only) Add(cmd, "@person", only);
        cmd.CommandText = string.Join(" UNION ALL ", parts);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var person = reader.GetInt64(1);
            if (excluded.Contains(person)) continue;
            var e = spans[reader.GetInt32(0)];
            var at = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
            var start = Max(Max(e.From, at - w), lookback.From);
            var end = Min(Min(e.To, at + w), lookback.To);
            // Only the part of the case's stay inside the lookback counts (an entry may reach beyond it).
            if (end < start) continue;
            if (!found.TryGetValue(person, out var f))
            {
                found[person] = new Found { PersonId = person, PlaceId = e.PlaceId, From = start, To = end, LastTo = end, CheckIns = 1 };
                continue;
            }
            f.CheckIns++;
            if (end > f.LastTo) f.LastTo = end;
            if (end - start > f.Overlap) (f.PlaceId, f.From, f.To) = (e.PlaceId, start, end);
        }
        return found;
    }

    static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>
    /// Confirms a companion as a close contact of the case (setting venue, last exposure the end of the last overlap). Again
    /// for one already a contact: the contact it is, nothing written.
    /// </summary>
    public async Task<CompanionConfirmed> ConfirmAsync(Caller caller, long caseId, long personId, int? windowMinutes, CancellationToken ct = default)
    {
        var window = Window(windowMinutes);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await Trajectories.CaseInScopeAsync(db, caller, caseId, ct);
        if (await ExistingContactAsync(db, c.Id, personId, ct) is { } existing) return existing;
        var lookback = await trajectories.LookbackAsync(db, c, ct);
        var found = await FindAsync(db, c, lookback, window, ct, personId);
        if (!found.TryGetValue(personId, out var f)) throw new DomainException("not-a-companion", StatusCodes.Status409Conflict, "personId");
        var contact = await AddContactAsync(db, caller, c, personId, f.LastTo, ct);
        if (contact is null) return (await ExistingContactAsync(db, c.Id, personId, ct))!;
        db.Audit.Add(audit.Entry(caller, CheckInsAuditActions.CompanionConfirm, $"case:{c.Id}", c.CommunityCode,
            detail: new { personId, contactId = contact.Id, lastExposureAt = f.LastTo, windowMinutes = window }));
        await db.SaveChangesAsync(ct);
        return new(contact.Id.ToString(CultureInfo.InvariantCulture), true, f.LastTo.ToChina());
    }

    static async Task<CompanionConfirmed?> ExistingContactAsync(FrontlineDb db, long caseId, long personId, CancellationToken ct) =>
        await db.Contacts.AsNoTracking().Where(k => k.CaseId == caseId && k.PersonId == personId).Select(k => new { k.Id, k.LastExposureAt }).FirstOrDefaultAsync(ct)
            is { } k ? new CompanionConfirmed(k.Id.ToString(CultureInfo.InvariantCulture), false, DateTime.SpecifyKind(k.LastExposureAt, DateTimeKind.Utc).ToChina()) : null;

    /// <summary>
    /// The contact row itself (the contacts' own API is another part's): a close contact of the case found as a companion.
    /// Null when another request added the same person a moment ago (the unique (case, person) index refused it).
    /// </summary>
    async Task<Contact?> AddContactAsync(FrontlineDb db, Caller caller, Case c, long personId, DateTime lastExposure, CancellationToken ct)
    {
        var contact = new Contact
        {
            CaseId = c.Id, PersonId = personId, Kind = ContactKind.Close, LastExposureAt = lastExposure, Setting = "venue", Source = "companion",
            CommunityCode = c.CommunityCode, AddedBy = caller.UserName, AddedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Contacts.Add(contact);
        try
        {
            await db.SaveChangesAsync(ct);
            return contact;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Contacts.AsNoTracking().AnyAsync(k => k.CaseId == c.Id && k.PersonId == personId, ct)) return null;
            throw;
        }
    }

    /// <summary>Rules a companion out with a reason: not proposed for this case again. Again for one dismissed: nothing changes.</summary>
    public async Task DismissAsync(Caller caller, long caseId, long personId, string? reason, int? windowMinutes, CancellationToken ct = default)
    {
        var window = Window(windowMinutes);
        var errors = new List<FieldError>();
        var text = FieldError.Required(errors, "reason", reason, MaxReason);
        if (text is not null && TextRules.Check(text, MaxReason) is { } bad) errors.Add(new("reason", bad, "reason", MaxReason));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await Trajectories.CaseInScopeAsync(db, caller, caseId, ct);
        if (await db.Set<CompanionDismissal>().AnyAsync(d => d.CaseId == c.Id && d.PersonId == personId, ct)) return;
        if (await db.Contacts.AnyAsync(k => k.CaseId == c.Id && k.PersonId == personId, ct))
            throw new DomainException("companion-already-contact", StatusCodes.Status409Conflict, "personId");
        var lookback = await trajectories.LookbackAsync(db, c, ct);
        if (!(await FindAsync(db, c, lookback, window, ct, personId)).ContainsKey(personId))
            throw new DomainException("not-a-companion", StatusCodes.Status409Conflict, "personId");
        db.Set<CompanionDismissal>().Add(new CompanionDismissal
        {
            CaseId = c.Id, PersonId = personId, Reason = text!, DismissedBy = caller.UserName, DismissedAt = clock.GetUtcNow().UtcDateTime,
        });
        db.Audit.Add(audit.Entry(caller, CheckInsAuditActions.CompanionDismiss, $"case:{c.Id}", c.CommunityCode, reason: text, detail: new { personId }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Dismissed by another request a moment ago: the same outcome.
            if (!await DismissedAsync(c.Id, personId, ct)) throw;
        }
    }

    async Task<bool> DismissedAsync(long caseId, long personId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Set<CompanionDismissal>().AnyAsync(d => d.CaseId == caseId && d.PersonId == personId, ct);
    }
}
