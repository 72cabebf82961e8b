using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// Issue 7, findings 9 and 11 beyond the registry: a case names no infector outside the caller's scope, its
/// classification is one of its three words, and free text — a case's <c>detectedBy</c>, a scan's <c>collector</c>,
/// a result's <c>lab</c> — has a length and clean characters; a batch refuses such an item on its own.
/// </summary>
public abstract class InputSecurityTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<string> ResidentAsync(string community)
    {
        var created = await (await app.As("admin")).PostAsJsonAsync("/api/persons", new
        {
            name = "输入检查", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = community, building = Next("输入楼"), room = "101",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    static async Task<string> CaseAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/cases", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Body()).Str("id");
    }

    static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static string WithoutTrace(JsonElement problem) =>
        string.Join(",", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    static Dictionary<int, string> Rejected(JsonElement answer) =>
        answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.Int("index"), r => r.Str("code"));

    [SkippableFact]
    public async Task A_case_outside_the_callers_scope_is_no_infector_it_can_name()
    {
        var admin = await app.As("admin");
        var investigator = await app.As("investigator");
        var elsewhere = await CaseAsync(admin, new { personId = await ResidentAsync(TestData.Haiyu) });
        var own = await CaseAsync(investigator, new { personId = await ResidentAsync(TestData.Hongxing) });
        var person = await ResidentAsync(TestData.Hongxing);

        // 海裕's case answers exactly as a case that does not exist.
        var outside = await investigator.PostAsJsonAsync("/api/cases", new { personId = person, infectorCaseId = elsewhere });
        var unknown = await investigator.PostAsJsonAsync("/api/cases", new { personId = person, infectorCaseId = "999999999" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Equal(["invalid-field"], await outside.ProblemCodes());
        Assert.Equal(WithoutTrace(await unknown.Body()), WithoutTrace(await outside.Body()));

        // One of its own street's cases is named as before.
        await CaseAsync(investigator, new { personId = person, infectorCaseId = own });
    }

    [SkippableFact]
    public async Task A_case_takes_only_its_classification_words_and_a_short_clean_detected_by()
    {
        var investigator = await app.As("investigator");
        var person = await ResidentAsync(TestData.Hongxing);
        foreach (var (body, field, code) in new (object, string, string)[]
        {
            (new { personId = person, classification = "99" }, "classification", "invalid-field"),
            (new { personId = person, classification = "1" }, "classification", "invalid-field"),
            (new { personId = person, classification = "Confirmed, Asymptomatic" }, "classification", "invalid-field"),
            (new { personId = person, detectedBy = new string('x', 1024 * 1024) }, "detectedBy", "field-too-long"),
            (new { personId = person, detectedBy = new string('x', 33) }, "detectedBy", "field-too-long"),
            (new { personId = person, detectedBy = "发热门诊\u202E" }, "detectedBy", "invalid-characters"),
            (new { personId = person, detectedBy = "fever\r\nclinic" }, "detectedBy", "invalid-characters"),
        })
        {
            var response = await investigator.PostAsJsonAsync("/api/cases", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field} → {(int)response.StatusCode}");
            var errors = (await response.Body()).GetProperty("errors");
            Assert.Equal(code, errors.GetProperty(field)[0].GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await investigator.GetAsync("/api/cases?classification=99")).StatusCode);

        // The three words, any case, and a detectedBy of 32 characters are fine.
        var id = await CaseAsync(investigator, new { personId = person, classification = "Confirmed", detectedBy = new string('发', 32) });
        var listed = (await investigator.GetJson("/api/cases?classification=confirmed&pageSize=500")).GetProperty("items").EnumerateArray();
        Assert.Contains(listed, c => c.Str("id") == id && c.Str("classification") == "confirmed");
    }

    [SkippableFact]
    public async Task A_long_or_unclean_collector_or_lab_is_refused_on_its_own_item()
    {
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("输入检查轮次"), scope = new[] { TestData.Hongxing }, startsAt = DateTimeOffset.UtcNow.AddHours(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        var roundId = (await round.Body()).Str("id");
        var site = Next("SITE");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/testing/sites", new
        {
            code = site, name = "输入检查采样点", communityCode = TestData.Hongxing, samplers = new[] { "sampler" },
        })).StatusCode);
        var people = new List<string>();
        for (var i = 0; i < 2; i++) people.Add(await ResidentAsync(TestData.Hongxing));
        var tube = Next("T");
        object Scan(string person, string? collector) => new
        {
            eventId = Next("ev"), roundId, siteCode = site, tubeCode = tube, personId = person, collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector,
        };

        var sampler = await app.As("sampler");
        var scans = await Post(sampler, "/api/testing/samples/batch", new
        {
            events = new[]
            {
                Scan(people[1], new string('采', 1024 * 1024)),
                Scan(people[1], new string('采', 65)),
                Scan(people[1], "采样员\u0000"),
                Scan(people[1], "\u202E采样员"),
                Scan(people[0], new string('采', 64)),
            },
        });
        Assert.Equal(1, scans.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "field-too-long", [1] = "field-too-long", [2] = "invalid-characters", [3] = "invalid-characters" },
            Rejected(scans));

        object Result(string? lab) => new { eventId = Next("r"), roundId, tubeCode = tube, outcome = "negative", lab };
        var results = await Post(await app.As("lab"), "/api/testing/results/batch", new
        {
            results = new[] { Result(new string('L', 1024 * 1024)), Result(new string('L', 65)), Result("松岗\u200B实验室"), Result("松岗\n实验室"), Result(new string('L', 64)) },
        });
        Assert.Equal(1, results.Int("accepted"));
        Assert.Equal(new Dictionary<int, string> { [0] = "field-too-long", [1] = "field-too-long", [2] = "invalid-characters", [3] = "invalid-characters" },
            Rejected(results));
    }
}

public sealed class SqliteInputSecurityTests(SqliteApp app) : InputSecurityTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresInputSecurityTests(PostgresApp app) : InputSecurityTests(app), IClassFixture<PostgresApp>;
