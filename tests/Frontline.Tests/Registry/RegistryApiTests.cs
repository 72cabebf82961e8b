using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Registry;

/// <summary>The registry's HTTP contract (shared/api.md), run against each database provider.</summary>
public abstract partial class RegistryApiTests(FrontlineApp app)
{
    [GeneratedRegex(@"^\d{6}\*{8}\d{3}[\dX]$")] private static partial Regex MaskedId();
    [GeneratedRegex(@"^1\d{2}\*{4}\d{4}$")] private static partial Regex MaskedPhone();

    [SkippableFact]
    public async Task Health_and_readiness_answer()
    {
        var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetJson("/readyz");
        Assert.Equal(app.Provider, ready.Str("provider"));
    }

    [SkippableFact]
    public async Task Token_errors_and_permissions()
    {
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/persons")).StatusCode);
        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(["invalid-credentials"], await wrong.ProblemCodes());

        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/persons")).StatusCode);

        var token = await (await app.Anonymous().PostAsJsonAsync("/api/auth/token", new { username = "sampler", password = FrontlineApp.Password })).Body();
        Assert.Equal(TestData.Hongxing, token.Str("jurisdiction"));
        Assert.Equal("sampler", token.GetProperty("roles")[0].GetString());

        var lab = await app.As("lab");
        var forbidden = await lab.GetAsync("/api/persons");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [SkippableFact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var client = app.Anonymous();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 6; i++)
            last = await client.PostAsJsonAsync("/api/auth/token", new { username = "facility-staff", password = "wrong-" + i });
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(["locked-out"], await last.ProblemCodes());
        // Even the right password waits out the lock.
        var right = await client.PostAsJsonAsync("/api/auth/token", new { username = "facility-staff", password = FrontlineApp.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [SkippableFact]
    public async Task Jurisdiction_tree_with_populations_limited_to_the_callers_scope()
    {
        var admin = await app.As("admin");
        var root = (await admin.GetJson("/api/jurisdictions")).EnumerateArray().Single();
        Assert.Equal(TestData.District, root.Str("code"));
        Assert.Equal("district", root.Str("level"));
        var streets = (await admin.GetJson($"/api/jurisdictions?parent={TestData.District}")).EnumerateArray().ToList();
        Assert.Equal(10, streets.Count);
        Assert.All(streets, s => Assert.Equal("street", s.Str("level")));
        Assert.Equal(root.GetProperty("population").GetInt64(), streets.Sum(s => s.GetProperty("population").GetInt64()));
        Assert.True(root.GetProperty("population").GetInt64() >= FrontlineApp.Residents);

        var worker = await app.As("community-worker");
        var own = (await worker.GetJson("/api/jurisdictions")).EnumerateArray().Single();
        Assert.Equal(TestData.Hongxing, own.Str("code"));
        Assert.Equal("红星社区", own.Str("name"));
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/jurisdictions?parent={TestData.District}")).StatusCode);
    }

    [SkippableFact]
    public async Task Persons_are_masked_paged_and_limited_to_the_callers_jurisdiction()
    {
        var worker = await app.As("community-worker");
        var page = await worker.GetJson("/api/persons?pageSize=500");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, p => Assert.Equal(TestData.Hongxing, p.Str("communityCode")));
        Assert.All(items.Where(p => p.Str("docType") == "resident-id"), p => Assert.Matches(MaskedId(), p.Str("idNumber")));
        Assert.All(items.Where(p => p.GetProperty("phone").ValueKind == JsonValueKind.String), p => Assert.Matches(MaskedPhone(), p.Str("phone")));

        var small = await worker.GetJson("/api/persons?pageSize=2&page=2");
        Assert.Equal(page.GetProperty("total").GetInt64(), small.GetProperty("total").GetInt64());
        Assert.Equal(items[2].Str("id"), small.GetProperty("items")[0].Str("id"));
        Assert.Equal(["invalid-paging"], await (await worker.GetAsync("/api/persons?pageSize=100000")).ProblemCodes());

        // Someone else's community: the list is empty and the record is 404, not a leak.
        var elsewhere = await worker.GetJson($"/api/persons?jurisdiction={TestData.Haiyu}");
        Assert.Equal(0, elsewhere.GetProperty("total").GetInt64());
        var haiyu = await (await app.As("worker-haiyu")).GetJson("/api/persons?pageSize=1");
        var outsider = haiyu.GetProperty("items")[0].Str("id");
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/persons/{outsider}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/persons/{outsider}/status")).StatusCode);
    }

    [SkippableFact]
    public async Task Unmasking_needs_pii_view_and_is_audited()
    {
        var id = TestData.NewResidentId();
        var phone = TestData.NewPhone();
        var worker = await app.As("community-worker");
        var created = await worker.PostAsJsonAsync("/api/persons", new
        {
            name = "测试甲", idNumber = id, phone, communityCode = TestData.Hongxing, building = "测试楼2栋", room = "302",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var personId = (await created.Body()).Str("id");

        var masked = await worker.GetJson($"/api/persons/{personId}");
        Assert.Equal(id[..6] + "********" + id[14..], masked.Str("idNumber"));
        Assert.Equal(phone[..3] + "****" + phone[7..], masked.Str("phone"));
        Assert.True(masked.GetProperty("masked").GetBoolean());

        var noReason = await worker.GetAsync($"/api/persons/{personId}?unmask=true");
        Assert.Equal(["reason-required"], await noReason.ProblemCodes());
        var full = await worker.GetJson($"/api/persons/{personId}?unmask=true&reason=核对转运名单");
        Assert.Equal(id, full.Str("idNumber"));
        Assert.Equal(phone, full.Str("phone"));

        // The street auditor may read the registry, masked only; and sees the unmasked view in the audit trail.
        var auditor = await app.As("auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetAsync($"/api/persons/{personId}?unmask=true")).StatusCode);
        // The household's address (the room) is personal data too: the building shows, the door does not.
        var seenByAuditor = await auditor.GetJson($"/api/persons/{personId}");
        Assert.Equal("***", seenByAuditor.Str("room"));
        Assert.Equal("测试楼2栋", seenByAuditor.Str("building"));
        Assert.Equal("302", masked.Str("room"));
        var trail = await auditor.GetJson($"/api/audit?action=pii.view&subject=person:{personId}");
        var entry = trail.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("community-worker", entry.Str("userName"));
        Assert.Equal("核对转运名单", entry.Str("reason"));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/audit")).StatusCode);
    }

    [SkippableFact]
    public async Task Search_by_name_prefix_full_document_number_or_phone()
    {
        var id = TestData.NewResidentId();
        var phone = TestData.NewPhone();
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "诸葛测试", idNumber = id.ToLowerInvariant(), phone, communityCode = TestData.Hongxing, building = "测试楼3栋", room = "1203",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var personId = (await created.Body()).Str("id");

        foreach (var q in new[] { "诸葛", "诸葛测试", id, id.ToLowerInvariant(), phone })
        {
            var found = await admin.GetJson($"/api/persons?q={Uri.EscapeDataString(q)}");
            Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.Str("id") == personId);
        }
        var person = await admin.GetJson($"/api/persons/{personId}?unmask=true&reason=test");
        Assert.Equal(id.ToUpperInvariant(), person.Str("idNumber"));
        Assert.Equal(12, person.Int("floor"));
        Assert.Equal(0, (await admin.GetJson("/api/persons?q=诸葛亮不存在")).GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task Creating_a_person_validates_every_field()
    {
        var worker = await app.As("community-worker", "en");
        var bad = await worker.PostAsJsonAsync("/api/persons", new
        {
            name = "", idNumber = TestData.WithBadChecksum(TestData.NewResidentId()), phone = "12345", communityCode = TestData.Hongxing, building = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var codes = await bad.ProblemCodes();
        Assert.Contains("missing-field", codes);
        Assert.Contains("invalid-id-checksum", codes);
        Assert.Contains("invalid-phone", codes);
        var body = await bad.Body();
        Assert.Contains("checksum", body.Str("detail") + string.Join(" ", body.GetProperty("messages").EnumerateArray().Select(m => m.Str("message"))));

        var outOfScope = await worker.PostAsJsonAsync("/api/persons", new
        {
            name = "测试乙", idNumber = TestData.NewResidentId(), communityCode = TestData.Haiyu, building = "1栋",
        });
        Assert.Equal(["out-of-scope"], await outOfScope.ProblemCodes());

        var id = TestData.NewResidentId();
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/persons", new { name = "测试丙", idNumber = id, communityCode = TestData.Hongxing, building = "测试楼1栋" })).StatusCode);
        var conflict = await worker.PostAsJsonAsync("/api/persons", new { name = "别人", idNumber = id, communityCode = TestData.Hongxing, building = "测试楼1栋" });
        Assert.Equal(["conflicts-with-existing"], await conflict.ProblemCodes());

        var chinese = await (await app.As("community-worker")).PostAsJsonAsync("/api/persons", new { name = "测试丁", idNumber = "123", communityCode = TestData.Hongxing, building = "1栋" });
        Assert.Equal("证件号码格式不正确", (await chinese.Body()).GetProperty("messages")[0].Str("message"));
    }

    [SkippableFact]
    public async Task Household_verification_is_recorded_and_audited()
    {
        var worker = await app.As("community-worker");
        var person = (await worker.GetJson("/api/persons?pageSize=1&sort=newest")).GetProperty("items")[0];
        var id = person.Str("id");
        var done = await worker.PostAsJsonAsync($"/api/persons/{id}/verification", new { present = true, note = "本人在家" });
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        var after = await worker.GetJson($"/api/persons/{id}");
        Assert.Equal("present", after.Str("verification"));
        Assert.Equal("community-worker", after.Str("verifiedBy"));

        var walk = await worker.GetJson($"/api/registry/buildings/{after.Str("buildingId")}/walk");
        Assert.True(walk.GetProperty("buildingProgress").Int("checked") >= 1);
        Assert.True(walk.GetProperty("communityProgress").Int("present") >= 1);

        var invalid = await worker.PostAsJsonAsync($"/api/persons/{id}/verification", new { note = "?" });
        Assert.Equal(["invalid-verification"], await invalid.ProblemCodes());
        var sampler = await app.As("sampler");
        Assert.Equal(HttpStatusCode.Forbidden, (await sampler.PostAsJsonAsync($"/api/persons/{id}/verification", new { present = true })).StatusCode);

        var trail = await (await app.As("admin")).GetJson($"/api/audit?action=person.verify&subject=person:{id}");
        Assert.True(trail.GetProperty("total").GetInt64() >= 1);
    }

    [SkippableFact]
    public async Task Person_status_answers_none_before_testing_exists()
    {
        var worker = await app.As("community-worker");
        var id = (await worker.GetJson("/api/persons?pageSize=1")).GetProperty("items")[0].Str("id");
        var status = await worker.GetJson($"/api/persons/{id}/status");
        Assert.Equal("none", status.Str("control"));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("zone").ValueKind);
    }

    [SkippableFact]
    public async Task Places_are_registered_and_listed_in_scope()
    {
        var worker = await app.As("community-worker");
        var code = "VENUE-" + Guid.NewGuid().ToString("N")[..8];
        var created = await worker.PostAsJsonAsync("/api/places", new { code, name = "红星农贸市场", kind = "market", communityCode = TestData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await worker.PostAsJsonAsync("/api/places", new { code, name = "重复", kind = "market", communityCode = TestData.Hongxing });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var badKind = await worker.PostAsJsonAsync("/api/places", new { code = code + "x", name = "x", kind = "casino", communityCode = TestData.Hongxing });
        Assert.Equal(["invalid-kind"], await badKind.ProblemCodes());
        var listed = await worker.GetJson("/api/places?kind=market");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), p => p.Str("code") == code);
        var fromHaiyu = await (await app.As("worker-haiyu")).GetJson("/api/places");
        Assert.DoesNotContain(fromHaiyu.GetProperty("items").EnumerateArray(), p => p.Str("code") == code);
    }

    [SkippableFact]
    public async Task Policy_set_is_served_and_its_activation_audited()
    {
        var admin = await app.As("admin");
        var policy = await admin.GetJson("/api/policy");
        Assert.Equal("edition-8-three-zones", policy.Str("name"));
        Assert.Equal(14, policy.GetProperty("closeContact").Int("centralisedDays"));
        Assert.Equal(10, policy.GetProperty("poolSizeByZoneLevel").Int("controlled"));
        Assert.Equal(3, (await admin.GetJson("/api/policy/sets")).GetArrayLength());
        var trail = await admin.GetJson("/api/audit?action=policy.activate");
        Assert.Equal(1, trail.GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task Malformed_requests_get_a_problem_naming_the_field_never_a_500()
    {
        var admin = await app.As("admin");
        var wrongType = await admin.PostAsync("/api/persons", new StringContent("{\"name\": \"x\", \"room\": 12", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(["invalid-json"], await wrongType.ProblemCodes());
        var typed = await admin.PostAsync("/api/testing/rounds", new StringContent("{\"name\": \"x\", \"poolSize\": \"ten\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(["poolSize"], (await typed.Body()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray());
        var query = await admin.GetAsync("/api/persons?page=abc");
        Assert.Equal(["invalid-paging"], await query.ProblemCodes());
    }

    [SkippableFact]
    public async Task Openapi_document_lists_the_contract()
    {
        var doc = await app.Anonymous().GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/persons", "/api/registry/imports", "/api/jurisdictions", "/api/auth/token", "/api/policy" })
            Assert.True(paths.TryGetProperty(path, out _), path);
    }

    async Task<long> PopulationOf(string community)
    {
        var street = community[..9] + "000";
        var communities = await (await app.As("admin")).GetJson($"/api/jurisdictions?parent={street}");
        return communities.EnumerateArray().Single(j => j.Str("code") == community).GetProperty("population").GetInt64();
    }

    async Task<JsonElement> ImportAsAdmin(string?[][] rows, string name)
    {
        var response = await (await app.As("admin")).PostAsync("/api/registry/imports", TestData.Upload(TestData.Csv(rows), name));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    [SkippableFact]
    public async Task Populations_move_with_every_registry_write_at_once()
    {
        var worker = await app.As("community-worker");
        var (hongxing, haiyu) = (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu));

        var created = await worker.PostAsJsonAsync("/api/persons", new { name = "人口甲", idNumber = TestData.NewResidentId(), communityCode = TestData.Hongxing, building = "人口楼2栋" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Body()).Str("id");
        Assert.Equal(hongxing + 1, await PopulationOf(TestData.Hongxing));

        // Imported, then imported again in another community: the count moves along.
        var moving = TestData.NewResidentId();
        Assert.Equal(1, (await ImportAsAdmin([TestData.Row("人口乙", moving)], "arrive.csv")).Int("imported"));
        Assert.Equal(hongxing + 2, await PopulationOf(TestData.Hongxing));
        Assert.Equal(1, (await ImportAsAdmin([TestData.Row("人口乙", moving, community: TestData.Haiyu)], "move.csv")).Int("updated"));
        Assert.Equal((hongxing + 1, haiyu + 1), (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu)));

        // Moved out (twice: counted once), then found at home again.
        foreach (var status in new[] { "moved-out", "moved-out" })
            Assert.Equal(HttpStatusCode.NoContent, (await worker.PostAsJsonAsync($"/api/persons/{id}/verification", new { status })).StatusCode);
        Assert.Equal(hongxing, await PopulationOf(TestData.Hongxing));
        Assert.Equal(HttpStatusCode.NoContent, (await worker.PostAsJsonAsync($"/api/persons/{id}/verification", new { status = "present" })).StatusCode);
        Assert.Equal(hongxing + 1, await PopulationOf(TestData.Hongxing));
    }

    [SkippableFact]
    public async Task Registering_on_the_spot_counts_in_the_callers_transaction_and_a_withdrawal_takes_back_only_what_it_wrote()
    {
        var worker = await app.As("community-worker");
        var known = TestData.NewResidentId();
        Assert.Equal(1, (await ImportAsAdmin([TestData.Row("已登记", known, community: TestData.Haiyu)], "known.csv")).Int("imported"));
        var before = await PopulationOf(TestData.Hongxing);
        var registration = app.Services.GetRequiredService<PersonRegistration>();
        var caller = new Caller("sampler", new JurisdictionScope(TestData.Hongxing), new ClaimsPrincipal());
        Assert.Null(PersonRegistration.AtSamplingSite(TestData.NewResidentId(), "路人", null, TestData.Hongxing, "SITE-1"));
        Assert.Null(PersonRegistration.AtSamplingSite(TestData.NewResidentId(), " ", "13912345678", TestData.Hongxing, "SITE-1"));
        var kept = PersonRegistration.AtSamplingSite(TestData.NewResidentId(), "路人甲", "13912345678", TestData.Hongxing, "SITE-1")!;
        var withdrawn = PersonRegistration.AtSamplingSite(TestData.NewResidentId(), "路人乙", "13912345679", TestData.Hongxing, "SITE-1")!;
        var again = PersonRegistration.AtSamplingSite(known, "已登记", "13912345670", TestData.Hongxing, "SITE-1")!;

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var registered = await registration.RegisterAsync(caller, connection, tx, [kept, withdrawn, again, kept], CancellationToken.None);
            Assert.Equal([true, true, false, false], registered.Select(r => r.Created));
            Assert.Equal(registered[0].Id, registered[3].Id);
            // The one registered before is given back as the registry holds them.
            Assert.Equal(TestData.Haiyu, registered[2].CommunityCode);
            await registration.WithdrawAsync(connection, tx, [registered[1], registered[2]], CancellationToken.None);
            await tx.CommitAsync();
        }
        Assert.Equal(before + 1, await PopulationOf(TestData.Hongxing));
        var found = (await worker.GetJson($"/api/persons?q={kept.DocNumber}")).GetProperty("items").EnumerateArray().Single();
        Assert.True(found.GetProperty("needsVerification").GetBoolean());
        Assert.Equal(PersonRegistration.UnplacedBuilding, found.Str("building"));
        Assert.Equal(0, (await worker.GetJson($"/api/persons?q={withdrawn.DocNumber}")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await (await app.As("admin")).GetJson($"/api/persons?q={known}")).GetProperty("total").GetInt64());

        // Rolled back, a registration leaves neither the person nor the count.
        var rolledBack = PersonRegistration.AtSamplingSite(TestData.NewResidentId(), "路人丙", "13912345671", TestData.Hongxing, "SITE-1")!;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await registration.RegisterAsync(caller, connection, tx, [rolledBack], CancellationToken.None);
            await tx.RollbackAsync();
        }
        Assert.Equal(before + 1, await PopulationOf(TestData.Hongxing));
        Assert.Equal(0, (await worker.GetJson($"/api/persons?q={rolledBack.DocNumber}")).GetProperty("total").GetInt64());

        // Nobody is registered outside the caller's jurisdiction.
        var elsewhere = PersonRegistration.AtSamplingSite(TestData.NewResidentId(), "路人丁", "13912345672", TestData.Haiyu, "SITE-2")!;
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => registration.RegisterAsync(caller, connection, tx, [elsewhere], CancellationToken.None));
            Assert.Equal("out-of-scope", refused.Code);
        }
    }
}

public sealed class SqliteRegistryApiTests(SqliteApp app) : RegistryApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRegistryApiTests(PostgresApp app) : RegistryApiTests(app), IClassFixture<PostgresApp>;
