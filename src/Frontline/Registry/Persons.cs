using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record PersonView(
    string Id, string Name, [OneOf(typeof(DocType))] string DocType, [Description("Masked (440306********1234) unless unmasked.")] string IdNumber,
    [Description("Masked (138****5678) unless unmasked.")] string? Phone, string CommunityCode, string? CommunityName,
    string BuildingId, string Building, string? Room, int? Floor, [OneOf(typeof(ResidentType))] string ResidentType, string? Note,
    [OneOf(typeof(VerificationStatus))] string Verification, DateTimeOffset? VerifiedAt, string? VerifiedBy, bool NeedsVerification, bool Masked);

public enum PersonSort { Community, Name, Newest }

/// <summary>Finding, reading, registering and checking persons: the one service behind the API and the pages.</summary>
public sealed class Persons(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit, TimeProvider clock)
{
    sealed record Row(Person P, string BuildingName, string? GridCode);

    public async Task<Paged<PersonView>> SearchAsync(Caller caller, string? jurisdiction, string? q, PageRequest page,
        bool unmask = false, PersonSort sort = PersonSort.Community, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmaskPermission(caller, unmask, reason);
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var persons = Grids.InGrid(await directory.InScopeAsync(db.Persons.AsNoTracking(), scope, ct), db, scope);
        var text = q?.Trim();
        if (!string.IsNullOrEmpty(text))
        {
            var upper = text.ToUpperInvariant();
            if (LooksLikeNumber(text))
            {
                IdentityDocuments.ValidatePhone(text, out var phone);
                persons = persons.Where(p => p.DocNumber == upper || p.Phone == phone);
            }
            else if (LooksLikeIdTail(upper))
                // "1501" is what a worker knows of an ID (身份证后四位), of a phone (手机尾号) or of a door: all three, each
                // through its own index.
                persons = persons.Where(p => p.DocTail == upper || p.PhoneTail == upper || p.Room == upper);
            else if (LooksLikeRoom(text))
                persons = persons.Where(p => p.Room == upper || p.Room == text);
            else
            {
                // A prefix range rather than LIKE: the index on name serves it on both providers.
                var high = text + "\U0010FFFF";
                persons = persons.Where(p => string.Compare(p.Name, text) >= 0 && string.Compare(p.Name, high) < 0);
            }
        }
        var total = await persons.LongCountAsync(ct);
        persons = sort switch
        {
            PersonSort.Name => persons.OrderBy(p => p.Name).ThenBy(p => p.Id),
            PersonSort.Newest => persons.OrderByDescending(p => p.Id),
            _ => persons.OrderBy(p => p.CommunityCode).ThenBy(p => p.Id),
        };
        var people = await persons.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        // Building names in a second, small query: a join would not promise to keep the page's order.
        var buildingIds = people.Select(p => p.BuildingId).Distinct().ToList();
        var buildings = await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var items = new List<PersonView>(people.Count);
        foreach (var p in people) items.Add(await ViewAsync(p, buildings.GetValueOrDefault(p.BuildingId, ""), unmask, caller.Can(Permissions.PiiView), ct));
        if (unmask && items.Count > 0)
            await audit.RecordAsync(caller, AuditActions.PiiView, "persons", scope.Code, reason,
                new { q = AuditedQuery(text), page = page.Page, ids = items.Select(i => i.Id) }, ct);
        return new(total, items);
    }

    /// <summary>
    /// A search by document or phone is recorded masked as the person view shows them, whatever the document's shape
    /// (the audit log masks what looks like one, but a Taiwan permit's eight digits look like nothing in particular).
    /// </summary>
    static string? AuditedQuery(string? text)
    {
        if (string.IsNullOrEmpty(text) || !LooksLikeNumber(text)) return text;
        return IdentityDocuments.ValidatePhone(text, out var phone) is null ? Masking.Phone(phone) : Masking.IdNumber(text.ToUpperInvariant());
    }

    /// <summary>The last four characters of a resident ID: three digits and a digit or the check character X.</summary>
    static bool LooksLikeIdTail(string upper) =>
        upper.Length == 4 && upper.AsSpan(0, 3).IndexOfAnyExceptInRange('0', '9') < 0 && (char.IsAsciiDigit(upper[3]) || upper[3] == 'X');

    /// <summary>A room number as rosters write it (502, 1501, 3-1201, B302): short, with a digit, no letters of a name.</summary>
    static bool LooksLikeRoom(string text) =>
        text.Length <= 10 && text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-');

