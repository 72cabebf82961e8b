using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Frontline.Tests.Investigation;

/// <summary>Close and secondary contacts, the linked rule, imports, calls, assist-checks and chains through the HTTP contract — on each provider.</summary>
public abstract class ContactsApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A fresh resident: (id, ID number).</summary>
    async Task<(string Id, string IdNumber)> PersonAsync(string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var idNumber = TestData.NewResidentId();
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "密接测试" + idNumber[^4..], idNumber, phone = TestData.NewPhone(), communityCode = community, building = Next("密接楼"), room = "301",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return ((await created.Body()).Str("id"), idNumber);
    }

    async Task<string> CaseAsync(string community = TestData.Hongxing, string? infector = null)
    {
        var (person, _) = await PersonAsync(community);
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/cases", new { personId = person, classification = "confirmed", infectorCaseId = infector });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    static async Task<string> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    async Task<string> CloseAsync(string caseId, string personId, string setting = "household", DateTimeOffset? at = null) =>
        await Created(await (await app.As("investigator")).PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId, type = "close", lastExposureAt = at ?? Now.AddDays(-1), setting }));

    async Task<string> SecondaryAsync(string caseId, string personId, string via, DateTimeOffset? at = null) =>
        await Created(await (await app.As("investigator")).PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId, type = "secondary", viaContactId = via, lastExposureAt = at ?? Now.AddHours(-20), setting = "household" }));

    static JsonElement Item(JsonElement page, string id) => page.GetProperty("items").EnumerateArray().Single(i => i.Str("id") == id);

    [SkippableFact]
    public async Task A_close_and_a_secondary_contact_are_recorded_and_listed_with_their_policy_dates()
    {
        var caseId = await CaseAsync();
        var (p1, _) = await PersonAsync();
        var (p2, _) = await PersonAsync();
        var exposure = Now.AddDays(-1);
        var close = await CloseAsync(caseId, p1, "household", exposure);
        var secondary = await SecondaryAsync(caseId, p2, close, Now.AddHours(-10));
        var investigator = await app.As("investigator");
        var list = await investigator.GetJson($"/api/cases/{caseId}/contacts");
        Assert.Equal(2, list.Int("total"));
        // Close contacts first.
        Assert.Equal(close, list.GetProperty("items")[0].Str("id"));
        var c = Item(list, close);
        Assert.Equal("close", c.Str("type"));
        Assert.Equal("monitoring", c.Str("state"));
        Assert.Equal("household", c.Str("setting"));
        Assert.Contains("*", c.Str("name"));
        // edition-8: 14 centralised + 7 home days from the day after the last exposure.
        var exposedDay = DateOnly.FromDateTime(exposure.ToOffset(TimeSpan.FromHours(8)).DateTime);
        Assert.Equal(exposedDay.AddDays(21).ToString("yyyy-MM-dd"), c.Str("endsOn"));
        Assert.Equal(exposedDay.AddDays(1).ToString("yyyy-MM-dd"), c.GetProperty("testDays")[0].GetString());
        var s = Item(list, secondary);
        Assert.Equal("secondary", s.Str("type"));
        Assert.Equal(close, s.Str("viaContactId"));
        Assert.Equal("monitoring", s.Str("state"));
        var onlySecondary = await investigator.GetJson($"/api/cases/{caseId}/contacts?type=secondary");
        Assert.Equal(1, onlySecondary.Int("total"));
        var bad = await investigator.GetAsync($"/api/cases/{caseId}/contacts?type=third");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("invalid-contact-type", await bad.ProblemCodes());
        // Audited.
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=contact:{close}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "contact.add");
    }

    [SkippableFact]
    public async Task Every_bad_input_has_its_code_and_nothing_is_written()
    {
        var caseId = await CaseAsync();
        var otherCase = await CaseAsync();
        var (p1, _) = await PersonAsync();
        var (p2, _) = await PersonAsync();
        var close = await CloseAsync(caseId, p1);
        var secondaryOfOther = await SecondaryAsync(otherCase, p2, await CloseAsync(otherCase, (await PersonAsync()).Id));
        var secondaryHere = await SecondaryAsync(caseId, (await PersonAsync()).Id, close);
        var investigator = await app.As("investigator");
        async Task<string[]> Codes(object body)
        {
            var response = await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await response.ProblemCodes();
        }
        var at = Now.AddHours(-5);
        Assert.Contains("unknown-via-contact", await Codes(new { personId = p2, type = "secondary", viaContactId = "99999999", lastExposureAt = at, setting = "meal" }));
        Assert.Contains("unknown-via-contact", await Codes(new { personId = p2, type = "secondary", viaContactId = secondaryOfOther, lastExposureAt = at, setting = "meal" }));
        Assert.Contains("via-not-close", await Codes(new { personId = p2, type = "secondary", viaContactId = secondaryHere, lastExposureAt = at, setting = "meal" }));
        Assert.Contains("missing-field", await Codes(new { personId = p2, type = "secondary", lastExposureAt = at, setting = "meal" }));
        Assert.Contains("via-only-for-secondary", await Codes(new { personId = p2, type = "close", viaContactId = close, lastExposureAt = at, setting = "meal" }));
        Assert.Contains("unknown-person", await Codes(new { personId = "99999999", type = "close", lastExposureAt = at, setting = "meal" }));
        Assert.Contains("invalid-id-checksum", await Codes(new { idNumber = TestData.WithBadChecksum(TestData.NewResidentId()), type = "close", lastExposureAt = at, setting = "meal" }));
        // A valid ID the registry does not hold, without name and phone to register them.
        Assert.Contains("unknown-person", await Codes(new { idNumber = TestData.NewResidentId(), type = "close", lastExposureAt = at, setting = "meal" }));
        Assert.Contains("invalid-contact-type", await Codes(new { personId = p2, type = "tertiary", lastExposureAt = at, setting = "meal" }));
        Assert.Contains("invalid-setting", await Codes(new { personId = p2, type = "close", lastExposureAt = at, setting = "party" }));
        Assert.Contains("exposure-in-future", await Codes(new { personId = p2, type = "close", lastExposureAt = Now.AddDays(1), setting = "meal" }));
        var missing = await Codes(new { personId = p2 });
        Assert.Contains("missing-field", missing);
        Assert.Equal(3, missing.Count(c => c == "missing-field"));
        var list = await investigator.GetJson($"/api/cases/{caseId}/contacts");
        Assert.Equal(2, list.Int("total"));

        // The same person twice: 409, the first one kept.
        var twice = await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts", new { personId = p1, type = "close", lastExposureAt = at, setting = "meal" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("duplicate-contact", await twice.ProblemCodes());
        // The case's own person.
        var cases = await investigator.GetJson("/api/cases?pageSize=500");
        var own = cases.GetProperty("items").EnumerateArray().Single(c => c.Str("id") == caseId).Str("personId");
        Assert.Contains("contact-is-case", await Codes(new { personId = own, type = "close", lastExposureAt = at, setting = "household" }));
    }

    [SkippableFact]
    public async Task A_case_outside_the_jurisdiction_is_not_found()
    {
        var haiyuCase = await CaseAsync(TestData.Haiyu);
        var (p, _) = await PersonAsync();
        var investigator = await app.As("investigator");
        var add = await investigator.PostAsJsonAsync($"/api/cases/{haiyuCase}/contacts", new { personId = p, type = "close", lastExposureAt = Now.AddHours(-3), setting = "meal" });
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.GetAsync($"/api/cases/{haiyuCase}/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.GetAsync($"/api/cases/{haiyuCase}/chain")).StatusCode);
        var (hp, _) = await PersonAsync(TestData.Haiyu);
        var haiyuContact = await Created(await (await app.As("admin")).PostAsJsonAsync($"/api/cases/{haiyuCase}/contacts",
            new { personId = hp, type = "close", lastExposureAt = Now.AddHours(-3), setting = "meal" }));
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.GetAsync($"/api/contacts/{haiyuContact}/phone?reason=外呼")).StatusCode);
    }

    [SkippableFact]
    public async Task A_stranger_with_a_valid_id_is_registered_on_the_spot_and_one_from_elsewhere_becomes_an_assist_check()
    {
        var caseId = await CaseAsync();
        var investigator = await app.As("investigator");
        var local = TestData.NewResidentId();
        var id = await Created(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { idNumber = local, name = "王晓红", phone = TestData.NewPhone(), type = "close", lastExposureAt = Now.AddHours(-4), setting = "workplace" }));
        var admin = await app.As("admin");
        var person = (await admin.GetJson($"/api/persons?q={local}")).GetProperty("items")[0];
        Assert.Equal(TestData.Hongxing, person.Str("communityCode"));
        var contact = Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), id);
        Assert.False(contact.GetProperty("assistCheck").GetBoolean());

        var guangzhou = TestData.NewResidentId("440106");
        var outside = await Created(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { idNumber = guangzhou, name = "陈晓", phone = "13912345678", type = "close", lastExposureAt = Now.AddHours(-4), setting = "meal", residence = "广州市天河区" }));
        // Said to live elsewhere, though registered here.
        var (flagged, _) = await PersonAsync();
        var byFlag = await Created(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = flagged, type = "close", lastExposureAt = Now.AddHours(-4), setting = "vehicle", livesOutside = true, residence = "东莞市" }));
        var checks = await investigator.GetJson("/api/assist-checks?state=open&pageSize=500");
        var g = checks.GetProperty("items").EnumerateArray().Single(a => a.Str("contactId") == outside);
        Assert.Equal("id-region", g.Str("reason"));
        Assert.Equal("open", g.Str("state"));
        Assert.Equal("440106********" + guangzhou[^4..], g.Str("idNumber"));
        Assert.StartsWith("139****", g.Str("phone"));
        var due = g.GetProperty("dueBy").GetDateTimeOffset() - g.GetProperty("identifiedAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(2), due);
        Assert.Equal("flag", checks.GetProperty("items").EnumerateArray().Single(a => a.Str("contactId") == byFlag).Str("reason"));
        Assert.True(Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), outside).GetProperty("assistCheck").GetBoolean());

        // Export: masked by default, audited; unmasked only with a reason.
        var file = await investigator.GetAsync("/api/assist-checks.xlsx?state=open");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var rows = (await file.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = rows.Single(r => r["协查编号"]?.ToString() == g.Str("id"));
        Assert.Equal("440106********" + guangzhou[^4..], row["证件号码"]);
        Assert.Contains("reason-required", await (await investigator.GetAsync("/api/assist-checks.xlsx?unmask=true")).ProblemCodes());
        var unmasked = await investigator.GetAsync("/api/assist-checks.xlsx?unmask=true&reason=发送协查函");
        var full = (await unmasked.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Single(r => r["协查编号"]?.ToString() == g.Str("id"));
        Assert.Equal(guangzhou, full["证件号码"]);
        var audit = await admin.GetJson("/api/audit?subject=assist-checks");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "assist-check.export");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "pii.view");

        // Sent: off the open list, on the sent one; again changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await investigator.PostAsync($"/api/assist-checks/{g.Str("id")}/sent", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await investigator.PostAsync($"/api/assist-checks/{g.Str("id")}/sent", null)).StatusCode);
        Assert.DoesNotContain((await investigator.GetJson("/api/assist-checks?state=open&pageSize=500")).GetProperty("items").EnumerateArray(), a => a.Str("id") == g.Str("id"));
        Assert.Contains((await investigator.GetJson("/api/assist-checks?state=sent&pageSize=500")).GetProperty("items").EnumerateArray(), a => a.Str("id") == g.Str("id"));
        Assert.Contains("invalid-field", await (await investigator.GetAsync("/api/assist-checks?state=lost")).ProblemCodes());
    }

    [SkippableFact]
    public async Task A_call_shows_the_phone_only_with_a_reason_and_is_audited()
    {
        var caseId = await CaseAsync();
        var (p, _) = await PersonAsync();
        var contact = await CloseAsync(caseId, p);
        var investigator = await app.As("investigator");
        Assert.Contains("reason-required", await (await investigator.GetAsync($"/api/contacts/{contact}/phone")).ProblemCodes());
        var phone = await investigator.GetJson($"/api/contacts/{contact}/phone?reason=电话告知管控要求");
        Assert.Equal("tel:" + phone.Str("phone"), phone.Str("tel"));
        Assert.Matches("^1[0-9]{10}$", phone.Str("phone"));
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=contact:{contact}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "pii.view");
    }

    [SkippableFact]
    public async Task When_a_close_contact_becomes_a_case_their_secondary_contacts_become_its_close_contacts()
    {
        var caseId = await CaseAsync();
        var (closePerson, _) = await PersonAsync();
        var (s1, _) = await PersonAsync();
        var (s2, _) = await PersonAsync();
        var close = await CloseAsync(caseId, closePerson);
        var sec1 = await SecondaryAsync(caseId, s1, close, Now.AddHours(-12));
        await SecondaryAsync(caseId, s2, close, Now.AddHours(-11));
        var admin = await app.As("admin");
        var newCase = await Created(await admin.PostAsJsonAsync("/api/cases", new { personId = closePerson, classification = "asymptomatic", infectorCaseId = caseId }));
        var outbox = app.Services.GetRequiredService<Outbox>();
        await outbox.DispatchPendingAsync();
        await outbox.DispatchPendingAsync();
        var investigator = await app.As("investigator");
        var moved = await investigator.GetJson($"/api/cases/{newCase}/contacts");
        Assert.Equal(2, moved.Int("total"));
        Assert.All(moved.GetProperty("items").EnumerateArray(), c => Assert.Equal("close", c.Str("type")));
        Assert.Contains(moved.GetProperty("items").EnumerateArray(), c => c.Str("personId") == s1 && c.Str("fromContactId") == sec1);
        var old = await investigator.GetJson($"/api/cases/{caseId}/contacts");
        Assert.Equal("became-case", Item(old, close).Str("state"));
        Assert.Equal("reclassified", Item(old, sec1).Str("state"));
        var audit = await admin.GetJson($"/api/audit?action=contact.reclassify&pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("detail").Contains(sec1));
        // Delivered twice: nothing doubles.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Frontline.Investigation.Contacts>().ApplyLinkedRuleAsync(long.Parse(closePerson));
        Assert.Equal(2, (await investigator.GetJson($"/api/cases/{newCase}/contacts")).Int("total"));
        // The chain: the first case above the new one, the moved contacts under the new one.
        var chain = await investigator.GetJson($"/api/cases/{newCase}/chain");
        Assert.Equal(caseId, chain.Str("rootCaseId"));
        Assert.Contains(chain.GetProperty("edges").EnumerateArray(), e => e.Str("from") == "c" + caseId && e.Str("to") == "c" + newCase && e.Str("kind") == "infection");
    }

    [SkippableFact]
    public async Task A_positive_re_test_of_a_close_contact_moves_their_secondary_contacts_through_the_outbox()
    {
        var caseId = await CaseAsync();
        var (closePerson, _) = await PersonAsync();
        var (s1, _) = await PersonAsync();
        var close = await CloseAsync(caseId, closePerson);
        await SecondaryAsync(caseId, s1, close);
        var sampleId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            Outbox.Add(db, TestingEvents.IndividualPositive, new IndividualPositiveResult(long.Parse(closePerson), sampleId, TestData.Hongxing, DateTime.UtcNow.AddHours(-2)),
                DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        var investigator = await app.As("investigator");
        var newCase = (await investigator.GetJson("/api/cases?pageSize=500")).GetProperty("items").EnumerateArray().First(c => c.Str("personId") == closePerson).Str("id");
        var moved = await investigator.GetJson($"/api/cases/{newCase}/contacts");
        Assert.Equal(1, moved.Int("total"));
        Assert.Equal(s1, moved.GetProperty("items")[0].Str("personId"));
        Assert.Equal("close", moved.GetProperty("items")[0].Str("type"));
    }

    [SkippableFact]
    public async Task A_secondary_contact_waits_for_the_close_contacts_first_two_negatives_before_release()
    {
        var caseId = await CaseAsync();
        var (closePerson, closeId) = await PersonAsync();
        var (s1, _) = await PersonAsync();
        // Exposed long ago: both periods are over, only the close contact's results decide.
        var close = await CloseAsync(caseId, closePerson, at: Now.AddDays(-30));
        var secondary = await SecondaryAsync(caseId, s1, close, Now.AddDays(-29));
        var investigator = await app.As("investigator");
        Assert.Equal("released", Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), close).Str("state"));
        Assert.Equal("awaiting-close-results", Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), secondary).Str("state"));
        await NegativeSampleAsync(closeId);
        Assert.Equal("awaiting-close-results", Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), secondary).Str("state"));
        await NegativeSampleAsync(closeId);
        Assert.Equal("released", Item(await investigator.GetJson($"/api/cases/{caseId}/contacts"), secondary).Str("state"));
    }

    /// <summary>One negative single-tube test of the person, in a round of its own.</summary>
    async Task NegativeSampleAsync(string idNumber)
    {
        var admin = await app.As("admin");
        var round = await Created(await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("密接检测"), scope = new[] { TestData.Hongxing }, startsAt = Now.AddHours(-1), endsAt = Now.AddHours(23), poolSize = 1,
        }));
        var site = Next("SITE");
        await Created(await admin.PostAsJsonAsync("/api/testing/sites", new { code = site, name = "密接检测点", communityCode = TestData.Hongxing }));
        var tube = Next("T");
        var scan = await admin.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = new[] { new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize = 1, idNumber, collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector = "采样员" } },
        });
        Assert.Equal(1, (await scan.Body()).Int("accepted"));
        var result = await admin.PostAsJsonAsync("/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        Assert.Equal(1, (await result.Body()).Int("accepted"));
    }

    [SkippableFact]
    public async Task A_contact_list_imports_with_row_errors_all_or_nothing_or_valid_rows()
    {
        var caseId = await CaseAsync();
        var (_, closeId) = await PersonAsync();
        var (_, secondaryId) = await PersonAsync();
        var (_, existingId) = await PersonAsync();
        var at = Now.ToOffset(TimeSpan.FromHours(8)).AddHours(-6).ToString("yyyy-MM-dd HH:mm");
        string[] header = ["姓名", "证件号码", "手机号码", "密接类型", "经由密接证件号", "接触场景", "最后接触时间"];
        var stranger = TestData.NewResidentId();
        var rows = new List<string?[]>
        {
            // A secondary contact above the close contact it names: the close rows are read first.
            new string?[] { "", secondaryId, "", "次密接", closeId, "同住家属", at },
            new string?[] { "", closeId, "", "密接", "", "同餐", at },
            new string?[] { "新来的", stranger, TestData.NewPhone(), "密接", "", "同事", at },
            new string?[] { "", TestData.WithBadChecksum(TestData.NewResidentId()), "", "密接", "", "同餐", at },
            new string?[] { "", closeId, "", "密接", "", "同餐", at },
            new string?[] { "", existingId, "", "密接", "", "聚会", at },
            new string?[] { "", TestData.NewResidentId(), "", "密接", "", "同餐", "昨天晚上" },
            new string?[] { "", TestData.NewResidentId(), "", "次密接", TestData.NewResidentId(), "同餐", at },
        };
        var investigator = await app.As("investigator");
        var strict = await investigator.PostAsync($"/api/cases/{caseId}/contacts/import", TestData.Upload(TestData.Csv(rows, header: header), "密接名单.csv"));
        var answer = await strict.Body();
        Assert.True(strict.StatusCode == HttpStatusCode.OK, answer.ToString());
        Assert.Equal(8, answer.Int("total"));
        Assert.Equal(0, answer.Int("imported"));
        Assert.Equal(5, answer.Int("rejected"));
        var errors = answer.GetProperty("errors").EnumerateArray().Select(e => (Row: e.Int("row"), Code: e.Str("code"))).ToList();
        Assert.Contains((5, "invalid-id-checksum"), errors);
        Assert.Contains((6, "duplicate-in-file"), errors);
        Assert.Contains((7, "invalid-setting"), errors);
        Assert.Contains((8, "invalid-field"), errors);
        Assert.Contains((9, "unknown-via-contact"), errors);
        Assert.Equal(0, (await investigator.GetJson($"/api/cases/{caseId}/contacts")).Int("total"));

        var lenient = await (await investigator.PostAsync($"/api/cases/{caseId}/contacts/import?mode=valid-rows",
            TestData.Upload(TestData.Xlsx(rows, header), "密接名单.xlsx"))).Body();
        Assert.Equal(3, lenient.Int("imported"));
        var list = await investigator.GetJson($"/api/cases/{caseId}/contacts");
        Assert.Equal(3, list.Int("total"));
        var items = list.GetProperty("items").EnumerateArray().ToList();
        var secondary = items.Single(i => i.Str("type") == "secondary");
        var close = items.Single(i => i.Str("setting") == "meal");
        Assert.Equal(close.Str("id"), secondary.Str("viaContactId"));
        Assert.All(items, i => Assert.Equal("import", i.Str("source")));
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=case:{caseId}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "contact.import");
        // Again: every row is a duplicate of the case's contacts now.
        var again = await (await investigator.PostAsync($"/api/cases/{caseId}/contacts/import?mode=valid-rows",
            TestData.Upload(TestData.Csv(rows.Take(3), header: header), "密接名单.csv"))).Body();
        Assert.Equal(0, again.Int("imported"));
        Assert.All(again.GetProperty("errors").EnumerateArray(), e => Assert.Equal("duplicate-contact", e.Str("code")));

        var noColumn = await investigator.PostAsync($"/api/cases/{caseId}/contacts/import", TestData.Upload(TestData.Csv([["x"]], header: ["姓名"]), "x.csv"));
        Assert.Contains("missing-column", await noColumn.ProblemCodes());
    }

    [SkippableFact]
    public async Task The_chain_holds_the_whole_cluster_laid_out_by_generation()
    {
        var root = await CaseAsync();
        var child = await CaseAsync(infector: root);
        var grandchild = await CaseAsync(infector: child);
        var sibling = await CaseAsync(infector: root);
        var close = await CloseAsync(child, (await PersonAsync()).Id);
        await SecondaryAsync(child, (await PersonAsync()).Id, close);
        await CloseAsync(root, (await PersonAsync()).Id);
        // A case in 海裕 infected by the grandchild: in the picture, outside the investigator's jurisdiction.
        var away = await CaseAsync(TestData.Haiyu, grandchild);
        await Created(await (await app.As("admin")).PostAsJsonAsync($"/api/cases/{away}/contacts",
            new { personId = (await PersonAsync(TestData.Haiyu)).Id, type = "close", lastExposureAt = Now.AddHours(-3), setting = "meal" }));
        var investigator = await app.As("investigator");
        var chain = await investigator.GetJson($"/api/cases/{grandchild}/chain");
        Assert.Equal(root, chain.Str("rootCaseId"));
        Assert.Equal(5, chain.Int("cases"));
        Assert.Equal(3, chain.Int("contacts"));
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.Str("id"));
        Assert.Equal(8, nodes.Count);
        Assert.Equal(1, nodes["c" + root].Int("generation"));
        Assert.Equal(2, nodes["c" + child].Int("generation"));
        Assert.Equal(3, nodes["c" + grandchild].Int("generation"));
        Assert.Equal(nodes["c" + child].GetProperty("y").GetDouble(), nodes["c" + sibling].GetProperty("y").GetDouble());
        Assert.True(nodes["c" + root].GetProperty("y").GetDouble() < nodes["c" + child].GetProperty("y").GetDouble());
        Assert.Equal("辖区外病例", nodes["c" + away].Str("label"));
        Assert.False(nodes["c" + away].GetProperty("inScope").GetBoolean());
        Assert.Equal($"病例{child}", nodes["c" + child].Str("label"));
        Assert.All(nodes.Values.Where(n => n.Str("kind") == "contact"), n => Assert.Contains("*", n.Str("label")));
        var edges = chain.GetProperty("edges").EnumerateArray().Select(e => (e.Str("from"), e.Str("to"), e.Str("kind"))).ToList();
        Assert.Contains(("c" + child, "k" + close, "close"), edges);
        Assert.Contains(("c" + grandchild, "c" + away, "infection"), edges);
        Assert.Equal(7, edges.Count);
        // Every case of the cluster answers with the same cluster.
        Assert.Equal(8, (await investigator.GetJson($"/api/cases/{root}/chain")).GetProperty("nodes").GetArrayLength());
    }
}

