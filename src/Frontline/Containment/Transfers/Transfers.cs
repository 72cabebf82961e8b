using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;

namespace Frontline.Containment;

public sealed record TransferPersonInput(
    [Required, Description("A registered person's id.")] string? PersonId,
    [Description("The room the facility keeps for them; default: the facility gives the next free one.")] string? RoomNumber,
    [Description("The investigation's contact record they come from.")] string? ContactId,
    [Description("Their last exposure (day 1 of the stay is the day after it).")] DateTimeOffset? LastExposureAt,
    [Description("Why they are moved, at most 200 characters; default 密接集中隔离 (or 阳性转运 for a positive transfer).")] string? Reason);

public sealed record TransferInput(
    [Description("The people to move (ids). Or give `people` with rooms and contacts.")] string[]? PersonIds,
    [Description("The people with the room kept for each and the contact they come from.")] TransferPersonInput[]? People,
    [Required, Description("Where the vehicle picks them up; personal data (masked without pii.view). At most 200 characters.")] string? PickupAddress,
    [Required] string? FacilityId,
    [Description("Default: the policy's transferDueHours from now (positiveTransferDueHours for positives); never later than that.")] DateTimeOffset? DueBy,
    [OneOf("close-contact", "positive"), Description("Default close-contact.")] string? Urgency,
    [Description("For the dispatcher and the driver (a wheelchair, a child travelling with a parent). At most 500 characters.")] string? Note = null);

public sealed record TransferEventInput(
    [Required, OneOf("dispatched", "picked-up", "arrived", "cancelled")] string? Status,
    [Description("When it happened (default now); not in the future, not before the previous step.")] DateTimeOffset? At,
    [Description("Plate number; required to dispatch.")] string? Vehicle,
    [Description("Required to dispatch.")] string? Driver,
    [Description("The escorting staff member (随车人员).")] string? Escort,
    [Description("Required to cancel: why. At most 500 characters; audited.")] string? Note);

public sealed record TransferCreated(string Id, DateTimeOffset DueBy);

public sealed record TransferView(string Id,
    [OneOf("requested", "dispatched", "picked-up", "arrived", "cancelled")] string Status,
    [OneOf("close-contact", "positive")] string Urgency,
    string FacilityId, string FacilityName, string JurisdictionCode,
    [Description("Masked unless unmasked with pii.view and a reason.")] string PickupAddress,
    int People, DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset DueBy,
    [Description("Open and past due.")] bool Late, [Description("Whole minutes past due; 0 when on time or closed.")] int MinutesLate,
    DateTimeOffset? DispatchedAt, DateTimeOffset? PickedUpAt, DateTimeOffset? ArrivedAt, DateTimeOffset? CancelledAt,
    string? Vehicle, string? Driver, string? Escort, string? Note);

public sealed record TransferPersonView(string PersonId, string Name, string IdNumber, string? Phone, string CommunityCode, string? RoomNumber,
    string? ContactId, DateTimeOffset? LastExposureAt, string Reason);

public sealed record TransferDetail(TransferView Transfer, string FacilityAddress, IReadOnlyList<TransferPersonView> People, bool Masked);

