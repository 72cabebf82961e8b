using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Frontline.Command.Staff;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>Staff deployment and care (下沉干部) through the HTTP contract, on each provider.</summary>
public abstract class StaffApiTests(FrontlineApp app)
{
    static readonly DateOnly Today = ChinaTime.Today(TimeProvider.System);
    static string Day(int days) => Today.AddDays(days).ToString("yyyy-MM-dd");
    static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static async Task<string> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    static async Task<string> StaffAsync(HttpClient client, string name, string organisation = "区总工会", string? userName = null) =>
        await Created(await client.PostAsJsonAsync("/api/staff", new { name, organisation, phone = TestData.NewPhone(), userName }));

    static async Task<string> DeployAsync(HttpClient client, string staffId, int from, int? to = null, string? jurisdiction = TestData.Hongxing, string? taskForce = null) =>
        await Created(await client.PostAsJsonAsync("/api/deployments", new { staffId, jurisdiction, taskForce, role = "卡口值守", from = Day(from), to = to is { } t ? Day(t) : null }));

    static async Task<JsonElement> Listed(HttpClient client, string prefix, string extra = "")
    {
        var list = await client.GetJson($"/api/staff?q={Uri.EscapeDataString(prefix)}{extra}");
        return list;
    }

    static async Task<JsonElement> Row(HttpClient client, string name) =>
        (await Listed(client, name)).GetProperty("items").EnumerateArray().Single(i => i.Str("name") == name);