public sealed class SqliteContactsApiTests(SqliteApp app) : ContactsApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresContactsApiTests(PostgresApp app) : ContactsApiTests(app), IClassFixture<PostgresApp>;

/// <summary>A district under the twenty measures, where secondary contacts are not identified.</summary>
public sealed class TwentyMeasuresApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Frontline:PolicySet", "twenty-measures");
    }
}

public sealed class TwentyMeasuresContactsTests(TwentyMeasuresApp app) : IClassFixture<TwentyMeasuresApp>
{
    [Fact]
    public async Task A_secondary_contact_is_refused_and_a_close_contact_follows_the_five_plus_three_days()
    {
        var admin = await app.As("admin");
        async Task<string> Person()
        {
            var r = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "二十条", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building = "二十条楼" + Guid.NewGuid().ToString("N")[..6], room = "101",
            });
            return (await r.Body()).Str("id");
        }
        var caseId = (await (await admin.PostAsJsonAsync("/api/cases", new { personId = await Person(), classification = "confirmed" })).Body()).Str("id");
        var exposure = DateTimeOffset.UtcNow.AddHours(-3);
        var close = await admin.PostAsJsonAsync($"/api/cases/{caseId}/contacts", new { personId = await Person(), type = "close", lastExposureAt = exposure, setting = "household" });
        Assert.Equal(HttpStatusCode.Created, close.StatusCode);
        var closeId = (await close.Body()).Str("id");
        var secondary = await admin.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = await Person(), type = "secondary", viaContactId = closeId, lastExposureAt = exposure, setting = "household" });
        Assert.Equal(HttpStatusCode.BadRequest, secondary.StatusCode);
        Assert.Contains("secondary-not-identified", await secondary.ProblemCodes());
        var item = (await admin.GetJson($"/api/cases/{caseId}/contacts")).GetProperty("items")[0];
        var day = DateOnly.FromDateTime(exposure.ToOffset(TimeSpan.FromHours(8)).DateTime);
        Assert.Equal(day.AddDays(8).ToString("yyyy-MM-dd"), item.Str("endsOn"));
    }
}
