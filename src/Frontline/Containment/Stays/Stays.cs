using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Investigation;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Containment;

[RequiresOneOf("personId", "idNumber")]
public sealed record StayInput(
    [Description("A registered person's id; or give idNumber (typed or scanned from the ID card).")] string? PersonId,
    [Description("The person's resident ID number.")] string? IdNumber,
    [OneOf("centralised", "home-quarantine", "home-monitoring")] string? Kind,
    [Description("Required for a centralised stay, absent for one at home.")] string? FacilityId,
    [Description("A room of the facility; absent: the next free room (lowest floor first).")] string? RoomNumber,
    [Description("Why: e.g. 密接 of 病例3. At most 200 characters.")] string? Reason,
    [Description("Day 1 of the stay's count is the (China) day after it.")] DateTimeOffset? LastExposureAt,
    [Description("The investigation's contact record this stay carries out, when there is one.")] string? ContactId = null);

public sealed record StayStarted(string Id, [Description("The last day of this stay's own period.")] DateOnly EndsOn, IReadOnlyList<DateOnly> TestDays,
    string? RoomNumber, DateOnly StartsOn);

public sealed record HealthCheckInput([Description("Default: now.")] DateTimeOffset? At, [Description("°C, 34–43.")] double? Temperature,
    [Description("Codes: fever, cough, sore-throat, fatigue, smell-taste, congestion, muscle-ache, conjunctivitis, diarrhoea, short-breath.")] IReadOnlyList<string>? Symptoms);

public sealed record HealthCheckRecorded(string Id, bool Alert);

public sealed record NoteInput([Description("At most 1000 characters.")] string? Text);

public sealed record MoveInput([Description("A free room of the same facility.")] string? RoomNumber);

public sealed record ReleaseInput([Description("Optional, at most 500 characters.")] string? Note);

public sealed record TestDayView(DateOnly Date, int Day,
    [OneOf("planned", "due", "overdue", "sampled", "negative", "positive", "invalid", "cancelled", "before-intake", "not-ordered"),
     Description("The status of the day's test order (核酸检测任务) in Testing; before-intake: a test day before check-in, not ordered.")] string State,
    [Description("The day's test order (GET /api/testing/test-orders).")] string? OrderId,
    [Description("The China day the order is to be sampled on (the day of check-in for a final test day that passed before it).")] DateOnly? OrderedFor,
    string? SampleId, string? TubeCode, DateTimeOffset? SampledAt);

public sealed record HealthCheckView(string Id, DateTimeOffset At, double? Temperature, IReadOnlyList<string> Symptoms, [OneOf("staff", "self-report")] string Source,
    string? RecordedBy, bool Alert, DateTimeOffset? HandledAt, string? HandledBy, string? HandledNote);

public sealed record NoteView(string Id, DateTimeOffset At, string By, string Text);

public sealed record StayView(string Id, string PersonId, [Description("Masked.")] string Name, [Description("Masked.")] string IdNumber,
    [OneOf("centralised", "home-quarantine", "home-monitoring")] string Kind, [OneOf("active", "released", "to-hospital", "cancelled")] string Status,
    string? FacilityId, string? FacilityName, string? RoomId, string? RoomNumber, string Reason, DateTimeOffset LastExposureAt, string PolicySet,
    DateOnly StartsOn, DateOnly EndsOn, [Description("Today's day number (day 1 = the day after the last exposure).")] int Day,
    DateTimeOffset CheckedInAt, string CheckedInBy, DateTimeOffset? EndedAt, string? EndNote,
    IReadOnlyList<TestDayView> TestDays, IReadOnlyList<HealthCheckView> Checks, int MissedChecks, int OpenAlerts, IReadOnlyList<NoteView> Notes,
    [Description("The final scheduled test is negative: the stay may be released.")] bool Releasable);

public sealed record StayRow(string Id, string PersonId, [Description("Masked.")] string Name, string Kind, string Status, string? FacilityId, string? RoomNumber,
    DateOnly StartsOn, DateOnly EndsOn, int Day);

