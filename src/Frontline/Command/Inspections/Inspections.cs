using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Platform.Files;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Testing;

namespace Frontline.Command.Inspections;

public sealed record FindingInput(
    [Required, Description("What is wrong, at most 500 characters.")] string? Text,
    [Required, Description("The rectification deadline (整改期限), in the future: the rectification task's due time.")] DateTimeOffset? FixBy);

public sealed record RecheckInput(
    [Required, Description("An open finding of the same place.")] string? FindingId,
    [Required, Description("true: fixed (its rectification task closes); false: not fixed (the task stays).")] bool? Fixed,
    [Description("Not fixed: a new deadline, in the future (the task's due time moves to it).")] DateTimeOffset? FixBy,
    [Description("At most 500 characters.")] string? Note);

public sealed record InspectionInput(
    [Required, Description("The place: `place:{id}` (a registered place: market, checkpoint, venue), `site:{id}` (a sampling site) or `facility:{id}` (a quarantine hotel), inside the caller's jurisdiction.")] string? PlaceId,
    [Required, Description("The template of the place's kind: market, checkpoint, quarantine-hotel, sampling-site or venue; its current version is answered.")] string? Template,
    [Description("Item id → answer: true/false for yes-no items, a number for number items, a text for text items. Every required item is answered.")] Dictionary<string, JsonElement>? Answers,
    [Description("Each finding raises a supervised task of kind rectification for the place's community, due at its fixBy. At most 20.")] FindingInput[]? Findings,
    [Description("A re-inspection: the place's open findings checked again, each fixed or not.")] RecheckInput[]? Rechecks = null,
    [Description("The form's own id: a retried submit with the same id answers the inspection it made the first time.")] string? RequestId = null);

public sealed record InspectionCreated(string Id);

public sealed record InspectionPlaceView(string PlaceId, string Name,
    [OneOf(InspectionPlaceKinds.Market, InspectionPlaceKinds.Checkpoint, InspectionPlaceKinds.QuarantineHotel, InspectionPlaceKinds.SamplingSite, InspectionPlaceKinds.Venue)] string Kind,
    string CommunityCode, string Template, int OpenFindings);

public sealed record InspectionSummary(string Id, string PlaceId, string PlaceName, string PlaceKind, string JurisdictionCode, string Template, int TemplateVersion,
    DateTimeOffset InspectedAt, string InspectedBy, int Findings, int OpenFindings, int Rechecked);

public sealed record FindingView(string Id, string InspectionId, string Text, DateTimeOffset FixBy, [OneOf("open", "overdue", "fixed")] string Status,
    DateTimeOffset? FixedAt, string? FixedBy);

public sealed record AnswerView(string Item, string Text, [OneOf(AnswerTypes.YesNo, AnswerTypes.Number, AnswerTypes.Text)] string Type, [Description("true/false, a number, a text, or null when unanswered.")] JsonElement Answer,
    [Description("A yes/no answer other than the expected one.")] bool Deviates);

public sealed record RecheckView(string FindingId, string FindingText, bool Fixed, DateTimeOffset? NewFixBy, string? Note);

public sealed record InspectionDetail(InspectionSummary Inspection, IReadOnlyList<AnswerView> Answers, IReadOnlyList<FindingView> Findings,
    IReadOnlyList<RecheckView> Rechecks, IReadOnlyList<StoredFileInfo> Photos);

public sealed record PlaceHistory(InspectionPlaceView Place, IReadOnlyList<FindingView> OpenFindings, Paged<InspectionDetail> Inspections);

public sealed record TemplateItemView(string Id, string Text, [OneOf(AnswerTypes.YesNo, AnswerTypes.Number, AnswerTypes.Text)] string Type, bool Required,
    bool? Expected, double? Min, double? Max);

public sealed record TemplateView(string Key, int Version, string PlaceKind, string Name, IReadOnlyList<TemplateItemView> Items);

