using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;

namespace Frontline.Command.Requests;

public sealed record RequestInput(
    [Required, OneOf(RequestKinds.Medicine, RequestKinds.Dialysis, RequestKinds.Pregnancy, RequestKinds.Food, RequestKinds.ElderlyCare, RequestKinds.Complaint, RequestKinds.PublicOpinion)]
    string? Kind,
    [Required, OneOf(RequestUrgency.Urgent, RequestUrgency.Normal)] string? Urgency,
    [Required, Description("Where the resident is; personal data (masked without pii.view). At most 200 characters. Without communityCode or buildingId the community is found from it (a community's or a registered building's name in it).")]
    string? Address,
    [Description("The community of the address (12 digits); when absent it is resolved from buildingId or the address.")] string? CommunityCode,
    [Description("The resident's phone: a mainland mobile or a landline; personal data. Required except for a public-opinion item.")] string? Phone,
    [Required, Description("What the resident needs, at most 1000 characters.")] string? Text,
    [Description("A registered building (Registry) the address is in: its community and its zone decide.")] string? BuildingId = null,
    [Description("The client's key for retries (at most 64 characters): the same key answers the request it made the first time.")] string? ClientKey = null);

public sealed record RequestCreated(string Id, DateTimeOffset DueBy);

public sealed record RequestNoteInput([Required, Description("At most 500 characters; audited.")] string? Note);

public sealed record RequestCloseInput([Required, Description("How it was resolved (办结情况), at most 500 characters; audited.")] string? Outcome);

public sealed record RequestView(string Id,
    [OneOf(RequestKinds.Medicine, RequestKinds.Dialysis, RequestKinds.Pregnancy, RequestKinds.Food, RequestKinds.ElderlyCare, RequestKinds.Complaint, RequestKinds.PublicOpinion)] string Kind,
    [OneOf(RequestUrgency.Urgent, RequestUrgency.Normal)] string Urgency,
    [OneOf("open", "accepted", "closed")] string Status,
    string CommunityCode, string CommunityName, string? BuildingId,
    [Description("Masked unless unmasked with pii.view and a reason.")] string Address,
    [Description("Masked unless unmasked with pii.view and a reason.")] string? Phone,
    [Description("Numbers that look like phones or IDs are masked unless unmasked.")] string Text,
    [Description("The address lay in a sealed zone when logged: the tighter time limit applies.")] bool SealedZone,
    DateTimeOffset LoggedAt, string LoggedBy, DateTimeOffset DueBy,
    [Description("Not closed and past due.")] bool Late, [Description("Whole minutes past due; 0 when on time or closed.")] int MinutesLate,
    DateTimeOffset? AcceptedAt, string? AcceptedBy, DateTimeOffset? ClosedAt, string? ClosedBy, string? Outcome, bool Masked);

public sealed record RequestStepView(DateTimeOffset At, string By, [OneOf("logged", "accepted", "progress", "closed")] string Action, string? Note);

public sealed record RequestDetail(RequestView Request, IReadOnlyList<RequestStepView> Steps);

/// <summary>民生诉求: logged by the hotline or a community, routed to the community of the address, tracked to closure.</summary>
public sealed class Requests(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, PolicySets policies, RequestTimeLimits limits)
{
    public async Task<RequestCreated> LogAsync(Caller caller, RequestInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var kind = FieldError.Required(errors, "kind", input.Kind, 32);
        if (kind is not null && !RequestKinds.All.Contains(kind)) errors.Add(new("kind", "invalid-field", "kind"));
        var urgency = FieldError.Required(errors, "urgency", input.Urgency, 16);
        if (urgency is not null && urgency is not (RequestUrgency.Urgent or RequestUrgency.Normal)) errors.Add(new("urgency", "invalid-field", "urgency"));
        var address = Text(errors, "address", input.Address, RequestRules.MaxAddress, multiLine: false);
        var text = Text(errors, "text", input.Text, RequestRules.MaxText, multiLine: true);
        string? phone = null;
        if (string.IsNullOrWhiteSpace(input.Phone))
        {
            if (kind != RequestKinds.PublicOpinion) errors.Add(new("phone", "missing-field", "phone"));
        }
        else if ((phone = RequestRules.NormalisePhone(input.Phone)) is null) errors.Add(new("phone", "request-invalid-phone"));
        var community = string.IsNullOrWhiteSpace(input.CommunityCode) ? null : input.CommunityCode.Trim();
        long? buildingId = null;
        if (!string.IsNullOrWhiteSpace(input.BuildingId))
        {
            if (long.TryParse(input.BuildingId, out var b)) buildingId = b;
            else errors.Add(new("buildingId", "invalid-field", "buildingId"));
        }
        var clientKey = TextRules.Optional(errors, "clientKey", input.ClientKey, 64);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (clientKey is not null && await db.ResidentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.ClientKey == clientKey, ct) is { } retried)
        {
            if (!caller.Scope.Contains(retried.CommunityCode)) throw new DomainException("request-key-taken", StatusCodes.Status409Conflict, "clientKey");
            return new RequestCreated(retried.Id.ToString(), retried.DueBy.ToChina());
        }

