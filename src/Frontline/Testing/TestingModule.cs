using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

public static class TestingModule
{
    public const string AnyTesting = "testing.any";
    public const long MaxResultFileBytes = 64L * 1024 * 1024;

    public static IServiceCollection AddTesting(this IServiceCollection services)
    {
        services.AddVocabulary(TestingVocabulary.Words);
        // A district's first round starts on empty tables: PostgreSQL must re-plan them as they fill (TableGrowth).
        services.AddGrowingTable(TestingTables.Samples).AddGrowingTable(TestingTables.Tubes).AddGrowingTable(TestingTables.LabResults);
        services.AddSingleton<TestingDirectory>()
            .AddScoped<Rounds>().AddScoped<SamplingSites>().AddScoped<SampleIngest>().AddScoped<ResultIngest>().AddScoped<ResultReview>().AddScoped<ResultFile>().AddScoped<Coverage>().AddScoped<UntestedUnmask>().AddScoped<Retests>().AddScoped<TestOrders>().AddScoped<PositivePools>().AddScoped<RoundPage>().AddScoped<IDemoActivity, Demo.TestingDemo>()
            .AddScoped<IPersonStatusSource, TestingStatus>();
        services.AddAuthorizationBuilder().AddPolicy(AnyTesting, p => p.RequireAuthenticatedUser().RequireAssertion(ctx =>
            ctx.User.Has(TestingPermissions.Read) || ctx.User.Has(TestingPermissions.Sample) || ctx.User.Has(TestingPermissions.Result)));
        return services;
    }

    const string ExampleSite = "HX-01";
    const string ExampleTube = "T2204010001";

