using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// Issue 7's findings on the testing module's writes (2, 6, 8, 12, 15): what a lab, a sampler and a commander may write,
/// and what a careless or malicious body does — on each provider.
/// </summary>
public abstract class TestingWriteSecurityTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<string> RoundAsync(string[] scope, string[]? labs = null)
    {
        var response = await (await app.As("admin")).PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("轮次"), scope, startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10, labs,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Body()).Str("id");
    }

    async Task<string> SiteAsync(string community)
    {
        var code = Next("SITE");
        var response = await (await app.As("admin")).PostAsJsonAsync("/api/testing/sites", new { code, name = "采样点", communityCode = community });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }

    async Task<JsonElement> PersonAsync(string community)
    {
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "受检者", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = community, building = Next("测试楼"), room = "101",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await admin.GetJson($"/api/persons/{(await created.Body()).Str("id")}?unmask=true&reason=test");
    }

    static object Scan(string round, string site, string tube, JsonElement person) => new
    {
        eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, idNumber = person.Str("idNumber"),
        collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
    };

    static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static async Task<JsonElement> PostRaw(HttpClient client, string url, string json)
    {
        var response = await client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {json} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static Dictionary<int, string> Rejected(JsonElement answer) =>
        answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.Int("index"), r => r.Str("code"));

    /// <summary>A pending tube of 海裕社区 (新安街道), sampled by the district's admin.</summary>
    async Task<(string Round, string Tube, JsonElement Person)> HaiyuTubeAsync(string[]? labs = null)
    {
        var round = await RoundAsync([TestData.Haiyu], labs);
        var site = await SiteAsync(TestData.Haiyu);
        var person = await PersonAsync(TestData.Haiyu);
        var tube = Next("T");
        Assert.Equal(1, (await Post(await app.As("admin"), "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, person) } })).Int("accepted"));
        return (round, tube, person);
    }

    // Finding 2 -------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_lab_cannot_post_a_result_for_a_tube_outside_its_scope()
    {
        var (round, tube, person) = await HaiyuTubeAsync();
        // 松岗's lab reports a positive for a tube of 海裕 (新安街道): refused as a tube it cannot know.
        var lab = await app.As("lab");
        var answer = await Post(lab, "/api/testing/results/batch", new { results = new object[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "positive", ctOrf1ab = 25.0, ctN = 27.0, lab = "松岗检测实验室" },
            new { eventId = Next("r"), roundId = round, tubeCode = "NO-SUCH-TUBE", outcome = "negative", lab = "松岗检测实验室" },
        } });
        Assert.Equal(0, answer.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "unknown-tube", [1] = "unknown-tube" }, Rejected(answer));
        var message = answer.GetProperty("rejected").EnumerateArray().Select(r => r.Str("message")).Distinct();
        Assert.Single(message);

        var admin = await app.As("admin");
        var status = await admin.GetJson($"/api/persons/{person.Str("id")}/status");
        Assert.Equal("none", status.Str("control"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("retestDue").ValueKind);
        Assert.DoesNotContain((await admin.GetJson($"/api/testing/retests?roundId={round}")).GetProperty("items").EnumerateArray(),
            o => o.Str("tubeCode") == tube);

        // The district's account covers 海裕: its result is applied.
        answer = await Post(admin, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        Assert.Equal(1, answer.Int("accepted"));
    }

    [SkippableFact]
    public async Task A_lab_assigned_to_a_round_posts_its_results_and_only_lab_accounts_can_be_assigned()
    {
        var refused = await (await app.As("admin")).PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("轮次"), scope = new[] { TestData.Haiyu }, startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(23),
            labs = new[] { "lab", "sampler", "nobody-here" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Body();
        Assert.Equal("unknown-lab", problem.Str("code"));
        Assert.Contains("sampler", problem.Str("detail"));
        Assert.Contains("nobody-here", problem.Str("detail"));
        Assert.DoesNotContain("lab、", problem.Str("detail"));

        var (round, tube, person) = await HaiyuTubeAsync(labs: ["lab"]);
        var view = (await (await app.As("admin")).GetJson("/api/testing/rounds")).EnumerateArray().Single(r => r.Str("id") == round);
        Assert.Equal(["lab"], view.GetProperty("labs").EnumerateArray().Select(l => l.GetString()));
        var answer = await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "positive", ctOrf1ab = 25.0, ctN = 27.0 },
        } });
        Assert.Equal(1, answer.Int("accepted"));
        Assert.Equal("temporary", (await (await app.As("admin")).GetJson($"/api/persons/{person.Str("id")}/status")).Str("control"));
    }

    [SkippableFact]
    public async Task A_result_records_the_account_that_sent_it_and_each_batch_is_audited_where_its_tubes_belong()
    {
        var round = await RoundAsync([TestData.Hongxing]);
        var site = await SiteAsync(TestData.Hongxing);
        var people = new[] { await PersonAsync(TestData.Hongxing), await PersonAsync(TestData.Hongxing) };
        var (positive, negative) = (Next("T"), Next("T"));
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = new[] { Scan(round, site, positive, people[0]), Scan(round, site, negative, people[1]) } });

        var lab = await app.As("lab");
        var answer = await Post(lab, "/api/testing/results/batch", new { results = new object[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = positive, outcome = "positive", ctOrf1ab = 25.0, ctN = 27.0, lab = "别人的实验室" },
            new { eventId = Next("r"), roundId = round, tubeCode = negative, outcome = "negative", lab = "别人的实验室" },
        } });
        Assert.Equal(2, answer.Int("accepted"));

        // 松岗's auditor finds the batch under 红星社区: who sent it, how many, which tubes were positive.
        var trail = await (await app.As("auditor")).GetJson("/api/audit?action=testing.results&user=lab&pageSize=500");
        var entry = trail.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("detail").GetString()?.Contains(positive) == true);
        Assert.Equal(TestData.Hongxing, entry.Str("jurisdictionCode"));
        var detail = JsonDocument.Parse(entry.Str("detail")).RootElement;
        Assert.Equal((2, 1, 1), (detail.Int("accepted"), detail.Int("positive"), detail.Int("negative")));
        Assert.Equal([positive], detail.GetProperty("positiveTubes").EnumerateArray().Select(t => t.GetString()));

        // A conflicting result shows who sent it (the lab's name in the body is only what it says of itself).
        var conflict = await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = negative, outcome = "invalid", lab = "别人的实验室" } } });
        Assert.Equal(new Dictionary<int, string> { [0] = "conflicting-result" }, Rejected(conflict));
        var reviews = await (await app.As("street-commander")).GetJson($"/api/testing/result-reviews?roundId={round}");
        var review = reviews.GetProperty("items").EnumerateArray().Single(c => c.Str("tubeCode") == negative);
        Assert.Equal("lab", review.GetProperty("waiting")[0].Str("sentBy"));
        Assert.Equal("lab", review.GetProperty("inForce").Str("sentBy"));
    }

    [SkippableFact]
    public async Task A_result_file_is_held_to_the_same_scope()
    {
        var (round, tube, person) = await HaiyuTubeAsync();
        var csv = TestData.Csv([[tube, "阳性", "25", "27", "松岗检测实验室", ""]], header: ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"]);
        var response = await (await app.As("lab")).PostAsync($"/api/testing/results/upload?roundId={round}", TestData.Upload(csv, "results.csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Body();
        Assert.Equal(0, answer.Int("accepted"));
        Assert.Equal(["unknown-tube"], answer.GetProperty("errors").EnumerateArray().Select(e => e.Str("code")));
        Assert.Equal("none", (await (await app.As("admin")).GetJson($"/api/persons/{person.Str("id")}/status")).Str("control"));
    }

    // Finding 6 -------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_sampler_cannot_write_into_a_round_outside_their_scope_and_cannot_tell_it_exists()
    {
        var haiyuRound = await RoundAsync([TestData.Haiyu]);
        var site = await SiteAsync(TestData.Hongxing);
        var person = await PersonAsync(TestData.Hongxing);
        var sampler = await app.As("sampler");
        var answer = await Post(sampler, "/api/testing/samples/batch", new { events = new[]
        {
            Scan(haiyuRound, site, Next("T"), person),
            Scan("999999999", site, Next("T"), person),
        } });
        Assert.Equal(0, answer.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "unknown-round", [1] = "unknown-round" }, Rejected(answer));
        Assert.Single(answer.GetProperty("rejected").EnumerateArray().Select(r => r.Str("message")).Distinct());
        // The round is not on the sampler's list either.
        Assert.DoesNotContain((await sampler.GetJson("/api/testing/rounds")).EnumerateArray(), r => r.Str("id") == haiyuRound);
    }

    [SkippableFact]
    public async Task A_scan_needs_a_round_covering_the_site_and_the_person()
    {
        // The district's admin may use every site and sees every round: the round's scope alone decides.
        var hongxingRound = await RoundAsync([TestData.Hongxing]);
        var hongxingSite = await SiteAsync(TestData.Hongxing);
        var haiyuSite = await SiteAsync(TestData.Haiyu);
        var hongxing = await PersonAsync(TestData.Hongxing);
        var haiyu = await PersonAsync(TestData.Haiyu);
        var admin = await app.As("admin");
        var stranger = new
        {
            eventId = Next("ev"), roundId = hongxingRound, siteCode = hongxingSite, tubeCode = Next("T"), idNumber = TestData.NewResidentId(),
            name = "临时来访", phone = TestData.NewPhone(),
        };
        var answer = await Post(admin, "/api/testing/samples/batch", new { events = new object[]
        {
            Scan(hongxingRound, haiyuSite, Next("T"), hongxing),   // 0: the round does not cover the site
            Scan(hongxingRound, hongxingSite, Next("T"), haiyu),   // 1: nor the person
            Scan(hongxingRound, hongxingSite, Next("T"), hongxing), // 2: accepted
            stranger,                                               // 3: registered at the site, so in the round: accepted
        } });
        Assert.Equal(2, answer.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "site-outside-round", [1] = "person-outside-round" }, Rejected(answer));

        // A round over the district takes 海裕's resident at 红星's site, from 红星's own sampler.
        var districtRound = await RoundAsync([TestData.District]);
        answer = await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = new[] { Scan(districtRound, hongxingSite, Next("T"), haiyu) } });
        Assert.Equal(1, answer.Int("accepted"));
    }

    // Finding 8 -------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_null_or_malformed_item_is_refused_on_its_own_and_the_good_items_are_kept()
    {
        var round = await RoundAsync([TestData.Hongxing]);
        var site = await SiteAsync(TestData.Hongxing);
        var person = await PersonAsync(TestData.Hongxing);
        var sampler = await app.As("sampler");

        var answer = await PostRaw(sampler, "/api/testing/samples/batch", """{"events":[null]}""");
        Assert.Equal(new Dictionary<int, string> { [0] = "invalid-item" }, Rejected(answer));
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("rejected")[0].Str("message")));

        var good = JsonSerializer.Serialize(Scan(round, site, Next("T"), person), JsonSerializerOptions.Web);
        answer = await PostRaw(sampler, "/api/testing/samples/batch",
            $$"""{"events":[{{good}},null,42,"x",[],{"eventId":{"a":1},"roundId":"{{round}}"},{"eventId":"e","poolSize":"ten"}]}""");
        Assert.Equal(1, answer.Int("accepted"));
        Assert.Equal(Enumerable.Range(1, 6).ToDictionary(i => i, _ => "invalid-item"), Rejected(answer));

        var tube = Next("T");
        Assert.Equal(1, (await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, await PersonAsync(TestData.Hongxing)) } })).Int("accepted"));
        var result = JsonSerializer.Serialize(new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" }, JsonSerializerOptions.Web);
        var lab = await app.As("lab");
        answer = await PostRaw(lab, "/api/testing/results/batch", """{"results":[null]}""");
        Assert.Equal(new Dictionary<int, string> { [0] = "invalid-item" }, Rejected(answer));
        answer = await PostRaw(lab, "/api/testing/results/batch", $$"""{"results":[null,{{result}},{"outcome":7}]}""");
        Assert.Equal(1, answer.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "invalid-item", [2] = "invalid-item" }, Rejected(answer));

        // A body that is not JSON at all is still the caller's 400, not a 500.
        var broken = await sampler.PostAsync("/api/testing/samples/batch", new StringContent("""{"events":[""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(["invalid-json"], await broken.ProblemCodes());
    }

    [SkippableFact]
    public async Task A_null_sampler_in_a_team_is_a_400()
    {
        var commander = await app.As("street-commander");
        var create = await commander.PostAsync("/api/testing/sites", new StringContent(
            $$"""{"code":"{{Next("SITE")}}","name":"采样点","communityCode":"{{TestData.Hongxing}}","samplers":[null]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(["invalid-item"], await create.ProblemCodes());

        var site = await commander.PostAsJsonAsync("/api/testing/sites", new { code = Next("SITE"), name = "采样点", communityCode = TestData.Hongxing });
        var id = (await site.Body()).Str("id");
        var update = await commander.PutAsync($"/api/testing/sites/{id}", new StringContent("""{"samplers":["sampler",null]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(["invalid-item"], await update.ProblemCodes());
    }

    // Finding 12 ------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_result_file_with_many_bad_rows_answers_the_first_errors_and_the_total_and_gives_the_full_list_as_a_file()
    {
        const int bad = 1500;
        var rows = Enumerable.Range(0, bad).Select(i => new[] { $"NO-SUCH-{i}", "阴性", "", "", "松岗检测实验室", "" }).ToList();
        rows.Insert(700, ["ANOTHER", "也许", "", "", "", ""]);
        var csv = TestData.Csv(rows, header: ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"]);
        var lab = await app.As("lab");
        var response = await lab.PostAsync("/api/testing/results/upload", TestData.Upload(csv, "bad-results.csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Body();
        Assert.Equal((bad + 1, 0, bad + 1), (answer.Int("total"), answer.Int("accepted"), answer.Int("rejected")));
        Assert.True(answer.GetProperty("errorsTruncated").GetBoolean());
        var errors = answer.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(1000, errors.Count);
        // The first ones by row, the wrong outcome in its place among them.
        Assert.Equal(Enumerable.Range(2, 1000), errors.Select(e => e.Int("row")));
        Assert.Equal("invalid-outcome", errors[700].Str("code"));

        var file = await lab.GetAsync($"/api/testing/results/uploads/{answer.Str("uploadId")}/errors.xlsx");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var listed = MiniExcelLibs.MiniExcel.Query(await file.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(bad + 1, listed.Count);
        // Only whoever uploaded it gets it back.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("admin")).GetAsync($"/api/testing/results/uploads/{answer.Str("uploadId")}/errors.xlsx")).StatusCode);
    }

    // Finding 15 ------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task A_field_left_out_of_a_site_edit_is_unchanged()
    {
        var commander = await app.As("street-commander");
        var created = await commander.PostAsJsonAsync("/api/testing/sites",
            new { code = Next("SITE"), name = "红星社区文化广场", communityCode = TestData.Hongxing, samplers = new[] { "sampler" } });
        var id = (await created.Body()).Str("id");
        SiteOf(await commander.GetJson("/api/testing/sites"), id);

        Assert.Equal(HttpStatusCode.NoContent, (await commander.PutAsJsonAsync($"/api/testing/sites/{id}", new { name = "红星社区文化广场（夜间）" })).StatusCode);
        var site = SiteOf(await commander.GetJson("/api/testing/sites"), id);
        Assert.Equal("红星社区文化广场（夜间）", site.Str("name"));
        Assert.Equal(["sampler"], site.GetProperty("samplers").EnumerateArray().Select(s => s.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await commander.PutAsJsonAsync($"/api/testing/sites/{id}", new { samplers = Array.Empty<string>() })).StatusCode);
        site = SiteOf(await commander.GetJson("/api/testing/sites"), id);
        Assert.Equal(("红星社区文化广场（夜间）", 0), (site.Str("name"), site.GetProperty("samplers").GetArrayLength()));

        // A name given empty is an error, not a rename to nothing.
        var blank = await commander.PutAsJsonAsync($"/api/testing/sites/{id}", new { name = " " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(["missing-field"], await blank.ProblemCodes());
    }

    static JsonElement SiteOf(JsonElement sites, string id) => sites.EnumerateArray().Single(s => s.Str("id") == id);
}

public sealed class SqliteTestingWriteSecurityTests(SqliteApp app) : TestingWriteSecurityTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTestingWriteSecurityTests(PostgresApp app) : TestingWriteSecurityTests(app), IClassFixture<PostgresApp>;
