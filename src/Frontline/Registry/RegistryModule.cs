using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry.Demo;

namespace Frontline.Registry;

public static class RegistryModule
{
    public const long MaxRosterBytes = 512L * 1024 * 1024;

    public static IServiceCollection AddRegistry(this IServiceCollection services) => services
        .AddVocabulary(RegistryVocabulary.Words)
        .AddSingleton<JurisdictionDirectory>()
        .AddSingleton<IJurisdictionCodes>(sp => sp.GetRequiredService<JurisdictionDirectory>())
        .AddSingleton<PersonRegistration>()
        .AddScoped<Persons>()
        .AddScoped<Places>()
        .AddScoped<HouseholdVerification>()
        .AddScoped<RosterImporter>()
        .AddScoped<RosterExports>()
        .AddScoped<DemoSeed>();

    public static void MapRegistryEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapGet("/jurisdictions", ListJurisdictions).RequirePermission(RegistryPermissions.Read);

        api.MapGet("/places", ListPlaces).RequirePermission(RegistryPermissions.Read);
        api.MapPost("/places", CreatePlace).RequirePermission(RegistryPermissions.Write);

        api.MapGet("/persons", ListPersons).RequirePermission(RegistryPermissions.Read);
        api.MapGet("/persons/{id:long}", GetPerson).RequirePermission(RegistryPermissions.Read);
        api.MapPost("/persons", CreatePerson).RequirePermission(RegistryPermissions.Write);
        api.MapPost("/persons/{id:long}/verification", VerifyPerson).RequirePermission(RegistryPermissions.Verify);
        api.MapGet("/persons/{id:long}/status", GetPersonStatus).RequirePermission(RegistryPermissions.Read);

        api.MapGet("/registry/buildings", ListBuildings).RequirePermission(RegistryPermissions.Read);
        api.MapGet("/registry/buildings/{id:long}/walk", WalkBuilding).RequirePermission(RegistryPermissions.Verify);

