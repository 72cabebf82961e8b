using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Frontline.Tests.Investigation;

/// <summary>The case file through its HTTP contract (items 1 and 7 of issue 8) — on each provider.</summary>
public abstract class CasesApiTests(FrontlineApp app)
{
    const string Hongxing = TestData.Hongxing, Haiyu = TestData.Haiyu;

    /// <summary>A fresh resident (name, ID, phone, room) of a community, made by the administrator.</summary>
    async Task<(string Id, string Name, string IdNumber, string Phone, string Room)> PersonAsync(string community = Hongxing)
    {
        var admin = await app.As("admin");
        var idNumber = TestData.NewResidentId();
        var phone = TestData.NewPhone();
        var name = "流调" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant() + "芳";
        var room = Random.Shared.Next(1101, 3399).ToString();
        var created = await admin.PostAsJsonAsync("/api/persons", new { name, idNumber, phone, communityCode = community, building = "红星花园3栋", room });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return ((await created.Body()).Str("id"), name, idNumber, phone, room);
    }

    async Task<string> CaseAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/cases", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Body()).Str("id");
    }

    static async Task Expect(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (code is not null) Assert.Contains(code, await response.ProblemCodes());
    }

    [SkippableFact]
    public async Task A_case_has_a_number_masked_person_and_deadlines_that_are_tracked()
    {
        var investigator = await app.As("investigator");
        var person = await PersonAsync();
        var positiveAt = DateTimeOffset.UtcNow.AddHours(-3);
        var id = await CaseAsync(investigator, new { personId = person.Id, classification = "confirmed", detectedBy = "fever-clinic", positiveAt });
        var detail = await investigator.GetJson($"/api/cases/{id}");
        var c = detail.GetProperty("case");
        Assert.Equal($"病例{c.Int("number")}", c.Str("label"));
        Assert.True(detail.GetProperty("masked").GetBoolean());
        Assert.NotEqual(person.IdNumber, detail.GetProperty("person").Str("idNumber"));
        Assert.Contains("********", detail.GetProperty("person").Str("idNumber"));
        Assert.Equal((person.IdNumber[16] - '0') % 2 == 1 ? "male" : "female", detail.GetProperty("person").Str("sex"));
        var deadlines = detail.GetProperty("deadlines").EnumerateArray().ToDictionary(d => d.Str("milestone"));
        // Positive three hours ago, two hours to report it (edition 8): an hour overdue.
        Assert.Equal("overdue", deadlines["notified"].Str("status"));
        Assert.InRange(deadlines["notified"].Int("minutesLeft"), -62, -58);
        Assert.Equal("due", deadlines["core-facts"].Str("status"));

        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/milestones", new { milestone = "notified" }), HttpStatusCode.NoContent);
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/milestones", new { milestone = "notified" }), HttpStatusCode.Conflict, "case-milestone-done");
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/milestones", new { milestone = "sometime" }), HttpStatusCode.BadRequest, "invalid-field");
        detail = await investigator.GetJson($"/api/cases/{id}");
        Assert.Equal("late", detail.GetProperty("deadlines")[0].Str("status"));

        await Expect(await investigator.GetAsync($"/api/cases/{id}?unmask=true"), HttpStatusCode.BadRequest, "reason-required");
        var full = await investigator.GetJson($"/api/cases/{id}?unmask=true&reason=流调核实身份");
        Assert.Equal(person.IdNumber, full.GetProperty("person").Str("idNumber"));
        var admin = await app.As("admin");
        var audit = await admin.GetJson($"/api/audit?subject=case:{id}&pageSize=100");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => a.Str("action")).ToList();
        Assert.Contains(AuditActions.PiiView, actions);
        Assert.Contains(CaseAuditActions.Update, actions);

        // Numbers run per district: the next case takes the next one.
        var next = await CaseAsync(investigator, new { personId = (await PersonAsync()).Id, classification = "asymptomatic" });
        Assert.Equal(c.Int("number") + 1, (await investigator.GetJson($"/api/cases/{next}")).GetProperty("case").Int("number"));
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_its_code_and_nothing_is_written()
    {
        var investigator = await app.As("investigator");
        var admin = await app.As("admin");
        var before = (await investigator.GetJson("/api/cases?pageSize=1")).GetProperty("total").GetInt64();
        await Expect(await investigator.PostAsJsonAsync("/api/cases", new { personId = "999999999" }), HttpStatusCode.BadRequest, "unknown-person");
        await Expect(await investigator.PostAsJsonAsync("/api/cases", new { idNumber = TestData.WithBadChecksum(TestData.NewResidentId()) }),
            HttpStatusCode.BadRequest, "invalid-id-checksum");
        var person = await PersonAsync();
        await Expect(await investigator.PostAsJsonAsync("/api/cases", new { personId = person.Id, onsetDate = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd") }),
            HttpStatusCode.BadRequest, "case-date-in-future");
        // A case of 海裕社区 (another street): the investigator of 松岗 neither sees it nor names it as an infector.
        var elsewhere = await CaseAsync(admin, new { personId = (await PersonAsync(Haiyu)).Id, classification = "confirmed" });
        await Expect(await investigator.PostAsJsonAsync("/api/cases", new { personId = person.Id, infectorCaseId = elsewhere }), HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(before, (await investigator.GetJson("/api/cases?pageSize=1")).GetProperty("total").GetInt64());

        var id = await CaseAsync(investigator, new { personId = person.Id, classification = "confirmed" });
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/infector", new { infectorCaseId = elsewhere }), HttpStatusCode.BadRequest, "case-infector-unknown");
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/infector", new { infectorCaseId = id }), HttpStatusCode.BadRequest, "case-infector-self");
        var child = await CaseAsync(investigator, new { personId = (await PersonAsync()).Id, classification = "confirmed", infectorCaseId = id });
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/infector", new { infectorCaseId = child }), HttpStatusCode.BadRequest, "case-infector-cycle");
        Assert.True((await investigator.GetJson($"/api/cases/{id}")).GetProperty("case").GetProperty("infectorCaseId").ValueKind == JsonValueKind.Null);

        foreach (var url in new[] { $"/api/cases/{elsewhere}", $"/api/cases/{elsewhere}/events", $"/api/cases/{elsewhere}/report?format=docx" })
            await Expect(await investigator.GetAsync(url), HttpStatusCode.NotFound);
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{elsewhere}/clinical", new { outcome = "hospital" }), HttpStatusCode.NotFound);
        await Expect(await investigator.PostAsync($"/api/cases/{elsewhere}/notice", null), HttpStatusCode.NotFound);
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/dates", new { isolatedAt = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.BadRequest, "case-date-in-future");
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/clinical", new { severity = "deadly" }), HttpStatusCode.BadRequest, "invalid-field");
        await Expect(await investigator.GetAsync($"/api/cases/{id}/report?format=pdf"), HttpStatusCode.BadRequest, "case-report-format");
        // Without investigation.write, no change at all.
        var commander = await app.As("street-commander");
        await Expect(await commander.PutAsJsonAsync($"/api/cases/{id}/clinical", new { outcome = "hospital" }), HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task Asymptomatic_becomes_confirmed_on_the_record_and_never_goes_back()
    {
        var investigator = await app.As("investigator");
        var id = await CaseAsync(investigator, new { personId = (await PersonAsync()).Id, classification = "asymptomatic" });
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/clinical", new { severity = "mild" }), HttpStatusCode.Conflict, "case-severity-needs-confirmed");
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/classification", new { classification = "confirmed", note = "出现发热 37.9℃" }), HttpStatusCode.NoContent);
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/classification", new { classification = "asymptomatic" }),
            HttpStatusCode.Conflict, "case-classification-downgrade");
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/classification", new { classification = "pending" }),
            HttpStatusCode.Conflict, "case-classification-pending");
        await Expect(await investigator.PostAsJsonAsync($"/api/cases/{id}/classification", new { }), HttpStatusCode.BadRequest, "missing-field");
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/clinical", new { severity = "moderate", outcome = "hospital" }), HttpStatusCode.NoContent);
        var onset = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        await Expect(await investigator.PutAsJsonAsync($"/api/cases/{id}/dates", new { onsetDate = onset, isolatedAt = DateTimeOffset.UtcNow.AddHours(-1) }), HttpStatusCode.NoContent);

        var detail = await investigator.GetJson($"/api/cases/{id}");
        Assert.Equal("confirmed", detail.GetProperty("case").Str("classification"));
        Assert.Equal("moderate", detail.GetProperty("case").Str("severity"));
        Assert.Equal(onset, detail.GetProperty("case").Str("onsetDate"));
        Assert.Equal("onset", detail.GetProperty("lookback").Str("startRule"));
        var events = (await investigator.GetJson($"/api/cases/{id}/events")).GetProperty("items").EnumerateArray().ToList();
        var change = Assert.Single(events, e => e.Str("kind") == "classification");
        Assert.Equal(("asymptomatic", "confirmed", "出现发热 37.9℃", "investigator"), (change.Str("from"), change.Str("to"), change.Str("note"), change.Str("userName")));
        Assert.Contains(events, e => e.Str("kind") == "severity" && e.Str("to") == "moderate");
        Assert.Contains(events, e => e.Str("kind") == "onset-date" && e.Str("to") == onset);
        Assert.Equal("created", events[^1].Str("kind"));
    }

    [SkippableFact]
    public async Task The_list_filters_sorts_pages_and_exports_a_masked_audited_line_list()
    {
        var investigator = await app.As("investigator");
        var person = await PersonAsync();
        var id = await CaseAsync(investigator, new { personId = person.Id, classification = "asymptomatic", detectedBy = "close-contact" });
        var number = (await investigator.GetJson($"/api/cases/{id}")).GetProperty("case").Int("number");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var found = await investigator.GetJson($"/api/cases?q=病例{number}&classification=asymptomatic&detectedBy=close-contact&reportedFrom={today}&reportedTo={today}");
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).Str("id"));
        Assert.Equal(0, (await investigator.GetJson($"/api/cases?q={number}&classification=confirmed")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await investigator.GetJson($"/api/cases?q={number}&reportedTo=2020-01-01")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await investigator.GetJson($"/api/cases?jurisdiction={Haiyu}")).GetProperty("total").GetInt64());
        var sorted = (await investigator.GetJson("/api/cases?sort=number&pageSize=500")).GetProperty("items").EnumerateArray().Select(c => c.Int("number")).ToList();
        Assert.Equal(sorted.Order().ToList(), sorted);
        await Expect(await investigator.GetAsync("/api/cases?sort=sideways"), HttpStatusCode.BadRequest, "invalid-field");
        await Expect(await investigator.GetAsync("/api/cases?reportedFrom=2022-03-02&reportedTo=2022-03-01"), HttpStatusCode.BadRequest, "invalid-field");
        await Expect(await investigator.GetAsync("/api/cases?pageSize=501"), HttpStatusCode.BadRequest, "invalid-paging");

        var masked = await investigator.GetAsync($"/api/cases/line-list.xlsx?q={number}");
        await Expect(masked, HttpStatusCode.OK);
        var rows = (await masked.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal($"病例{number}", row["病例编号"]);
        Assert.Equal("无症状感染者", row["分类"]);
        Assert.NotEqual(person.IdNumber, row["证件号码"]);
        Assert.NotEqual(person.Name, row["姓名"]);
        Assert.Equal("***", row["房号"]);
        await Expect(await investigator.GetAsync($"/api/cases/line-list.xlsx?q={number}&unmask=true"), HttpStatusCode.BadRequest, "reason-required");
        var full = await investigator.GetAsync($"/api/cases/line-list.xlsx?q={number}&unmask=true&reason=上报疾控");
        var fullRow = (await full.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().Single();
        Assert.Equal(person.IdNumber, fullRow["证件号码"]);
        Assert.Equal(person.Name, fullRow["姓名"]);
        var audit = await (await app.As("admin")).GetJson("/api/audit?subject=cases:line-list&pageSize=100");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), a => a.Str("action") == AuditActions.Export && a.Str("userName") == "investigator");
    }

    [SkippableFact]
    public async Task A_case_made_by_a_positive_retest_knows_its_result_time_and_its_reporting_deadline_runs_from_it()
    {
        var admin = await app.As("admin");
        var person = await PersonAsync();
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = "流调测试轮次" + Guid.NewGuid().ToString("N")[..6], scope = new[] { Hongxing }, startsAt = DateTimeOffset.UtcNow.AddHours(-3),
            endsAt = DateTimeOffset.UtcNow.AddHours(20), poolSize = 10,
        });
        var roundId = (await round.Body()).Str("id");
        var site = "CASE-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/testing/sites", new { code = site, name = "流调测试采样点", communityCode = Hongxing })).StatusCode);
        async Task Ok(string url, object body)
        {
            var r = await admin.PostAsJsonAsync(url, body);
            Assert.True(r.StatusCode == HttpStatusCode.OK && (await r.Body()).GetProperty("rejected").GetArrayLength() == 0, await r.Content.ReadAsStringAsync());
        }
        string Id() => "case-test-" + Guid.NewGuid().ToString("N");
        var pool = "CP" + Guid.NewGuid().ToString("N")[..8];
        var single = "CS" + Guid.NewGuid().ToString("N")[..8];
        await Ok("/api/testing/samples/batch", new { events = new[] { new { eventId = Id(), roundId, siteCode = site, tubeCode = pool, personId = person.Id, collectedAt = DateTimeOffset.UtcNow.AddHours(-2.5), collector = "流调测试" } } });
        await Ok("/api/testing/results/batch", new { results = new[] { new { eventId = Id(), roundId, tubeCode = pool, outcome = "positive", ctOrf1ab = 30.0, ctN = 31.0, reportedAt = DateTimeOffset.UtcNow.AddHours(-2) } } });
        await Ok("/api/testing/samples/batch", new { events = new[] { new { eventId = Id(), roundId, siteCode = site, tubeCode = single, personId = person.Id, poolSize = 1, collectedAt = DateTimeOffset.UtcNow.AddHours(-1.9), collector = "流调测试" } } });
        var resultAt = DateTimeOffset.UtcNow.AddMinutes(-90);
        await Ok("/api/testing/results/batch", new { results = new[] { new { eventId = Id(), roundId, tubeCode = single, outcome = "positive", ctOrf1ab = 25.0, ctN = 26.0, reportedAt = resultAt } } });
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();

        var investigator = await app.As("investigator");
        var made = (await investigator.GetJson("/api/cases?detectedBy=mass-testing&pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(c => c.Str("personId") == person.Id);
        Assert.Equal("pending", made.Str("classification"));
        Assert.True(made.GetProperty("number").GetInt32() > 0);
        Assert.InRange(made.GetProperty("positiveAt").GetDateTimeOffset(), resultAt.AddSeconds(-1), resultAt.AddSeconds(1));
        var deadline = (await investigator.GetJson($"/api/cases/{made.Str("id")}")).GetProperty("deadlines")[0];
        // Two hours from a result ninety minutes old: thirty minutes left.
        Assert.Equal("due", deadline.Str("status"));
        Assert.InRange(deadline.Int("minutesLeft"), 28, 30);
    }

    /// <summary>A place and two entries of the case's trajectory, one a free address with the door, a name and a phone in it.</summary>
    async Task<string> TrajectoryAsync(string caseId, (string Id, string Name, string IdNumber, string Phone, string Room) person)
    {
        var admin = await app.As("admin");
        var code = "CASETEST-" + Guid.NewGuid().ToString("N")[..8];
        var placeName = "红星测试农贸市场" + code[^4..];
        var place = await admin.PostAsJsonAsync("/api/places", new { code, name = placeName, kind = "market", communityCode = Hongxing });
        Assert.Equal(HttpStatusCode.Created, place.StatusCode);
        var placeId = long.Parse((await place.Body()).Str("id"));
        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        await using var db = await dbs.CreateDbContextAsync();
        var at = DateTime.UtcNow.AddHours(-20);
        db.TrajectoryEntries.AddRange(
            new TrajectoryEntry { CaseId = long.Parse(caseId), PlaceId = placeId, From = at, To = at.AddHours(1), CreatedBy = "investigator", CreatedAt = DateTime.UtcNow },
            new TrajectoryEntry
            {
                CaseId = long.Parse(caseId), Address = $"{person.Name}亲戚家 红星花园3栋{person.Room}室 {person.Phone}", From = at.AddHours(3), To = at.AddHours(5),
                CreatedBy = "investigator", CreatedAt = DateTime.UtcNow,
            },
            // Before the lookback: left out of the report and the notice.
            new TrajectoryEntry { CaseId = long.Parse(caseId), Address = "追溯期之前的地点", From = at.AddDays(-9), To = at.AddDays(-9).AddHours(1), CreatedBy = "investigator", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return placeName;
    }

    [SkippableFact]
    public async Task The_report_is_a_valid_word_document_with_the_trajectory_and_its_download_is_audited()
    {
        var investigator = await app.As("investigator");
        var person = await PersonAsync();
        var id = await CaseAsync(investigator, new { personId = person.Id, classification = "confirmed", onsetDate = DateTime.UtcNow.ToString("yyyy-MM-dd") });
        var placeName = await TrajectoryAsync(id, person);
        var response = await investigator.GetAsync($"/api/cases/{id}/report?format=docx");
        await Expect(response, HttpStatusCode.OK);
        Assert.Equal(CaseEndpoints.Docx, response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("流行病学调查报告", text);
        Assert.Contains(placeName, text);
        Assert.Contains("涉及风险场所", text);
        Assert.DoesNotContain("追溯期之前的地点", text);
        Assert.DoesNotContain(person.IdNumber, text);
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=case:{id}&action={CaseAuditActions.Report}");
        Assert.Equal(1, audit.GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task The_trajectory_notice_is_anonymous_editable_and_frozen_once_a_commander_approves_it()
    {
        var investigator = await app.As("investigator");
        var person = await PersonAsync();
        var id = await CaseAsync(investigator, new { personId = person.Id, classification = "confirmed", onsetDate = DateTime.UtcNow.ToString("yyyy-MM-dd") });
        var placeName = await TrajectoryAsync(id, person);
        var drafted = await investigator.PostAsync($"/api/cases/{id}/notice", null);
        await Expect(drafted, HttpStatusCode.Created);
        var notice = await drafted.Body();
        var text = notice.Str("text");
        var label = notice.Str("caseLabel");
        Assert.StartsWith(label + "，", text);
        Assert.Contains("岁", text);
        Assert.Contains("红星社区", text);
        Assert.Contains("红星花园", text);
        Assert.Contains(placeName, text);
        foreach (var secret in new[] { person.Name, person.IdNumber, person.Phone, person.Room })
            Assert.DoesNotContain(secret, text);
        Assert.Equal("draft", notice.Str("status"));

        var noticeId = notice.Str("id");
        await Expect(await investigator.PutAsJsonAsync($"/api/notices/trajectory/{noticeId}", new { text = text + $"（{person.Name}）" }),
            HttpStatusCode.BadRequest, "notice-personal-data");
        await Expect(await investigator.PutAsJsonAsync($"/api/notices/trajectory/{noticeId}", new { text = "" }), HttpStatusCode.BadRequest, "missing-field");
        var edited = text + "\n如有疑问请致电松岗街道防控办。";
        var put = await investigator.PutAsJsonAsync($"/api/notices/trajectory/{noticeId}", new { text = edited });
        await Expect(put, HttpStatusCode.OK);
        Assert.Equal(edited, (await put.Body()).Str("text"));

        await Expect(await investigator.PostAsync($"/api/notices/trajectory/{noticeId}/approve", null), HttpStatusCode.Forbidden);
        var commander = await app.As("street-commander");
        await Expect(await commander.PostAsync($"/api/notices/trajectory/{noticeId}/approve", null), HttpStatusCode.NoContent);
        var approved = await investigator.GetJson($"/api/notices/trajectory/{noticeId}");
        Assert.Equal(("approved", "street-commander", edited), (approved.Str("status"), approved.Str("approvedBy"), approved.Str("text")));
        Assert.Equal(JsonValueKind.String, approved.GetProperty("approvedAt").ValueKind);
        await Expect(await investigator.PutAsJsonAsync($"/api/notices/trajectory/{noticeId}", new { text = "改" }), HttpStatusCode.Conflict, "notice-approved");
        await Expect(await commander.PostAsync($"/api/notices/trajectory/{noticeId}/approve", null), HttpStatusCode.Conflict, "notice-approved");
        var list = await investigator.GetJson($"/api/notices/trajectory?caseId={id}&status=approved");
        Assert.Equal(noticeId, Assert.Single(list.GetProperty("items").EnumerateArray()).Str("id"));
        var kinds = (await investigator.GetJson($"/api/cases/{id}/events")).GetProperty("items").EnumerateArray().Select(e => e.Str("kind")).ToList();
        Assert.Contains("notice-approved", kinds);
        Assert.Contains("notice-drafted", kinds);
        // Someone of another street sees neither the notice nor its case.
        var haiyu = await PersonAsync(Haiyu);
        var admin = await app.As("admin");
        var other = await CaseAsync(admin, new { personId = haiyu.Id, classification = "confirmed" });
        var otherNotice = (await (await admin.PostAsync($"/api/cases/{other}/notice", null)).Body()).Str("id");
        await Expect(await investigator.GetAsync($"/api/notices/trajectory/{otherNotice}"), HttpStatusCode.NotFound);
        await Expect(await commander.PostAsync($"/api/notices/trajectory/{otherNotice}/approve", null), HttpStatusCode.NotFound);
    }
}

public sealed class SqliteCasesApiTests(SqliteApp app) : CasesApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCasesApiTests(PostgresApp app) : CasesApiTests(app), IClassFixture<PostgresApp>;