/// <summary>督导检查: inspections of key places, their findings as rectification tasks, re-inspections closing them, a place's history.</summary>
public sealed class Inspections(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, StoredFiles files)
{
    public const string FileOwner = "inspection";
    public static InspectionTemplates Templates => InspectionTemplates.Shipped;

    /// <summary>A retried finding, a photo taken a minute late: a deadline may not be earlier than now.</summary>
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    static readonly JsonElement Unanswered = JsonSerializer.SerializeToElement<object?>(null);

    sealed record ResolvedPlace(string PlaceId, string Name, string Kind, string CommunityCode);

    static string KindOf(PlaceKind kind) => kind switch
    {
        PlaceKind.Market => InspectionPlaceKinds.Market,
        PlaceKind.Checkpoint => InspectionPlaceKinds.Checkpoint,
        _ => InspectionPlaceKinds.Venue,
    };

    /// <summary>A bare number names a registered place (the id <c>GET /api/places</c> lists): <c>12</c> is <c>place:12</c>.</summary>
    public static string Normalise(string placeId) => placeId.Length > 0 && placeId.All(char.IsAsciiDigit) ? "place:" + placeId : placeId;

    /// <summary>The place a placeId names, or null when it names none (or is malformed).</summary>
    static async Task<ResolvedPlace?> ResolveAsync(FrontlineDb db, string placeId, CancellationToken ct)
    {
        placeId = Normalise(placeId);
        var colon = placeId.IndexOf(':');
        if (colon <= 0 || !long.TryParse(placeId.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var id)) return null;
        return placeId[..colon] switch
        {
            "place" => await db.Places.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new { p.Name, p.Kind, p.CommunityCode }).FirstOrDefaultAsync(ct) is { } p
                ? new ResolvedPlace($"place:{id}", p.Name, KindOf(p.Kind), p.CommunityCode) : null,
            "site" => await db.Set<SamplingSite>().AsNoTracking().Where(s => s.Id == id)
                .Select(s => new { s.Name, s.CommunityCode }).FirstOrDefaultAsync(ct) is { } s
                ? new ResolvedPlace($"site:{id}", s.Name, InspectionPlaceKinds.SamplingSite, s.CommunityCode) : null,
            "facility" => await db.Facilities.AsNoTracking().Where(f => f.Id == id)
                .Select(f => new { f.Name, f.CommunityCode }).FirstOrDefaultAsync(ct) is { } f
                ? new ResolvedPlace($"facility:{id}", f.Name, InspectionPlaceKinds.QuarantineHotel, f.CommunityCode) : null,
            _ => null,
        };
    }

    public async Task<InspectionCreated> CreateAsync(Caller caller, InspectionInput input, IReadOnlyList<FileUpload>? photos = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var placeId = FieldError.Required(errors, "placeId", input.PlaceId, 32);
        var templateKey = FieldError.Required(errors, "template", input.Template, 32);
        var requestId = string.IsNullOrWhiteSpace(input.RequestId) ? null : input.RequestId.Trim();
        if (requestId is { Length: > 64 }) errors.Add(new("requestId", "field-too-long", "requestId", 64));

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (requestId is not null && await db.Set<Inspection>().AsNoTracking().Where(i => i.RequestId == requestId && i.InspectedBy == caller.UserName)
                .Select(i => (long?)i.Id).FirstOrDefaultAsync(ct) is { } earlier)
            return new InspectionCreated(earlier.ToString());

        // A place outside the caller's jurisdiction is answered as one that does not exist.
        var place = placeId is null ? null : await ResolveAsync(db, placeId, ct);
        if (place is not null && !caller.Scope.Contains(place.CommunityCode)) place = null;
        if (placeId is not null && place is null) errors.Add(new("placeId", "inspection-unknown-place", placeId));

        TemplateVersion? template = null;
        if (templateKey is not null)
        {
            template = Templates.Latest(templateKey);
            if (template is null) errors.Add(new("template", "inspection-unknown-template", templateKey));
            else if (place is not null && template.PlaceKind != place.Kind)
            {
                errors.Add(new("template", "inspection-template-mismatch", templateKey, Templates.ForKind(place.Kind)?.Key ?? place.Kind));
                template = null;
            }
        }
        var answers = template is null ? [] : InspectionRules.CheckAnswers(template, input.Answers, errors);

        var findings = new List<(string Text, DateTime FixBy)>();
        var findingInputs = input.Findings ?? [];
        if (findingInputs.Length > InspectionRules.MaxFindings) errors.Add(new("findings", "inspection-too-many-findings", InspectionRules.MaxFindings));
        for (var i = 0; i < findingInputs.Length && i < InspectionRules.MaxFindings; i++)
        {
            var f = findingInputs[i];
            if (f is null) { errors.Add(new($"findings[{i}].text", "missing-field", $"findings[{i}].text")); continue; }
            var text = FieldError.Required(errors, $"findings[{i}].text", f.Text, InspectionRules.MaxText);
            if (f.FixBy is null) errors.Add(new($"findings[{i}].fixBy", "missing-field", $"findings[{i}].fixBy"));
            else if (f.FixBy.Value.UtcDateTime <= now) errors.Add(new($"findings[{i}].fixBy", "inspection-fix-by-in-past"));
            else if (text is not null) findings.Add((text, f.FixBy.Value.UtcDateTime));
        }

        var rechecks = new List<(long FindingId, bool Fixed, DateTime? FixBy, string? Note)>();
        var recheckInputs = input.Rechecks ?? [];
        for (var i = 0; i < recheckInputs.Length && i < 100; i++)
        {
            var r = recheckInputs[i];
            var field = $"rechecks[{i}]";
            if (r is null || !long.TryParse(r.FindingId, out var findingId)) { errors.Add(new($"{field}.findingId", "missing-field", $"{field}.findingId")); continue; }
            if (r.Fixed is null) { errors.Add(new($"{field}.fixed", "missing-field", $"{field}.fixed")); continue; }
            if (r.FixBy is { } fb && fb.UtcDateTime <= now) { errors.Add(new($"{field}.fixBy", "inspection-fix-by-in-past")); continue; }
            var note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
            if (note is { Length: > InspectionRules.MaxText }) { errors.Add(new($"{field}.note", "field-too-long", $"{field}.note", InspectionRules.MaxText)); continue; }
            if (rechecks.Any(x => x.FindingId == findingId)) { errors.Add(new($"{field}.findingId", "inspection-finding-twice", r.FindingId!)); continue; }
            rechecks.Add((findingId, r.Fixed.Value, r.Fixed.Value ? null : r.FixBy?.UtcDateTime, note));
        }
        if (recheckInputs.Length > 100) errors.Add(new("rechecks", "inspection-too-many-findings", 100));

        var recheckIds = rechecks.Select(r => r.FindingId).ToList();
        var open = place is null || recheckIds.Count == 0 ? []
            : await db.Set<InspectionFinding>().Where(f => recheckIds.Contains(f.Id) && f.PlaceId == place.PlaceId && f.Status == FindingStatus.Open).ToListAsync(ct);
        for (var i = 0; i < rechecks.Count; i++)
            if (place is not null && open.All(f => f.Id != rechecks[i].FindingId))
                errors.Add(new($"rechecks[{i}].findingId", "inspection-finding-not-open", rechecks[i].FindingId.ToString()));

        if (photos is not null) StoredFiles.CheckCount(photos.Count, FileRules.Photos, "photos", errors);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inspection = new Inspection
        {
            PlaceId = place!.PlaceId, PlaceKind = place.Kind, PlaceName = place.Name.Length > 128 ? place.Name[..128] : place.Name, JurisdictionCode = place.CommunityCode,
            Template = template!.Key, TemplateVersion = template.Version, AnswersJson = JsonSerializer.Serialize(answers, Json), InspectedAt = now,
            InspectedBy = caller.UserName, RequestId = requestId, Findings = findings.Count, OpenFindings = findings.Count, Rechecked = rechecks.Count,
        };
        db.Add(inspection);
        await db.SaveChangesAsync(ct);

        var rows = findings.Select(f => new InspectionFinding
        {
            InspectionId = inspection.Id, PlaceId = place.PlaceId, JurisdictionCode = place.CommunityCode, Text = f.Text, FixBy = f.FixBy, Status = FindingStatus.Open,
        }).ToList();
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        foreach (var f in rows)
            await SupervisedTasks.RaiseAsync(db, TaskKinds.Rectification, f.Id.ToString(), place.CommunityCode, TaskTitle(place.Name, f.Text), now, f.FixBy, ct);

        foreach (var (findingId, isFixed, fixBy, note) in rechecks)
        {
            var finding = open.Single(f => f.Id == findingId);
            db.Add(new FindingCheck { FindingId = findingId, InspectionId = inspection.Id, Fixed = isFixed, NewFixBy = fixBy, Note = note, At = now, By = caller.UserName });
            if (isFixed)
            {
                finding.Status = FindingStatus.Fixed;
                finding.FixedAt = now;
                finding.FixedBy = caller.UserName;
                finding.FixedInspectionId = inspection.Id;
                await SupervisedTasks.CompleteIfAsync(db, TaskKinds.Rectification, findingId.ToString(), finding.JurisdictionCode, () => Task.FromResult(true),
                    now, caller.UserName, $"复查已整改（检查 {inspection.Id}）", ct);
                await db.Set<Inspection>().Where(i => i.Id == finding.InspectionId && i.OpenFindings > 0)
                    .ExecuteUpdateAsync(u => u.SetProperty(i => i.OpenFindings, i => i.OpenFindings - 1), ct);
            }
            else if (fixBy is { } due)
            {
                finding.FixBy = due;
                await SupervisedTasks.MoveDueAsync(db, TaskKinds.Rectification, findingId.ToString(), finding.JurisdictionCode, due, ct);
            }
        }

        foreach (var photo in photos ?? [])
            StoredFiles.Add(db, photo, FileOwner, inspection.Id.ToString(), place.CommunityCode, caller.UserName, now);

        var detail = new
        {
            place = place.PlaceId, template = $"{template.Key}@{template.Version}", findings = rows.Select(f => f.Id).ToArray(),
            fixedFindings = rechecks.Where(r => r.Fixed).Select(r => r.FindingId).ToArray(), notFixed = rechecks.Where(r => !r.Fixed).Select(r => r.FindingId).ToArray(),
            photos = photos?.Count ?? 0,
        };
        var auditSubject = $"inspection:{inspection.Id}";
        db.Audit.Add(rechecks.Count > 0
            ? audit.Entry(caller, InspectionAuditActions.Reinspect, auditSubject, place.CommunityCode, null, detail)
            : audit.Entry(caller, InspectionAuditActions.Inspect, auditSubject, place.CommunityCode, null, detail));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new InspectionCreated(inspection.Id.ToString());
    }

    static string TaskTitle(string place, string text)
    {
        var title = $"整改：{place}——{text}";
        return title.Length > SupervisedTasks.MaxTitle ? title[..(SupervisedTasks.MaxTitle - 1)] + "…" : title;
    }

    /// <summary>Adds photos to an inspection in the caller's jurisdiction (the inspector's phone sends them after the form, or the form's own upload).</summary>
    public async Task<IReadOnlyList<StoredFileInfo>> AddPhotosAsync(Caller caller, long id, IReadOnlyList<(Stream Content, string? Name)> uploads, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var inspection = await db.Set<Inspection>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null || !caller.Scope.Contains(inspection.JurisdictionCode)) throw new NotFoundException("inspection");
        var errors = new List<FieldError>();
        if (uploads.Count == 0) errors.Add(new("photos", "missing-field", "photos"));
        var have = await db.Set<StoredFile>().CountAsync(f => f.OwnerKind == FileOwner && f.OwnerId == inspection.Id.ToString(), ct);
        StoredFiles.CheckCount(have + uploads.Count, FileRules.Photos, "photos", errors);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var read = new List<FileUpload>();
        foreach (var (content, name) in uploads)
            if (await StoredFiles.ReadAsync(content, name, FileRules.Photos, "photos", errors, ct) is { } upload) read.Add(upload);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var added = read.Select(u => StoredFiles.Add(db, u, FileOwner, inspection.Id.ToString(), inspection.JurisdictionCode, caller.UserName, now)).ToList();
        db.Audit.Add(audit.Entry(caller, InspectionAuditActions.Photos, $"inspection:{id}", inspection.JurisdictionCode, null,
            new { files = added.Select(f => new { f.Id, f.FileName, f.Size }).ToArray() }));
        await db.SaveChangesAsync(ct);
        return added.Select(StoredFiles.Info).ToList();
    }

    /// <summary>Serves a photo of an inspection the caller may read; a photo of another record is not found.</summary>
    public async Task<IResult> PhotoAsync(Caller caller, long id, Guid fileId, CancellationToken ct = default)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var jurisdiction = await db.Set<Inspection>().AsNoTracking().Where(i => i.Id == id).Select(i => i.JurisdictionCode).FirstOrDefaultAsync(ct);
            if (jurisdiction is null || !caller.Scope.Contains(jurisdiction)) throw new NotFoundException("inspection");
        }
        var file = await files.FindAsync(fileId, ct);
        if (file is null || file.OwnerKind != FileOwner || file.OwnerId != id.ToString()) throw new NotFoundException("file");
        return await files.DownloadAsync(caller, file, ct);
    }

    /// <summary>Places of the caller's jurisdiction whose name contains the text (all kinds, or one), at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<InspectionPlaceView>> SearchPlacesAsync(Caller caller, string? q, string? kind, int take = 20, CancellationToken ct = default)
    {
        if (kind is { Length: > 0 } && !InspectionPlaceKinds.All.Contains(kind)) throw new DomainException("invalid-field", field: "kind", args: "kind");
        take = Math.Clamp(take, 1, 50);
        var text = q?.Trim() ?? "";
        if (text.Length > 64) throw new DomainException("field-too-long", field: "q", args: ["q", 64]);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = new List<ResolvedPlace>();
        bool Wants(string k) => string.IsNullOrEmpty(kind) || kind == k;
        if (Wants(InspectionPlaceKinds.Market) || Wants(InspectionPlaceKinds.Checkpoint) || Wants(InspectionPlaceKinds.Venue))
        {
            var places = db.Places.AsNoTracking().InScope(caller.Scope);
            if (text.Length > 0) places = places.Where(p => p.Name.Contains(text));
            places = kind switch
            {
                InspectionPlaceKinds.Market => places.Where(p => p.Kind == PlaceKind.Market),
                InspectionPlaceKinds.Checkpoint => places.Where(p => p.Kind == PlaceKind.Checkpoint),
                InspectionPlaceKinds.Venue => places.Where(p => p.Kind != PlaceKind.Market && p.Kind != PlaceKind.Checkpoint),
                _ => places,
            };
            found.AddRange((await places.OrderBy(p => p.Kind).ThenBy(p => p.Name).Take(take).Select(p => new { p.Id, p.Name, p.Kind, p.CommunityCode }).ToListAsync(ct))
                .Select(p => new ResolvedPlace($"place:{p.Id}", p.Name, KindOf(p.Kind), p.CommunityCode)));
        }
        if (Wants(InspectionPlaceKinds.SamplingSite))
        {
            var sites = db.Set<SamplingSite>().AsNoTracking().InScope(caller.Scope);
            if (text.Length > 0) sites = sites.Where(s => s.Name.Contains(text));
            found.AddRange((await sites.OrderBy(s => s.Name).Take(take).Select(s => new { s.Id, s.Name, s.CommunityCode }).ToListAsync(ct))
                .Select(s => new ResolvedPlace($"site:{s.Id}", s.Name, InspectionPlaceKinds.SamplingSite, s.CommunityCode)));
        }
        if (Wants(InspectionPlaceKinds.QuarantineHotel))
        {
            var facilities = db.Facilities.AsNoTracking().InScope(caller.Scope);
            if (text.Length > 0) facilities = facilities.Where(f => f.Name.Contains(text));
            found.AddRange((await facilities.OrderBy(f => f.Name).Take(take).Select(f => new { f.Id, f.Name, f.CommunityCode }).ToListAsync(ct))
                .Select(f => new ResolvedPlace($"facility:{f.Id}", f.Name, InspectionPlaceKinds.QuarantineHotel, f.CommunityCode)));
        }
        // Names that start with the text first, then the shorter ones: "红星" finds 红星农贸市场 before 新红星路口.
        var picked = found.OrderBy(p => p.Name.StartsWith(text, StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p.Name.Length).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Take(take).ToList();
        var ids = picked.Select(p => p.PlaceId).ToList();
        var open = await db.Set<InspectionFinding>().AsNoTracking().Where(f => ids.Contains(f.PlaceId) && f.Status == FindingStatus.Open)
            .GroupBy(f => f.PlaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return picked.Select(p => View(p, open.GetValueOrDefault(p.PlaceId))).ToList();
    }

    static InspectionPlaceView View(ResolvedPlace p, int open) => new(p.PlaceId, p.Name, p.Kind, p.CommunityCode, Templates.ForKind(p.Kind)?.Key ?? p.Kind, open);

    /// <summary>One place of the caller's jurisdiction, or null.</summary>
    public async Task<InspectionPlaceView?> PlaceAsync(Caller caller, string placeId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var place = await ResolveAsync(db, placeId, ct);
        if (place is null || !caller.Scope.Contains(place.CommunityCode)) return null;
        var open = await db.Set<InspectionFinding>().CountAsync(f => f.PlaceId == place.PlaceId && f.Status == FindingStatus.Open, ct);
        return View(place, open);
    }

    /// <summary>The inspections of the caller's jurisdiction, newest first: by kind of place, jurisdiction, with open findings only, or of one place.</summary>
    public async Task<Paged<InspectionSummary>> ListAsync(Caller caller, string? kind, string? jurisdiction, bool? openFindings, string? placeId, PageRequest page, CancellationToken ct = default)
    {
        if (kind is { Length: > 0 } && !InspectionPlaceKinds.All.Contains(kind)) throw new DomainException("invalid-field", field: "kind", args: "kind");
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Set<Inspection>().AsNoTracking().InScope(scope, nameof(Inspection.JurisdictionCode));
        if (kind is { Length: > 0 }) q = q.Where(i => i.PlaceKind == kind);
        if (openFindings == true) q = q.Where(i => i.OpenFindings > 0);
        if (!string.IsNullOrWhiteSpace(placeId)) { var normalised = Normalise(placeId.Trim()); q = q.Where(i => i.PlaceId == normalised); }
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(i => i.InspectedAt).ThenByDescending(i => i.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(Summary).ToList());
    }

    static InspectionSummary Summary(Inspection i) => new(i.Id.ToString(), i.PlaceId, i.PlaceName, i.PlaceKind, i.JurisdictionCode, i.Template, i.TemplateVersion,
        i.InspectedAt.ToChina(), i.InspectedBy, i.Findings, i.OpenFindings, i.Rechecked);

    FindingView Finding(InspectionFinding f, DateTime now) => new(f.Id.ToString(), f.InspectionId.ToString(), f.Text, f.FixBy.ToChina(),
        f.Status == FindingStatus.Fixed ? "fixed" : f.FixBy <= now ? "overdue" : "open", f.FixedAt?.ToChina(), f.FixedBy);

    public async Task<InspectionDetail> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var inspection = await db.Set<Inspection>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null || !caller.Scope.Contains(inspection.JurisdictionCode)) throw new NotFoundException("inspection");
        return (await DetailsAsync(db, [inspection], ct))[0];
    }

    async Task<List<InspectionDetail>> DetailsAsync(FrontlineDb db, List<Inspection> inspections, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = inspections.Select(i => i.Id).ToList();
        var findings = (await db.Set<InspectionFinding>().AsNoTracking().Where(f => ids.Contains(f.InspectionId)).OrderBy(f => f.Id).ToListAsync(ct)).ToLookup(f => f.InspectionId);
        var checks = await db.Set<FindingCheck>().AsNoTracking().Where(c => ids.Contains(c.InspectionId))
            .Join(db.Set<InspectionFinding>(), c => c.FindingId, f => f.Id, (c, f) => new { c.InspectionId, c.FindingId, f.Text, c.Fixed, c.NewFixBy, c.Note, c.Id })
            .OrderBy(c => c.Id).ToListAsync(ct);
        var photos = await StoredFiles.ListAsync(db, FileOwner, ids.Select(i => i.ToString()).ToList(), ct);
        return inspections.Select(i =>
        {
            var template = Templates.Get(i.Template, i.TemplateVersion);
            var answers = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(i.AnswersJson, Json) ?? [];
            var answerViews = template is null
                ? answers.Select(a => new AnswerView(a.Key, a.Key, AnswerTypes.Text, a.Value, false)).ToList()
                : template.Items.Select(item =>
                {
                    var value = answers.TryGetValue(item.Id, out var v) ? v : Unanswered;
                    var deviates = item.Expected is { } e && value.ValueKind is JsonValueKind.True or JsonValueKind.False && value.GetBoolean() != e;
                    return new AnswerView(item.Id, item.Text.In(), item.Type, value, deviates);
                }).ToList();
            return new InspectionDetail(Summary(i), answerViews, findings[i.Id].Select(f => Finding(f, now)).ToList(),
                checks.Where(c => c.InspectionId == i.Id).Select(c => new RecheckView(c.FindingId.ToString(), c.Text, c.Fixed, c.NewFixBy?.ToChina(), c.Note)).ToList(),
                photos[i.Id.ToString()].ToList());
        }).ToList();
    }

    /// <summary>A place's history: its open findings, and its inspections newest first with their findings, re-checks and photos.</summary>
    public async Task<PlaceHistory> HistoryAsync(Caller caller, string placeId, PageRequest page, CancellationToken ct = default)
    {
        var place = await PlaceAsync(caller, placeId, ct) ?? throw new NotFoundException("inspection-place");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var open = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.PlaceId == place.PlaceId && f.Status == FindingStatus.Open)
            .OrderBy(f => f.FixBy).Take(200).ToListAsync(ct);
        var q = db.Set<Inspection>().AsNoTracking().Where(i => i.PlaceId == place.PlaceId);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(i => i.InspectedAt).ThenByDescending(i => i.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new PlaceHistory(place, open.Select(f => Finding(f, now)).ToList(), new Paged<InspectionDetail>(total, await DetailsAsync(db, rows, ct)));
    }

    public static TemplateView View(TemplateVersion t) => new(t.Key, t.Version, t.PlaceKind, t.Name.In(),
        t.Items.Select(i => new TemplateItemView(i.Id, i.Text.In(), i.Type, i.Required, i.Expected, i.Min, i.Max)).ToList());
}