/// <summary>
/// Stays (集中隔离 / 居家隔离 / 居家健康监测): taken in by hand or on a transfer's arrival (one method for both), moved
/// between rooms, checked twice a day, counselled, released after a negative final test or ended by a positive one.
/// </summary>
public sealed class Stays(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, AuditLog audit, TimeProvider clock)
{
    public const int MaxReason = 200, MaxNote = 1000, MaxEndNote = 500;

    internal sealed record StartRequest(long PersonId, StayKind Kind, long? FacilityId, string? RoomNumber, string Reason, DateTime LastExposureAt,
        long? ContactId, long? TransferId);

    static string StatusCode(StayStatus status) => StayRules.Code(status);

    static long? ParseId(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public async Task<StayStarted> StartAsync(Caller caller, StayInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        long? personId = null;
        if (!string.IsNullOrWhiteSpace(input.PersonId))
        {
            personId = ParseId(input.PersonId) is { } pid && await db.Persons.AnyAsync(p => p.Id == pid, ct) ? pid : null;
            if (personId is null) errors.Add(new("personId", "unknown-person"));
        }
        else if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            var error = IdentityDocuments.Validate(DocType.ResidentId, input.IdNumber, ChinaTime.Today(clock), out var idNumber);
            if (error is not null) errors.Add(new("idNumber", error));
            else
            {
                personId = await db.Persons.Where(p => p.DocNumber == idNumber && p.DocType == DocType.ResidentId).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
                if (personId is null) errors.Add(new("idNumber", "unknown-person"));
            }
        }
        else errors.Add(new("personId", "missing-field", "personId / idNumber"));
        var kind = StayRules.ParseKind(input.Kind);
        if (string.IsNullOrWhiteSpace(input.Kind)) errors.Add(new("kind", "missing-field", "kind"));
        else if (kind is null) errors.Add(new("kind", "invalid-stay-kind"));
        long? facilityId = null;
        if (kind == StayKind.Centralised)
        {
            if (string.IsNullOrWhiteSpace(input.FacilityId)) errors.Add(new("facilityId", "facility-required"));
            else if (ParseId(input.FacilityId) is { } fid && await db.Facilities.InScope(caller.Scope).AnyAsync(f => f.Id == fid, ct)) facilityId = fid;
            else errors.Add(new("facilityId", "not-found", "facility"));
        }
        else if (kind is not null && (!string.IsNullOrWhiteSpace(input.FacilityId) || !string.IsNullOrWhiteSpace(input.RoomNumber)))
            errors.Add(new("facilityId", "facility-for-centralised-only"));
        var reason = FieldError.Required(errors, "reason", input.Reason, MaxReason);
        if (input.LastExposureAt is not { } exposure) errors.Add(new("lastExposureAt", "missing-field", "lastExposureAt"));
        else if (exposure.UtcDateTime > now.AddMinutes(5)) errors.Add(new("lastExposureAt", "exposure-in-future"));
        var room = input.RoomNumber?.Trim();
        if (room is { Length: > FacilityRules.MaxRoomNumber }) errors.Add(new("roomNumber", "field-too-long", "roomNumber", FacilityRules.MaxRoomNumber));
        long? contactId = null;
        if (!string.IsNullOrWhiteSpace(input.ContactId))
        {
            var cid = ParseId(input.ContactId);
            contactId = cid is not null && await db.Contacts.AnyAsync(c => c.Id == cid && c.PersonId == personId, ct) ? cid : null;
            if (contactId is null) errors.Add(new("contactId", "not-found", "contact"));
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);
        // A home stay is seen by the person's own community: only a caller over it may start one.
        if (kind != StayKind.Centralised && !await db.Persons.InScope(caller.Scope).AnyAsync(p => p.Id == personId, ct))
            throw new ValidationFailed([new("personId", "unknown-person")]);
        return await StartInAsync(db, caller, new StartRequest(personId!.Value, kind!.Value, facilityId, string.IsNullOrEmpty(room) ? null : room, reason!,
            input.LastExposureAt!.Value.UtcDateTime, contactId, null), ct);
    }