    [SkippableFact]
    public async Task A_cadre_deployed_since_yesterday_has_two_duty_days_in_the_contract_shape()
    {
        var commander = await app.As("street-commander");
        var name = Unique("李");
        var id = await StaffAsync(commander, name);
        await DeployAsync(commander, id, -1);
        var list = await Listed(commander, name);
        Assert.Equal(1, list.GetProperty("total").GetInt64());
        var row = list.GetProperty("items")[0];
        foreach (var field in new[] { "id", "name", "organisation", "dutyDays", "careAlert" }) Assert.True(row.TryGetProperty(field, out _), field);
        Assert.Equal(id, row.Str("id"));
        Assert.Equal("区总工会", row.Str("organisation"));
        Assert.Equal(2, row.Int("dutyDays"));
        Assert.False(row.GetProperty("careAlert").GetBoolean());
        Assert.Equal("红星社区", row.Str("jurisdictionName"));
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_with_its_code_and_field()
    {
        var commander = await app.As("street-commander");
        var bad = await commander.PostAsJsonAsync("/api/staff", new { name = "", organisation = "区总工会", phone = "12345", idNumber = TestData.WithBadChecksum(TestData.NewResidentId()) });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Body();
        var errors = body.GetProperty("errors");
        Assert.Equal("missing-field", errors.GetProperty("name")[0].GetString());
        Assert.Equal("invalid-phone", errors.GetProperty("phone")[0].GetString());
        Assert.Equal("invalid-id-checksum", errors.GetProperty("idNumber")[0].GetString());

        var phone = TestData.NewPhone();
        var id = await Created(await commander.PostAsJsonAsync("/api/staff", new { name = "王五", organisation = "区教育局", phone, idNumber = TestData.NewResidentId() }));
        // A retry answers the same cadre; another name with that phone is a conflict.
        Assert.Equal(id, await Created(await commander.PostAsJsonAsync("/api/staff", new { name = "王五", organisation = "区教育局", phone })));
        var taken = await commander.PostAsJsonAsync("/api/staff", new { name = "赵六", organisation = "区教育局", phone });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("staff-phone-taken", await taken.ProblemCodes());

        async Task Refused(object input, HttpStatusCode status, string code)
        {
            var response = await commander.PostAsJsonAsync("/api/deployments", input);
            Assert.True(response.StatusCode == status, $"{code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains(code, await response.ProblemCodes());
        }
        await Refused(new { staffId = id, role = "卡口值守", from = Day(0) }, HttpStatusCode.BadRequest, "deployment-place-required");
        await Refused(new { staffId = id, taskForce = "跳舞专班", role = "卡口值守", from = Day(0) }, HttpStatusCode.BadRequest, "unknown-task-force");
        await Refused(new { staffId = id, jurisdiction = TestData.Hongxing, role = "卡口值守", from = Day(0), to = Day(-1) }, HttpStatusCode.BadRequest, "deployment-ends-before-start");
        await Refused(new { staffId = id, jurisdiction = TestData.Hongxing, from = Day(0) }, HttpStatusCode.BadRequest, "missing-field");
        await Refused(new { staffId = id, jurisdiction = "440306999999", role = "卡口值守", from = Day(0) }, HttpStatusCode.BadRequest, "unknown-jurisdiction");
        // The street commander deploys within 松岗 only.
        await Refused(new { staffId = id, jurisdiction = TestData.Haiyu, role = "卡口值守", from = Day(0) }, HttpStatusCode.BadRequest, "out-of-scope");
        await Refused(new { staffId = "999999999", jurisdiction = TestData.Hongxing, role = "卡口值守", from = Day(0) }, HttpStatusCode.NotFound, "not-found");

        var first = await DeployAsync(commander, id, -10, 5);
        // A retried deployment answers the same one; an overlapping one is refused, naming the one it meets.
        Assert.Equal(first, await DeployAsync(commander, id, -10, 5));
        await Refused(new { staffId = id, taskForce = "investigation", role = "流调员", from = Day(5) }, HttpStatusCode.Conflict, "deployment-overlaps");
        await DeployAsync(commander, id, 6, null, null, "investigation");
        var detail = await commander.GetJson($"/api/staff/{id}");
        Assert.Equal(2, detail.GetProperty("deployments").GetArrayLength());
        // A task force belongs to the deploying command's jurisdiction.
        var force = detail.GetProperty("deployments").EnumerateArray().Single(d => d.GetProperty("taskForce").ValueKind == JsonValueKind.String);
        Assert.Equal(TestData.Songgang, force.Str("jurisdictionCode"));
        // The phone and ID number are masked.
        Assert.Matches(@"^1\d\d\*{4}\d{4}$", detail.Str("phone"));
        Assert.Contains("********", detail.Str("idNumber"));
        var reasonless = await commander.GetAsync($"/api/staff/{id}?unmask=true");
        Assert.Contains("reason-required", await reasonless.ProblemCodes());
        Assert.Equal(phone, (await commander.GetJson($"/api/staff/{id}?unmask=true&reason={Uri.EscapeDataString("联系本人")}")).Str("phone"));
    }

    [SkippableFact]
    public async Task The_care_alert_filter_the_order_and_paging()
    {
        var commander = await app.As("street-commander");
        var prefix = Unique("关");
        var days = new[] { 3, 20, 14, 13, 62, 0 };
        var ids = new Dictionary<int, string>();
        foreach (var d in days)
        {
            var id = await StaffAsync(commander, $"{prefix}{d}天");
            ids[d] = id;
            // 0: a posting that starts tomorrow.
            await DeployAsync(commander, id, d == 0 ? 1 : -(d - 1));
        }
        var all = await Listed(commander, prefix);
        Assert.Equal(6, all.GetProperty("total").GetInt64());
        // The longest run first: the care alerts lead; a cadre not on duty today last.
        Assert.Equal([62, 20, 14, 13, 3, 0], all.GetProperty("items").EnumerateArray().Select(i => i.Int("dutyDays")));
        Assert.Equal([true, true, true, false, false, false], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("careAlert").GetBoolean()));

        var alerts = await Listed(commander, prefix, "&careAlert=true");
        Assert.Equal(3, alerts.GetProperty("total").GetInt64());
        Assert.Equal([ids[62], ids[20], ids[14]], alerts.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        Assert.Equal(3, (await Listed(commander, prefix, "&careAlert=false")).GetProperty("total").GetInt64());

        var page2 = await Listed(commander, prefix, "&page=2&pageSize=4");
        Assert.Equal(6, page2.GetProperty("total").GetInt64());
        Assert.Equal([ids[3], ids[0]], page2.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        var ascending = await Listed(commander, prefix, "&sort=-duty-days&pageSize=2");
        // The fewest first: not on duty today (0), then 3.
        Assert.Equal([ids[0], ids[3]], ascending.GetProperty("items").EnumerateArray().Select(i => i.Str("id")));
        var badPage = await commander.GetAsync("/api/staff?pageSize=501");
        Assert.Contains("invalid-paging", await badPage.ProblemCodes());
        Assert.Contains("invalid-field", await (await commander.GetAsync("/api/staff?sort=age")).ProblemCodes());

        // A rest day yesterday breaks the 62-day run: today is day 1, and the alert is gone.
        var rest = await commander.PostAsJsonAsync($"/api/staff/{ids[62]}/rest-days", new { date = Day(-1), note = "轮休" });
        Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
        var row = await Row(commander, $"{prefix}62天");
        Assert.Equal(1, row.Int("dutyDays"));
        Assert.False(row.GetProperty("careAlert").GetBoolean());
        var again = await commander.PostAsJsonAsync($"/api/staff/{ids[62]}/rest-days", new { date = Day(-1) });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("rest-day-taken", await again.ProblemCodes());
        var notOnDuty = await commander.PostAsJsonAsync($"/api/staff/{ids[3]}/rest-days", new { date = Day(-30) });
        Assert.Contains("not-on-duty-that-day", await notOnDuty.ProblemCodes());
    }

    [SkippableFact]
    public async Task Ending_a_deployment_and_the_daily_rollover()
    {
        var commander = await app.As("street-commander");
        var name = Unique("终");
        var id = await StaffAsync(commander, name);
        var deployment = await DeployAsync(commander, id, -20);
        var ended = await Ok(await commander.PostAsJsonAsync($"/api/deployments/{deployment}/end", new { to = Day(-1) }));
        Assert.Equal(Day(-1), ended.Str("to"));
        Assert.Equal(0, (await Row(commander, name)).Int("dutyDays"));
        var twice = await commander.PostAsJsonAsync($"/api/deployments/{deployment}/end", new { });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("deployment-already-ended", await twice.ProblemCodes());

        // Another cadre: a rest day three days ago. The row as it stood the day the rest came (run ending on its eve) is
        // recomputed by the rollover to the run after it.
        var other = Unique("轮");
        var otherId = long.Parse(await StaffAsync(commander, other));
        await DeployAsync(commander, otherId.ToString(), -10);
        Assert.Equal(HttpStatusCode.NoContent, (await commander.PostAsJsonAsync($"/api/staff/{otherId}/rest-days", new { date = Day(-3) })).StatusCode);
        Assert.Equal(3, (await Row(commander, other)).Int("dutyDays"));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
            await db.Staff.Where(s => s.Id == otherId).ExecuteUpdateAsync(u => u.SetProperty(s => s.StreakStart, Today.AddDays(-10)).SetProperty(s => s.StreakUntil, Today.AddDays(-4)));
        Assert.Equal(0, (await Row(commander, other)).Int("dutyDays"));
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DutyRollover>().RunAsync(CancellationToken.None);
        Assert.Equal(3, (await Row(commander, other)).Int("dutyDays"));
    }

    [SkippableFact]
    public async Task A_deployment_decides_who_sees_the_cadre()
    {
        var admin = await app.As("admin");
        var street = await app.As("street-commander");
        var name = Unique("海");
        var id = await StaffAsync(admin, name);
        await DeployAsync(admin, id, -3, null, TestData.Haiyu);
        Assert.Equal(0, (await Listed(street, name)).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await street.GetAsync($"/api/staff/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await street.PostAsJsonAsync($"/api/staff/{id}/care", new { kind = "visit" })).StatusCode);
        Assert.Equal(1, (await Listed(await app.As("commander"), name)).GetProperty("total").GetInt64());
        // Narrowing to a jurisdiction outside one's own gives nothing.
        Assert.Equal(0, (await street.GetJson($"/api/staff?jurisdiction={TestData.Haiyu}")).GetProperty("total").GetInt64());
        // Roles without the permission.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).GetAsync("/api/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("auditor")).PostAsJsonAsync("/api/staff", new { name = "x", organisation = "y", phone = TestData.NewPhone() })).StatusCode);
    }

    [SkippableFact]
    public async Task Care_is_recorded_audited_and_shown_on_the_row()
    {
        var commander = await app.As("street-commander");
        var name = Unique("护");
        var id = await StaffAsync(commander, name);
        await DeployAsync(commander, id, -30);
        var future = await commander.PostAsJsonAsync($"/api/staff/{id}/care", new { kind = "visit", at = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Contains("care-in-future", await future.ProblemCodes());
        Assert.Contains("invalid-care-kind", await (await commander.PostAsJsonAsync($"/api/staff/{id}/care", new { kind = "party" })).ProblemCodes());
        var care = await Created(await commander.PostAsJsonAsync($"/api/staff/{id}/care", new { kind = "counselling", note = "心理疏导一次" }));
        var row = await Row(commander, name);
        Assert.Equal("counselling", row.Str("lastCareKind"));
        Assert.True(row.GetProperty("careAlert").GetBoolean());
        var detail = await commander.GetJson($"/api/staff/{id}");
        Assert.Equal(care, detail.GetProperty("care")[0].Str("id"));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var actions = await db.Audit.AsNoTracking().Where(a => a.Subject == "staff:" + id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["staff.care", "staff.deploy", "staff.register"], actions.Order());
    }

    [SkippableFact]
    public async Task Workload_comes_from_the_linked_account()
    {
        var admin = await app.As("admin");
        var linked = await StaffAsync(admin, Unique("工"), userName: "community-worker");
        var unlinked = await StaffAsync(admin, Unique("工"));
        Assert.Contains("unknown-user", await (await admin.PostAsJsonAsync("/api/staff", new { name = "甲", organisation = "乙", phone = TestData.NewPhone(), userName = "nobody" })).ProblemCodes());

        var worker = await app.As("community-worker");
        var persons = await worker.GetJson($"/api/persons?jurisdiction={TestData.Hongxing}&pageSize=2");
        foreach (var p in persons.GetProperty("items").EnumerateArray())
            Assert.True((await worker.PostAsJsonAsync($"/api/persons/{p.Str("id")}/verification", new { present = true })).IsSuccessStatusCode);
        var work = await admin.GetJson($"/api/staff/{linked}/workload");
        Assert.Equal("community-worker", work.Str("userName"));
        Assert.True(work.Int("recordsVerified") >= 2);
        Assert.Equal(0, work.Int("samplesTaken"));
        Assert.Equal(0, work.Int("callsMade"));
        var none = await admin.GetJson($"/api/staff/{unlinked}/workload");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("recordsVerified").ValueKind);
        Assert.Contains("invalid-period", await (await admin.GetAsync($"/api/staff/{linked}/workload?from={Day(0)}&to={Day(-1)}")).ProblemCodes());
    }

    [SkippableFact]
    public async Task The_demo_cadres_lead_with_the_one_on_duty_62_days()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var demo = scope.ServiceProvider.GetRequiredService<StaffDemo>();
            await demo.SeedAsync(CancellationToken.None);
            // Once only.
            await demo.SeedAsync(CancellationToken.None);
        }
        var commander = await app.As("street-commander");
        var zhang = await Row(commander, "张卫东");
        Assert.Equal(62, zhang.Int("dutyDays"));
        Assert.True(zhang.GetProperty("careAlert").GetBoolean());
        Assert.Equal("区总工会", zhang.Str("organisation"));
        var alerts = await commander.GetJson("/api/staff?careAlert=true&organisation=" + Uri.EscapeDataString("区总工会"));
        Assert.Equal("张卫东", alerts.GetProperty("items")[0].Str("name"));
        Assert.Equal("visit", (await Row(commander, "刘晓梅")).Str("lastCareKind"));
        Assert.Equal(4, (await Row(commander, "陈丽华")).Int("dutyDays"));
        Assert.Equal(0, (await Row(commander, "马振宇")).Int("dutyDays"));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        Assert.Equal(12, await db.Staff.CountAsync(s => s.Phone.StartsWith("1370755")));
    }

    /// <summary>
    /// Thousands of cadres: the care-alert filter and the order come from the stored runs (a range on the run's start), so
    /// the answer is right for every one of them without computing anyone's deployments. The time is printed, not asserted.
    /// </summary>
    [SkippableFact]
    public async Task The_care_alert_filter_holds_over_thousands_of_cadres()
    {
        var commander = await app.As("street-commander");
        var organisation = Unique("规模测试单位");
        const int count = 3_000;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            // Cadre i on duty (i % 40) + 1 days; every tenth one's run ended yesterday (0 days today).
            db.Staff.AddRange(Enumerable.Range(0, count).Select(i => new StaffMember
            {
                Name = $"规模{i:0000}", Organisation = organisation, Phone = "166" + Random.Shared.Next(10_000_000, 99_999_999) + "", HomeJurisdictionCode = TestData.Songgang,
                JurisdictionCode = TestData.Hongxing, StreakStart = Today.AddDays(-(i % 40)), StreakUntil = i % 10 == 0 ? Today.AddDays(-1) : null,
                CreatedAt = now, CreatedBy = "admin", UpdatedAt = now,
            }).DistinctBy(s => s.Phone));
            await db.SaveChangesAsync();
        }
        var stored = await WithDbAsync(db => db.Staff.Where(s => s.Organisation == organisation).Select(s => new { s.StreakStart, s.StreakUntil }).ToListAsync());
        var expected = stored.Count(s => s.StreakUntil is null && Today.DayNumber - s.StreakStart!.Value.DayNumber + 1 >= 14);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var alerts = await commander.GetJson($"/api/staff?careAlert=true&organisation={Uri.EscapeDataString(organisation)}&pageSize=500&page=2");
        var elapsed = watch.Elapsed;
        Assert.Equal(expected, alerts.GetProperty("total").GetInt64());
        Assert.All(alerts.GetProperty("items").EnumerateArray(), i => Assert.True(i.Int("dutyDays") >= 14 && i.GetProperty("careAlert").GetBoolean()));
        var first = (await commander.GetJson($"/api/staff?careAlert=true&organisation={Uri.EscapeDataString(organisation)}&pageSize=1")).GetProperty("items")[0];
        Assert.Equal(40, first.Int("dutyDays"));
        Console.WriteLine($"{app.Provider}: care alerts of {stored.Count} cadres, page 2 of 500: {elapsed.TotalMilliseconds:0} ms");
    }

    async Task<T> WithDbAsync<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    static readonly string[] Header = ["姓名", "派出单位", "手机号", "下沉社区/专班", "岗位", "开始日期", "结束日期"];

    [SkippableFact]
    public async Task A_roster_with_a_bad_row_writes_nothing_and_names_each_row_column_and_why()
    {
        var commander = await app.As("street-commander");
        var prefix = Unique("册");
        string?[][] rows =
        [
            [prefix + "甲", "区总工会", TestData.NewPhone(), "红星社区", "卡口值守", Day(-5), ""],
            [prefix + "乙", "区教育局", "12345", "流调专班", "流调员", Day(-3), Day(10)],
            [prefix + "丙", "区教育局", TestData.NewPhone(), "不存在社区", "楼栋长", Day(-3), ""],
            [prefix + "丁", "区教育局", TestData.NewPhone(), "红星社区", "楼栋长", "昨天", ""],
        ];
        var result = await Ok(await commander.PostAsync("/api/staff/imports", TestData.Upload(TestData.Csv(rows, header: Header), "roster.csv")));
        Assert.False(result.GetProperty("written").GetBoolean());
        Assert.Equal(3, result.Int("rejected"));
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("column"), e.Str("code"))).ToList();
        Assert.Equal([(3, "手机号", "invalid-phone"), (4, "下沉社区/专班", "unknown-community"), (5, "开始日期", "invalid-date")], errors);
        Assert.Equal(0, (await Listed(commander, prefix)).GetProperty("total").GetInt64());

        // valid-rows writes the good one; the same file again changes nothing.
        var some = await Ok(await commander.PostAsync("/api/staff/imports?mode=valid-rows", TestData.Upload(TestData.Csv(rows, header: Header), "roster.csv")));
        Assert.True(some.GetProperty("written").GetBoolean());
        Assert.Equal(1, some.Int("deployed"));
        Assert.Equal(6, (await Row(commander, prefix + "甲")).Int("dutyDays"));
        var good = rows.Take(1).Concat([[prefix + "戊", "区教育局", TestData.NewPhone(), "转运专班", "随车人员", Day(-2), ""]]).ToArray();
        var first = await Ok(await commander.PostAsync("/api/staff/imports", TestData.Upload(TestData.Xlsx(good, header: Header), "roster.xlsx")));
        Assert.Equal((1, 1, 1), (first.Int("staffCreated"), first.Int("deployed"), first.Int("unchanged")));
        var again = await Ok(await commander.PostAsync("/api/staff/imports", TestData.Upload(TestData.Xlsx(good, header: Header), "roster.xlsx")));
        Assert.Equal((0, 0, 2), (again.Int("staffCreated"), again.Int("deployed"), again.Int("unchanged")));
        var force = await Row(commander, prefix + "戊");
        Assert.Equal("transfer", force.Str("taskForce"));
        Assert.Equal(3, force.Int("dutyDays"));

        var missing = await commander.PostAsync("/api/staff/imports", TestData.Upload(Encoding.UTF8.GetBytes("姓名,手机号\r\n张三,13900000000\r\n"), "roster.csv"));
        Assert.Contains("missing-column", await missing.ProblemCodes());
    }
}

public sealed class SqliteStaffApiTests(SqliteApp app) : StaffApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStaffApiTests(PostgresApp app) : StaffApiTests(app), IClassFixture<PostgresApp>;
