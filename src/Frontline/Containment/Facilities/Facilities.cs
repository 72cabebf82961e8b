using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;

namespace Frontline.Containment;

public sealed record RoomInput([Description("At most 16 characters, unique in the facility.")] string? Number, [Description("-5 to 200.")] int? Floor);

public sealed record FacilityInput(string? Name, string? Address,
    [Description("The community the facility stands in; default the caller's own jurisdiction.")] string? CommunityCode,
    string? Phone, IReadOnlyList<RoomInput>? Rooms);

public sealed record RoomsInput(IReadOnlyList<RoomInput>? Rooms);

public sealed record RoomImportResult([Description("Rooms added: none when any row has an error (all or nothing).")] int Added, IReadOnlyList<ImportError> Errors);

public sealed record RoomActionInput([OneOf("cleaned", "out-of-service", "back-in-service")] string? Action);

public sealed record Capacity(int Rooms, int Occupied, int Free, int Cleaning, int OutOfService,
    [Description("Occupied rooms as a percentage of the rooms in service.")] int OccupancyPercent);

/// <summary>A facility's rooms in service and occupied at a moment (<see cref="Facilities.RoomsAtAsync"/>).</summary>
public sealed record FacilityRoomsAt(long FacilityId, string CommunityCode, int InService, int Occupied);

public sealed record FacilityRow(string Id, string Name, string Address, string CommunityCode, Capacity Capacity, int OpenAlerts);

public sealed record FacilityList(Capacity Total, long Facilities, IReadOnlyList<FacilityRow> Items);

public sealed record RoomCell(string Id, string Number, int Floor, [OneOf("free", "occupied", "cleaning", "out-of-service")] string State,
    string? StayId, [Description("Day of the stay counted from the last exposure (day 1 = the day after it).")] int? Day,
    [Description("Masked (张*).")] string? Guest, bool Alert, DateOnly? EndsOn);

public sealed record FloorRow(int Floor, IReadOnlyList<RoomCell> Rooms);

public sealed record AlertRow(string CheckId, string StayId, string Room, [Description("Masked.")] string Guest, DateTimeOffset At,
    double? Temperature, IReadOnlyList<string> Symptoms, [OneOf("staff", "self-report")] string Source);

public sealed record IntakeFailureRow(string Id, string TransferId, string PersonId, [Description("Masked.")] string Guest, string Code, DateTimeOffset At);

public sealed record Occupancy(string Id, string Name, string Address, string CommunityCode, Capacity Capacity, bool CapacityAlert,
    IReadOnlyList<FloorRow> Floors, IReadOnlyList<AlertRow> Alerts, IReadOnlyList<IntakeFailureRow> IntakeFailures);

/// <summary>
/// 隔离酒店: facilities and their room grids, capacity across all of them, and the supervised task a facility raises
/// when it fills up to <see cref="FacilityRules.CapacityAlertPercent"/> % (closed again when it falls below).
/// </summary>
public sealed class Facilities(IDbContextFactory<FrontlineDb> dbs, IJurisdictionCodes jurisdictions, AuditLog audit, TimeProvider clock, PolicySets policies)
{
    public const int MaxName = 100, MaxAddress = 200;

