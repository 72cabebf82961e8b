using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;

namespace Frontline.Command.Inspections;

/// <summary>The inspections API (督导检查): record one, list them, read one, a place's history, the places and templates.</summary>
public static class InspectionEndpoints
{
    public static IServiceCollection AddInspections(this IServiceCollection services) => services
        .AddVocabulary(InspectionsVocabulary.Words)
        .AddScoped<Inspections>()
        .AddScoped<InspectionsDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<InspectionsDemo>());

    public static void MapInspectionEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        var group = api.MapGroup("").WithTags("Command");
        group.MapPost("/inspections", RecordInspection).RequirePermission(InspectionPermissions.Write)
            .WithSummary("Records an inspection (督导检查) of a key place: its checklist answers and findings; each finding raises a rectification task")
            .WithDescription("The answers are checked item by item against the current version of the template of the place's kind (which the " +
                "inspection keeps). Each finding raises a supervised task of kind `rectification` for the place's community, due at its fixBy, with " +
                "the finding's id as subject. `rechecks` make it a re-inspection: each open finding of the place named is fixed (its task closes) " +
                "or not (its task stays, moved to the new fixBy when one is given). A place that does not exist, or lies outside the caller's " +
                "jurisdiction, is answered 400 inspection-unknown-place. Audited.")
            .Answers(400, "missing-field", "field-too-long", "inspection-unknown-place", "inspection-unknown-template", "inspection-template-mismatch",
                "inspection-unknown-item", "inspection-missing-answer", "inspection-wrong-answer-type", "inspection-answer-out-of-range",
                "inspection-fix-by-in-past", "inspection-too-many-findings", "inspection-finding-not-open", "inspection-finding-twice")
            .Example(now => new ApiExample
            {
                Body = new InspectionInput("place:1", "market", new Dictionary<string, JsonElement>
                {
                    ["venue-code-scan"] = JsonSerializer.SerializeToElement(false), ["temperature-check"] = JsonSerializer.SerializeToElement(true),
                    ["masks"] = JsonSerializer.SerializeToElement(true), ["disinfection-log"] = JsonSerializer.SerializeToElement(true),
                    ["staff-tested"] = JsonSerializer.SerializeToElement(true), ["masks-seen"] = JsonSerializer.SerializeToElement(2),
                },
                [new FindingInput("入口未张贴场所码，顾客未扫码进入", new DateTimeOffset(now.Date.AddDays(1).AddHours(18), now.Offset))]),
            });
        group.MapGet("/inspections", ListInspections).RequirePermission(InspectionPermissions.Read)
            .WithSummary("Inspections of the caller's jurisdiction, newest first, paged: by kind of place, jurisdiction, open findings, place")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["kind"] = "market", ["jurisdiction"] = "440306005000", ["openFindings"] = true } });
        group.MapGet("/inspections/{id:long}", GetInspection).RequirePermission(InspectionPermissions.Read)
            .WithSummary("An inspection with its answers (as the template version it answered words them), findings, re-checks and photos")
            .Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapGet("/inspections/places", InspectionPlaces).RequirePermission(InspectionPermissions.Read)
            .WithSummary("Key places of the caller's jurisdiction whose name contains q: registered places, sampling sites, quarantine hotels, with their template and open findings")
            .Answers(400, "invalid-field", "field-too-long")
            .Example(new ApiExample { Query = { ["q"] = "市场" } });
        group.MapGet("/inspections/history", InspectionHistory).RequirePermission(InspectionPermissions.Read)
            .WithSummary("A place's inspection history: its open findings, and its inspections newest first with their findings, re-checks and photos (paged)")
            .Answers(400, "missing-field").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["placeId"] = "place:1" } });
        group.MapGet("/inspections/templates", InspectionTemplatesList).RequirePermission(InspectionPermissions.Read)
            .WithSummary("The current checklist template of each kind of place (or of one kind), with its items and answer types")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["kind"] = "checkpoint" } });

        // Photos are served to the pages (cookie sign-in) for an inspection the caller may read; audited by the file store.
        app.MapGet("/files/inspections/{id:long}/photos/{fileId:guid}", InspectionPhoto).RequirePermission(InspectionPermissions.Read).ExcludeFromDescription();
    }

    static async Task<Created<InspectionCreated>> RecordInspection(InspectionInput input, HttpContext http, Inspections inspections)
    {
        var created = await inspections.CreateAsync(Caller.From(http), input, null, http.RequestAborted);
        return TypedResults.Created($"/api/inspections/{created.Id}", created);
    }

    static async Task<Ok<Paged<InspectionSummary>>> ListInspections(
        [OneOf(InspectionPlaceKinds.Market, InspectionPlaceKinds.Checkpoint, InspectionPlaceKinds.QuarantineHotel, InspectionPlaceKinds.SamplingSite, InspectionPlaceKinds.Venue)] string? kind,
        string? jurisdiction, [Description("true: only inspections with findings still open.")] bool? openFindings,
        [Description("Only this place's (place:{id}, site:{id}, facility:{id}).")] string? placeId, int? page, int? pageSize, HttpContext http, Inspections inspections) =>
        TypedResults.Ok(await inspections.ListAsync(Caller.From(http), kind, jurisdiction, openFindings, placeId, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<InspectionDetail>> GetInspection(long id, HttpContext http, Inspections inspections) =>
        TypedResults.Ok(await inspections.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<IReadOnlyList<InspectionPlaceView>>> InspectionPlaces([Description("Part of the name; at most 64 characters.")] string? q,
        [OneOf(InspectionPlaceKinds.Market, InspectionPlaceKinds.Checkpoint, InspectionPlaceKinds.QuarantineHotel, InspectionPlaceKinds.SamplingSite, InspectionPlaceKinds.Venue)] string? kind,
        HttpContext http, Inspections inspections) =>
        TypedResults.Ok(await inspections.SearchPlacesAsync(Caller.From(http), q, kind, 20, http.RequestAborted));

    static async Task<Ok<PlaceHistory>> InspectionHistory([Description("place:{id}, site:{id} or facility:{id}.")] string? placeId, int? page, int? pageSize, HttpContext http, Inspections inspections)
    {
        if (string.IsNullOrWhiteSpace(placeId)) throw new DomainException("missing-field", field: "placeId", args: "placeId");
        return TypedResults.Ok(await inspections.HistoryAsync(Caller.From(http), placeId.Trim(), PageRequest.From(page, pageSize ?? 20), http.RequestAborted));
    }

    static Ok<IReadOnlyList<TemplateView>> InspectionTemplatesList(
        [OneOf(InspectionPlaceKinds.Market, InspectionPlaceKinds.Checkpoint, InspectionPlaceKinds.QuarantineHotel, InspectionPlaceKinds.SamplingSite, InspectionPlaceKinds.Venue)] string? kind)
    {
        if (kind is { Length: > 0 } && !InspectionPlaceKinds.All.Contains(kind)) throw new DomainException("invalid-field", field: "kind", args: "kind");
        IReadOnlyList<TemplateView> list = Inspections.Templates.Current.Where(t => string.IsNullOrEmpty(kind) || t.PlaceKind == kind).Select(Inspections.View).ToList();
        return TypedResults.Ok(list);
    }

    static async Task<IResult> InspectionPhoto(long id, Guid fileId, HttpContext http, Inspections inspections) =>
        await inspections.PhotoAsync(Caller.From(http), id, fileId, http.RequestAborted);
}