    /// <summary>
    /// Starts a stay: the one path for the intake page, the API and a transfer's arrival. Checks the person has no active
    /// stay, claims the room (the given one, or the next free one) conditionally so two intakes cannot share it, plans
    /// the end and test days from the active policy set, audits, and raises the facility's capacity task when it fills.
    /// The facility was checked by the caller (in scope for a person, any for a transfer's arrival).
    /// </summary>
    internal async Task<StayStarted> StartInAsync(FrontlineDb db, Caller caller, StartRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == r.PersonId).Select(p => new { p.Id, p.CommunityCode }).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("unknown-person", field: "personId");
        await EnsureNoActiveStayAsync(db, r.PersonId, ct);
        var policy = policies.Active;
        var plan = StayRules.Plan(policy, r.Kind, r.LastExposureAt);
        Facility? facility = null;
        if (r.FacilityId is { } fid) facility = await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fid, ct) ?? throw new NotFoundException("facility");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Room? room = null;
        if (facility is not null) room = await ClaimRoomAsync(db, facility.Id, r.RoomNumber, now, ct);
        var stay = new Stay
        {
            PersonId = r.PersonId, Kind = r.Kind, Status = StayStatus.Active, FacilityId = facility?.Id, RoomId = room?.Id,
            JurisdictionCode = facility?.CommunityCode ?? person.CommunityCode, PersonCommunityCode = person.CommunityCode, Reason = r.Reason,
            ContactId = r.ContactId, TransferId = r.TransferId, LastExposureAt = r.LastExposureAt, PolicySet = policy.Name, StartsOn = plan.StartsOn,
            EndsOn = plan.EndsOn, CheckedInAt = now, CheckedInBy = caller.UserName, UpdatedAt = now,
        };
        db.Stays.Add(stay);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // The unique index on active stays: another intake of the same person won the race.
            throw new DomainException("stay-active", StatusCodes.Status409Conflict, "personId", StayLabels.Kind(r.Kind));
        }
        // The test days become Testing's orders in the stay's own transaction: the sampler's list and the scan's link to them.
        var tests = StayRules.TestsToOrder(plan, Facilities.ChinaDay(now));
        await TestOrders.ScheduleAsync(db, StayTests.Requester(stay.Id), stay.PersonId, stay.JurisdictionCode, tests, now, ct);
        db.Audit.Add(audit.Entry(caller, StayAuditActions.Start, $"stay:{stay.Id}", stay.JurisdictionCode, detail: new
        {
            stay.PersonId, kind = StayRules.Code(r.Kind), facilityId = facility?.Id, room = room?.Number, stay.EndsOn, transferId = r.TransferId,
            testsOrdered = tests.Select(t => t.Day),
        }));
        if (facility is not null)
        {
            await Facilities.SyncCapacityTaskAsync(db, facility, policies.Active, now, ct);
            await IntakeFailures.TakenInAsync(db, audit, caller, facility, r.PersonId, stay.Id, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new StayStarted(stay.Id.ToString(), plan.EndsOn, plan.TestDays, room?.Number, plan.StartsOn);
    }

    static async Task EnsureNoActiveStayAsync(FrontlineDb db, long personId, CancellationToken ct)
    {
        var active = await db.Stays.Where(s => s.PersonId == personId && s.Status == StayStatus.Active).Select(s => (StayKind?)s.Kind).FirstOrDefaultAsync(ct);
        if (active is { } kind) throw new DomainException("stay-active", StatusCodes.Status409Conflict, "personId", StayLabels.Kind(kind));
    }

    /// <summary>Marks the room occupied only if it is still free (a conditional update), the named one or the next free one.</summary>
    static async Task<Room> ClaimRoomAsync(FrontlineDb db, long facilityId, string? number, DateTime now, CancellationToken ct)
    {
        if (number is not null)
        {
            var room = await db.Rooms.AsNoTracking().FirstOrDefaultAsync(x => x.FacilityId == facilityId && x.Number == number, ct)
                ?? throw new DomainException("unknown-room", field: "roomNumber");
            if (room.State == RoomState.Occupied) throw new DomainException("room-occupied", StatusCodes.Status409Conflict, "roomNumber");
            if (room.State != RoomState.Free) throw new DomainException("room-not-free", StatusCodes.Status409Conflict, "roomNumber");
            if (!await TryOccupyAsync(db, room.Id, now, ct)) throw new DomainException("room-occupied", StatusCodes.Status409Conflict, "roomNumber");
            room.State = RoomState.Occupied;
            return room;
        }
        // A few tries: a concurrent intake may take the room picked first.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var free = await db.Rooms.AsNoTracking().Where(x => x.FacilityId == facilityId && x.State == RoomState.Free)
                .OrderBy(x => x.Floor).ThenBy(x => x.Number.Length).ThenBy(x => x.Number).FirstOrDefaultAsync(ct)
                ?? throw new DomainException("facility-full", StatusCodes.Status409Conflict, "facilityId", 1, 0);
            if (await TryOccupyAsync(db, free.Id, now, ct))
            {
                free.State = RoomState.Occupied;
                return free;
            }
        }
        throw new DomainException("facility-full", StatusCodes.Status409Conflict, "facilityId", 1, 0);
    }

    static async Task<bool> TryOccupyAsync(FrontlineDb db, long roomId, DateTime now, CancellationToken ct) =>
        await db.Rooms.Where(x => x.Id == roomId && x.State == RoomState.Free)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, RoomState.Occupied).SetProperty(x => x.UpdatedAt, now), ct) == 1;

    static async Task FreeToCleaningAsync(FrontlineDb db, long? roomId, DateTime now, CancellationToken ct)
    {
        if (roomId is { } id)
            await db.Rooms.Where(x => x.Id == id && x.State == RoomState.Occupied)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, RoomState.Cleaning).SetProperty(x => x.UpdatedAt, now), ct);
    }

    static IQueryable<Stay> InScope(FrontlineDb db, Caller caller) => db.Stays.InScope(caller.Scope, nameof(Stay.JurisdictionCode));

    async Task<Stay> ActiveStayAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct)
    {
        var stay = await InScope(db, caller).FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("stay");
        if (stay.Status != StayStatus.Active) throw new DomainException("stay-not-active", StatusCodes.Status409Conflict);
        return stay;
    }

    PolicySet PolicyOf(Stay stay) => policies.Find(stay.PolicySet) ?? policies.Active;

    public async Task<Paged<StayRow>> ListAsync(Caller caller, long? facilityId, string? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = InScope(db, caller).AsNoTracking();
        if (facilityId is { } fid) q = q.Where(s => s.FacilityId == fid);
        if (!string.IsNullOrEmpty(status))
        {
            var parsed = StayRules.ParseStatus(status);
            if (parsed is null) throw new DomainException("invalid-field", field: "status", args: "status");
            q = q.Where(s => s.Status == parsed);
        }
        var total = await q.LongCountAsync(ct);
        var rows = await (from s in q.OrderByDescending(s => s.Id).Skip(page.Skip).Take(page.PageSize)
                          join p in db.Persons on s.PersonId equals p.Id
                          join r in db.Rooms on s.RoomId equals r.Id into rooms
                          from r in rooms.DefaultIfEmpty()
                          select new { s, p.Name, Room = r == null ? null : r.Number }).ToListAsync(ct);
        var today = ChinaTime.Today(clock);
        return new Paged<StayRow>(total, rows.Select(x => new StayRow(x.s.Id.ToString(), x.s.PersonId.ToString(), Masking.Name(x.Name)!, StayRules.Code(x.s.Kind),
            StatusCode(x.s.Status), x.s.FacilityId?.ToString(), x.Room, x.s.StartsOn, x.s.EndsOn,
            today.DayNumber - Facilities.ChinaDay(x.s.LastExposureAt).DayNumber)).ToList());
    }

    public async Task<StayView> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await InScope(db, caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("stay");
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == stay.PersonId).Select(p => new { p.Name, p.DocNumber }).FirstAsync(ct);
        var facility = stay.FacilityId is { } fid ? await db.Facilities.AsNoTracking().Where(f => f.Id == fid).Select(f => f.Name).FirstOrDefaultAsync(ct) : null;
        var room = stay.RoomId is { } rid ? await db.Rooms.AsNoTracking().Where(r => r.Id == rid).Select(r => r.Number).FirstOrDefaultAsync(ct) : null;
        var plan = StayRules.Plan(PolicyOf(stay), stay.Kind, stay.LastExposureAt);
        var today = ChinaTime.Today(clock);
        var orders = await StayTests.OrdersAsync(db, stay.Id, clock, ct);
        var checkInDay = Facilities.ChinaDay(stay.CheckedInAt);
        var testDays = plan.TestDays.Select(d =>
        {
            var o = orders.GetValueOrDefault(plan.DayOf(d));
            return new TestDayView(d, plan.DayOf(d), StayRules.TestDayState(d, checkInDay, o?.Status), o?.Id.ToString(), o?.Day, o?.SampleId?.ToString(),
                o?.TubeCode, o?.SampledAt?.ToChina());
        }).ToList();
        var checks = await db.HealthChecks.AsNoTracking().Where(h => h.StayId == id).OrderByDescending(h => h.At).Take(200).ToListAsync(ct);
        var checksByDay = checks.GroupBy(h => Facilities.ChinaDay(h.At)).ToDictionary(g => g.Key, g => g.Count());
        var from = Facilities.ChinaDay(stay.CheckedInAt);
        if (from < stay.StartsOn) from = stay.StartsOn;
        var lastDay = stay.EndedAt is { } ended ? Facilities.ChinaDay(ended) : today;
        var notes = await db.StayNotes.AsNoTracking().Where(n => n.StayId == id).OrderByDescending(n => n.At).Take(200).ToListAsync(ct);
        var lastOutcome = FinalOutcome(plan, orders);
        return new StayView(stay.Id.ToString(), stay.PersonId.ToString(), Masking.Name(person.Name)!, Masking.IdNumber(person.DocNumber)!, StayRules.Code(stay.Kind),
            StatusCode(stay.Status), stay.FacilityId?.ToString(), facility, stay.RoomId?.ToString(), room, stay.Reason, stay.LastExposureAt.ToChina(), stay.PolicySet,
            stay.StartsOn, stay.EndsOn, plan.DayOf(today), stay.CheckedInAt.ToChina(), stay.CheckedInBy, stay.EndedAt?.ToChina(), stay.EndNote, testDays,
            checks.Select(h => new HealthCheckView(h.Id.ToString(), h.At.ToChina(), h.Temperature, Facilities.SymptomList(h.Symptoms),
                StayRules.Code(h.Source), h.RecordedBy, h.Alert, h.AlertHandledAt?.ToChina(), h.AlertHandledBy, h.AlertNote)).ToList(),
            StayRules.MissedChecks(from, stay.EndsOn, lastDay, checksByDay), checks.Count(h => h.Alert && h.AlertHandledAt == null),
            notes.Select(n => new NoteView(n.Id.ToString(), n.At.ToChina(), n.By, n.Text)).ToList(),
            stay.Status == StayStatus.Active && StayRules.CheckRelease(plan.TestDays, lastOutcome) is null);
    }

    /// <summary>The result on the final test day's order (null: no order, or not sampled yet).</summary>
    static Outcome? FinalOutcome(StayPlan plan, IReadOnlyDictionary<int, RequestedTest> orders) =>
        plan.TestDays.Count > 0 && orders.GetValueOrDefault(plan.DayOf(plan.TestDays[^1])) is { SampleId: not null } final ? final.Outcome : null;

    public async Task<HealthCheckRecorded> AddHealthCheckAsync(Caller caller, long stayId, HealthCheckInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        if (input.Temperature is null) errors.Add(new("temperature", "missing-field", "temperature"));
        else if (StayRules.CheckTemperature(input.Temperature) is { } bad) errors.Add(new("temperature", bad, StayRules.MinTemperature, StayRules.MaxTemperature));
        var symptoms = (input.Symptoms ?? []).Select(s => s?.Trim() ?? "").Distinct().ToList();
        foreach (var s in symptoms.Where(s => !StayRules.Symptoms.ContainsKey(s))) errors.Add(new("symptoms", "unknown-symptom", s));
        var at = input.At?.UtcDateTime ?? now;
        if (at > now.AddMinutes(5)) errors.Add(new("at", "check-outside-stay"));
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await ActiveStayAsync(db, caller, stayId, ct);
        if (Facilities.ChinaDay(at) < Facilities.ChinaDay(stay.CheckedInAt)) errors.Add(new("at", "check-outside-stay"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var alert = StayRules.IsAlert(PolicyOf(stay), input.Temperature, symptoms);
        var check = new HealthCheck
        {
            StayId = stayId, At = at, Temperature = input.Temperature, Symptoms = string.Join(',', symptoms), Source = HealthCheckSource.Staff,
            RecordedBy = caller.UserName, Alert = alert,
        };
        db.HealthChecks.Add(check);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, StayAuditActions.HealthCheck, $"stay:{stayId}", stay.JurisdictionCode,
            detail: new { checkId = check.Id, input.Temperature, symptoms, alert }));
        await db.SaveChangesAsync(ct);
        return new HealthCheckRecorded(check.Id.ToString(), alert);
    }

    /// <summary>Medical staff handle a fever or symptom alert with a note of what they did; it leaves the facility's alert list.</summary>
    public async Task HandleAlertAsync(Caller caller, long checkId, NoteInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var note = FieldError.Required(errors, "text", input.Text, MaxEndNote);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var check = await db.HealthChecks.FirstOrDefaultAsync(h => h.Id == checkId, ct) ?? throw new NotFoundException("health-check");
        var stay = await InScope(db, caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == check.StayId, ct) ?? throw new NotFoundException("health-check");
        if (errors.Count > 0) throw new ValidationFailed(errors);
        if (!check.Alert) throw new DomainException("not-an-alert", StatusCodes.Status409Conflict);
        if (check.AlertHandledAt is not null) throw new DomainException("alert-handled", StatusCodes.Status409Conflict);
        check.AlertHandledAt = clock.GetUtcNow().UtcDateTime;
        check.AlertHandledBy = caller.UserName;
        check.AlertNote = note;
        db.Audit.Add(audit.Entry(caller, StayAuditActions.AlertHandle, $"stay:{stay.Id}", stay.JurisdictionCode, detail: new { checkId, note }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>心理疏导: a counselling note on the stay.</summary>
    public async Task<string> AddNoteAsync(Caller caller, long stayId, NoteInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var text = FieldError.Required(errors, "text", input.Text, MaxNote);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await InScope(db, caller).AsNoTracking().FirstOrDefaultAsync(s => s.Id == stayId, ct) ?? throw new NotFoundException("stay");
        var note = new StayNote { StayId = stayId, Text = text!, At = clock.GetUtcNow().UtcDateTime, By = caller.UserName };
        db.StayNotes.Add(note);
        await db.SaveChangesAsync(ct);
        // The note's words are personal; the trail keeps that one was written, not what it says.
        db.Audit.Add(audit.Entry(caller, StayAuditActions.Note, $"stay:{stayId}", stay.JurisdictionCode, detail: new { noteId = note.Id }));
        await db.SaveChangesAsync(ct);
        return note.Id.ToString();
    }

    /// <summary>A room change within the facility: the new room must be free; the old one goes to cleaning.</summary>
    public async Task MoveAsync(Caller caller, long stayId, MoveInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var number = FieldError.Required(errors, "roomNumber", input.RoomNumber, FacilityRules.MaxRoomNumber);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await ActiveStayAsync(db, caller, stayId, ct);
        if (stay.FacilityId is not { } facilityId) throw new DomainException("facility-required", field: "roomNumber");
        var current = stay.RoomId is { } rid ? await db.Rooms.AsNoTracking().Where(r => r.Id == rid).Select(r => r.Number).FirstOrDefaultAsync(ct) : null;
        if (current == number) throw new DomainException("same-room", StatusCodes.Status409Conflict, "roomNumber");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var room = await ClaimRoomAsync(db, facilityId, number, now, ct);
        await FreeToCleaningAsync(db, stay.RoomId, now, ct);
        stay.RoomId = room.Id;
        stay.UpdatedAt = now;
        db.Audit.Add(audit.Entry(caller, StayAuditActions.Move, $"stay:{stayId}", stay.JurisdictionCode, detail: new { from = current, to = number }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>解除隔离: only with the final scheduled test negative; the room goes to cleaning.</summary>
    public async Task ReleaseAsync(Caller caller, long stayId, ReleaseInput input, CancellationToken ct = default)
    {
        var note = input.Note?.Trim();
        if (note is { Length: > MaxEndNote }) throw new DomainException("field-too-long", field: "note", args: ["note", MaxEndNote]);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await ActiveStayAsync(db, caller, stayId, ct);
        var plan = StayRules.Plan(PolicyOf(stay), stay.Kind, stay.LastExposureAt);
        var orders = await StayTests.OrdersAsync(db, stay.Id, clock, ct);
        var last = plan.TestDays.Count == 0 ? (DateOnly?)null : plan.TestDays[^1];
        if (StayRules.CheckRelease(plan.TestDays, FinalOutcome(plan, orders)) is { } refused)
            throw new DomainException(refused, StatusCodes.Status409Conflict, null, last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        var now = clock.GetUtcNow().UtcDateTime;
        await EndAsync(db, stay, StayStatus.Released, caller, string.IsNullOrEmpty(note) ? null : note, StayAuditActions.Release, now, ct);
    }

    async Task EndAsync(FrontlineDb db, Stay stay, StayStatus status, Caller caller, string? note, string action, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = await db.Stays.Where(s => s.Id == stay.Id && s.Status == StayStatus.Active).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Status, status).SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndedBy, caller.UserName)
            .SetProperty(s => s.EndNote, note).SetProperty(s => s.UpdatedAt, now), ct);
        if (ended == 0) throw new DomainException("stay-not-active", StatusCodes.Status409Conflict);
        await FreeToCleaningAsync(db, stay.RoomId, now, ct);
        // Its tests not sampled yet leave the sampler's list: nobody is sent to an empty room.
        var withdrawn = await TestOrders.CancelAsync(db, StayTests.Requester(stay.Id), now, ct);
        db.Audit.Add(audit.Entry(caller, action, $"stay:{stay.Id}", stay.JurisdictionCode, detail: new { stay.PersonId, note, testsWithdrawn = withdrawn }));
        if (stay.FacilityId is { } fid && await db.Facilities.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fid, ct) is { } facility)
            await Facilities.SyncCapacityTaskAsync(db, facility, policies.Active, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A positive individual result during a stay ends it for hospital care (Investigation makes the case from the same event).</summary>
    public async Task<bool> EndForHospitalAsync(long personId, long sampleId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await db.Stays.FirstOrDefaultAsync(s => s.PersonId == personId && s.Status == StayStatus.Active, ct);
        if (stay is null) return false;
        await EndAsync(db, stay, StayStatus.ToHospital, Caller.System, $"核酸阳性（样本 {sampleId}），转运至定点医院", StayAuditActions.ToHospital,
            clock.GetUtcNow().UtcDateTime, ct);
        return true;
    }

    /// <summary>
    /// Each person on an arrived transfer starts a centralised stay at its facility (the given room or the next free one).
    /// One who cannot be taken in is recorded as an intake failure the facility's staff see. Delivered at least once:
    /// a person already taken in, or already recorded as failed, from this transfer is skipped.
    /// </summary>
    public async Task TakeInArrivalAsync(TransferArrivedEvent arrival, CancellationToken ct = default)
    {
        foreach (var person in arrival.People)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await db.Stays.AnyAsync(s => s.TransferId == arrival.TransferId && s.PersonId == person.PersonId, ct)
                || await db.IntakeFailures.AnyAsync(f => f.TransferId == arrival.TransferId && f.PersonId == person.PersonId, ct)) continue;
            var arrivedBy = Caller.System with { UserName = string.IsNullOrEmpty(arrival.ArrivedBy) ? Caller.System.UserName : arrival.ArrivedBy };
            try
            {
                await StartInAsync(db, arrivedBy, new StartRequest(person.PersonId, StayKind.Centralised, arrival.FacilityId, person.RoomNumber,
                    string.IsNullOrWhiteSpace(person.Reason) ? "转运入住" : person.Reason.Trim()[..Math.Min(person.Reason.Trim().Length, MaxReason)],
                    person.LastExposureAt ?? arrival.ArrivedAt, person.ContactId, arrival.TransferId), ct);
            }
            catch (DomainException e)
            {
                await using var fresh = await dbs.CreateDbContextAsync(ct);
                var community = await fresh.Facilities.Where(f => f.Id == arrival.FacilityId).Select(f => f.CommunityCode).FirstOrDefaultAsync(ct);
                if (community is null) throw;
                fresh.IntakeFailures.Add(new IntakeFailure
                {
                    FacilityId = arrival.FacilityId, TransferId = arrival.TransferId, PersonId = person.PersonId, Code = e.Code, At = clock.GetUtcNow().UtcDateTime,
                });
                fresh.Audit.Add(audit.Entry(Caller.System, StayAuditActions.IntakeFailed, $"facility:{arrival.FacilityId}", community,
                    detail: new { arrival.TransferId, person.PersonId, code = e.Code }));
                await fresh.SaveChangesAsync(ct);
            }
        }
    }

    public sealed class TransferArrivedHandler : IDomainEventHandler
    {
        public string EventType => ContainmentEvents.TransferArrived;

        public Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct) =>
            services.GetRequiredService<Stays>().TakeInArrivalAsync(Outbox.Read<TransferArrivedEvent>(e), ct);
    }

    public sealed class PositiveResultHandler : IDomainEventHandler
    {
        public string EventType => TestingEvents.IndividualPositive;

        public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
        {
            var positive = Outbox.Read<IndividualPositiveResult>(e);
            await services.GetRequiredService<Stays>().EndForHospitalAsync(positive.PersonId, positive.SampleId, ct);
        }
    }

    /// <summary>A person with an active stay is under quarantine.</summary>
    public sealed class StayStatusSource(IDbContextFactory<FrontlineDb> dbs) : IPersonStatusSource
    {
        public async Task<IReadOnlyDictionary<long, PersonStatus>> ReadManyAsync(IReadOnlyCollection<long> personIds, CancellationToken ct)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var ids = personIds.ToList();
            var staying = await db.Stays.AsNoTracking().Where(s => ids.Contains(s.PersonId) && s.Status == StayStatus.Active)
                .Select(s => s.PersonId).Distinct().ToListAsync(ct);
            return staying.ToDictionary(id => id, _ => PersonStatus.None with { Control = "quarantine" });
        }
    }
}