    public static void MapTestingEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        var community = RegistryModule.ExampleCommunity;
        var testing = api.MapGroup("/testing").WithTags("Testing");
        testing.MapPost("/rounds", CreateRound).RequirePermission(TestingPermissions.Manage)
            .WithSummary("Opens a testing round over jurisdictions, within a time window, with a default pool size")
            .Answers(400, "missing-field", "field-too-long", "unknown-community", "out-of-scope", "invalid-field", "invalid-pool-size")
            .Example(now => new ApiExample
            {
                Body = new RoundInput("松岗街道第3轮全员核酸", [community], Hour(now.AddDays(-1)), Hour(now.AddDays(2)), 10),
            });
        testing.MapGet("/rounds", ListRounds).RequireAuthorization(AnyTesting)
            .WithSummary("The rounds that touch the caller's jurisdiction, newest first").Example(new ApiExample());
        testing.MapPost("/rounds/{id:long}/close", CloseRound).RequirePermission(TestingPermissions.Manage)
            .WithSummary("Closes a round now: later scans are refused (round-closed)")
            .WithDescription("403 unless the caller's jurisdiction covers the whole round.")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        testing.MapPost("/sites", CreateSite).RequirePermission(TestingPermissions.Manage)
            .WithSummary("Registers a sampling site of a community, with its team of sampler accounts")
            .Answers(400, "missing-field", "field-too-long", "unknown-community", "out-of-scope", "unknown-sampler", "team-too-large")
            .Answers(409, "duplicate-code")
            .Example(new ApiExample { Body = new SiteInput(ExampleSite, "红星社区广场采样点", community, ["sampler"]) });
        testing.MapGet("/sites", ListSites).RequireAuthorization(AnyTesting)
            .WithSummary("The sampling sites in the caller's jurisdiction").Example(new ApiExample());
        testing.MapPut("/sites/{id:long}", UpdateSite).RequirePermission(TestingPermissions.Manage)
            .WithSummary("Renames a site or changes its team (its code and community stay)")
            .Answers(400, "missing-field", "field-too-long", "unknown-sampler", "team-too-large")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new SiteUpdate("红星社区广场采样点（东）", ["sampler"]) });
        testing.MapGet("/samplers", ListSamplers).RequirePermission(TestingPermissions.Manage)
            .WithSummary("The sampler accounts that may work in the caller's jurisdiction").Example(new ApiExample());
        testing.MapPost("/samples/batch", IngestSamples).RequirePermission(TestingPermissions.Sample).AsIngest()
            .WithSummary("A collector's batch of scans, answered item by item")
            .WithDescription("Idempotent by eventId: a retried item counts under `duplicates`, never twice. A refused item is in `rejected` " +
                "with its code (unknown-round, round-closed, unknown-site, unknown-person, invalid-id-checksum, tube-full, " +
                "tube-in-other-round, already-sampled, tube-resulted, retest-needs-single-tube, invalid-pool-size, missing-field, " +
                "invalid-field); nothing is acknowledged before it is committed. A refusal names its person (`personName`) when one is " +
                "registered under the scanned document; `tubes` holds, for each tube of the batch, the swabs the server has accepted into it.")
            .Answers(400, "batch-too-large")
            .Example(now => new ApiExample
            {
                // 单采: the example person is in the stays example's quarantine, due their final test today (a single tube).
                Body = new SampleBatch([new SampleEvent("hx01-20220401-000001", "1", ExampleSite, ExampleTube, 1, RegistryModule.ExampleIdNumber,
                    null, now.AddMinutes(-5), "sampler", null, null)]),
            });
        testing.MapPost("/results/batch", IngestResults).RequirePermission(TestingPermissions.Result).AsIngest()
            .WithSummary("A lab's batch of tube results, answered item by item")
            .WithDescription("Idempotent by eventId. Codes in `rejected`: unknown-tube, invalid-outcome, invalid-ct, inconsistent-ct, " +
                "missing-field, conflicting-result (a different outcome for a tube that has one: kept for review, never applied).")
            .Answers(400, "batch-too-large")
            .Example(now => new ApiExample
            {
                Body = new ResultBatch([new ResultEvent("lab1-20220401-000001", "1", ExampleTube, "negative", null, null, "深圳市宝安区疾控中心实验室",
                    now.AddMinutes(-1))]),
            });
        testing.MapPost("/results/upload", UploadResults).RequirePermission(TestingPermissions.Result).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxResultFileBytes))
            .WithSummary("A lab's result file (.csv or .xlsx): columns 采样管编号/tubeCode, 检测结果/outcome, Ct values, lab, reportedAt")
            .WithDescription("Multipart field `file`. Each row's event id is a digest of its content: the same file twice changes nothing.")
            .Answers(400, "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column")
            .Example(new ApiExample { Query = { ["roundId"] = 1 }, File = $"采样管编号,检测结果\r\n{ExampleTube},阴性\r\n" });
        testing.MapGet("/results/uploads/{id}/errors.xlsx", DownloadResultErrors).RequirePermission(TestingPermissions.Result)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("Every refused row of a result file as a spreadsheet (the uploader only; audited)")
            .Example(new ApiExample { Path = { ["id"] = "upload-id" } });
        // The same download for the signed-in upload page (cookie), where the API takes bearer tokens only.
        app.MapSamplerHandover();
        app.MapGet("/exports/results/uploads/{id}/errors.xlsx", DownloadResultErrors).RequirePermission(TestingPermissions.Result).ExcludeFromDescription();
        // The upload page's template: the header a lab's export must carry (other names of each column are accepted too).
        app.MapGet("/exports/results-template.xlsx", async (CancellationToken ct) => TypedResults.File(await ResultFile.TemplateAsync(ct),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "lab-results-template.xlsx"))
            .RequirePermission(TestingPermissions.Result).ExcludeFromDescription();
        testing.MapGet("/rounds/{id:long}/coverage", GetCoverage).RequirePermission(TestingPermissions.Read)
            .WithSummary("A round's coverage in a jurisdiction (default: the caller's)")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["jurisdiction"] = community } });
        testing.MapGet("/rounds/{id:long}/coverage/children", GetCoverageChildren).RequirePermission(TestingPermissions.Read)
            .WithSummary("A round's coverage in each child of a jurisdiction (streets of a district, communities of a street)")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["jurisdiction"] = "440306005000" } });
        testing.MapGet("/rounds/{id:long}/coverage/buildings", GetBuildingCoverage).RequirePermission(TestingPermissions.Read)
            .WithSummary("A round's coverage in each building of a community")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["community"] = community } });
        testing.MapGet("/rounds/{id:long}/untested", GetUntested).RequirePermission(TestingPermissions.Read)
            .WithSummary("Who in a jurisdiction is not sampled yet in a round, paged").Answers(403, "unmask-grant-invalid")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["jurisdiction"] = community, ["page"] = 1, ["pageSize"] = 100 } });
        testing.MapGet("/rounds/{id:long}/untested.xlsx", ExportUntested).RequirePermission(TestingPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("The untested list as a spreadsheet, for door-knocking (audited)").Answers(400, "export-too-large").Answers(403, "unmask-grant-invalid")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["jurisdiction"] = community } });
        testing.MapPost("/rounds/{id:long}/untested/unmask", UnmaskUntested).RequirePermission(TestingPermissions.Read).RequirePermission(Permissions.PiiView)
            .WithSummary("One stated reason, audited once, unmasks a round's untested list and its export for the caller (permission pii.view)")
            .WithDescription("Answers a grant to pass as `grant` to the list and the export of the same round and jurisdiction, for 12 hours.")
            .Answers(400, "reason-required", "field-too-long").Answers(403, "forbidden")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new UntestedUnmaskInput(community, "电话通知未采样人员到点采样") });
        app.MapGet("/exports/rounds/{id:long}/untested.xlsx", ExportUntested).RequirePermission(TestingPermissions.Read).ExcludeFromDescription();
        testing.MapGet("/rounds/{id:long}/retests.xlsx", ExportRetests).RequirePermission(TestingPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("The round's individual re-tests (positive pools, invalid tubes) with building, room and phone, for the door (audited; masked unless unmasked with pii.view and a reason)")
            .Answers(400, "export-too-large", "reason-required")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["jurisdiction"] = community } });
        app.MapGet("/exports/rounds/{id:long}/retests.xlsx", ExportRetests).RequirePermission(TestingPermissions.Read).ExcludeFromDescription();
        testing.MapGet("/retests", ListRetests).RequirePermission(TestingPermissions.Read)
            .WithSummary("Individual re-test orders, paged").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["roundId"] = 1, ["status"] = "due" } });
        testing.MapGet("/test-orders", ListTestOrders).RequireAuthorization(AnyTesting)
            .WithSummary("核酸检测任务: individual single-tube tests requested for given days (a stay's test days) and their re-samplings, paged, soonest deadline first; names masked")
            .WithDescription("A scan of the person on the order's day (single tube) takes the order; the tube's result comes back on it. " +
                "`overdue`: not sampled by the end of its day (a re-sampling: by its deadline); `cancelled`: withdrawn by the requester (the stay ended).")
            .Answers(400, "invalid-field", "field-too-long")
            .Example(now => new ApiExample { Query = { ["date"] = DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime).ToString("yyyy-MM-dd"), ["status"] = "due" } });
        testing.MapGet("/result-reviews", ListConflicts).RequirePermission(TestingPermissions.Review)
            .WithSummary("Tubes with a conflicting result waiting for a decision, paged")
            .Example(new ApiExample { Query = { ["roundId"] = 1 } });
        testing.MapPost("/result-reviews/{resultId:long}", DecideConflict).RequirePermission(TestingPermissions.Review)
            .WithSummary("Decides a conflicting result: adopt it (it comes into force) or keep the one in force; audited with the note")
            .Answers(400, "invalid-field", "missing-field", "field-too-long").Answers(409, "already-reviewed")
            .Example(new ApiExample { Path = { ["resultId"] = 1 }, Body = new ReviewDecisionInput("keep", "复核原始数据，原结果无误") });
        testing.MapPost("/exemptions", Exempt).RequirePermission(RegistryPermissions.Write)
            .WithSummary("Records why a person is not expected at rounds (away, bedridden with home sampling, other)")
            .Answers(400, "invalid-field", "missing-field")
            .Example(now => new ApiExample
            {
                Body = new ExemptionInput("1", "away", DateOnly.FromDateTime(now.Date), DateOnly.FromDateTime(now.Date.AddDays(14))),
            });
    }

    static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Offset);

    static async Task<Created<RegistryModule.IdResponse>> CreateRound(RoundInput input, HttpContext http, Rounds rounds)
    {
        var id = await rounds.CreateRoundAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/testing/rounds/{id}", new RegistryModule.IdResponse(id.ToString()));
    }

    static async Task<Ok<IReadOnlyList<RoundView>>> ListRounds(HttpContext http, Rounds rounds) =>
        TypedResults.Ok(await rounds.ListAsync(Caller.From(http), http.RequestAborted));

    static async Task<NoContent> CloseRound(long id, HttpContext http, Rounds rounds)
    {
        await rounds.CloseRoundAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Created<RegistryModule.IdResponse>> CreateSite(SiteInput input, HttpContext http, SamplingSites sites)
    {
        var id = await sites.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/testing/sites/{id}", new RegistryModule.IdResponse(id.ToString()));
    }

    static async Task<NoContent> UpdateSite(long id, SiteUpdate input, HttpContext http, SamplingSites sites)
    {
        await sites.UpdateAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<SiteView>>> ListSites(HttpContext http, SamplingSites sites) =>
        TypedResults.Ok(await sites.ListAsync(Caller.From(http), http.RequestAborted));

    static async Task<Ok<IReadOnlyList<SamplerOption>>> ListSamplers(HttpContext http, SamplingSites sites) =>
        TypedResults.Ok(await sites.SamplersAsync(Caller.From(http), http.RequestAborted));

    /// <summary>A batch of scans; an item the body cannot read is null here and refused on its own (<see cref="BatchItems"/>).</summary>
    public sealed record SampleBatch(List<SampleEvent?>? Events) : Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider
    {
        public static async ValueTask<SampleBatch?> BindAsync(HttpContext http) => new(await BatchItems.ReadAsync<SampleEvent>(http, "events", SampleEventJson.Read));
        public static void PopulateMetadata(System.Reflection.ParameterInfo parameter, EndpointBuilder builder) => BatchItems.DeclareBody<SampleBatch>(builder);
    }

    /// <summary>A batch of lab results; an item the body cannot read is null here and refused on its own.</summary>
    public sealed record ResultBatch(List<ResultEvent?>? Results) : Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider
    {
        public static async ValueTask<ResultBatch?> BindAsync(HttpContext http) => new(await BatchItems.ReadAsync<ResultEvent>(http, "results"));
        public static void PopulateMetadata(System.Reflection.ParameterInfo parameter, EndpointBuilder builder) => BatchItems.DeclareBody<ResultBatch>(builder);
    }

    static async Task<Ok<SampleBatchAnswer>> IngestSamples(SampleBatch batch, HttpContext http, SampleIngest ingest, IDbContextFactory<FrontlineDb> dbs)
    {
        var caller = Caller.From(http);
        var events = batch.Events ?? [];
        var outcome = await ingest.IngestForCollectorAsync(caller, events, http.RequestAborted);
        return TypedResults.Ok(await CollectorAnswer.ExplainAsync(dbs, caller, events, outcome, http.RequestAborted));
    }

    static async Task<Ok<BatchAnswer>> IngestResults(ResultBatch batch, HttpContext http, ResultIngest ingest) =>
        TypedResults.Ok(await ingest.IngestAsync(Caller.From(http), batch.Results ?? [], http.RequestAborted));

    static async Task<Ok<ResultFileAnswer>> UploadResults(IFormFile? file, long? roundId, HttpContext http, ResultFile results)
    {
        if (file is null || file.Length == 0) throw new DomainException("missing-field", field: "file", args: "file");
        await using var temp = TempFile.Create();
        await file.CopyToAsync(temp.Stream, http.RequestAborted);
        temp.Stream.Position = 0;
        return TypedResults.Ok(await results.ImportAsync(Caller.From(http), temp.Stream, file.FileName, roundId, http.RequestAborted));
    }

    static async Task<Results<FileContentHttpResult, NotFound>> DownloadResultErrors(string id, HttpContext http, ResultFile results)
    {
        var file = await results.ErrorsAsync(Caller.From(http), id, http.RequestAborted);
        return file is null ? TypedResults.NotFound() : TypedResults.File(file.Value.Content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Value.FileName);
    }

    static async Task<Ok<CoverageView>> GetCoverage(long id, string? jurisdiction, HttpContext http, Coverage coverage) =>
        TypedResults.Ok(await coverage.OfAsync(Caller.From(http), id, jurisdiction, http.RequestAborted));

    static async Task<Ok<IReadOnlyList<CoverageView>>> GetCoverageChildren(long id, string? jurisdiction, HttpContext http, Coverage coverage) =>
        TypedResults.Ok(await coverage.ChildrenAsync(Caller.From(http), id, jurisdiction, http.RequestAborted));

    static async Task<Ok<IReadOnlyList<BuildingCoverage>>> GetBuildingCoverage(long id, string community, HttpContext http, Coverage coverage) =>
        TypedResults.Ok(await coverage.BuildingsAsync(Caller.From(http), id, community, http.RequestAborted));

    const string GrantText = "From POST /api/testing/rounds/{id}/untested/unmask: full ID and phone numbers (403 unmask-grant-invalid when it is not this caller's for this list, or expired).";

    static async Task<Ok<Paged<UntestedPerson>>> GetUntested(long id, string? jurisdiction, int? page, int? pageSize,
        [System.ComponentModel.Description(GrantText)] string? grant, HttpContext http, Coverage coverage) =>
        TypedResults.Ok(await coverage.UntestedAsync(Caller.From(http), id, jurisdiction, PageRequest.From(page, pageSize), http.RequestAborted, grant));

    static async Task<Ok<UntestedUnmaskGrant>> UnmaskUntested(long id, UntestedUnmaskInput input, HttpContext http, UntestedUnmask unmask) =>
        TypedResults.Ok(await unmask.GrantAsync(Caller.From(http), id, input.Jurisdiction, input.Reason, http.RequestAborted));

    static async Task<FileContentHttpResult> ExportUntested(long id, string? jurisdiction,
        [System.ComponentModel.Description(GrantText)] string? grant, HttpContext http, Coverage coverage)
    {
        var (content, name) = await coverage.UntestedExportAsync(Caller.From(http), id, jurisdiction, http.RequestAborted, grant);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    static async Task<FileContentHttpResult> ExportRetests(long id, string? jurisdiction,
        [Description("Full phones and rooms (permission pii.view; audited with the reason).")] bool? unmask, string? reason, HttpContext http, PositivePools pools)
    {
        var (content, name) = await pools.ExportAsync(Caller.From(http), id, jurisdiction, unmask == true, reason, http.RequestAborted);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    static async Task<Ok<Paged<TestOrderView>>> ListTestOrders([Description("yyyy-MM-dd, Asia/Shanghai: the day's tests and the re-samplings ordered that day.")] DateOnly? date,
        [OneOf("overdue", "due", "planned", "sampled", "invalid", "positive", "negative", "cancelled")] string? status, string? jurisdiction,
        [Description("One requester's orders, e.g. stay:42.")] string? requester, int? page, int? pageSize, HttpContext http, TestOrders orders) =>
        TypedResults.Ok(await orders.ListAsync(Caller.From(http), jurisdiction, date, status, requester, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<Paged<RetestView>>> ListRetests(long? roundId, [OneOf("due", "overdue", "done")] string? status, string? jurisdiction, int? page, int? pageSize,
        HttpContext http, Retests retests) =>
        TypedResults.Ok(await retests.ListAsync(Caller.From(http), roundId, status, jurisdiction, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<Paged<ResultConflict>>> ListConflicts(long? roundId, int? page, int? pageSize, HttpContext http, ResultReview review) =>
        TypedResults.Ok(await review.ListAsync(Caller.From(http), roundId, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<NoContent> DecideConflict(long resultId, ReviewDecisionInput input, HttpContext http, ResultReview review)
    {
        await review.DecideAsync(Caller.From(http), resultId, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Created<RegistryModule.IdResponse>> Exempt(ExemptionInput input, HttpContext http, Rounds rounds)
    {
        var id = await rounds.ExemptAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/testing/exemptions/{id}", new RegistryModule.IdResponse(id.ToString()));
    }
}

/// <summary>
/// A person's latest sample and result, temporary control, re-test due time and whether a round open now still expects
/// them, for GET /api/persons/{id}/status, the person page and the household walk (a whole building in a few queries).
/// </summary>
public sealed class TestingStatus(IDbContextFactory<FrontlineDb> dbs, TestingDirectory directory, PolicySets policies, TimeProvider clock)
    : IPersonStatusSource
{
    sealed record SampleRow(long PersonId, long Id, long RoundId, long? RetestOrderId, string Code, DateTime CollectedAt, Outcome Outcome,
        DateTime? ResultAt, double? CtOrf1ab, double? CtN);

    public async Task<IReadOnlyDictionary<long, PersonStatus>> ReadManyAsync(IReadOnlyCollection<long> personIds, CancellationToken ct)
    {
        var ids = personIds.Distinct().ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Every sample of these persons: a handful a person (one a round, a re-test now and then), served by (person, collected).
        var samples = await db.Set<Sample>().AsNoTracking().Where(s => ids.Contains(s.PersonId))
            .Join(db.Set<Tube>(), s => s.TubeId, t => t.Id, (s, t) => new SampleRow(s.PersonId, s.Id, s.RoundId, s.RetestOrderId, t.Code, s.CollectedAt,
                s.Outcome, t.ResultAt, t.CtOrf1ab, t.CtN))
            .ToListAsync(ct);
        var controlled = (await db.Set<TemporaryControl>().AsNoTracking().Where(c => ids.Contains(c.PersonId) && c.LiftedAt == null)
            .Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        // A re-test's due time; a stay's scheduled tests are the stay's to show.
        var due = await db.Set<RetestOrder>().AsNoTracking()
            .Where(o => ids.Contains(o.PersonId) && o.SampleId == null && o.Reason != TestOrderReasons.StayTest && o.CancelledAt == null)
            .GroupBy(o => o.PersonId).Select(g => new { g.Key, DueBy = g.Min(o => o.DueBy) }).ToDictionaryAsync(x => x.Key, x => x.DueBy, ct);
        var untested = await UntestedRoundsAsync(db, ids, samples, ct);

        var bySample = samples.ToLookup(s => s.PersonId);
        var answer = new Dictionary<long, PersonStatus>(ids.Count);
        foreach (var id in ids)
        {
            var mine = bySample[id].OrderByDescending(s => s.CollectedAt).ThenByDescending(s => s.Id).ToList();
            var latest = mine.FirstOrDefault();
            var resulted = mine.FirstOrDefault(s => s.Outcome != Outcome.Pending);
            answer[id] = PersonStatus.None with
            {
                LatestSample = latest is null ? null : new
                {
                    id = latest.Id.ToString(), roundId = latest.RoundId.ToString(), tubeCode = latest.Code, collectedAt = latest.CollectedAt.ToChina(),
                },
                LatestResult = resulted is null ? null : new
                {
                    tubeCode = resulted.Code, outcome = resulted.Outcome.ToString().ToLowerInvariant(), reportedAt = resulted.ResultAt?.ToChina(),
                    ctOrf1ab = resulted.CtOrf1ab, ctN = resulted.CtN,
                },
                Control = controlled.Contains(id) ? "temporary" : "none",
                RetestDue = due.TryGetValue(id, out var by) ? by.ToChina() : null,
                UntestedRound = untested.GetValueOrDefault(id),
            };
        }
        return answer;
    }

    /// <summary>
    /// For each person, the first round open now in their community that expects them (the coverage's rule: not moved out, not an
    /// infant, not exempt) and has no sample of them yet. Rounds come from the in-memory directory; persons and exemptions in two queries.
    /// </summary>
    async Task<Dictionary<long, string>> UntestedRoundsAsync(FrontlineDb db, List<long> ids, List<SampleRow> samples, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = (await directory.RoundsAsync(ct)).Where(r => TestingRules.EffectiveState(r, now) == RoundState.Open)
            .OrderBy(r => r.StartsAt).ThenBy(r => r.Id).ToList();
        if (open.Count == 0) return [];
        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.CommunityCode, p.BirthDate, p.Verification }).ToListAsync(ct);
        var exemptions = (await db.Set<TestingExemption>().AsNoTracking().Where(x => ids.Contains(x.PersonId))
            .Select(x => new { x.PersonId, x.From, x.Until }).ToListAsync(ct)).ToLookup(x => x.PersonId);
        var sampledIn = samples.Where(s => s.RetestOrderId == null).Select(s => (s.PersonId, s.RoundId)).ToHashSet();
        var answer = new Dictionary<long, string>();
        foreach (var p in persons)
        {
            if (p.Verification == VerificationStatus.MovedOut) continue;
            var round = open.FirstOrDefault(r =>
            {
                if (!r.Scope.Any(code => new JurisdictionScope(code).Contains(p.CommunityCode))) return false;
                if (sampledIn.Contains((p.Id, r.Id)) || TestingRules.IsInfant(p.BirthDate, r, policies.Active)) return false;
                var (start, end) = (TestingRules.FirstDay(r), DateOnly.FromDateTime(r.EndsAt.ToChina().DateTime));
                return !exemptions[p.Id].Any(x => x.From <= end && (x.Until == null || x.Until >= start));
            });
            if (round is not null) answer[p.Id] = round.Name;
        }
        return answer;
    }
}