/// <summary>转运: requests, their steps in the allowed order, the board and the driver's manifest.</summary>
public sealed class Transfers(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, PolicySets policies, Outbox outbox)
{
    public const int MaxPeople = 50;
    /// <summary>A device clock a few minutes ahead of the server's is no future event.</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task<TransferCreated> RequestAsync(Caller caller, TransferInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var address = FieldError.Required(errors, "pickupAddress", input.PickupAddress, 200);
        var urgency = TransferRules.ParseUrgency(input.Urgency);
        if (urgency is null) errors.Add(new("urgency", "invalid-field", "urgency"));
        var people = Collect(input, errors);
        var requestNote = Optional(errors, "note", input.Note, 500);
        if (!long.TryParse(input.FacilityId, out var facilityId)) errors.Add(new("facilityId", "missing-field", "facilityId"));
        var policyDue = TransferRules.DueBy(policies.Active, urgency ?? TransferUrgency.CloseContact, now);
        var dueBy = input.DueBy?.UtcDateTime ?? policyDue;
        if (dueBy <= now) errors.Add(new("dueBy", "transfer-due-in-past"));
        else if (dueBy > policyDue) errors.Add(new("dueBy", "transfer-due-beyond-policy", TransferRules.DueHours(policies.Active, urgency ?? TransferUrgency.CloseContact)));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == facilityId, ct) ?? throw new NotFoundException("facility");
        var ids = people.Select(p => p.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking().InScope(caller.Scope).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.CommunityCode }).ToListAsync(ct);
        // A person outside the caller's jurisdiction is answered as one that does not exist.
        if (persons.Count != ids.Count) throw new NotFoundException("person");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two dispatchers filling the last rooms of one hotel at once: the facility's row is the queue on PostgreSQL
        // (SQLite takes one writer at a time anyway).
        if (db.IsPostgres)
            await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM facilities WHERE id = {facilityId} FOR UPDATE").ToListAsync(ct);

        var onOpen = await db.TransferPeople.AsNoTracking()
            .Join(db.Transfers.Where(TransferRules.Open), p => p.TransferId, t => t.Id, (p, t) => new { p.PersonId, t.Id, t.FacilityId })
            .Where(x => ids.Contains(x.PersonId)).ToListAsync(ct);
        if (onOpen.Count > 0)
        {
            // A retried request (same people, same facility) answers the transfer it made the first time.
            var same = onOpen.Select(x => x.Id).Distinct().ToList();
            if (same.Count == 1 && onOpen.Count == ids.Count && onOpen[0].FacilityId == facilityId
                && await db.TransferPeople.CountAsync(p => p.TransferId == same[0], ct) == ids.Count)
            {
                var existing = await db.Transfers.AsNoTracking().FirstAsync(t => t.Id == same[0], ct);
                return new TransferCreated(existing.Id.ToString(), existing.DueBy.ToChina());
            }
            throw new DomainException("already-on-transfer", StatusCodes.Status409Conflict, "personIds", onOpen[0].PersonId);
        }

        await CheckRoomsAsync(db, facilityId, people, ct);

        var main = persons.GroupBy(p => p.CommunityCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var transfer = new Transfer
        {
            FacilityId = facilityId, JurisdictionCode = main, PickupAddress = address!, Urgency = urgency!.Value, Status = TransferStatus.Requested,
            RequestedAt = now, RequestedBy = caller.UserName, DueBy = dueBy, Note = requestNote, UpdatedAt = now,
        };
        db.Transfers.Add(transfer);
        await db.SaveChangesAsync(ct);
        var defaultReason = transfer.Urgency == TransferUrgency.Positive ? "阳性转运" : "密接集中隔离";
        db.TransferPeople.AddRange(people.Select(p => new TransferPerson
        {
            TransferId = transfer.Id, PersonId = p.PersonId, RoomNumber = p.RoomNumber, ContactId = p.ContactId, LastExposureAt = p.LastExposureAt,
            Reason = p.Reason ?? defaultReason,
        }));
        db.Audit.Add(audit.Entry(caller, TransferAuditActions.Request, $"transfer:{transfer.Id}", transfer.JurisdictionCode, null,
            new { facilityId, people = ids, dueBy = dueBy.ToChina(), urgency = Urgency(transfer.Urgency) }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new TransferCreated(transfer.Id.ToString(), dueBy.ToChina());
    }

    sealed record Wanted(long PersonId, string? RoomNumber, long? ContactId, DateTime? LastExposureAt, string? Reason);

    static List<Wanted> Collect(TransferInput input, List<FieldError> errors)
    {
        var wanted = new List<Wanted>();
        foreach (var (id, i) in (input.PersonIds ?? []).Select((id, i) => (id, i)))
            if (long.TryParse(id, out var pid)) wanted.Add(new(pid, null, null, null, null));
            else errors.Add(new($"personIds[{i}]", "invalid-field", "personId"));
        foreach (var (p, i) in (input.People ?? []).Select((p, i) => (p, i)))
        {
            if (!long.TryParse(p.PersonId, out var pid)) { errors.Add(new($"people[{i}].personId", "missing-field", "personId")); continue; }
            long? contact = long.TryParse(p.ContactId, out var c) ? c : null;
            var room = string.IsNullOrWhiteSpace(p.RoomNumber) ? null : p.RoomNumber.Trim();
            if (room is { Length: > 16 }) errors.Add(new($"people[{i}].roomNumber", "field-too-long", "roomNumber", 16));
            var reason = string.IsNullOrWhiteSpace(p.Reason) ? null : p.Reason.Trim();
            if (reason is { Length: > 200 }) errors.Add(new($"people[{i}].reason", "field-too-long", "reason", 200));
            wanted.Add(new(pid, room, contact, p.LastExposureAt?.UtcDateTime, reason));
        }
        if (wanted.Count == 0 && !errors.Any(e => e.Field.StartsWith("people", StringComparison.Ordinal))) errors.Add(new("personIds", "transfer-no-people"));
        if (wanted.Count > MaxPeople) errors.Add(new("personIds", "transfer-too-many-people", MaxPeople));
        if (wanted.Select(w => w.PersonId).Distinct().Count() != wanted.Count) errors.Add(new("personIds", "transfer-duplicate-person"));
        var rooms = wanted.Where(w => w.RoomNumber is not null).Select(w => w.RoomNumber).ToList();
        if (rooms.Distinct().Count() != rooms.Count) errors.Add(new("people", "transfer-room-taken", rooms.GroupBy(r => r).First(g => g.Count() > 1).Key!));
        return wanted;
    }

    /// <summary>
    /// Enough free rooms for everyone, counting those kept for the facility's other open transfers; a room asked for by
    /// number must exist, be free and not kept for another transfer.
    /// </summary>
    static async Task CheckRoomsAsync(FrontlineDb db, long facilityId, List<Wanted> people, CancellationToken ct)
    {
        var free = await db.Rooms.CountAsync(r => r.FacilityId == facilityId && r.State == RoomState.Free, ct);
        var openPeople = db.TransferPeople.Join(
            db.Transfers.Where(TransferRules.Open).Where(t => t.FacilityId == facilityId),
            p => p.TransferId, t => t.Id, (p, t) => p);
        var kept = await openPeople.CountAsync(ct);
        if (TransferRules.FreeRoomsLeft(free, kept) < people.Count)
            throw new DomainException("facility-full", StatusCodes.Status409Conflict, "facilityId", people.Count, TransferRules.FreeRoomsLeft(free, kept));
        var numbers = people.Where(p => p.RoomNumber is not null).Select(p => p.RoomNumber!).ToList();
        if (numbers.Count == 0) return;
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.FacilityId == facilityId && numbers.Contains(r.Number)).ToListAsync(ct);
        var keptNumbers = await openPeople.Where(p => p.RoomNumber != null && numbers.Contains(p.RoomNumber)).Select(p => p.RoomNumber!).ToListAsync(ct);
        foreach (var number in numbers)
        {
            var room = rooms.FirstOrDefault(r => r.Number == number) ?? throw new DomainException("transfer-unknown-room", field: "people", args: number);
            if (room.State != RoomState.Free || keptNumbers.Contains(number))
                throw new DomainException("transfer-room-taken", StatusCodes.Status409Conflict, "people", number);
        }
    }

    /// <summary>
    /// A step of the transfer. A retry of a step already taken changes nothing and answers the transfer as it is; a step
    /// out of order is 409. Arrival publishes <see cref="TransferArrivedEvent"/> (the stays start from it) and closes
    /// the overdue task in the same transaction; so does a cancellation.
    /// </summary>
    public async Task<TransferView> StepAsync(Caller caller, long id, TransferEventInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var wanted = TransferRules.Parse(input.Status);
        if (wanted is null or TransferStatus.Requested) throw new DomainException("transfer-invalid-status", field: "status");
        var at = input.At?.UtcDateTime ?? now;
        if (at > now + ClockSkew) throw new DomainException("transfer-at-in-future", field: "at");

        await using var db = await dbs.CreateDbContextAsync(ct);
        var transfer = await db.Transfers.AsNoTracking().InScope(caller.Scope, nameof(Transfer.JurisdictionCode)).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("transfer");
        switch (TransferRules.Next(transfer.Status, wanted.Value))
        {
            case TransferStep.AlreadyDone: return await ViewAsync(db, transfer, now, caller, unmask: false, ct);
            case TransferStep.Refused:
                throw new DomainException("transfer-wrong-order", StatusCodes.Status409Conflict, "status",
                    ErrorCatalog.Word("transfer-status-" + TransferRules.Code(transfer.Status)), ErrorCatalog.Word("transfer-status-" + TransferRules.Code(wanted.Value)));
        }

        var errors = new List<FieldError>();
        string? vehicle = transfer.Vehicle, driver = transfer.Driver, escort = transfer.Escort, note = transfer.Note;
        if (wanted == TransferStatus.Dispatched)
        {
            vehicle = FieldError.Required(errors, "vehicle", input.Vehicle, 32);
            driver = FieldError.Required(errors, "driver", input.Driver, 64);
            escort = Optional(errors, "escort", input.Escort, 64);
        }
        if (wanted == TransferStatus.Cancelled) note = FieldError.Required(errors, "note", input.Note, 500);
        else if (Optional(errors, "note", input.Note, 500) is { } n) note = n;
        var previous = transfer.PickedUpAt ?? transfer.DispatchedAt ?? transfer.RequestedAt;
        if (at < previous) errors.Add(new("at", "transfer-before-previous", previous.Display()));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = transfer.Status;
        // Taken only from the status read above: a concurrent step (a double tap, a second dispatcher) makes this one a no-op.
        var changed = await db.Transfers.Where(t => t.Id == id && t.Status == from).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.Status, wanted.Value)
            .SetProperty(t => t.DispatchedAt, t => wanted == TransferStatus.Dispatched ? at : t.DispatchedAt)
            .SetProperty(t => t.PickedUpAt, t => wanted == TransferStatus.PickedUp ? at : t.PickedUpAt)
            .SetProperty(t => t.ArrivedAt, t => wanted == TransferStatus.Arrived ? at : t.ArrivedAt)
            .SetProperty(t => t.CancelledAt, t => wanted == TransferStatus.Cancelled ? at : t.CancelledAt)
            .SetProperty(t => t.Vehicle, vehicle).SetProperty(t => t.Driver, driver).SetProperty(t => t.Escort, escort)
            .SetProperty(t => t.Note, note).SetProperty(t => t.UpdatedAt, now), ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return await StepAsync(caller, id, input, ct);
        }
        if (wanted == TransferStatus.Arrived)
        {
            var people = await db.TransferPeople.AsNoTracking().Where(p => p.TransferId == id).OrderBy(p => p.Id).ToListAsync(ct);
            Outbox.Add(db, ContainmentEvents.TransferArrived, new TransferArrivedEvent(id, transfer.FacilityId,
                people.Select(p => new ArrivingPerson(p.PersonId, p.RoomNumber, p.LastExposureAt, p.ContactId, p.Reason)).ToList(), at, caller.UserName), now);
        }
        if (!TransferRules.IsOpen(wanted.Value))
            await SupervisedTasks.CompleteIfAsync(db, TaskKinds.Transfer, id.ToString(), transfer.JurisdictionCode, () => Task.FromResult(true), now, "system",
                wanted == TransferStatus.Arrived ? "转运已送达" : "转运已取消", ct);
        db.Audit.Add(StepEntry(caller, wanted.Value, id, transfer.JurisdictionCode, wanted == TransferStatus.Cancelled ? note : null,
            new { from = TransferRules.Code(from), to = TransferRules.Code(wanted.Value), at = at.ToChina(), vehicle, driver, escort }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (wanted == TransferStatus.Arrived) outbox.Notify();
        var updated = await db.Transfers.AsNoTracking().FirstAsync(t => t.Id == id, ct);
        return await ViewAsync(db, updated, now, caller, unmask: false, ct);
    }

    AuditEntry StepEntry(Caller caller, TransferStatus step, long id, string jurisdiction, string? reason, object detail) => step switch
    {
        TransferStatus.Dispatched => audit.Entry(caller, TransferAuditActions.Dispatch, $"transfer:{id}", jurisdiction, reason, detail),
        TransferStatus.PickedUp => audit.Entry(caller, TransferAuditActions.PickUp, $"transfer:{id}", jurisdiction, reason, detail),
        TransferStatus.Arrived => audit.Entry(caller, TransferAuditActions.Arrive, $"transfer:{id}", jurisdiction, reason, detail),
        _ => audit.Entry(caller, TransferAuditActions.Cancel, $"transfer:{id}", jurisdiction, reason, detail),
    };

    static string? Optional(List<FieldError> errors, string field, string? value, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) { errors.Add(new(field, "field-too-long", field, max)); return null; }
        return text;
    }

    /// <summary>The board: late first (the latest at the top), then by due time; closed ones last. Paged, by the index on (jurisdiction, status, due).</summary>
    public async Task<Paged<TransferView>> BoardAsync(Caller caller, string? status, long? facilityId, string? jurisdiction, PageRequest page,
        bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Transfers.AsNoTracking().InScope(scope, nameof(Transfer.JurisdictionCode));
        q = status switch
        {
            null or "" or "open" => q.Where(TransferRules.Open),
            "late" => q.Where(TransferRules.Open).Where(t => t.DueBy <= now),
            "closed" => q.Where(t => t.Status == TransferStatus.Arrived || t.Status == TransferStatus.Cancelled),
            "all" => q,
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        if (facilityId is { } f) q = q.Where(t => t.FacilityId == f);
        var total = await q.LongCountAsync(ct);
        var rows = await q
            .OrderBy(t => t.Status == TransferStatus.Arrived || t.Status == TransferStatus.Cancelled ? 2 : t.DueBy <= now ? 0 : 1)
            .ThenBy(t => t.DueBy).ThenBy(t => t.Id)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var views = await ViewsAsync(db, rows, now, unmask, ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, "transfers", scope.Code, reason, new { rows = rows.Count }, ct);
        return new(total, views);
    }

    public async Task<TransferDetail> GetAsync(Caller caller, long id, bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var transfer = await db.Transfers.AsNoTracking().InScope(caller.Scope, nameof(Transfer.JurisdictionCode)).FirstOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException("transfer");
        var view = (await ViewsAsync(db, [transfer], now, unmask, ct))[0];
        var facilityAddress = await db.Facilities.AsNoTracking().Where(f => f.Id == transfer.FacilityId).Select(f => f.Address).FirstAsync(ct);
        var people = await db.TransferPeople.AsNoTracking().Where(p => p.TransferId == id)
            .Join(db.Persons, tp => tp.PersonId, p => p.Id, (tp, p) => new { Tp = tp, P = p }).OrderBy(x => x.Tp.Id).ToListAsync(ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"transfer:{id}", transfer.JurisdictionCode, reason, new { people = people.Count }, ct);
        return new TransferDetail(view, facilityAddress, people.Select(x => new TransferPersonView(x.P.Id.ToString(),
            unmask ? x.P.Name : Masking.Name(x.P.Name)!, unmask ? x.P.DocNumber : Masking.IdNumber(x.P.DocNumber)!, unmask ? x.P.Phone : Masking.Phone(x.P.Phone),
            x.P.CommunityCode, x.Tp.RoomNumber, x.Tp.ContactId?.ToString(), x.Tp.LastExposureAt?.ToChina(), x.Tp.Reason)).ToList(), !unmask);
    }

    async Task<TransferView> ViewAsync(FrontlineDb db, Transfer t, DateTime now, Caller caller, bool unmask, CancellationToken ct) =>
        (await ViewsAsync(db, [t], now, unmask, ct))[0];

    static async Task<List<TransferView>> ViewsAsync(FrontlineDb db, IReadOnlyList<Transfer> rows, DateTime now, bool unmask, CancellationToken ct)
    {
        var ids = rows.Select(t => t.Id).ToList();
        var facilityIds = rows.Select(t => t.FacilityId).Distinct().ToList();
        var names = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var counts = await db.TransferPeople.AsNoTracking().Where(p => ids.Contains(p.TransferId)).GroupBy(p => p.TransferId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return rows.Select(t => new TransferView(t.Id.ToString(), TransferRules.Code(t.Status), Urgency(t.Urgency), t.FacilityId.ToString(),
            names.GetValueOrDefault(t.FacilityId, ""), t.JurisdictionCode, unmask ? t.PickupAddress : Masking.Address(t.PickupAddress),
            counts.GetValueOrDefault(t.Id), t.RequestedAt.ToChina(), t.RequestedBy, t.DueBy.ToChina(), TransferRules.IsLate(t.Status, t.DueBy, now),
            TransferRules.MinutesLate(t.Status, t.DueBy, now), t.DispatchedAt?.ToChina(), t.PickedUpAt?.ToChina(), t.ArrivedAt?.ToChina(),
            t.CancelledAt?.ToChina(), t.Vehicle, t.Driver, t.Escort, t.Note)).ToList();
    }

    public static string Urgency(TransferUrgency u) => TransferRules.Code(u);

    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    /// <summary>The open transfers to a facility from the caller's jurisdiction, with people counted: for the request form's capacity hint.</summary>
    public async Task<IReadOnlyList<FacilityChoice>> FacilitiesAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var free = await db.Rooms.AsNoTracking().Where(r => r.State == RoomState.Free).GroupBy(r => r.FacilityId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var kept = await db.TransferPeople.AsNoTracking()
            .Join(db.Transfers.Where(TransferRules.Open), p => p.TransferId, t => t.Id, (p, t) => t.FacilityId)
            .GroupBy(f => f).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var facilities = await db.Facilities.AsNoTracking().OrderBy(f => f.Name).Take(500).ToListAsync(ct);
        return facilities.Select(f => new FacilityChoice(f.Id, f.Name,
            TransferRules.FreeRoomsLeft(free.GetValueOrDefault(f.Id), kept.GetValueOrDefault(f.Id)))).ToList();
    }
}

public sealed record FacilityChoice(long Id, string Name, int FreeRooms);
