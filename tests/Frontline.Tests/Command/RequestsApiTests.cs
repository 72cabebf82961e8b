using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Command.Requests;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Tests.Containment;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>Resident requests (民生诉求) through the HTTP contract — on each provider: routing, limits, scope, masking, late → task → closed.</summary>
public abstract class RequestsApiTests(FrontlineApp app)
{
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

    /// <summary>A building of its own in a community (made by registering a resident in it), with its id.</summary>
    async Task<(long Id, string Name)> BuildingAsync(string community = TestData.Hongxing)
    {
        var name = TransfersApiTests.Next("诉求楼") + "栋";
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "诉求测试", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = community, building = name, room = "502",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await WithDb(db => db.Buildings.Where(b => b.Name == name).Select(b => b.Id).SingleAsync()), name);
    }

    static object Input(string kind = "medicine", string urgency = "normal", string address = "宝安区松岗街道红星社区某小区1栋101", string? communityCode = TestData.Hongxing,
        string? phone = "13800138000", string text = "需要降压药", string? buildingId = null, string? clientKey = null) =>
        new { kind, urgency, address, communityCode, phone, text, buildingId, clientKey };

    [SkippableFact]
    public async Task The_hotline_logs_an_urgent_request_the_community_accepts_notes_and_closes_it_and_each_step_is_audited()
    {
        var hotline = await app.As("hotline");
        var worker = await app.As("community-worker");
        var before = DateTimeOffset.UtcNow;
        var created = await Created(await hotline.PostAsJsonAsync("/api/requests", Input("dialysis", "urgent", phone: "138 0013 8000", text: "每周二、五透析")));
        var id = created.Str("id");
        Assert.InRange(created.GetProperty("dueBy").GetDateTimeOffset() - before, TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));

        // The community sees it in its queue, phone masked.
        var queue = (await worker.GetJson("/api/requests?pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        var mine = queue.Single(r => r.Str("id") == id);
        Assert.Equal("138****8000", mine.Str("phone"));
        Assert.Equal(TestData.Hongxing, mine.Str("communityCode"));
        Assert.Equal("open", mine.Str("status"));
        Assert.False(mine.GetProperty("sealedZone").GetBoolean());
        // The hotline logs and reads; it does not handle.
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.PostAsync($"/api/requests/{id}/accept", null)).StatusCode);

        Assert.Equal("accepted", (await Ok(await worker.PostAsync($"/api/requests/{id}/accept", null))).Str("status"));
        Assert.Equal("accepted", (await Ok(await worker.PostAsync($"/api/requests/{id}/accept", null))).Str("status"));
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.PostAsJsonAsync($"/api/requests/{id}/progress", new { note = " " })).StatusCode);
        await Ok(await worker.PostAsJsonAsync($"/api/requests/{id}/progress", new { note = "已联系医院，14:00 专车接送" }));
        Assert.Contains("missing-field", await (await worker.PostAsJsonAsync($"/api/requests/{id}/close", new { outcome = "" })).ProblemCodes());
        var closed = await Ok(await worker.PostAsJsonAsync($"/api/requests/{id}/close", new { outcome = "已完成透析，居民返家" }));
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("已完成透析，居民返家", closed.Str("outcome"));
        // A retried close answers it as it is; a note after the close is refused.
        Assert.Equal("closed", (await Ok(await worker.PostAsJsonAsync($"/api/requests/{id}/close", new { outcome = "再次" }))).Str("status"));
        var late = await worker.PostAsJsonAsync($"/api/requests/{id}/progress", new { note = "补充" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("request-closed", await late.ProblemCodes());

        var detail = await hotline.GetJson($"/api/requests/{id}");
        Assert.Equal(["logged", "accepted", "progress", "closed"], detail.GetProperty("steps").EnumerateArray().Select(s => s.Str("action")));
        Assert.Contains(id, (await worker.GetJson("/api/requests?status=closed&pageSize=500")).GetProperty("items").EnumerateArray().Select(r => r.Str("id")));
        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == "request:" + id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["request.accept", "request.close", "request.log", "request.progress"], audit.Order());
    }

    [SkippableFact]
    public async Task A_request_goes_to_the_community_of_its_address_building_or_name_and_one_without_a_reachable_address_is_refused()
    {
        var hotline = await app.As("hotline");
        var (buildingId, buildingName) = await BuildingAsync();
        // The building's community, from its name in the address.
        var byBuilding = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input(address: $"松岗{buildingName}502", communityCode: null)))).Str("id");
        var row = await WithDb(db => db.ResidentRequests.AsNoTracking().SingleAsync(r => r.Id == long.Parse(byBuilding)));
        Assert.Equal((TestData.Hongxing, buildingId), (row.CommunityCode, row.BuildingId));
        // The community's name in the address.
        var byName = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input(address: "宝安区松岗街道红星社区东方大道旁", communityCode: null)))).Str("id");
        Assert.Equal(TestData.Hongxing, await WithDb(db => db.ResidentRequests.Where(r => r.Id == long.Parse(byName)).Select(r => r.CommunityCode).SingleAsync()));
        // The building by id.
        var byId = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input(address: "3单元", communityCode: null, buildingId: buildingId.ToString())))).Str("id");
        Assert.Equal(buildingId, await WithDb(db => db.ResidentRequests.Where(r => r.Id == long.Parse(byId)).Select(r => r.BuildingId).SingleAsync()));

        var count = await WithDb(db => db.ResidentRequests.CountAsync());
        var unreachable = await hotline.PostAsJsonAsync("/api/requests", Input(address: "某某路1号", communityCode: null));
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.StatusCode);
        Assert.Contains("request-address-unreachable", await unreachable.ProblemCodes());
        Assert.Contains("unknown-community", await (await hotline.PostAsJsonAsync("/api/requests", Input(communityCode: "440306005999"))).ProblemCodes());
        Assert.Contains("unknown-community", await (await hotline.PostAsJsonAsync("/api/requests", Input(communityCode: TestData.Songgang))).ProblemCodes());
        Assert.Contains("request-unknown-building", await (await hotline.PostAsJsonAsync("/api/requests", Input(buildingId: "999999999"))).ProblemCodes());
        var bad = await hotline.PostAsJsonAsync("/api/requests", new { kind = "taxi", urgency = "now", address = "", text = "", phone = "12345" });
        var codes = await bad.ProblemCodes();
        Assert.Contains("invalid-field", codes);
        Assert.Contains("missing-field", codes);
        Assert.Contains("request-invalid-phone", codes);
        Assert.Contains("missing-field", await (await hotline.PostAsJsonAsync("/api/requests", Input(phone: null))).ProblemCodes());
        // A community worker logs for their own community only.
        var worker = await app.As("community-worker");
        Assert.Contains("out-of-scope", await (await worker.PostAsJsonAsync("/api/requests", Input(communityCode: TestData.Haiyu))).ProblemCodes());
        Assert.Equal(count, await WithDb(db => db.ResidentRequests.CountAsync()));
        // A public-opinion item needs no phone.
        await Created(await hotline.PostAsJsonAsync("/api/requests", Input("public-opinion", phone: null, text: "业主群反映采样点排队过长")));
    }

    [SkippableFact]
    public async Task An_urgent_medical_request_in_a_sealed_building_is_due_in_two_hours_and_a_retry_logs_it_once()
    {
        var (buildingId, _) = await BuildingAsync();
        var commander = await app.As("street-commander");
        var zone = await commander.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { buildingId.ToString() }, reason = "病例居住楼栋" });
        Assert.True(zone.StatusCode == HttpStatusCode.Created, await zone.Content.ReadAsStringAsync());
        var hotline = await app.As("hotline");
        var before = DateTimeOffset.UtcNow;
        var key = Guid.NewGuid().ToString("N");
        var created = await Created(await hotline.PostAsJsonAsync("/api/requests", Input("dialysis", "urgent", communityCode: null, buildingId: buildingId.ToString(), clientKey: key)));
        Assert.InRange(created.GetProperty("dueBy").GetDateTimeOffset() - before, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var again = await Created(await hotline.PostAsJsonAsync("/api/requests", Input("dialysis", "urgent", communityCode: null, buildingId: buildingId.ToString(), clientKey: key)));
        Assert.Equal(created.Str("id"), again.Str("id"));
        Assert.Equal(1, await WithDb(db => db.ResidentRequests.CountAsync(r => r.ClientKey == key)));
        var view = (await hotline.GetJson($"/api/requests/{created.Str("id")}")).GetProperty("request");
        Assert.True(view.GetProperty("sealedZone").GetBoolean());
        // The same need next door, outside the zone: the ordinary four hours.
        var (outside, _) = await BuildingAsync();
        var open = await Created(await hotline.PostAsJsonAsync("/api/requests", Input("dialysis", "urgent", communityCode: null, buildingId: outside.ToString())));
        Assert.InRange(open.GetProperty("dueBy").GetDateTimeOffset() - before, TimeSpan.FromHours(4) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
    }

    [SkippableFact]
    public async Task A_late_request_is_first_in_the_queue_becomes_one_task_and_closing_the_request_closes_it()
    {
        var hotline = await app.As("hotline");
        var worker = await app.As("community-worker");
        var urgent = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input("food", "urgent")))).Str("id");
        var normal = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input("food", "normal")))).Str("id");
        var late = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input("complaint", "normal")))).Str("id");
        await WithDb(db => db.ResidentRequests.Where(r => r.Id == long.Parse(late))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LoggedAt, DateTime.UtcNow.AddHours(-80)).SetProperty(r => r.DueBy, DateTime.UtcNow.AddHours(-8))));

        var queue = (await worker.GetJson("/api/requests?pageSize=500")).GetProperty("items").EnumerateArray().Select(r => r.Str("id")).ToList();
        Assert.Equal(0, queue.IndexOf(late));
        Assert.True(queue.IndexOf(urgent) < queue.IndexOf(normal));
        var lateRow = (await worker.GetJson("/api/requests?status=late&pageSize=500")).GetProperty("items").EnumerateArray().Single(r => r.Str("id") == late);
        Assert.True(lateRow.GetProperty("late").GetBoolean());
        Assert.InRange(lateRow.GetProperty("minutesLate").GetInt32(), 479, 481);

        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RequestDeadlineSweep>().RunAsync(CancellationToken.None);
        }
        // The level read is the one the escalation job recorded.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<EscalationLadder>().RunAsync(CancellationToken.None);
        var tasks = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking()
            .Where(t => t.Kind == TaskKinds.ResidentRequest && (t.SubjectId == late || t.SubjectId == urgent || t.SubjectId == normal)).ToListAsync());
        var task = Assert.Single(tasks);
        Assert.Equal((late, TestData.Hongxing), (task.SubjectId, task.JurisdictionCode));
        var listed = (await worker.GetJson("/api/tasks?status=overdue&pageSize=500")).GetProperty("items").EnumerateArray().Single(t => t.Str("subjectId") == late);
        Assert.Equal("resident-request", listed.Str("kind"));
        // Eight hours late on a seventy-two-hour allowance: still the community's own level.
        Assert.Equal(1, listed.GetProperty("escalationLevel").GetInt32());
        // Kinds raised by modules are not made by hand.
        var manual = await worker.PostAsJsonAsync("/api/tasks", new { title = "x", kind = "resident-request", jurisdiction = TestData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Contains("kind-raised-by-module", await manual.ProblemCodes());

        await Ok(await worker.PostAsJsonAsync($"/api/requests/{late}/close", new { outcome = "已回复居民并整改" }));
        var done = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().SingleAsync(t => t.Id == task.Id));
        Assert.NotNull(done.DoneAt);
        Assert.Equal("system", done.DoneBy);
    }

    [SkippableFact]
    public async Task The_sweep_closes_a_task_raised_as_the_request_closed()
    {
        var hotline = await app.As("hotline");
        var worker = await app.As("community-worker");
        var id = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input()))).Str("id");
        await Ok(await worker.PostAsJsonAsync($"/api/requests/{id}/close", new { outcome = "已送药" }));
        await WithDb(async db =>
        {
            await SupervisedTasks.RaiseAsync(db, TaskKinds.ResidentRequest, id, TestData.Hongxing, "诉求超时", DateTime.UtcNow.AddHours(-30), DateTime.UtcNow.AddHours(-1), default);
            return await db.SaveChangesAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RequestDeadlineSweep>().RunAsync(CancellationToken.None);
        Assert.NotNull(await WithDb(db => db.Set<SupervisedTask>().Where(t => t.Kind == TaskKinds.ResidentRequest && t.SubjectId == id).Select(t => t.DoneAt).SingleAsync()));
    }

    [SkippableFact]
    public async Task Another_community_neither_lists_nor_reaches_a_request_and_the_phone_is_shown_only_with_a_reason_and_audited()
    {
        var hotline = await app.As("hotline");
        var id = (await Created(await hotline.PostAsJsonAsync("/api/requests", Input(phone: "13912345678", text: "请回电 13912345678")))).Str("id");
        var haiyu = await app.As("worker-haiyu");
        Assert.DoesNotContain(id, (await haiyu.GetJson("/api/requests?pageSize=500")).GetProperty("items").EnumerateArray().Select(r => r.Str("id")));
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.PostAsJsonAsync($"/api/requests/{id}/close", new { outcome = "x" })).StatusCode);
        Assert.Equal(0, (await haiyu.GetJson($"/api/requests?jurisdiction={TestData.Hongxing}")).GetProperty("total").GetInt64());

        var worker = await app.As("community-worker");
        var masked = (await worker.GetJson($"/api/requests/{id}")).GetProperty("request");
        Assert.Equal("139****5678", masked.Str("phone"));
        Assert.DoesNotContain("13912345678", masked.Str("text"));
        Assert.Contains("reason-required", await (await worker.GetAsync($"/api/requests/{id}?unmask=true")).ProblemCodes());
        // The hotline has no pii.view.
        Assert.Equal(HttpStatusCode.Forbidden, (await hotline.GetAsync($"/api/requests/{id}?unmask=true&reason=x")).StatusCode);
        var full = (await worker.GetJson($"/api/requests/{id}?unmask=true&reason={Uri.EscapeDataString("联系诉求人")}")).GetProperty("request");
        Assert.Equal("13912345678", full.Str("phone"));
        Assert.Equal("宝安区松岗街道红星社区某小区1栋101", full.Str("address"));
        Assert.True(await WithDb(db => db.Audit.AnyAsync(a => a.Subject == "request:" + id && a.Action == AuditActions.PiiView && a.UserName == "community-worker")));
    }
}

public sealed class SqliteRequestsApiTests(SqliteApp app) : RequestsApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRequestsApiTests(PostgresApp app) : RequestsApiTests(app), IClassFixture<PostgresApp>;