    public async Task<long> CreateAsync(Caller caller, FacilityInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var name = FieldError.Required(errors, "name", input.Name, MaxName);
        var address = FieldError.Required(errors, "address", input.Address, MaxAddress);
        var community = string.IsNullOrWhiteSpace(input.CommunityCode) ? caller.Scope.Code : input.CommunityCode.Trim();
        if (!caller.Scope.Contains(community) || !await jurisdictions.ExistsAsync(community, ct)) errors.Add(new("communityCode", "unknown-jurisdiction"));
        var phone = input.Phone?.Trim();
        if (phone is { Length: > 20 }) errors.Add(new("phone", "field-too-long", "phone", 20));
        var rooms = CheckRooms(input.Rooms ?? [], [], errors);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Facilities.AnyAsync(f => f.Name == name, ct)) throw new DomainException("duplicate-facility", StatusCodes.Status409Conflict, "name");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var facility = new Facility { Name = name!, Address = address!, CommunityCode = community, Phone = string.IsNullOrEmpty(phone) ? null : phone, CreatedAt = now };
        db.Facilities.Add(facility);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw new DomainException("duplicate-facility", StatusCodes.Status409Conflict, "name"); }
        db.Rooms.AddRange(rooms.Select(r => new Room { FacilityId = facility.Id, Number = r.Number, Floor = r.Floor, State = RoomState.Free, UpdatedAt = now, CreatedAt = now }));
        db.Audit.Add(audit.Entry(caller, StayAuditActions.FacilityCreate, $"facility:{facility.Id}", community, detail: new { name, rooms = rooms.Count }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return facility.Id;
    }

    public async Task<int> AddRoomsAsync(Caller caller, long facilityId, RoomsInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facility = await FacilityInScopeAsync(db, caller, facilityId, ct);
        var existing = (await db.Rooms.Where(r => r.FacilityId == facilityId).Select(r => r.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        var rooms = CheckRooms(input.Rooms ?? [], existing, errors);
        if (rooms.Count == 0 && errors.Count == 0) errors.Add(new("rooms", "missing-field", "rooms"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Rooms.AddRange(rooms.Select(r => new Room { FacilityId = facilityId, Number = r.Number, Floor = r.Floor, State = RoomState.Free, UpdatedAt = now, CreatedAt = now }));
        db.Audit.Add(audit.Entry(caller, StayAuditActions.RoomsAdd, $"facility:{facilityId}", facility.CommunityCode, detail: new { rooms = rooms.Count }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { throw new DomainException("duplicate-room", StatusCodes.Status409Conflict, "rooms", "?"); }
        // More rooms lower the share: a capacity task may close.
        await SyncCapacityTaskAsync(db, facility, policies.Active, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return rooms.Count;
    }

    public static readonly SpreadsheetColumns RoomColumns = new(
        new("number", true, "房间号", "房号", "number", "room"),
        new("floor", true, "楼层", "floor"));

    /// <summary>
    /// Rooms from a spreadsheet (房间号, 楼层), all or nothing: any row's error (numbered as the spreadsheet numbers it)
    /// means no room is added.
    /// </summary>
    public async Task<RoomImportResult> ImportRoomsAsync(Caller caller, long facilityId, Stream file, string fileName, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facility = await FacilityInScopeAsync(db, caller, facilityId, ct);
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = RoomColumns.Map(sheet.Header);
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var seen = (await db.Rooms.Where(r => r.FacilityId == facilityId).Select(r => r.Number).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ImportError>();
        var rooms = new List<CheckedRoom>();
        foreach (var r in sheet.Rows())
        {
            if (rooms.Count + errors.Count >= FacilityRules.MaxRoomsPerRequest) throw new DomainException("too-many-rooms", field: "file", args: FacilityRules.MaxRoomsPerRequest);
            var problems = map.Problems(r, culture);
            if (problems.Count > 0) { errors.AddRange(problems); continue; }
            var number = map.Cell(r, "number")?.Trim();
            var floorText = map.Cell(r, "floor")?.Trim().TrimEnd('F', 'f', '层', '楼');
            if (string.IsNullOrEmpty(number)) errors.Add(map.Error(r, "number", "missing-field", culture, map.ColumnName("number")));
            else if (number.Length > FacilityRules.MaxRoomNumber) errors.Add(map.Error(r, "number", "field-too-long", culture, map.ColumnName("number"), FacilityRules.MaxRoomNumber));
            else if (!int.TryParse(floorText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var floor)
                || floor is < FacilityRules.MinFloor or > FacilityRules.MaxFloor)
                errors.Add(map.Error(r, "floor", "invalid-floor", culture, FacilityRules.MinFloor, FacilityRules.MaxFloor));
            else if (!seen.Add(number)) errors.Add(map.Error(r, "number", "duplicate-room", culture, number));
            else rooms.Add(new CheckedRoom(number, floor));
        }
        if (errors.Count > 0 || rooms.Count == 0) return new RoomImportResult(0, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Rooms.AddRange(rooms.Select(r => new Room { FacilityId = facilityId, Number = r.Number, Floor = r.Floor, State = RoomState.Free, UpdatedAt = now, CreatedAt = now }));
        db.Audit.Add(audit.Entry(caller, StayAuditActions.RoomsAdd, $"facility:{facilityId}", facility.CommunityCode, detail: new { rooms = rooms.Count, file = FileNames.Safe(fileName) }));
        await db.SaveChangesAsync(ct);
        await SyncCapacityTaskAsync(db, facility, policies.Active, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RoomImportResult(rooms.Count, []);
    }

    internal sealed record CheckedRoom(string Number, int Floor);

    /// <summary>Each room's number and floor, against each other and the facility's rooms; errors carry the row index.</summary>
    internal static List<CheckedRoom> CheckRooms(IReadOnlyList<RoomInput> rooms, HashSet<string> existing, List<FieldError> errors)
    {
        if (rooms.Count > FacilityRules.MaxRoomsPerRequest)
        {
            errors.Add(new("rooms", "too-many-rooms", FacilityRules.MaxRoomsPerRequest));
            return [];
        }
        var seen = new HashSet<string>(existing, StringComparer.Ordinal);
        var result = new List<CheckedRoom>();
        for (var i = 0; i < rooms.Count; i++)
        {
            var number = FieldError.Required(errors, $"rooms[{i}].number", rooms[i].Number, FacilityRules.MaxRoomNumber);
            var floor = rooms[i].Floor;
            if (floor is null) errors.Add(new($"rooms[{i}].floor", "missing-field", "floor"));
            else if (floor is < FacilityRules.MinFloor or > FacilityRules.MaxFloor)
                errors.Add(new($"rooms[{i}].floor", "invalid-floor", FacilityRules.MinFloor, FacilityRules.MaxFloor));
            if (number is null || floor is null) continue;
            if (!seen.Add(number)) errors.Add(new($"rooms[{i}].number", "duplicate-room", number));
            else result.Add(new CheckedRoom(number, floor.Value));
        }
        return result;
    }

    internal static async Task<Facility> FacilityInScopeAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct) =>
        await db.Facilities.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("facility");

    /// <summary>Facilities in the caller's jurisdiction with their capacity (one grouped query per page), and the total across all of them.</summary>
    public async Task<FacilityList> ListAsync(Caller caller, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facilities = db.Facilities.AsNoTracking().InScope(caller.Scope);
        var totals = await (from r in db.Rooms join f in facilities on r.FacilityId equals f.Id group r by r.State into g select new { State = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var count = await facilities.LongCountAsync(ct);
        var rows = await facilities.OrderBy(f => f.Name).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var ids = rows.Select(f => f.Id).ToList();
        var byFacility = await db.Rooms.Where(r => ids.Contains(r.FacilityId)).GroupBy(r => new { r.FacilityId, r.State })
            .Select(g => new { g.Key.FacilityId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var alerts = await (from h in db.HealthChecks join s in db.Stays on h.StayId equals s.Id
                            where h.Alert && h.AlertHandledAt == null && s.Status == StayStatus.Active && s.FacilityId != null && ids.Contains(s.FacilityId.Value)
                            group h by s.FacilityId into g select new { FacilityId = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        return new FacilityList(CapacityOf(totals.Select(t => (t.State, t.Count))), count, rows.Select(f => new FacilityRow(f.Id.ToString(), f.Name, f.Address,
            f.CommunityCode, CapacityOf(byFacility.Where(b => b.FacilityId == f.Id).Select(b => (b.State, b.Count))),
            alerts.FirstOrDefault(a => a.FacilityId == f.Id)?.Count ?? 0)).ToList());
    }

    internal static Capacity CapacityOf(IEnumerable<(RoomState State, int Count)> counts)
    {
        int free = 0, occupied = 0, cleaning = 0, outOfService = 0;
        foreach (var (state, n) in counts)
            switch (state)
            {
                case RoomState.Free: free += n; break;
                case RoomState.Occupied: occupied += n; break;
                case RoomState.Cleaning: cleaning += n; break;
                default: outOfService += n; break;
            }
        var rooms = free + occupied + cleaning + outOfService;
        return new Capacity(rooms, occupied, free, cleaning, outOfService, FacilityRules.OccupancyPercent(rooms, outOfService, occupied));
    }

    /// <summary>One facility's room grid floor by floor, with each guest's day of stay, the open health alerts and the arrivals not taken in.</summary>
    public async Task<Occupancy> OccupancyAsync(Caller caller, long facilityId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facility = await FacilityInScopeAsync(db, caller, facilityId, ct);
        var rooms = await db.Rooms.AsNoTracking().Where(r => r.FacilityId == facilityId).ToListAsync(ct);
        var stays = await (from s in db.Stays.AsNoTracking() join p in db.Persons on s.PersonId equals p.Id
                           where s.FacilityId == facilityId && s.Status == StayStatus.Active
                           select new { s.Id, s.RoomId, s.LastExposureAt, s.EndsOn, p.Name }).ToListAsync(ct);
        var alertRows = await (from h in db.HealthChecks.AsNoTracking() join s in db.Stays on h.StayId equals s.Id join p in db.Persons on s.PersonId equals p.Id
                               where s.FacilityId == facilityId && s.Status == StayStatus.Active && h.Alert && h.AlertHandledAt == null
                               orderby h.At descending
                               select new { h.Id, StayId = s.Id, s.RoomId, p.Name, h.At, h.Temperature, h.Symptoms, h.Source }).Take(200).ToListAsync(ct);
        var failures = await (from f in db.IntakeFailures.AsNoTracking() join p in db.Persons on f.PersonId equals p.Id
                              where f.FacilityId == facilityId && f.ResolvedAt == null orderby f.At descending
                              select new { f.Id, f.TransferId, f.PersonId, p.Name, f.Code, f.At }).Take(200).ToListAsync(ct);
        var today = ChinaTime.Today(clock);
        var byRoom = stays.Where(s => s.RoomId != null).ToDictionary(s => s.RoomId!.Value);
        var alertStays = alertRows.Select(a => a.StayId).ToHashSet();
        var roomNumbers = rooms.ToDictionary(r => r.Id, r => r.Number);
        var floors = rooms.GroupBy(r => r.Floor).OrderByDescending(g => g.Key).Select(g => new FloorRow(g.Key, g.OrderBy(r => r.Number, NaturalOrder.Instance)
            .Select(r =>
            {
                var stay = r.State == RoomState.Occupied && byRoom.TryGetValue(r.Id, out var s) ? s : null;
                return new RoomCell(r.Id.ToString(), r.Number, r.Floor, FacilityRules.Code(r.State), stay?.Id.ToString(),
                    stay is null ? null : today.DayNumber - ChinaDay(stay.LastExposureAt).DayNumber, stay is null ? null : Masking.Name(stay.Name),
                    stay is not null && alertStays.Contains(stay.Id), stay?.EndsOn);
            }).ToList())).ToList();
        var capacity = CapacityOf(rooms.GroupBy(r => r.State).Select(g => (g.Key, g.Count())));
        return new Occupancy(facility.Id.ToString(), facility.Name, facility.Address, facility.CommunityCode, capacity,
            FacilityRules.AtCapacityAlert(capacity.Rooms, capacity.OutOfService, capacity.Occupied), floors,
            alertRows.Select(a => new AlertRow(a.Id.ToString(), a.StayId.ToString(), a.RoomId is { } rid && roomNumbers.TryGetValue(rid, out var n) ? n : "",
                Masking.Name(a.Name)!, a.At.ToChina(), a.Temperature, SymptomList(a.Symptoms), StayRules.Code(a.Source))).ToList(),
            failures.Select(f => new IntakeFailureRow(f.Id.ToString(), f.TransferId.ToString(), f.PersonId.ToString(), Masking.Name(f.Name)!, f.Code, f.At.ToChina())).ToList());
    }

    /// <summary>
    /// Each facility's rooms in service and rooms occupied at a moment, from the history: the facilities and rooms there
    /// were then, less the rooms out of service then (their spells; a room out of service since before the spells were kept
    /// is out since its last change), and the stays in a room then (a room holds one guest at a time, so a stay that moved
    /// rooms is still one room). At the present moment it answers what the facility list's capacity answers (rooms less
    /// those out of service; occupied). One grouped read of the rooms and one of the stays, for the whole district.
    /// </summary>
    public async Task<IReadOnlyList<FacilityRoomsAt>> RoomsAtAsync(DateTime at, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facilities = await db.Facilities.AsNoTracking().Where(f => f.CreatedAt < at).Select(f => new { f.Id, f.CommunityCode })
            .ToDictionaryAsync(f => f.Id, f => f.CommunityCode, ct);
        var outages = db.RoomOutages;
        var inService = await db.Rooms.AsNoTracking()
            .Where(r => r.CreatedAt < at
                && !outages.Any(o => o.RoomId == r.Id && o.Since <= at && (o.Until == null || o.Until > at))
                && !(r.State == RoomState.OutOfService && r.UpdatedAt <= at && !outages.Any(o => o.RoomId == r.Id && o.Until == null)))
            .GroupBy(r => r.FacilityId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var occupied = await db.Stays.AsNoTracking()
            .Where(s => s.FacilityId != null && s.RoomId != null && s.Status != StayStatus.Cancelled && s.CheckedInAt < at && (s.EndedAt == null || s.EndedAt > at))
            .GroupBy(s => s.FacilityId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return facilities.Where(f => inService.ContainsKey(f.Key) || occupied.ContainsKey(f.Key))
            .Select(f => new FacilityRoomsAt(f.Key, f.Value, inService.GetValueOrDefault(f.Key), occupied.GetValueOrDefault(f.Key))).ToList();
    }

    internal static DateOnly ChinaDay(DateTime utc) => DateOnly.FromDateTime(utc.ToChina().DateTime);

    internal static IReadOnlyList<string> SymptomList(string stored) => stored.Length == 0 ? [] : stored.Split(',');

    /// <summary>Hotel staff: a room cleaned, taken out of service or back in; an occupied room changes only through its guest's stay.</summary>
    public async Task SetRoomStateAsync(Caller caller, long roomId, RoomActionInput input, CancellationToken ct = default)
    {
        var action = input.Action?.Trim();
        if (string.IsNullOrEmpty(action)) throw new DomainException("missing-field", field: "action", args: "action");
        if (!FacilityRules.RoomActions.Contains(action)) throw new DomainException("invalid-field", field: "action", args: "action");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var room = await db.Rooms.FirstOrDefaultAsync(r => r.Id == roomId, ct) ?? throw new NotFoundException("room");
        var facility = await db.Facilities.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(f => f.Id == room.FacilityId, ct)
            ?? throw new NotFoundException("room");
        if (FacilityRules.Apply(room.State, action) is not { } next)
        {
            if (room.State == RoomState.Occupied) throw new DomainException("room-occupied", StatusCodes.Status409Conflict, "action");
            throw new DomainException("room-state-change", StatusCodes.Status409Conflict, "action", StayLabels.Room(room.State));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = room.State;
        // Conditional on the state read: a guest taken in meanwhile keeps the room occupied.
        var changed = await db.Rooms.Where(r => r.Id == roomId && r.State == from)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, next).SetProperty(r => r.UpdatedAt, now), ct);
        if (changed == 0) throw new DomainException("room-occupied", StatusCodes.Status409Conflict, "action");
        if (next == RoomState.OutOfService) db.RoomOutages.Add(new RoomOutage { RoomId = roomId, Since = now });
        else if (from == RoomState.OutOfService
            && await db.RoomOutages.Where(o => o.RoomId == roomId && o.Until == null).ExecuteUpdateAsync(u => u.SetProperty(o => o.Until, now), ct) == 0)
            // Out of service since before its spells were kept: its last change (room.UpdatedAt) is when it went out.
            db.RoomOutages.Add(new RoomOutage { RoomId = roomId, Since = room.UpdatedAt, Until = now });
        db.Audit.Add(audit.Entry(caller, StayAuditActions.RoomState, $"room:{roomId}", facility.CommunityCode,
            detail: new { facilityId = facility.Id, room = room.Number, from = FacilityRules.Code(from), to = FacilityRules.Code(next) }));
        await SyncCapacityTaskAsync(db, facility, policies.Active, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Raises the facility's capacity task when it reaches the threshold, and closes it when it falls below, in the
    /// caller's transaction (after its room changes were written). Each time it fills up again is a new task: the
    /// subject is the facility's id and the episode's number.
    /// </summary>
    internal static async Task SyncCapacityTaskAsync(FrontlineDb db, Facility facility, PolicySet policy, DateTime now, CancellationToken ct)
    {
        var counts = await db.Rooms.Where(r => r.FacilityId == facility.Id).GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var capacity = CapacityOf(counts.Select(c => (c.Key, c.Count)));
        var full = FacilityRules.AtCapacityAlert(capacity.Rooms, capacity.OutOfService, capacity.Occupied);
        var prefix = facility.Id + "/";
        var tasks = await db.Set<SupervisedTask>().Where(t => t.Kind == TaskKinds.FacilityCapacity && t.JurisdictionCode == facility.CommunityCode
            && t.SubjectId.StartsWith(prefix)).Select(t => new { t.SubjectId, t.DoneAt }).ToListAsync(ct);
        var open = tasks.FirstOrDefault(t => t.DoneAt == null);
        if (full && open is null)
            await SupervisedTasks.RaiseAsync(db, TaskKinds.FacilityCapacity, prefix + (tasks.Count + 1), facility.CommunityCode,
                $"{facility.Name}入住率已达{capacity.OccupancyPercent}%，请协调新的隔离场所", now, FacilityRules.CapacityTaskDueBy(policy, now), ct);
        else if (!full && open is not null)
            await SupervisedTasks.CompleteIfAsync(db, TaskKinds.FacilityCapacity, open.SubjectId, facility.CommunityCode, () => Task.FromResult(true),
                now, Caller.System.UserName, $"入住率回落至{capacity.OccupancyPercent}%", ct);
    }
}