        var (communityCode, building) = await RouteAsync(db, caller, address!, community, buildingId, ct);
        var sealedZone = await InSealedZoneAsync(db, communityCode, building?.Id, ct);
        var request = new ResidentRequest
        {
            Kind = kind!, Urgency = urgency!, CommunityCode = communityCode, BuildingId = building?.Id, Address = address!, Phone = phone, Text = text!,
            SealedZone = sealedZone, Status = RequestStatus.Open, LoggedAt = now, LoggedBy = caller.UserName,
            DueBy = RequestRules.DueBy(limits, kind!, urgency!, sealedZone, now), UpdatedAt = now, ClientKey = clientKey,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ResidentRequests.Add(request);
        await db.SaveChangesAsync(ct);
        db.RequestSteps.Add(new RequestStep { RequestId = request.Id, At = now, By = caller.UserName, Action = "logged" });
        db.Audit.Add(audit.Entry(caller, RequestAuditActions.Log, $"request:{request.Id}", communityCode, null,
            new { kind, urgency, sealedZone, buildingId = building?.Id, dueBy = request.DueBy.ToChina() }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RequestCreated(request.Id.ToString(), request.DueBy.ToChina());
    }

    static string? Text(List<FieldError> errors, string field, string? value, int max, bool multiLine)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "missing-field", field));
            return null;
        }
        return TextRules.Optional(errors, field, value, max, multiLine: multiLine);
    }

    /// <summary>
    /// The community the request goes to: the building's, the given community's, or the one the address names (a community's
    /// name in it, else a registered building's name or address in it, all in one community). Nothing found is
    /// <c>request-address-unreachable</c>: a request no community would see is refused rather than written.
    /// </summary>
    static async Task<(string Community, Building? Building)> RouteAsync(FrontlineDb db, Caller caller, string address, string? community, long? buildingId,
        CancellationToken ct)
    {
        if (buildingId is { } bid)
        {
            var building = await db.Buildings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bid, ct);
            // A building outside the caller's jurisdiction is answered as one that does not exist.
            if (building is null || !caller.Scope.Contains(building.CommunityCode)) throw new DomainException("request-unknown-building", field: "buildingId", args: bid);
            if (community is not null && community != building.CommunityCode) throw new DomainException("request-building-elsewhere", field: "buildingId");
            return (building.CommunityCode, building);
        }
        if (community is not null)
        {
            if (community.Length != 12 || !await db.Jurisdictions.AnyAsync(j => j.Code == community && j.Level == JurisdictionLevel.Community, ct))
                throw new DomainException("unknown-community", field: "communityCode", args: community);
            if (!caller.Scope.Contains(community)) throw new DomainException("out-of-scope", field: "communityCode");
            return (community, await BuildingInAsync(db, db.Buildings.Where(b => b.CommunityCode == community), address, ct));
        }
        var named = await db.Jurisdictions.AsNoTracking().InScope(caller.Scope, nameof(Jurisdiction.Code))
            .Where(j => j.Level == JurisdictionLevel.Community && address.Contains(j.Name)).OrderBy(j => j.Code).Select(j => j.Code).Take(3).ToListAsync(ct);
        if (named.Count == 1)
            return (named[0], await BuildingInAsync(db, db.Buildings.Where(b => b.CommunityCode == named[0]), address, ct));
        var buildings = await Candidates(db.Buildings.AsNoTracking().InScope(caller.Scope), address).Take(20).ToListAsync(ct);
        var communities = buildings.Select(b => b.CommunityCode).Distinct().ToList();
        if (communities.Count == 1) return (communities[0], Longest(buildings));
        throw new DomainException(communities.Count > 1 || named.Count > 1 ? "request-address-ambiguous" : "request-address-unreachable", field: "address");
    }

    /// <summary>A building whose recorded address is the address, or whose name (at least three characters: 3栋 alone says nothing) is in it.</summary>
    static IQueryable<Building> Candidates(IQueryable<Building> buildings, string address) =>
        buildings.Where(b => b.Address == address || (b.Name.Length >= 3 && address.Contains(b.Name)))
            .OrderByDescending(b => b.Name.Length).ThenBy(b => b.Id);

    static async Task<Building?> BuildingInAsync(FrontlineDb db, IQueryable<Building> buildings, string address, CancellationToken ct) =>
        Longest(await Candidates(buildings.AsNoTracking(), address).Take(20).ToListAsync(ct));

    static Building? Longest(List<Building> buildings) => buildings.OrderByDescending(b => b.Name.Length).ThenBy(b => b.Id).FirstOrDefault();

    /// <summary>
    /// Whether an active zone of the top level (封控区, or 高风险区 under the risk-area scheme) covers the building, or the
    /// community, its street or the district: read from Containment's zone tables.
    /// </summary>
    async Task<bool> InSealedZoneAsync(FrontlineDb db, string community, long? buildingId, CancellationToken ct)
    {
        string[] codes = [community, community[..9] + "000", community[..6] + "000000"];
        var zones = await (from t in db.ZoneTargets
                           join z in db.Zones on t.ZoneId equals z.Id
                           where z.Status == ZoneStatus.Active && ((buildingId != null && t.BuildingId == buildingId) || (t.JurisdictionCode != null && codes.Contains(t.JurisdictionCode)))
                           select new { z.Level, z.PolicySet }).Distinct().ToListAsync(ct);
        return zones.Any(z => z.Level == ZoneRules.TopLevel(policies.Find(z.PolicySet) ?? policies.Active));
    }

    public Task<RequestView> AcceptAsync(Caller caller, long id, CancellationToken ct = default) =>
        StepAsync(caller, id, "accepted", null, ct);

    public Task<RequestView> NoteAsync(Caller caller, long id, RequestNoteInput input, CancellationToken ct = default) =>
        StepAsync(caller, id, "progress", Required(input.Note, "note"), ct);

    public Task<RequestView> CloseAsync(Caller caller, long id, RequestCloseInput input, CancellationToken ct = default) =>
        StepAsync(caller, id, "closed", Required(input.Outcome, "outcome"), ct);

    static string Required(string? value, string field)
    {
        var errors = new List<FieldError>();
        var text = Text(errors, field, value, RequestRules.MaxNote, multiLine: true);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        return text!;
    }

    /// <summary>
    /// Accept, note progress or close. Accepting twice or closing twice answers the request as it is (a retry); anything
    /// after the close is 409. Closing closes the request's late task in the same transaction.
    /// </summary>
    async Task<RequestView> StepAsync(Caller caller, long id, string action, string? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var request = await db.ResidentRequests.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("request");
        if (request.Status == RequestStatus.Closed)
        {
            if (action == "closed") return (await ViewsAsync(db, [request], now, false, ct))[0];
            throw new DomainException("request-closed", StatusCodes.Status409Conflict);
        }
        if (action == "accepted" && request.Status == RequestStatus.Accepted) return (await ViewsAsync(db, [request], now, false, ct))[0];

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = request.Status;
        // Written only over the status it was read with: a second worker closing it at the same moment makes this one a retry.
        var changed = action switch
        {
            "accepted" => await db.ResidentRequests.Where(r => r.Id == id && r.Status == from).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, RequestStatus.Accepted).SetProperty(r => r.AcceptedAt, now).SetProperty(r => r.AcceptedBy, caller.UserName)
                .SetProperty(r => r.UpdatedAt, now), ct),
            "closed" => await db.ResidentRequests.Where(r => r.Id == id && r.Status == from).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, RequestStatus.Closed).SetProperty(r => r.ClosedAt, now).SetProperty(r => r.ClosedBy, caller.UserName)
                .SetProperty(r => r.Outcome, note)
                .SetProperty(r => r.AcceptedAt, r => r.AcceptedAt ?? now).SetProperty(r => r.AcceptedBy, r => r.AcceptedBy ?? caller.UserName)
                .SetProperty(r => r.UpdatedAt, now), ct),
            _ => await db.ResidentRequests.Where(r => r.Id == id && r.Status != RequestStatus.Closed).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, RequestStatus.Accepted).SetProperty(r => r.AcceptedAt, r => r.AcceptedAt ?? now)
                .SetProperty(r => r.AcceptedBy, r => r.AcceptedBy ?? caller.UserName).SetProperty(r => r.UpdatedAt, now), ct),
        };
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return await StepAsync(caller, id, action, note, ct);
        }
        db.RequestSteps.Add(new RequestStep { RequestId = id, At = now, By = caller.UserName, Action = action, Note = note });
        if (action == "closed")
            await SupervisedTasks.CompleteIfAsync(db, TaskKinds.ResidentRequest, id.ToString(), request.CommunityCode, () => Task.FromResult(true), now, "system",
                "诉求已办结", ct);
        var (subject, detail) = ($"request:{id}", new { from = Code(from), kind = request.Kind });
        db.Audit.Add(action switch
        {
            "accepted" => audit.Entry(caller, RequestAuditActions.Accept, subject, request.CommunityCode, note, detail),
            "closed" => audit.Entry(caller, RequestAuditActions.Close, subject, request.CommunityCode, note, detail),
            _ => audit.Entry(caller, RequestAuditActions.Progress, subject, request.CommunityCode, note, detail),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var updated = await db.ResidentRequests.AsNoTracking().FirstAsync(r => r.Id == id, ct);
        return (await ViewsAsync(db, [updated], now, false, ct))[0];
    }

    /// <summary>A queue: late first (the most late on top), then urgent, then the rest by due time; closed last. Paged, by the index on (community, status, due).</summary>
    public async Task<Paged<RequestView>> ListAsync(Caller caller, string? status, string? jurisdiction, string? kind, PageRequest page,
        bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.ResidentRequests.AsNoTracking().InScope(scope);
        q = status switch
        {
            null or "" or "open" => q.Where(r => r.Status != RequestStatus.Closed),
            "late" => q.Where(r => r.Status != RequestStatus.Closed && r.DueBy <= now),
            "closed" => q.Where(r => r.Status == RequestStatus.Closed),
            "all" => q,
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        if (!string.IsNullOrEmpty(kind))
        {
            if (!RequestKinds.All.Contains(kind)) throw new DomainException("invalid-field", field: "kind", args: "kind");
            q = q.Where(r => r.Kind == kind);
        }
        var total = await q.LongCountAsync(ct);
        var rows = await q
            .OrderBy(r => r.Status == RequestStatus.Closed ? 3 : r.DueBy <= now ? 0 : r.Urgency == RequestUrgency.Urgent ? 1 : 2)
            .ThenBy(r => r.Status == RequestStatus.Closed ? now : r.DueBy).ThenByDescending(r => r.ClosedAt).ThenBy(r => r.Id)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var views = await ViewsAsync(db, rows, now, unmask, ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, "requests", scope.Code, reason, new { rows = rows.Count }, ct);
        return new(total, views);
    }

    /// <summary>How many of the caller's open requests are late: the queue's red count.</summary>
    public async Task<long> LateCountAsync(Caller caller, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ResidentRequests.AsNoTracking().InScope(caller.Scope).LongCountAsync(r => r.Status != RequestStatus.Closed && r.DueBy <= now, ct);
    }

    public async Task<RequestDetail> GetAsync(Caller caller, long id, bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var request = await db.ResidentRequests.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("request");
        var steps = await db.RequestSteps.AsNoTracking().Where(s => s.RequestId == id).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"request:{id}", request.CommunityCode, reason, null, ct);
        return new((await ViewsAsync(db, [request], now, unmask, ct))[0],
            steps.Select(s => new RequestStepView(s.At.ToChina(), s.By, s.Action, unmask ? s.Note : Masking.Text(s.Note))).ToList());
    }

    static async Task<List<RequestView>> ViewsAsync(FrontlineDb db, IReadOnlyList<ResidentRequest> rows, DateTime now, bool unmask, CancellationToken ct)
    {
        var codes = rows.Select(r => r.CommunityCode).Distinct().ToList();
        var names = await db.Jurisdictions.AsNoTracking().Where(j => codes.Contains(j.Code)).ToDictionaryAsync(j => j.Code, j => j.Name, ct);
        return rows.Select(r => new RequestView(r.Id.ToString(), r.Kind, r.Urgency, Code(r.Status), r.CommunityCode, names.GetValueOrDefault(r.CommunityCode, ""),
            r.BuildingId?.ToString(), unmask ? r.Address : Masking.Address(r.Address), unmask ? r.Phone : Masking.Phone(r.Phone),
            unmask ? r.Text : Masking.Text(r.Text)!, r.SealedZone, r.LoggedAt.ToChina(), r.LoggedBy, r.DueBy.ToChina(),
            RequestRules.IsLate(r.Status, r.DueBy, now), RequestRules.MinutesLate(r.Status, r.DueBy, now), r.AcceptedAt?.ToChina(), r.AcceptedBy,
            r.ClosedAt?.ToChina(), r.ClosedBy, r.Outcome is null ? null : unmask ? r.Outcome : Masking.Text(r.Outcome), !unmask)).ToList();
    }

    public static string Code(RequestStatus status) => status switch
    {
        RequestStatus.Open => "open",
        RequestStatus.Accepted => "accepted",
        _ => "closed",
    };

    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    /// <summary>The hours a kind would be given now, for the log form's hint.</summary>
    public double HoursFor(string kind, string urgency, bool sealedZone) => RequestRules.Hours(limits, kind, urgency, sealedZone);

    /// <summary>Communities of the caller's jurisdiction for the log form's picker (a district has a few hundred).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> CommunitiesAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Jurisdictions.AsNoTracking().InScope(caller.Scope, nameof(Jurisdiction.Code)).Where(j => j.Level == JurisdictionLevel.Community)
            .OrderBy(j => j.Code).Take(2000).Select(j => new { j.Code, j.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name)).ToList();
    }
}