        api.MapPost("/registry/imports", ImportRoster).RequirePermission(RegistryPermissions.Import)
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxRosterBytes));
        api.MapGet("/registry/imports/{id}", GetImport).RequirePermission(RegistryPermissions.Import);
        api.MapGet("/registry/imports/{id}/rejected.xlsx", DownloadRejected).RequirePermission(RegistryPermissions.Import);
        // The same download for a signed-in page (cookie), where the API takes bearer tokens only.
        app.MapGet("/exports/imports/{id}/rejected.xlsx", DownloadRejected).RequirePermission(RegistryPermissions.Import).ExcludeFromDescription();
        app.MapGet("/exports/roster-template.{format}", RosterTemplate).RequirePermission(RegistryPermissions.Import).ExcludeFromDescription();
    }

    static async Task<Results<Ok<IReadOnlyList<JurisdictionView>>, NotFound>> ListJurisdictions(string? parent, HttpContext http, JurisdictionDirectory directory) =>
        await directory.ListAsync(Caller.From(http), parent, http.RequestAborted) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    static async Task<Ok<Paged<PlaceView>>> ListPlaces(string? jurisdiction, string? kind, int? page, int? pageSize, HttpContext http, Places places) =>
        TypedResults.Ok(await places.ListAsync(Caller.From(http), jurisdiction, kind, PageRequest.From(page, pageSize), http.RequestAborted));

    public sealed record IdResponse(string Id);

    static async Task<Created<IdResponse>> CreatePlace(PlaceInput input, HttpContext http, Places places)
    {
        var id = await places.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/places/{id}", new IdResponse(id.ToString()));
    }

    static async Task<Ok<Paged<PersonView>>> ListPersons(string? jurisdiction, string? q, int? page, int? pageSize, bool? unmask,
        string? sort, string? reason, HttpContext http, Persons persons)
    {
        var order = sort switch { "name" => PersonSort.Name, "newest" => PersonSort.Newest, _ => PersonSort.Community };
        return TypedResults.Ok(await persons.SearchAsync(Caller.From(http), jurisdiction, q, PageRequest.From(page, pageSize),
            unmask == true, order, reason, http.RequestAborted));
    }

    static async Task<Ok<PersonView>> GetPerson(long id, bool? unmask, string? reason, HttpContext http, Persons persons) =>
        TypedResults.Ok(await persons.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));

    public sealed record CreatePersonRequest(
        string? Name, string? DocType, string? IdNumber, string? Phone, string? CommunityCode, string? Community,
        string? Building, string? Room, string? ResidentType, string? Note);

    static async Task<Created<IdResponse>> CreatePerson(CreatePersonRequest r, HttpContext http, Persons persons)
    {
        var input = new PersonInput(r.Name, r.DocType, r.IdNumber, r.Phone, r.CommunityCode ?? r.Community, r.Building, r.Room, r.ResidentType, r.Note);
        var id = await persons.CreateAsync(Caller.From(http), input, ct: http.RequestAborted);
        return TypedResults.Created($"/api/persons/{id}", new IdResponse(id.ToString()));
    }

    public sealed record VerificationRequest(bool? Present, string? Status, string? Note);

    static async Task<NoContent> VerifyPerson(long id, VerificationRequest r, HttpContext http, Persons persons)
    {
        var status = r.Status is { Length: > 0 } s ? Persons.ParseVerification(s)
            : r.Present switch { true => VerificationStatus.Present, false => VerificationStatus.Absent, null => null };
        if (status is null) throw new DomainException("invalid-verification", field: "status");
        await persons.VerifyAsync(Caller.From(http), id, status.Value, r.Note, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<PersonStatus>> GetPersonStatus(long id, HttpContext http, Persons persons, IEnumerable<IPersonStatusSource> sources)
    {
        await persons.GetAsync(Caller.From(http), id, ct: http.RequestAborted);
        var parts = new List<PersonStatus>();
        foreach (var source in sources) parts.Add(await source.ReadAsync(id, http.RequestAborted));
        return TypedResults.Ok(PersonStatus.Merge(parts));
    }

    static async Task<Ok<IReadOnlyList<BuildingSummary>>> ListBuildings(string community, HttpContext http, HouseholdVerification verification) =>
        TypedResults.Ok(await verification.BuildingsAsync(Caller.From(http), community, http.RequestAborted));

    static async Task<Ok<BuildingWalk>> WalkBuilding(long id, HttpContext http, HouseholdVerification verification) =>
        TypedResults.Ok(await verification.WalkAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<ImportResult>> ImportRoster(IFormFile? file, string? mode, HttpContext http, RosterImporter importer)
    {
        var chosen = RosterImporter.ParseMode(mode) ?? throw new DomainException("invalid-mode", field: "mode");
        if (file is null || file.Length == 0) throw new DomainException("missing-field", field: "file", args: "file");
        if (SpreadsheetFile.KindOf(file.FileName) is null) throw new DomainException("unsupported-file-type", field: "file");
        await using var temp = TempFile.Create();
        await file.CopyToAsync(temp.Stream, http.RequestAborted);
        temp.Stream.Position = 0;
        return TypedResults.Ok(await importer.ImportAsync(Caller.From(http), temp.Stream, file.FileName, chosen, ct: http.RequestAborted));
    }

    static async Task<Results<Ok<RosterImport>, NotFound>> GetImport(string id, HttpContext http, IDbContextFactory<FrontlineDb> dbs)
    {
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, http.RequestAborted);
        return import is not null && import.UserName == http.User.Identity?.Name ? TypedResults.Ok(import) : TypedResults.NotFound();
    }

    static async Task<IResult> RosterTemplate(string format, CancellationToken ct)
    {
        var headers = RosterFile.Columns.TemplateHeaders;
        if (format == "csv")
        {
            // With the byte-order mark, Excel opens the Chinese header as UTF-8 rather than the system code page.
            var csv = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
            var bytes = csv.GetPreamble().Concat(csv.GetBytes(string.Join(",", headers) + "\r\n")).ToArray();
            return TypedResults.File(bytes, "text/csv; charset=utf-8", "roster-template.csv");
        }
        if (format != "xlsx") return TypedResults.NotFound();
        // The header alone: an example person in a template ends up imported sooner or later.
        var content = await SpreadsheetExport.XlsxAsync(headers, [], ct);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "roster-template.xlsx");
    }

    static async Task<IResult> DownloadRejected(string id, HttpContext http, RosterExports exports)
    {
        var file = await exports.RejectedRowsAsync(Caller.From(http), id, http.RequestAborted);
        return file is null ? TypedResults.NotFound() : TypedResults.File(file.Value.Content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Value.FileName);
    }
}
