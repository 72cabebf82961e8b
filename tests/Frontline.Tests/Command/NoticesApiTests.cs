using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Frontline.Command.Notices;
using Frontline.Platform;
using Frontline.Platform.Files;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>Notices (收发文) through the HTTP contract — on each provider: expansion to units, acknowledgement, pending, reminders, scope, attachments.</summary>
public abstract class NoticesApiTests(FrontlineApp app)
{
    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static string[] Codes(JsonElement detail, string list) => detail.GetProperty(list).EnumerateArray().Select(u => u.Str("code")).ToArray();

    [SkippableFact]
    public async Task A_notice_to_a_task_force_reaches_the_cadres_posted_to_it_who_have_an_account()
    {
        var admin = await app.As("admin");
        var cadre = (await Created(await admin.PostAsJsonAsync("/api/staff", new { name = "转运调度员", organisation = "区交通运输局", phone = TestData.NewPhone(), userName = "dispatcher" }))).Str("id");
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        await Created(await admin.PostAsJsonAsync("/api/deployments", new { staffId = cadre, taskForce = "transfer", jurisdiction = TestData.Songgang, role = "转运调度", from = today.AddDays(-3).ToString("yyyy-MM-dd") }));

        var street = await app.As("street-commander");
        var unknown = await street.PostAsJsonAsync("/api/notices", new { title = "专班通知", text = "正文", recipients = new[] { "taskforce:nope" } });
        Assert.Equal(["notice-unknown-recipient"], await unknown.ProblemCodes());
        var id = (await Created(await street.PostAsJsonAsync("/api/notices", new { title = "关于转运车辆消杀的通知", text = "请转运专班今日签收。", recipients = new[] { "taskforce:transfer" } }))).Str("id");
        var sent = await street.GetJson($"/api/notices/{id}");
        var unit = sent.GetProperty("pending").EnumerateArray().Single();
        Assert.Equal(("taskforce:transfer", "转运专班"), (unit.Str("code"), unit.Str("name")));

        // The posted cadre's account sees it and acknowledges for the task force; an account not posted to it does not see it.
        var dispatcher = await app.As("dispatcher");
        Assert.Contains((await dispatcher.GetJson("/api/notices?status=pending&pageSize=500")).GetProperty("items").EnumerateArray(), n => n.Str("id") == id);
        Assert.Equal(["taskforce:transfer"], (await Ok(await dispatcher.PostAsync($"/api/notices/{id}/ack", null))).GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("facility-staff")).GetAsync($"/api/notices/{id}")).StatusCode);
        Assert.Equal(["taskforce:transfer"], Codes(await street.GetJson($"/api/notices/{id}"), "acknowledged"));
    }

    [SkippableFact]
    public async Task A_notice_to_a_street_reaches_its_command_and_communities_who_acknowledge_and_the_sender_sees_who_has_not_and_reminds_them()
    {
        var commander = await app.As("commander");
        var id = (await Created(await commander.PostAsJsonAsync("/api/notices", new { title = "关于做好封控区保障的通知", text = "请各单位今日18时前签收。", recipients = new[] { TestData.Songgang } }))).Str("id");
        var communities = await WithDb(db => db.Jurisdictions.Where(j => j.ParentCode == TestData.Songgang).Select(j => j.Code).ToListAsync());
        Assert.Contains(TestData.Hongxing, communities);

        var sent = await commander.GetJson($"/api/notices/{id}");
        Assert.Equal([TestData.Songgang], sent.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(sent.GetProperty("acknowledged").EnumerateArray());
        Assert.Equal(communities.Append(TestData.Songgang).Order(), Codes(sent, "pending").Order());

        // The community's worker sees it pending in the inbox and acknowledges for 红星社区.
        var worker = await app.As("community-worker");
        var inbox = (await worker.GetJson("/api/notices?status=pending&pageSize=500")).GetProperty("items").EnumerateArray().Single(n => n.Str("id") == id);
        Assert.Equal(JsonValueKind.Null, inbox.GetProperty("myAcknowledgedAt").ValueKind);
        Assert.Equal([TestData.Hongxing], (await Ok(await worker.PostAsync($"/api/notices/{id}/ack", null))).GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Empty((await Ok(await worker.PostAsync($"/api/notices/{id}/ack", null))).GetProperty("units").EnumerateArray());
        var own = await worker.GetJson($"/api/notices/{id}");
        Assert.Equal([TestData.Hongxing], Codes(own, "acknowledged"));
        Assert.Empty(Codes(own, "pending"));
        Assert.True(own.GetProperty("acknowledgedByMe").GetBoolean());
        Assert.False(own.GetProperty("sender").GetBoolean());
        Assert.Contains(id, (await worker.GetJson("/api/notices?status=acknowledged&pageSize=500")).GetProperty("items").EnumerateArray().Select(n => n.Str("id")));
        // The street command acknowledges for the street.
        await Ok(await (await app.As("street-commander")).PostAsync($"/api/notices/{id}/ack", null));

        var after = await commander.GetJson($"/api/notices/{id}");
        var acked = after.GetProperty("acknowledged").EnumerateArray().ToDictionary(u => u.Str("code"), u => u.Str("acknowledgedBy"));
        Assert.Equal(new Dictionary<string, string> { [TestData.Hongxing] = "community-worker", [TestData.Songgang] = "street-commander" }, acked);
        Assert.Equal(communities.Count - 1, Codes(after, "pending").Length);
        Assert.Equal("红星社区", after.GetProperty("acknowledged").EnumerateArray().Single(u => u.Str("code") == TestData.Hongxing).Str("name"));
        var summary = (await commander.GetJson("/api/notices?box=sent&pageSize=500")).GetProperty("items").EnumerateArray().Single(n => n.Str("id") == id);
        Assert.Equal((communities.Count + 1, 2), (summary.Int("units"), summary.Int("acknowledgedUnits")));

        // A reminder goes to the pending only, and they see it.
        Assert.Equal(communities.Count - 1, (await Ok(await commander.PostAsync($"/api/notices/{id}/remind", null))).Int("reminded"));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsync($"/api/notices/{id}/remind", null)).StatusCode);
        var reminded = await commander.GetJson($"/api/notices/{id}");
        Assert.All(reminded.GetProperty("pending").EnumerateArray(), u => Assert.Equal(1, u.Int("reminders")));
        Assert.All(reminded.GetProperty("acknowledged").EnumerateArray(), u => Assert.Equal(0, u.Int("reminders")));
        Assert.Equal(1, reminded.Int("reminders"));
        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == "notice:" + id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["notice.acknowledge", "notice.acknowledge", "notice.remind", "notice.send"], audit.Order());

        // 海裕社区 is in another street: not a recipient, and the notice does not exist for it.
        var haiyu = await app.As("worker-haiyu");
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/notices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.PostAsync($"/api/notices/{id}/ack", null)).StatusCode);
        Assert.DoesNotContain(id, (await haiyu.GetJson("/api/notices?pageSize=500")).GetProperty("items").EnumerateArray().Select(n => n.Str("id")));
        // The sender is no recipient of its own notice.
        Assert.Contains("notice-not-recipient", await (await commander.PostAsync($"/api/notices/{id}/ack", null)).ProblemCodes());
    }

    [SkippableFact]
    public async Task A_notice_to_a_role_reaches_that_role_in_the_senders_jurisdiction()
    {
        var street = await app.As("street-commander");
        var id = (await Created(await street.PostAsJsonAsync("/api/notices", new { title = "转运车辆消杀要求", text = "每趟转运后全车消杀并登记。", recipients = new[] { "role:dispatcher" } }))).Str("id");
        var dispatcher = await app.As("dispatcher");
        Assert.Contains(id, (await dispatcher.GetJson("/api/notices?status=pending&pageSize=500")).GetProperty("items").EnumerateArray().Select(n => n.Str("id")));
        Assert.Equal(["role:dispatcher"], (await Ok(await dispatcher.PostAsync($"/api/notices/{id}/ack", null))).GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("community-worker")).GetAsync($"/api/notices/{id}")).StatusCode);
        var detail = await street.GetJson($"/api/notices/{id}");
        Assert.Equal("全体转运调度", detail.GetProperty("acknowledged")[0].Str("name"));
    }

    [SkippableFact]
    public async Task Bad_recipients_and_attachments_are_refused_with_their_codes_and_nothing_is_written()
    {
        var street = await app.As("street-commander");
        var before = await WithDb(db => db.Notices.CountAsync());
        var files = await WithDb(db => db.Set<StoredFile>().CountAsync());
        async Task<string[]> Refused(object body)
        {
            var response = await street.PostAsJsonAsync("/api/notices", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.ProblemCodes();
        }
        Assert.Contains("notice-no-recipients", await Refused(new { title = "t", text = "x", recipients = Array.Empty<string>() }));
        Assert.Contains("notice-no-recipients", await Refused(new { title = "t", text = "x" }));
        Assert.Contains("notice-unknown-recipient", await Refused(new { title = "t", text = "x", recipients = new[] { "440306005999" } }));
        Assert.Contains("notice-unknown-recipient", await Refused(new { title = "t", text = "x", recipients = new[] { "role:mayor" } }));
        Assert.Contains("notice-recipient-out-of-scope", await Refused(new { title = "t", text = "x", recipients = new[] { TestData.Haiyu } }));
        Assert.Contains("notice-recipient-out-of-scope", await Refused(new { title = "t", text = "x", recipients = new[] { TestData.District } }));
        Assert.Contains("missing-field", await Refused(new { title = "", text = "x", recipients = new[] { TestData.Hongxing } }));
        var forbidden = await Refused(new
        {
            title = "t", text = "x", recipients = new[] { TestData.Hongxing },
            attachments = new[] { new { fileName = "ok.pdf", content = Pdf }, new { fileName = "run.exe", content = "MZ\x90\0 not a document"u8.ToArray() } },
        });
        Assert.Contains("file-type-not-allowed", forbidden);
        Assert.Contains("file-empty", await Refused(new { title = "t", text = "x", recipients = new[] { TestData.Hongxing }, attachments = new[] { new { fileName = "a.pdf", content = Array.Empty<byte>() } } }));

        // Too large: one byte over the 20 MB of an attachment, through the service as the send page hands a file over.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var big = new byte[FileRules.Attachments.MaxBytes + 1];
            Pdf.CopyTo(big, 0);
            var caller = new Caller("street-commander", new JurisdictionScope(TestData.Songgang), new ClaimsPrincipal());
            var e = await Assert.ThrowsAsync<ValidationFailed>(() => scope.ServiceProvider.GetRequiredService<Notices>().SendAsync(caller,
                new NoticeInput("t", "x", [TestData.Hongxing]), [new Notices.Upload("big.pdf", new MemoryStream(big))]));
            Assert.Contains(e.Errors, f => f.Code == "file-too-large" && f.Field == "attachments[0]");
        }
        Assert.Equal(before, await WithDb(db => db.Notices.CountAsync()));
        Assert.Equal(files, await WithDb(db => db.Set<StoredFile>().CountAsync()));
    }

    [SkippableFact]
    public async Task An_attachment_is_served_to_the_sender_and_recipients_only_and_each_download_is_audited()
    {
        var street = await app.As("street-commander");
        var created = await Created(await street.PostAsJsonAsync("/api/notices", new
        {
            title = "物资摸排表", text = "请按附件填报。", recipients = new[] { TestData.Hongxing }, attachments = new[] { new { fileName = "摸排表.pdf", content = Pdf } },
        }));
        var (id, file) = (created.Str("id"), created.GetProperty("attachmentIds")[0].GetString()!);
        var attachment = (await street.GetJson($"/api/notices/{id}")).GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal(("摸排表.pdf", "application/pdf"), (attachment.Str("fileName"), attachment.Str("contentType")));

        foreach (var name in new[] { "street-commander", "community-worker", "commander" })
        {
            var response = await (await app.As(name)).GetAsync($"/api/notices/{id}/attachments/{file}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, name);
            Assert.Equal(Pdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("worker-haiyu")).GetAsync($"/api/notices/{id}/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("dispatcher")).GetAsync($"/api/notices/{id}/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"/api/notices/{id}/attachments/{Guid.NewGuid()}")).StatusCode);
        var downloads = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Action == FileAuditActions.Download && a.Subject == "file:" + file).Select(a => a.UserName).ToListAsync());
        Assert.Equal(["commander", "community-worker", "street-commander"], downloads.Order());
    }
}

public sealed class SqliteNoticesApiTests(SqliteApp app) : NoticesApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresNoticesApiTests(PostgresApp app) : NoticesApiTests(app), IClassFixture<PostgresApp>;
