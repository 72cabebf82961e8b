using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
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
        .AddScoped<Grids>()
        .AddScoped<GridImporter>()
        .AddScoped<PersonStatuses>()
        .AddScoped<WalkTaps>()
        .AddScoped<RosterImporter>()
        .AddScoped<RosterExports>()
        .AddScoped<DemoSeed>();

    /// <summary>A person the demo district does not hold, for the examples (valid checksum).</summary>
    internal const string ExampleIdNumber = "440306198503124025";
    internal const string ExampleCommunity = "440306005002";
    internal const string ExampleGrid = "440306005002001";

    public static void MapRegistryEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapGet("/jurisdictions", ListJurisdictions).RequirePermission(RegistryPermissions.Read)
            .WithSummary("The caller's root jurisdiction, or the children of one").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["parent"] = "440306005000" } });

        api.MapGet("/places", ListPlaces).RequirePermission(RegistryPermissions.Read)
            .WithSummary("Registered places, paged").Answers(400, "invalid-kind")
            .Example(new ApiExample { Query = { ["jurisdiction"] = ExampleCommunity, ["kind"] = "market", ["page"] = 1, ["pageSize"] = 50 } });
        api.MapPost("/places", CreatePlace).RequirePermission(RegistryPermissions.Write)
            .WithSummary("Registers a place; its code is what its venue QR code carries")
            .Answers(400, "missing-field", "field-too-long", "invalid-kind", "unknown-community", "out-of-scope").Answers(409, "duplicate-code")
            .Example(new ApiExample { Body = new PlaceInput("HX-MARKET-01", "红星农贸市场", "market", ExampleCommunity) });

        api.MapGet("/persons", ListPersons).RequirePermission(RegistryPermissions.Read)
            .WithSummary("Finds persons, paged; masked unless unmasked with a reason").Answers(400, "reason-required", "field-too-long")
            .Example(new ApiExample { Query = { ["jurisdiction"] = ExampleCommunity, ["q"] = "李", ["page"] = 1, ["pageSize"] = 20 } });
        api.MapGet("/persons/{id:long}", GetPerson).RequirePermission(RegistryPermissions.Read)
            .WithSummary("One person; masked unless unmasked with a reason").Answers(400, "reason-required", "field-too-long")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["unmask"] = true, ["reason"] = "核对采样登记" } });
        api.MapPost("/persons", CreatePerson).RequirePermission(RegistryPermissions.Write)
            .WithSummary("Registers one person")
            .Answers(400, "missing-field", "field-too-long", "invalid-doc-type", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date",
                "invalid-phone", "unknown-community", "ambiguous-community", "out-of-scope", "invalid-resident-type", "duplicate-code", "conflicts-with-existing")
            .Example(new ApiExample
            {
                Body = new CreatePersonRequest("李明", "resident-id", ExampleIdNumber, "13800138000", ExampleCommunity, null, "3栋", "1203", "resident", null),
            });
        api.MapPost("/persons/{id:long}/verification", VerifyPerson).RequirePermission(RegistryPermissions.Verify)
            .WithSummary("Records a household check of one person").Answers(400, "invalid-verification", "field-too-long")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new VerificationRequest(null, "present", "入户核实在住") });
        api.MapGet("/persons/{id:long}/status", GetPersonStatus).RequirePermission(RegistryPermissions.Read)
            .WithSummary("What the testing and investigation modules know of a person")
            .Example(new ApiExample { Path = { ["id"] = 1 } });

        api.MapGet("/registry/buildings", ListBuildings).RequirePermission(RegistryPermissions.Read)
            .WithSummary("A community's buildings with their household-check progress").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["community"] = ExampleCommunity } });
        api.MapGet("/registry/buildings/{id:long}/walk", WalkBuilding).RequirePermission(RegistryPermissions.Verify)
            .WithSummary("A building floor by floor and room by room, for the household check")
            .Example(new ApiExample { Path = { ["id"] = 1 } });

        api.MapPost("/registry/imports", ImportRoster).RequirePermission(RegistryPermissions.Import)
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxRosterBytes))
            .WithSummary("Imports a roster (.xlsx, or .csv in UTF-8 or GB18030)")
            .WithDescription("Multipart field `file`. Rows are answered in `errors` with their spreadsheet row number (the header is row 1); " +
                "in all-or-nothing mode any error means nothing is written. Re-importing the same file changes nothing.")
            .Answers(400, "invalid-mode", "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column")
            .Example(new ApiExample
            {
                Query = { ["mode"] = "valid-rows" },
                File = $"姓名,证件号码,手机号码,社区,楼栋,房号,人员类型\r\n王芳,440306199207085134,13900139000,{ExampleCommunity},5栋,502,常住\r\n",
            });
        api.MapGet("/registry/imports/{id}", GetImport).RequirePermission(RegistryPermissions.Import)
            .WithSummary("An import the caller ran")
            .Example(new ApiExample { Path = { ["id"] = "3f2a9c0d6b4e4f7a9b1c2d3e4f5a6b7c" } });
        api.MapGet("/registry/imports/{id}/rejected.xlsx", DownloadRejected).RequirePermission(RegistryPermissions.Import)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("An import's rejected rows in the file's own columns plus an error column, to fix and re-import")
            .Example(new ApiExample { Path = { ["id"] = "3f2a9c0d6b4e4f7a9b1c2d3e4f5a6b7c" } });
        // The same download for a signed-in page (cookie), where the API takes bearer tokens only.
        app.MapGet("/exports/imports/{id}/rejected.xlsx", DownloadRejected).RequirePermission(RegistryPermissions.Import).ExcludeFromDescription();
        // The walk page's offline queue posts here with the worker's cookie and the page's antiforgery token.
        app.MapPost("/registry/walk/taps", WalkTaps.PostFromPage).RequirePermission(RegistryPermissions.Verify).DisableAntiforgery().ExcludeFromDescription();
        api.MapPost("/registry/walk/taps", SaveWalkTaps).RequirePermission(RegistryPermissions.Verify)
            .WithSummary("Household-check taps queued on a phone, in the order tapped; each idempotent by its event id")
            .WithDescription("Answers which were saved (now or before), rejected for good (with the reason) and to retry (someone else checked the person at the same moment).")
            .Answers(400, "missing-field", "batch-too-large")
            .Example(new ApiExample { Body = new WalkTapBatch([new WalkTap("9b2f0c1e-5d7a-4c3b-8e21-0f6a7d9c1b24", "1", "present", "入户核实在住")]) });
        app.MapGet("/exports/roster-template.{format}", RosterTemplate).RequirePermission(RegistryPermissions.Import).ExcludeFromDescription();

        api.MapGet("/registry/grids", ListGrids).RequirePermission(RegistryPermissions.Read)
            .WithSummary("The grids of a street or community (a grid worker: their own) with buildings and household-check progress")
            .Answers(400, "grid-scope-too-wide").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["jurisdiction"] = ExampleCommunity } });
        api.MapPost("/registry/grids", CreateGrid).RequirePermission(RegistryPermissions.Grids)
            .WithSummary("Creates a grid of a community; its code is the community's 12 digits and 3 more")
            .Answers(400, "missing-field", "field-too-long", "invalid-grid-code", "grid-community-mismatch", "unknown-community", "out-of-scope")
            .Answers(403, "grid-worker-not-allowed").Answers(409, "duplicate-code")
            .Example(new ApiExample { Body = new GridInput(ExampleCommunity + "990", "红星社区第990网格", ExampleCommunity) });
        api.MapPut("/registry/grids/{code}/buildings", AssignGridBuildings).RequirePermission(RegistryPermissions.Grids)
            .WithSummary("Sets a grid's buildings: listed ones join it, the others leave it; a building belongs to one grid at most")
            .Answers(400, "missing-field", "no-such-building", "building-in-other-grid", "too-many-buildings")
            .Answers(403, "grid-worker-not-allowed").Answers(404, "not-found").Answers(409, "grid-changed")
            .Example(new ApiExample { Path = { ["code"] = ExampleCommunity + "990" }, Body = new GridBuildingsRequest([]) });
        api.MapPost("/registry/grids/imports", ImportGrids).RequirePermission(RegistryPermissions.Grids)
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(64L * 1024 * 1024))
            .WithSummary("Imports grids (.xlsx, or .csv in UTF-8 or GB18030): grid code, grid name, community code, building; one row per building")
            .WithDescription("Multipart field `file`. Rows are answered in `errors` with their spreadsheet row number (the header is row 1); " +
                "in all-or-nothing mode any error means nothing is written. Re-importing the same file changes nothing.")
            .Answers(400, "invalid-mode", "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column", "too-many-rows")
            .Answers(403, "grid-worker-not-allowed")
            .Example(new ApiExample
            {
                Query = { ["mode"] = "valid-rows" },
                // The demo seed's first grid of 红星社区 and its first building: re-importing it changes nothing.
                File = $"网格编码,网格名称,社区编码,楼栋\r\n{ExampleGrid},红星社区第1网格,{ExampleCommunity},红星花园1栋\r\n",
            });
        app.MapGet("/exports/grid-template.{format}", GridTemplate).RequirePermission(RegistryPermissions.Grids).ExcludeFromDescription();
    }

    static async Task<Ok<IReadOnlyList<GridView>>> ListGrids(
        [Description("A street's or community's 12-digit code, or a grid's 15; default the caller's own.")] string? jurisdiction,
        HttpContext http, Grids grids) =>
        TypedResults.Ok(await grids.ListAsync(Caller.From(http), jurisdiction, http.RequestAborted));

    static async Task<Created<IdResponse>> CreateGrid(GridInput input, HttpContext http, Grids grids)
    {
        var code = await grids.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/registry/grids?jurisdiction={code}", new IdResponse(code));
    }

    static async Task<Ok<GridView>> AssignGridBuildings(string code, GridBuildingsRequest r, HttpContext http, Grids grids) =>
        TypedResults.Ok(await grids.AssignBuildingsAsync(Caller.From(http), code, r.BuildingIds, http.RequestAborted));

    static async Task<Ok<GridImportResult>> ImportGrids(IFormFile? file, [OneOf(typeof(ImportMode)), Description("Default all-or-nothing.")] string? mode,
        HttpContext http, GridImporter importer)
    {
        var chosen = RosterImporter.ParseMode(mode) ?? throw new DomainException("invalid-mode", field: "mode");
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await importer.ImportAsync(Caller.From(http), temp.Stream, file.FileName, chosen, http.RequestAborted));
    }

    static Task<IResult> GridTemplate(string format, CancellationToken ct) => Template(GridFile.Columns, "grid-template", format, ct);

    static async Task<Results<Ok<IReadOnlyList<JurisdictionView>>, NotFound>> ListJurisdictions(string? parent, HttpContext http, JurisdictionDirectory directory) =>
        await directory.ListAsync(Caller.From(http), parent, http.RequestAborted) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    static async Task<Ok<Paged<PlaceView>>> ListPlaces(string? jurisdiction, [OneOf(typeof(PlaceKind))] string? kind, int? page, int? pageSize, HttpContext http, Places places) =>
        TypedResults.Ok(await places.ListAsync(Caller.From(http), jurisdiction, kind, PageRequest.From(page, pageSize), http.RequestAborted));

    public sealed record IdResponse(string Id);

    static async Task<Created<IdResponse>> CreatePlace(PlaceInput input, HttpContext http, Places places)
    {
        var id = await places.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/places/{id}", new IdResponse(id.ToString()));
    }

    const string UnmaskText = "Full document number and phone (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";

    static async Task<Ok<Paged<PersonView>>> ListPersons(string? jurisdiction,
        [Description("A name prefix, a full document number, a phone number, an ID's last four characters (身份证后四位) or a room number (1501).")] string? q, int? page, int? pageSize,
        [Description(UnmaskText)] bool? unmask, [OneOf("community", "name", "newest")] string? sort, [Description(ReasonText)] string? reason,
        HttpContext http, Persons persons)
    {
        var order = sort switch { "name" => PersonSort.Name, "newest" => PersonSort.Newest, _ => PersonSort.Community };
        return TypedResults.Ok(await persons.SearchAsync(Caller.From(http), jurisdiction, q, PageRequest.From(page, pageSize),
            unmask == true, order, reason, http.RequestAborted));
    }

    static async Task<Ok<PersonView>> GetPerson(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason,
        HttpContext http, Persons persons) =>
        TypedResults.Ok(await persons.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));

    [RequiresOneOf("communityCode", "community")]
    public sealed record CreatePersonRequest(
        [Required] string? Name,
        [OneOf(typeof(DocType)), Description("Default resident-id; the Chinese names (居民身份证 …) are read too.")] string? DocType,
        [Required] string? IdNumber,
        [Description("An 11-digit mainland mobile number.")] string? Phone,
        [Description("The community's 12-digit code; or give `community`.")] string? CommunityCode,
        [Description("The community's code or exact name.")] string? Community,
        [Required] string? Building, string? Room,
        [OneOf(typeof(ResidentType)), Description("Default resident; 户籍/常住/流动 are read too.")] string? ResidentType,
        string? Note);

    static async Task<Created<IdResponse>> CreatePerson(CreatePersonRequest r, HttpContext http, Persons persons)
    {
        var input = new PersonInput(r.Name, r.DocType, r.IdNumber, r.Phone, r.CommunityCode ?? r.Community, r.Building, r.Room, r.ResidentType, r.Note);
        var id = await persons.CreateAsync(Caller.From(http), input, ct: http.RequestAborted);
        return TypedResults.Created($"/api/persons/{id}", new IdResponse(id.ToString()));
    }

    [RequiresOneOf("status", "present")]
    public sealed record VerificationRequest(
        [Description("true = present, false = absent; or give `status`.")] bool? Present,
        [OneOf("present", "moved-out", "absent")] string? Status,
        string? Note);

    static async Task<NoContent> VerifyPerson(long id, VerificationRequest r, HttpContext http, Persons persons)
    {
        var status = r.Status is { Length: > 0 } s ? Persons.ParseVerification(s)
            : r.Present switch { true => VerificationStatus.Present, false => VerificationStatus.Absent, null => null };
        if (status is null) throw new DomainException("invalid-verification", field: "status");
        await persons.VerifyAsync(Caller.From(http), id, status.Value, r.Note, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<WalkTapAnswer>> SaveWalkTaps(WalkTapBatch batch, HttpContext http, WalkTaps taps) =>
        TypedResults.Ok(await taps.SaveAsync(Caller.From(http), batch.Taps, http.RequestAborted));

    static async Task<Ok<PersonStatus>> GetPersonStatus(long id, HttpContext http, Persons persons, PersonStatuses statuses)
    {
        await persons.GetAsync(Caller.From(http), id, ct: http.RequestAborted);
        return TypedResults.Ok(await statuses.OfAsync(id, http.RequestAborted));
    }

    static async Task<Ok<IReadOnlyList<BuildingSummary>>> ListBuildings(string community, HttpContext http, HouseholdVerification verification) =>
        TypedResults.Ok(await verification.BuildingsAsync(Caller.From(http), community, http.RequestAborted));

    static async Task<Ok<BuildingWalk>> WalkBuilding(long id, HttpContext http, HouseholdVerification verification) =>
        TypedResults.Ok(await verification.WalkAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<ImportResult>> ImportRoster(IFormFile? file, [OneOf(typeof(ImportMode)), Description("Default all-or-nothing.")] string? mode, HttpContext http, RosterImporter importer)
    {
        var chosen = RosterImporter.ParseMode(mode) ?? throw new DomainException("invalid-mode", field: "mode");
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await importer.ImportAsync(Caller.From(http), temp.Stream, file.FileName, chosen, ct: http.RequestAborted));
    }

    static async Task<Results<Ok<RosterImport>, NotFound>> GetImport(string id, HttpContext http, IDbContextFactory<FrontlineDb> dbs)
    {
        await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, http.RequestAborted);
        return import is not null && import.UserName == http.User.Identity?.Name ? TypedResults.Ok(import) : TypedResults.NotFound();
    }

    static Task<IResult> RosterTemplate(string format, CancellationToken ct) => Template(RosterFile.Columns, "roster-template", format, ct);

    /// <summary>An upload's template: its header row alone, as .csv or .xlsx.</summary>
    static async Task<IResult> Template(SpreadsheetColumns columns, string name, string format, CancellationToken ct)
    {
        var headers = columns.TemplateHeaders;
        if (format == "csv")
        {
            // With the byte-order mark, Excel opens the Chinese header as UTF-8 rather than the system code page.
            var csv = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
            var bytes = csv.GetPreamble().Concat(csv.GetBytes(string.Join(",", headers) + "\r\n")).ToArray();
            return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{name}.csv");
        }
        if (format != "xlsx") return TypedResults.NotFound();
        // The header alone: an example person in a template ends up imported sooner or later.
        var content = await SpreadsheetExport.XlsxAsync(headers, [], ct);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{name}.xlsx");
    }

    static async Task<IResult> DownloadRejected(string id, HttpContext http, RosterExports exports)
    {
        var file = await exports.RejectedRowsAsync(Caller.From(http), id, http.RequestAborted);
        return file is null ? TypedResults.NotFound() : TypedResults.File(file.Value.Content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Value.FileName);
    }
}