    static bool LooksLikeNumber(string text) =>
        text.Count(char.IsAsciiDigit) >= 6 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or ' ');

    public async Task<PersonView> GetAsync(Caller caller, long id, bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmaskPermission(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await WithBuildings(db, db.Persons.AsNoTracking().Where(p => p.Id == id)).FirstOrDefaultAsync(ct);
        if (row is null || !caller.Scope.Contains(row.P.CommunityCode, row.GridCode)) throw new NotFoundException("person");
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"person:{id}", row.P.CommunityCode, reason, ct: ct);
        return await ViewAsync(row.P, row.BuildingName, unmask, caller.Can(Permissions.PiiView), ct);
    }

    /// <summary>Several persons by id, masked, in the order given; those outside the caller's scope (or grid) are left out. One query.</summary>
    public async Task<List<PersonView>> GetManyAsync(Caller caller, IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = (await WithBuildings(db, db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(ct))
            .Where(r => caller.Scope.Contains(r.P.CommunityCode, r.GridCode)).ToDictionary(r => r.P.Id);
        var mayViewAddress = caller.Can(Permissions.PiiView);
        var views = new List<PersonView>(rows.Count);
        foreach (var id in ids)
            if (rows.TryGetValue(id, out var row)) views.Add(await ViewAsync(row.P, row.BuildingName, unmask: false, mayViewAddress, ct));
        return views;
    }

    /// <summary>Each person with their building's name and grid, which the views and the grid-scope check need.</summary>
    static IQueryable<Row> WithBuildings(FrontlineDb db, IQueryable<Person> persons) =>
        persons.Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new Row(p, b.Name, b.GridCode));

    /// <summary>Everyone registered in one building (masked), for the household walk; the caller's scope is checked by the walk.</summary>
    internal async Task<List<PersonView>> InBuildingAsync(long buildingId, string buildingName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var people = await db.Persons.AsNoTracking().Where(p => p.BuildingId == buildingId).OrderBy(p => p.Id).ToListAsync(ct);
        var views = new List<PersonView>(people.Count);
        // Only workers who check households walk a building (registry.verify, which comes with pii.view): rooms shown.
        foreach (var p in people) views.Add(await ViewAsync(p, buildingName, unmask: false, mayViewAddress: true, ct));
        return views;
    }

    /// <summary>Full personal data needs the permission and a stated reason, which goes into the audit entry.</summary>
    static void RequireUnmaskPermission(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    /// <summary>
    /// ID and phone masked unless unmasked (with pii.view, a reason, audited); the room — the household's
    /// address — shown only to callers who hold pii.view at all (a sampler or an auditor sees the building, not the door).
    /// </summary>
    async Task<PersonView> ViewAsync(Person p, string building, bool unmask, bool mayViewAddress, CancellationToken ct)
    {
        var community = await directory.GetAsync(p.CommunityCode, ct);
        return new PersonView(
            p.Id.ToString(), p.Name, p.DocType.Code(), unmask ? p.DocNumber : Masking.IdNumber(p.DocNumber)!,
            unmask ? p.Phone : Masking.Phone(p.Phone), p.CommunityCode, community?.Name, p.BuildingId.ToString(), building,
            mayViewAddress ? p.Room : Masking.Room(p.Room), mayViewAddress ? p.Floor : null, p.ResidentType.Code(), p.Note, VerificationCode(p.Verification), p.VerifiedAt?.ToChina(), p.VerifiedBy,
            p.NeedsVerification, !unmask);
    }

    /// <summary>Whether a queued tap of the walk was applied (by this request or an earlier one).</summary>
    public async Task<bool> TapAppliedAsync(string eventId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.VerificationTaps.AnyAsync(t => t.EventId == eventId, ct);
    }

    public static string VerificationCode(VerificationStatus s) => s switch
    {
        VerificationStatus.Present => "present",
        VerificationStatus.MovedOut => "moved-out",
        VerificationStatus.Absent => "absent",
        _ => "unverified",
    };

    public static VerificationStatus? ParseVerification(string? code) => code switch
    {
        "present" => VerificationStatus.Present,
        "moved-out" => VerificationStatus.MovedOut,
        "absent" => VerificationStatus.Absent,
        _ => null,
    };

    /// <summary>
    /// Registers one person, counted in their community's population in the same transaction
    /// (<see cref="PersonRegistration"/>). A newcomer found at the door by a community worker is recorded as
    /// present; someone registered elsewhere on the spot is flagged for verification.
    /// </summary>
    public async Task<long> CreateAsync(Caller caller, PersonInput input, bool checkedAtDoor = false, bool needsVerification = false,
        CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        var communities = new Dictionary<string, (JurisdictionDirectory.Match, Jurisdiction?)>();
        if (input.Community is { } c) communities[c.Trim()] = await directory.FindCommunityAsync(c, ct);
        var (valid, errors) = PersonRules.Validate(input, key => communities[key], caller.Scope, today);
        if (valid is null) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var existing = await db.Persons.AsNoTracking()
            .FirstOrDefaultAsync(p => p.DocNumber == valid.DocNumber && p.DocType == valid.DocType, ct);
        // The same person in the caller's jurisdiction is "already registered". Anything else — another name, or a person
        // of a community the caller cannot see, whatever the name — is one answer that names nobody: answers that differed
        // by the name would let a caller try names against residents they may not see.
        if (existing is not null)
            throw new ValidationFailed([existing.Name == valid.Name && caller.Scope.Contains(existing.CommunityCode)
                ? new FieldError("idNumber", "duplicate-code", Masking.IdNumber(valid.DocNumber)!)
                : new FieldError("idNumber", "conflicts-with-existing")]);

        if (caller.Scope.Grid is { } grid
            && !await db.Buildings.AnyAsync(b => b.CommunityCode == valid.CommunityCode && b.Name == valid.Building && b.GridCode == grid, ct))
            throw new ValidationFailed([new FieldError("building", "building-not-in-grid", valid.Building)]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var building = await FindOrCreateBuildingAsync(db, valid.CommunityCode, valid.Building, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var person = new Person
        {
            Name = valid.Name, DocType = valid.DocType, DocNumber = valid.DocNumber, Phone = valid.Phone,
            CommunityCode = valid.CommunityCode, BuildingId = building.Id, Room = valid.Room, Floor = valid.Floor,
            ResidentType = valid.ResidentType, Note = valid.Note, CreatedAt = now, UpdatedAt = now,
            BirthDate = valid.BirthDate,
            NeedsVerification = needsVerification,
            Verification = checkedAtDoor ? VerificationStatus.Present : VerificationStatus.Unverified,
            VerifiedAt = checkedAtDoor ? now : null, VerifiedBy = checkedAtDoor ? caller.UserName : null,
        };
        db.Persons.Add(person);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.PersonCreate, $"person:{person.Id}", person.CommunityCode,
            detail: new { checkedAtDoor, needsVerification }));
        await db.SaveChangesAsync(ct);
        await PersonRegistration.CountAsync(db, person.CommunityCode, 1, ct);
        await tx.CommitAsync(ct);
        return person.Id;
    }

    internal static async Task<Building> FindOrCreateBuildingAsync(FrontlineDb db, string communityCode, string name, CancellationToken ct)
    {
        var building = await db.Buildings.FirstOrDefaultAsync(b => b.CommunityCode == communityCode && b.Name == name, ct);
        if (building is not null) return building;
        building = new Building { CommunityCode = communityCode, Name = name };
        db.Buildings.Add(building);
        await db.SaveChangesAsync(ct);
        return building;
    }

    /// <summary>
    /// Records one household check of one person (逐楼逐户排查). Moving out takes the person out of their
    /// community's population, and back in when they are found there again, in the same transaction.
    /// </summary>
    /// <param name="eventId">The phone's id for a queued tap (<see cref="WalkTaps"/>): a tap already applied changes nothing.</param>
    public async Task VerifyAsync(Caller caller, long id, VerificationStatus status, string? note, CancellationToken ct = default, string? eventId = null)
    {
        if (status == VerificationStatus.Unverified) throw new DomainException("invalid-verification", field: "status");
        var noteErrors = new List<FieldError>();
        var trimmed = TextRules.Optional(noteErrors, "note", note, PersonRules.MaxNote, multiLine: true);
        if (noteErrors.Count > 0) throw new ValidationFailed(noteErrors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        var grid = person is null || caller.Scope.Grid is null ? null
            : await db.Buildings.AsNoTracking().Where(b => b.Id == person.BuildingId).Select(b => b.GridCode).FirstOrDefaultAsync(ct);
        if (person is null || !caller.Scope.Contains(person.CommunityCode, grid)) throw new NotFoundException("person");
        var was = person.Verification;
        var now = clock.GetUtcNow().UtcDateTime;
        var present = status == VerificationStatus.Present;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (eventId is not null)
        {
            if (await db.VerificationTaps.AnyAsync(t => t.EventId == eventId, ct)) return;
            db.VerificationTaps.Add(new VerificationTap { EventId = eventId, PersonId = id, Status = status, UserName = caller.UserName, At = now });
        }
        // Written only over the status it was read with: two workers checking one person at once must not both move
        // the population (on PostgreSQL the second UPDATE sees the first one's row and matches nothing).
        var written = await db.Persons.Where(p => p.Id == id && p.Verification == was).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Verification, status)
            .SetProperty(p => p.VerifiedAt, now)
            .SetProperty(p => p.VerifiedBy, caller.UserName)
            .SetProperty(p => p.VerificationNote, trimmed)
            .SetProperty(p => p.UpdatedAt, now)
            .SetProperty(p => p.NeedsVerification, p => !present && p.NeedsVerification), ct);
        if (written == 0) throw new DomainException("verification-changed", StatusCodes.Status409Conflict, "status");
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.PersonVerify, $"person:{id}", person.CommunityCode,
            detail: eventId is null ? new { status = VerificationCode(status), note } : new { status = VerificationCode(status), note, eventId } as object));
        await db.SaveChangesAsync(ct);
        if ((was == VerificationStatus.MovedOut) != (status == VerificationStatus.MovedOut))
            await PersonRegistration.CountAsync(db, person.CommunityCode, status == VerificationStatus.MovedOut ? -1 : 1, ct);
        await tx.CommitAsync(ct);
    }
}

