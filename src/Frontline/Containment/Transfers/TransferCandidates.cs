using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Containment;

/// <summary>
/// A person the request form may put on a transfer, as the registry shows them (masked by its rules), with what the
/// dispatcher must know before adding them: their latest close-contact record (whose exposure plans the stay they
/// arrive to), the open transfer they are already on, the stay they are already in.
/// </summary>
public sealed record TransferCandidate(PersonView Person, string? ContactId, string? CaseId, DateTimeOffset? LastExposureAt,
    string? OnTransferId, StayKind? StayKind)
{
    /// <summary>On another open transfer: the request would be refused (already-on-transfer).</summary>
    public bool Blocked => OnTransferId is not null;
}

/// <summary>A case's close contacts of one jurisdiction: in all, in a stay, on their way, and still to be moved.</summary>
public sealed record CaseContactsPlaced(int Total, int InStay, int OnTransfer, int ToMove);

/// <summary>Who the transfer request form offers: the registry's search in the caller's jurisdiction, or a case's close contacts.</summary>
public sealed class TransferCandidates(IDbContextFactory<FrontlineDb> dbs, Persons persons)
{
    /// <summary>Name prefix, the last four of an ID or phone, a room or a full number: the registry's own search, a page of it.</summary>
    public async Task<Paged<TransferCandidate>> SearchAsync(Caller caller, string? q, PageRequest page, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(q)) return new(0, []);
        var found = await persons.SearchAsync(caller, null, q, page, sort: PersonSort.Name, ct: ct);
        return new(found.Total, await WithFactsAsync(found.Items, ct));
    }

    /// <summary>
    /// A case's close contacts who live in the caller's jurisdiction (the others are another dispatcher's), at most a
    /// transfer's worth, those not yet on a transfer or in a stay first.
    /// </summary>
    public async Task<IReadOnlyList<TransferCandidate>> CaseContactsAsync(Caller caller, long caseId, CancellationToken ct = default)
    {
        List<long> ids;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            ids = await CloseContactsInScope(db, caller, caseId).OrderBy(id => id).Take(Transfers.MaxPeople).ToListAsync(ct);
        // A grid worker's scope is narrower than the community: a contact outside their grid is not theirs to move.
        var views = await persons.GetManyAsync(caller, ids, ct);
        return (await WithFactsAsync(views, ct)).OrderBy(c => c.Blocked || c.StayKind is not null).ToList();
    }

    /// <summary>
    /// Where a case's close contacts of the caller's jurisdiction stand: how many in all, in an active stay, on an open
    /// transfer, and neither (still to be moved). Counted in the database, for a case of any size.
    /// </summary>
    public async Task<CaseContactsPlaced> PlacedAsync(Caller caller, long caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var contacts = CloseContactsInScope(db, caller, caseId);
        // Local sets: an expression tree cannot call the modules' extension properties.
        var stays = db.Stays;
        var onOpenTransfer = db.TransferPeople.Join(db.Transfers.Where(TransferRules.Open), p => p.TransferId, t => t.Id, (p, t) => p.PersonId);
        var staying = contacts.Where(id => stays.Any(s => s.PersonId == id && s.Status == StayStatus.Active));
        var onTransfer = contacts.Where(id => onOpenTransfer.Contains(id));
        var total = await contacts.CountAsync(ct);
        var inStay = await staying.CountAsync(ct);
        var moving = await onTransfer.Where(id => !staying.Contains(id)).CountAsync(ct);
        return new CaseContactsPlaced(total, inStay, moving, total - inStay - moving);
    }

    /// <summary>The persons who are close contacts of the case and live in the caller's jurisdiction, each once.</summary>
    static IQueryable<long> CloseContactsInScope(FrontlineDb db, Caller caller, long caseId) =>
        db.Contacts.AsNoTracking().Where(c => c.CaseId == caseId && c.Kind == ContactKind.Close)
            .Join(db.Persons.InScope(caller.Scope), c => c.PersonId, p => p.Id, (c, p) => c.PersonId).Distinct();

    async Task<List<TransferCandidate>> WithFactsAsync(IReadOnlyList<PersonView> people, CancellationToken ct)
    {
        if (people.Count == 0) return [];
        var ids = people.Select(p => long.Parse(p.Id)).ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        // A page of people (≤ 50): their contacts, open transfers and active stays by the person indexes of each table.
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.PersonId) && c.Kind == ContactKind.Close)
            .Select(c => new { c.Id, c.CaseId, c.PersonId, c.LastExposureAt }).ToListAsync(ct);
        var onTransfer = await db.TransferPeople.AsNoTracking().Where(p => ids.Contains(p.PersonId))
            .Join(db.Transfers.Where(TransferRules.Open), p => p.TransferId, t => t.Id,
                (p, t) => new { p.PersonId, t.Id }).ToListAsync(ct);
        var staying = await db.Stays.AsNoTracking().Where(s => ids.Contains(s.PersonId) && s.Status == StayStatus.Active)
            .Select(s => new { s.PersonId, s.Kind }).ToListAsync(ct);
        return people.Select(p =>
        {
            var id = long.Parse(p.Id);
            var contact = contacts.Where(c => c.PersonId == id).MaxBy(c => c.LastExposureAt);
            return new TransferCandidate(p, contact?.Id.ToString(), contact?.CaseId.ToString(), contact?.LastExposureAt.ToChina(),
                onTransfer.FirstOrDefault(t => t.PersonId == id)?.Id.ToString(), staying.FirstOrDefault(s => s.PersonId == id)?.Kind);
        }).ToList();
    }
}
