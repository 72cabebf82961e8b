using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Command.Inspections;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Tests.Containment;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>Inspections (督导检查) through the HTTP contract, on each provider: places, answers, findings as tasks, re-inspection, scope.</summary>
public abstract class InspectionsApiTests(FrontlineApp app)
{
    static string Next(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A market registered in the community (a 场所码 place).</summary>
    internal static async Task<string> MarketAsync(FrontlineApp app, string community = TestData.Hongxing, string kind = "market")
    {
        var admin = await app.As("admin");
        var code = Next("INSP");
        var created = await admin.PostAsJsonAsync("/api/places", new { code, name = Next("督导农贸市场"), kind, communityCode = community });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return "place:" + (await created.Body()).Str("id");
    }

    internal static object MarketAnswers(bool scan = true) => new Dictionary<string, object>
    {
        ["venue-code-scan"] = scan, ["temperature-check"] = true, ["masks"] = true, ["disinfection-log"] = true, ["staff-tested"] = true,
    };

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    static async Task<string> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static string[] Codes(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();

    Task<int> Inspections(string placeId) => WithDb(db => db.Set<Inspection>().CountAsync(i => i.PlaceId == placeId));

    [SkippableFact]
    public async Task An_inspection_with_findings_raises_a_rectification_task_per_finding_for_the_places_community()
    {
        var inspector = await app.As("inspector");
        var market = await MarketAsync(app);
        var fixBy = DateTimeOffset.UtcNow.AddDays(1);
        var response = await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = market, template = "market", answers = MarketAnswers(scan: false),
            findings = new[] { new { text = "入口未张贴场所码", fixBy }, new { text = "消杀记录缺3天", fixBy = fixBy.AddDays(1) } },
        });
        Assert.Equal($"/api/inspections/{(await response.Body()).Str("id")}", response.Headers.Location?.OriginalString);
        var id = await Created(response);

        var detail = await inspector.GetJson($"/api/inspections/{id}");
        Assert.Equal(market, detail.GetProperty("inspection").Str("placeId"));
        Assert.Equal(1, detail.GetProperty("inspection").Int("templateVersion"));
        Assert.Equal(2, detail.GetProperty("inspection").Int("openFindings"));
        var scan = detail.GetProperty("answers").EnumerateArray().Single(a => a.Str("item") == "venue-code-scan");
        Assert.True(scan.GetProperty("deviates").GetBoolean());
        var findings = detail.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(["open", "open"], findings.Select(f => f.Str("status")));

        // Each finding's task: kind rectification, the finding as subject, the place's community, due at its fixBy.
        var ids = findings.Select(f => f.Str("id")).ToList();
        var tasks = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == TaskKinds.Rectification && ids.Contains(t.SubjectId)).ToListAsync());
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(TestData.Hongxing, t.JurisdictionCode));
        Assert.Equal(fixBy.UtcDateTime, tasks.Single(t => t.SubjectId == ids[0]).DueBy, TimeSpan.FromMilliseconds(1));
        Assert.Contains("入口未张贴场所码", tasks.Single(t => t.SubjectId == ids[0]).Title);

        // The task list the inspector reads shows them.
        var open = await inspector.GetJson($"/api/tasks?status=open&jurisdiction={TestData.Hongxing}&pageSize=500");
        Assert.Equal(2, open.GetProperty("items").EnumerateArray().Count(t => t.Str("kind") == "rectification" && ids.Contains(t.Str("subjectId"))));

        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == "inspection:" + id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["inspection.record"], audit);
    }

    [SkippableFact]
    public async Task A_place_that_does_not_exist_or_lies_outside_the_jurisdiction_is_refused_and_nothing_is_written()
    {
        var inspector = await app.As("inspector");
        var before = await WithDb(db => db.Set<Inspection>().CountAsync());
        foreach (var placeId in new[] { "place:999999999", "site:999999999", "facility:999999999", "market:1", "place:x", await MarketAsync(app, TestData.Haiyu) })
        {
            var problem = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new
            {
                placeId, template = "market", answers = MarketAnswers(), findings = new[] { new { text = "问题", fixBy = DateTimeOffset.UtcNow.AddDays(1) } },
            }));
            Assert.Equal(["inspection-unknown-place"], Codes(problem, "placeId"));
        }
        Assert.Equal(before, await WithDb(db => db.Set<Inspection>().CountAsync()));
    }

    [SkippableFact]
    public async Task Bad_answers_are_answered_item_by_item_and_a_wrong_template_is_refused()
    {
        var inspector = await app.As("inspector");
        var market = await MarketAsync(app);
        var problem = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = market, template = "market",
            answers = new Dictionary<string, object> { ["venue-code-scan"] = "yes", ["masks"] = true, ["disinfection-log"] = true, ["staff-tested"] = true, ["smoke-alarm"] = true, ["masks-seen"] = -3 },
        }));
        Assert.Equal(["inspection-wrong-answer-type"], Codes(problem, "answers.venue-code-scan"));
        Assert.Equal(["inspection-missing-answer"], Codes(problem, "answers.temperature-check"));
        Assert.Equal(["inspection-unknown-item"], Codes(problem, "answers.smoke-alarm"));
        Assert.Equal(["inspection-answer-out-of-range"], Codes(problem, "answers.masks-seen"));

        var wrong = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new { placeId = market, template = "quarantine-hotel", answers = MarketAnswers() }));
        Assert.Equal(["inspection-template-mismatch"], Codes(wrong, "template"));
        var unknown = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new { placeId = market, template = "harbour", answers = MarketAnswers() }));
        Assert.Equal(["inspection-unknown-template"], Codes(unknown, "template"));
        Assert.Equal(0, await Inspections(market));
    }

    [SkippableFact]
    public async Task A_finding_due_in_the_past_is_refused_with_its_index_and_nothing_is_written()
    {
        var inspector = await app.As("inspector");
        var market = await MarketAsync(app);
        var problem = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = market, template = "market", answers = MarketAnswers(),
            findings = new object[] { new { text = "未测温", fixBy = DateTimeOffset.UtcNow.AddHours(2) }, new { text = "未扫码", fixBy = DateTimeOffset.UtcNow.AddMinutes(-5) }, new { text = "", fixBy = DateTimeOffset.UtcNow.AddHours(2) } },
        }));
        Assert.Equal(["inspection-fix-by-in-past"], Codes(problem, "findings[1].fixBy"));
        Assert.Equal(["missing-field"], Codes(problem, "findings[2].text"));
        Assert.Equal(0, await Inspections(market));
        Assert.Equal(0, await WithDb(db => db.Set<SupervisedTask>().CountAsync(t => t.Title.Contains("未测温") && t.Kind == TaskKinds.Rectification && t.CreatedAt > DateTime.UtcNow.AddMinutes(-1))));
    }

    [SkippableFact]
    public async Task A_reinspection_closes_the_task_of_a_fixed_finding_and_moves_the_deadline_of_one_not_fixed()
    {
        var inspector = await app.As("inspector");
        var site = await CreateSiteAsync();
        var answers = new Dictionary<string, object> { ["venue-code-scan"] = true, ["one-metre"] = false, ["masks"] = true, ["disinfection-log"] = true };
        var first = await Created(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = site, template = "sampling-site", answers,
            findings = new[] { new { text = "未设一米线", fixBy = DateTimeOffset.UtcNow.AddHours(4) }, new { text = "消杀记录不全", fixBy = DateTimeOffset.UtcNow.AddHours(4) } },
        }));
        var findings = (await inspector.GetJson($"/api/inspections/{first}")).GetProperty("findings").EnumerateArray().Select(f => f.Str("id")).ToArray();
        var later = DateTimeOffset.UtcNow.AddDays(2);
        var recheck = new
        {
            placeId = site, template = "sampling-site", answers = new Dictionary<string, object> { ["venue-code-scan"] = true, ["one-metre"] = true, ["masks"] = true, ["disinfection-log"] = false },
            rechecks = new object[] { new { findingId = findings[0], @fixed = true, note = "已贴一米线" }, new { findingId = findings[1], @fixed = false, fixBy = later } },
            requestId = Guid.NewGuid().ToString(),
        };
        var second = await Created(await inspector.PostAsJsonAsync("/api/inspections", recheck));
        // A retried submit answers the same re-inspection and changes nothing.
        Assert.Equal(second, await Created(await inspector.PostAsJsonAsync("/api/inspections", recheck)));

        var tasks = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == TaskKinds.Rectification && findings.Contains(t.SubjectId)).ToListAsync());
        var fixedTask = tasks.Single(t => t.SubjectId == findings[0]);
        Assert.NotNull(fixedTask.DoneAt);
        Assert.Equal("inspector", fixedTask.DoneBy);
        var openTask = tasks.Single(t => t.SubjectId == findings[1]);
        Assert.Null(openTask.DoneAt);
        Assert.Equal(later.UtcDateTime, openTask.DueBy, TimeSpan.FromMilliseconds(1));

        var history = await inspector.GetJson($"/api/inspections/history?placeId={site}");
        Assert.Equal([findings[1]], history.GetProperty("openFindings").EnumerateArray().Select(f => f.Str("id")));
        var inspections = history.GetProperty("inspections").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], inspections.Select(i => i.GetProperty("inspection").Str("id")));
        Assert.Equal(2, inspections[0].GetProperty("rechecks").GetArrayLength());
        Assert.Equal(["fixed", "open"], inspections[1].GetProperty("findings").EnumerateArray().Select(f => f.Str("status")));
        Assert.Equal(1, inspections[1].GetProperty("inspection").Int("openFindings"));

        // Fixed already: re-checking it again is refused.
        var again = await Problem(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = site, template = "sampling-site", answers = recheck.answers, rechecks = new object[] { new { findingId = findings[0], @fixed = true } },
        }));
        Assert.Equal(["inspection-finding-not-open"], Codes(again, "rechecks[0].findingId"));
        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == "inspection:" + second).Select(a => a.Action).ToListAsync());
        Assert.Equal(["inspection.reinspect"], audit);
    }

    async Task<string> CreateSiteAsync()
    {
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/testing/sites", new { code = Next("SITE"), name = Next("督导采样点"), communityCode = TestData.Hongxing, samplers = Array.Empty<string>() });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return "site:" + (await created.Body()).Str("id");
    }

    [SkippableFact]
    public async Task The_list_filters_by_kind_jurisdiction_and_open_findings_within_the_callers_scope()
    {
        var inspector = await app.As("inspector");
        var market = await MarketAsync(app);
        var hotel = "facility:" + await TransfersApiTests.FacilityAsync(app, 1);
        var withFinding = await Created(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = market, template = "market", answers = MarketAnswers(false), findings = new[] { new { text = "未扫码", fixBy = DateTimeOffset.UtcNow.AddDays(1) } },
        }));
        var fine = await Created(await inspector.PostAsJsonAsync("/api/inspections", new
        {
            placeId = hotel, template = "quarantine-hotel",
            answers = new Dictionary<string, object> { ["staffing-24h"] = true, ["closed-loop"] = true, ["temperature-check"] = true, ["masks"] = true, ["disinfection-log"] = true },
        }));

        async Task<List<string>> Ids(HttpClient client, string query) =>
            (await client.GetJson("/api/inspections?pageSize=500&" + query)).GetProperty("items").EnumerateArray().Select(i => i.Str("id")).ToList();
        var markets = await Ids(inspector, "kind=market");
        Assert.Contains(withFinding, markets);
        Assert.DoesNotContain(fine, markets);
        var openOnes = await Ids(inspector, "openFindings=true&jurisdiction=" + TestData.Hongxing);
        Assert.Contains(withFinding, openOnes);
        Assert.DoesNotContain(fine, openOnes);
        Assert.Contains(fine, await Ids(inspector, "kind=quarantine-hotel"));

        // The community worker of the place's community reads it; 海裕's does not see it, and its detail is not found there.
        var worker = await app.As("community-worker");
        Assert.Contains(withFinding, await Ids(worker, ""));
        var haiyu = await app.As("worker-haiyu");
        Assert.DoesNotContain(withFinding, await Ids(haiyu, ""));
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/inspections/{withFinding}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/inspections/history?placeId={market}")).StatusCode);
        // A community worker reads but does not inspect.
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/inspections", new { placeId = market, template = "market", answers = MarketAnswers() })).StatusCode);

        var places = await inspector.GetJson("/api/inspections/places?q=督导农贸市场");
        Assert.Contains(places.EnumerateArray(), p => p.Str("placeId") == market && p.Str("template") == "market" && p.Int("openFindings") == 1);
        var haiyuMarket = await MarketAsync(app, TestData.Haiyu);
        Assert.DoesNotContain((await inspector.GetJson("/api/inspections/places?q=督导农贸市场")).EnumerateArray(), p => p.Str("placeId") == haiyuMarket);
    }

    [SkippableFact]
    public async Task A_checkpoint_is_a_registered_place_answering_its_own_checklist()
    {
        var inspector = await app.As("inspector");
        var checkpoint = await MarketAsync(app, kind: "checkpoint");
        var templates = await inspector.GetJson("/api/inspections/templates?kind=checkpoint");
        var items = templates[0].GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.Str("id") == "staffing-24h" && i.Str("type") == "yes-no");
        var answers = items.Where(i => i.GetProperty("required").GetBoolean())
            .ToDictionary(i => i.Str("id"), i => i.Str("type") == "number" ? (object)2 : true);
        await Created(await inspector.PostAsJsonAsync("/api/inspections", new { placeId = checkpoint, template = "checkpoint", answers }));
        Assert.Equal(1, await Inspections(checkpoint));
    }

    [SkippableFact]
    public async Task The_demo_inspects_a_market_a_hotel_and_a_sampling_site_in_songgang_through_the_service()
    {
        await MarketAsync(app);
        await CreateSiteAsync();
        await TransfersApiTests.FacilityAsync(app, 1);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var demo = scope.ServiceProvider.GetRequiredService<InspectionsDemo>();
            Assert.Equal(610, demo.Order);
            await demo.SeedAsync(CancellationToken.None);
            // Run again (a restart): nothing more.
            await demo.SeedAsync(CancellationToken.None);
        }
        var made = await WithDb(db => db.Set<Inspection>().AsNoTracking().Where(i => i.RequestId != null && i.RequestId.StartsWith("demo:")).ToListAsync());
        Assert.Equal(4, made.Count);
        Assert.All(made, i => Assert.Equal("inspector", i.InspectedBy));
        Assert.Equal(1, made.Single(i => i.PlaceKind == "market").OpenFindings);
        Assert.Equal(0, made.Single(i => i.PlaceKind == "quarantine-hotel").Findings);
        var site = made.Where(i => i.PlaceKind == "sampling-site").OrderBy(i => i.Id).ToList();
        Assert.Equal([1, 0], site.Select(i => i.Findings));
        Assert.Equal(0, site[0].OpenFindings);
        Assert.Equal(1, site[1].Rechecked);
        var marketId = made.Single(i => i.PlaceKind == "market").Id;
        var marketFinding = await WithDb(db => db.Set<InspectionFinding>().AsNoTracking().SingleAsync(f => f.InspectionId == marketId));
        var tomorrow = ChinaTime.Today(TimeProvider.System).AddDays(1);
        Assert.Equal(tomorrow, DateOnly.FromDateTime(marketFinding.FixBy.ToChina().DateTime));
    }

    [SkippableFact]
    public async Task A_photo_is_served_only_to_callers_who_may_read_its_inspection()
    {
        var market = await MarketAsync(app);
        long id;
        Guid fileId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<Frontline.Command.Inspections.Inspections>();
            var errors = new List<FieldError>();
            var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
            var upload = await Frontline.Platform.Files.StoredFiles.ReadAsync(new MemoryStream(png), "入口.png", Frontline.Platform.Files.FileRules.Photos, "photos", errors, default);
            Assert.Empty(errors);
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var principals = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>();
            var inspector = Caller.From(await principals.CreateAsync((await users.FindByNameAsync("inspector"))!));
            var json = JsonSerializer.SerializeToElement(MarketAnswers());
            var answers = json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            id = long.Parse((await service.CreateAsync(inspector, new InspectionInput(market, "market", answers, []), [upload!])).Id);
            // A text file is not a photo, whatever it is called.
            var bad = new List<FieldError>();
            Assert.Null(await Frontline.Platform.Files.StoredFiles.ReadAsync(new MemoryStream("a,b"u8.ToArray()), "x.jpg", Frontline.Platform.Files.FileRules.Photos, "photos", bad, default));
            Assert.Equal("file-type-not-allowed", Assert.Single(bad).Code);
        }
        var detail = await (await app.As("community-worker")).GetJson($"/api/inspections/{id}");
        fileId = detail.GetProperty("photos")[0].GetProperty("id").GetGuid();
        var url = $"/files/inspections/{id}/photos/{fileId}";
        var served = await (await app.As("community-worker")).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("worker-haiyu")).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).GetAsync(url)).StatusCode);
        // Another inspection's id with this photo: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("community-worker")).GetAsync($"/files/inspections/{id + 100000}/photos/{fileId}")).StatusCode);
    }
}

public sealed class SqliteInspectionsApiTests(SqliteApp app) : InspectionsApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresInspectionsApiTests(PostgresApp app) : InspectionsApiTests(app), IClassFixture<PostgresApp>;
