using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Registry;

/// <summary>
/// What the community worker acts on in the field: each resident's status in the building walk (read for the whole
/// building at once), the walk's queued taps (idempotent by event id), and the untested list unmasked by one reason.
/// </summary>
public abstract class FieldWalkTests(FrontlineApp app)
{
    static string Next(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    async Task<(string Id, string Name)> RoundAsync()
    {
        var name = Next("入户核查轮");
        var round = await (await app.As("admin")).PostAsJsonAsync("/api/testing/rounds", new
        {
            name, scope = new[] { TestData.Hongxing }, startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        return ((await round.Body()).Str("id"), name);
    }

    /// <summary>Fresh residents of one new building of 红星社区, full (unmasked) as the admin reads them.</summary>
    async Task<(string Building, List<JsonElement> People)> BuildingAsync(int count)
    {
        var admin = await app.As("admin");
        var building = Next("核查楼");
        var people = new List<JsonElement>();
        for (var i = 0; i < count; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "住户" + i, idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building,
                room = $"{(i / 2 + 1) * 100 + 1}",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            people.Add(await admin.GetJson($"/api/persons/{(await created.Body()).Str("id")}?unmask=true&reason=test"));
        }
        return (people[0].Str("buildingId"), people);
    }

    [SkippableFact]
    public async Task The_walk_shows_each_residents_control_retest_result_and_open_round()
    {
        app.SkipIfUnavailable();
        var (round, roundName) = await RoundAsync();
        var (building, people) = await BuildingAsync(4);
        var site = Next("SITE");
        var admin = await app.As("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/testing/sites", new { code = site, name = "核查楼采样点", communityCode = TestData.Hongxing })).StatusCode);
        var pool = Next("T");
        // Three of the four in one pool that comes back positive: temporary control and a re-test due for them.
        var scans = people.Take(3).Select(p => new
        {
            eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = pool, idNumber = p.Str("idNumber"),
            collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector = "采样员01",
        }).ToArray();
        Assert.Equal(3, (await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = scans })).Int("accepted"));
        await Post(await app.As("lab"), "/api/testing/results/batch",
            new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = pool, outcome = "positive", ctOrf1ab = 28.4, ctN = 30.2 } } });

        var worker = await app.As("community-worker");
        var walk = await worker.GetJson($"/api/registry/buildings/{building}/walk");
        var statuses = walk.GetProperty("statuses");
        foreach (var p in people.Take(3))
        {
            var s = statuses.GetProperty(p.Str("id"));
            Assert.Equal("temporary", s.Str("control"));
            Assert.Equal(JsonValueKind.String, s.GetProperty("retestDue").ValueKind);
            Assert.Equal("positive", s.GetProperty("latestResult").Str("outcome"));
            Assert.Equal(pool, s.GetProperty("latestSample").Str("tubeCode"));
            // Sampled in this round (other tests' rounds may be open over 红星社区 too).
            Assert.NotEqual(roundName, s.GetProperty("untestedRound").GetString());
            // The walk and the person's own status say the same.
            Assert.Equal(s.GetRawText(), (await worker.GetJson($"/api/persons/{p.Str("id")}/status")).GetRawText());
        }
        var untested = statuses.GetProperty(people[3].Str("id"));
        Assert.Equal("none", untested.Str("control"));
        Assert.Equal(JsonValueKind.Null, untested.GetProperty("latestSample").ValueKind);
        Assert.Equal(JsonValueKind.String, untested.GetProperty("untestedRound").ValueKind);

        // Exempt from rounds: no longer expected, so no longer flagged as untested.
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/testing/exemptions", new { personId = people[3].Str("id"), reason = "away" })).StatusCode);
        var after = await worker.GetJson($"/api/registry/buildings/{building}/walk");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("statuses").GetProperty(people[3].Str("id")).GetProperty("untestedRound").ValueKind);
    }

    [SkippableFact]
    public async Task A_queued_tap_sent_twice_is_applied_once_and_bad_taps_are_answered_one_by_one()
    {
        app.SkipIfUnavailable();
        var (_, people) = await BuildingAsync(2);
        var worker = await app.As("community-worker");
        var tap = new { eventId = Guid.NewGuid().ToString(), personId = people[0].Str("id"), status = "absent", note = "敲门无人" };

        var first = await Post(worker, "/api/registry/walk/taps", new { taps = new[] { tap } });
        Assert.Equal([tap.eventId], first.GetProperty("saved").EnumerateArray().Select(e => e.GetString()));
        // The answer was lost on the stairs; the phone sends it again after the worker marked the next one present.
        var present = new { eventId = Guid.NewGuid().ToString(), personId = people[1].Str("id"), status = "present", note = (string?)null };
        var again = await Post(worker, "/api/registry/walk/taps", new { taps = new object[] { tap, present } });
        Assert.Equal([tap.eventId, present.eventId], again.GetProperty("saved").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal("absent", (await worker.GetJson($"/api/persons/{people[0].Str("id")}")).Str("verification"));
        Assert.Equal("present", (await worker.GetJson($"/api/persons/{people[1].Str("id")}")).Str("verification"));
        var checks = await WithDb(db => db.Audit.CountAsync(a => a.Subject == $"person:{people[0].Str("id")}" && a.Action == RegistryAuditActions.PersonVerify));
        Assert.Equal(1, checks);

        // Each bad tap is answered on its own, with words; the good one beside them is saved.
        var outsider = await (await app.As("admin")).PostAsJsonAsync("/api/persons", new
        {
            name = "海裕住户", idNumber = TestData.NewResidentId(), communityCode = TestData.Haiyu, building = Next("海裕楼"),
        });
        var outsiderId = (await outsider.Body()).Str("id");
        var mixed = await Post(worker, "/api/registry/walk/taps", new { taps = new object[]
        {
            new { eventId = "bad id with spaces", personId = people[0].Str("id"), status = "present" },
            new { eventId = Guid.NewGuid().ToString(), personId = outsiderId, status = "present" },
            new { eventId = Guid.NewGuid().ToString(), personId = people[0].Str("id"), status = "gone" },
            new { eventId = Guid.NewGuid().ToString(), personId = people[0].Str("id"), status = "present" },
        } });
        var codes = mixed.GetProperty("rejected").EnumerateArray().Select(r => r.Str("code")).ToList();
        Assert.Equal(["invalid-event-id", "not-found", "invalid-verification"], codes);
        Assert.All(mixed.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.Str("message"))));
        Assert.Single(mixed.GetProperty("saved").EnumerateArray());
        Assert.Equal("present", (await worker.GetJson($"/api/persons/{people[0].Str("id")}")).Str("verification"));

        var empty = await worker.PostAsJsonAsync("/api/registry/walk/taps", new { taps = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).PostAsJsonAsync("/api/registry/walk/taps", new { taps = new[] { tap } })).StatusCode);
    }

    [SkippableFact]
    public async Task The_page_endpoint_takes_the_workers_cookie_only_with_the_pages_token()
    {
        app.SkipIfUnavailable();
        // Signed out: sent to sign in, never answered as saved (the page's queue does not follow redirects).
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.PostAsJsonAsync("/registry/walk/taps", new { taps = new[] { new { eventId = "x", personId = "1", status = "present" } } });
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        // A bearer token is not this endpoint's way in either: the API has its own.
        var worker = await app.As("community-worker");
        var withToken = await worker.PostAsJsonAsync("/registry/walk/taps", new { taps = new[] { new { eventId = "x", personId = "1", status = "present" } } });
        Assert.Equal(["invalid-form-token"], await withToken.ProblemCodes());
    }

    [SkippableFact]
    public async Task One_reason_unmasks_the_whole_untested_list_and_its_export_for_that_worker_and_list()
    {
        app.SkipIfUnavailable();
        var (round, _) = await RoundAsync();
        var (_, people) = await BuildingAsync(3);
        var worker = await app.As("community-worker");
        var url = $"/api/testing/rounds/{round}/untested?jurisdiction={TestData.Hongxing}&pageSize=5";
        var masked = await worker.GetJson(url);
        Assert.All(masked.GetProperty("items").EnumerateArray(), p => Assert.True(p.GetProperty("masked").GetBoolean()));

        var noReason = await worker.PostAsJsonAsync($"/api/testing/rounds/{round}/untested/unmask", new { jurisdiction = TestData.Hongxing, reason = " " });
        Assert.Equal(["reason-required"], await noReason.ProblemCodes());
        var grant = (await Post(worker, $"/api/testing/rounds/{round}/untested/unmask",
            new { jurisdiction = TestData.Hongxing, reason = "电话通知未检测人员到点采样" })).Str("grant");
        var escaped = Uri.EscapeDataString(grant);

        // Every page of the list in full, under the one reason.
        var phones = people.Select(p => p.Str("phone")).ToHashSet();
        var seen = new List<JsonElement>();
        var total = masked.GetProperty("total").GetInt64();
        for (var page = 1; (page - 1) * 100 < total; page++)
            seen.AddRange((await worker.GetJson($"/api/testing/rounds/{round}/untested?jurisdiction={TestData.Hongxing}&pageSize=100&page={page}&grant={escaped}"))
                .GetProperty("items").EnumerateArray());
        Assert.All(seen, p => Assert.False(p.GetProperty("masked").GetBoolean()));
        Assert.Equal(3, seen.Count(p => phones.Contains(p.GetProperty("phone").GetString() ?? "")));
        var export = await worker.GetAsync($"/api/testing/rounds/{round}/untested.xlsx?jurisdiction={TestData.Hongxing}&grant={escaped}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await export.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, rows.Count(r => phones.Contains(r["手机号码"]?.ToString() ?? "")));

        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == $"round:{round}:untested").Select(a => a.Action).ToListAsync());
        Assert.Equal(1, audit.Count(a => a == AuditActions.PiiView));

        // Not another worker's, not another round's list, not a forged one.
        var commander = await app.As("street-commander");
        Assert.Equal(["unmask-grant-invalid"], await (await commander.GetAsync($"{url}&grant={escaped}")).ProblemCodes());
        var (other, _) = await RoundAsync();
        Assert.Equal(["unmask-grant-invalid"], await (await worker.GetAsync($"/api/testing/rounds/{other}/untested?grant={escaped}&jurisdiction={TestData.Hongxing}")).ProblemCodes());
        Assert.Equal(["unmask-grant-invalid"], await (await worker.GetAsync($"{url}&grant=forged")).ProblemCodes());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).PostAsJsonAsync($"/api/testing/rounds/{round}/untested/unmask",
            new { jurisdiction = TestData.Hongxing, reason = "想看" })).StatusCode);
    }
}

public sealed class SqliteFieldWalkTests(SqliteApp app) : FieldWalkTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresFieldWalkTests(PostgresApp app) : FieldWalkTests(app), IClassFixture<PostgresApp>;
