using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// A stay's test days as Testing's orders (核酸检测任务), through the HTTP contract on each provider: ordered at intake, taken by
/// the scan of that day, the result back on the order and the stay, release by the final order's result, withdrawn when the
/// stay ends early, overdue on the facility's list and as a supervised task.
/// </summary>
public abstract class StayTestOrdersApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";
    static readonly TimeSpan China = TimeSpan.FromHours(8);
    static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd");

    static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.Created)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return expected == HttpStatusCode.NoContent ? default : await response.Body();
    }

    async Task<(string Id, string IdNumber)> PersonAsync()
    {
        var idNumber = TestData.NewResidentId();
        var created = await Ok(await (await app.As("admin")).PostAsJsonAsync("/api/persons", new
        {
            name = "核酸任务" + idNumber[^4..], idNumber, phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building = Next("隔离楼"), room = "101",
        }));
        return (created.Str("id"), idNumber);
    }

    async Task<string> FacilityAsync(int rooms)
    {
        var body = await Ok(await (await app.As("commander")).PostAsJsonAsync("/api/facilities", new
        {
            name = Next("隔离酒店"), address = "松岗街道测试路2号", communityCode = TestData.Hongxing,
            rooms = Enumerable.Range(0, rooms).Select(i => new { number = $"3{i + 1:00}", floor = 3 }),
        }));
        return body.Str("id");
    }

    async Task<string> IntakeAsync(string facility, string personId, string room, int daysSinceExposure) =>
        (await Ok(await (await app.As("facility-staff")).PostAsJsonAsync("/api/stays", new
        {
            personId, kind = "centralised", facilityId = facility, roomNumber = room, reason = "病例2的密接", lastExposureAt = DateTimeOffset.UtcNow.AddDays(-daysSinceExposure),
        }))).Str("id");

    /// <summary>A round of 红星社区 open now and a site in it, as the hotel's sampler would use.</summary>
    async Task<(string Round, string Site)> RoundAsync()
    {
        var admin = await app.As("admin");
        var now = DateTimeOffset.UtcNow;
        var round = (await Ok(await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("隔离点检测"), scope = new[] { TestData.Hongxing }, startsAt = now.AddHours(-1), endsAt = now.AddHours(23), poolSize = 10,
        }))).Str("id");
        var site = Next("GL");
        await Ok(await admin.PostAsJsonAsync("/api/testing/sites", new { code = site, name = "隔离酒店采样点", communityCode = TestData.Hongxing }));
        return (round, site);
    }

    async Task<JsonElement> ScanAsync(string round, string site, string idNumber, string tube, int poolSize = 1) =>
        await Ok(await (await app.As("admin")).PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = new[] { new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize, idNumber, collector = "酒店采样员" } },
        }), HttpStatusCode.OK);

    async Task ResultAsync(string round, string tube, string outcome)
    {
        var body = await Ok(await (await app.As("admin")).PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome, ctOrf1ab = outcome == "positive" ? 28.5 : (double?)null } },
        }), HttpStatusCode.OK);
        Assert.Equal(1, body.Int("accepted"));
    }

    async Task<List<JsonElement>> OrdersAsync(string stay) =>
        (await (await app.As("admin")).GetJson($"/api/testing/test-orders?requester=stay:{stay}&pageSize=50")).GetProperty("items").EnumerateArray().ToList();

    async Task<JsonElement> FacilityTestsAsync(string facility) => await (await app.As("facility-staff")).GetJson($"/api/facilities/{facility}/tests");

    static List<JsonElement> Days(JsonElement stay) => stay.GetProperty("testDays").EnumerateArray().ToList();

    async Task<T> InDbAsync<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    [SkippableFact]
    public async Task Intake_orders_the_test_days_from_check_in_and_the_scan_of_the_day_takes_the_order_and_brings_its_result_back()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(3);
        var (person, idNumber) = await PersonAsync();
        // Exposed four days ago (edition 8: tests on days 1, 4, 7 and 14): day 1 was before check-in, day 4 is today.
        var stay = await IntakeAsync(facility, person, "302", 4);
        var orders = await OrdersAsync(stay);
        Assert.Equal([4, 7, 14], orders.Select(o => o.Int("dayNumber")));
        Assert.Equal([D(Today), D(Today.AddDays(3)), D(Today.AddDays(10))], orders.Select(o => o.Str("day")));
        Assert.Equal(["due", "planned", "planned"], orders.Select(o => o.Str("status")));
        Assert.All(orders, o => Assert.Contains("*", o.Str("name")));
        var staff = await app.As("facility-staff");
        Assert.Equal(["before-intake", "due", "planned", "planned"], Days(await staff.GetJson($"/api/stays/{stay}")).Select(d => d.Str("state")));
        // 今日核酸: the guest is due today in room 302.
        var list = await FacilityTestsAsync(facility);
        Assert.Equal(1, list.Int("due"));
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("302", 4, "due"), (row.Str("room"), row.Int("day"), row.Str("status")));
        Assert.Contains("*", row.Str("guest"));

        // A pooled tube is refused: the order needs a single tube. The single tube takes it.
        var (round, site) = await RoundAsync();
        var pooled = await ScanAsync(round, site, idNumber, Next("T"), poolSize: 10);
        Assert.Equal("retest-needs-single-tube", Assert.Single(pooled.GetProperty("rejected").EnumerateArray()).Str("code"));
        var tube = Next("T");
        Assert.Equal(1, (await ScanAsync(round, site, idNumber, tube)).Int("accepted"));
        var today = (await OrdersAsync(stay))[0];
        Assert.Equal("sampled", today.Str("status"));
        Assert.Equal(tube, today.Str("tubeCode"));
        var sampleId = today.Str("sampleId");
        // The swab is linked to the order it took, both ways.
        var sample = long.Parse(sampleId);
        Assert.Equal(long.Parse(today.Str("id")), await InDbAsync(db => db.Set<Sample>().Where(s => s.Id == sample).Select(s => s.RetestOrderId).SingleAsync()));
        Assert.Equal("sampled", Days(await staff.GetJson($"/api/stays/{stay}"))[1].Str("state"));
        // A stay's test is not a re-test: the person's status shows none due.
        var status = await (await app.As("admin")).GetJson($"/api/persons/{person}/status");
        Assert.True(!status.TryGetProperty("retestDue", out var due) || due.ValueKind == JsonValueKind.Null, status.ToString());

        await ResultAsync(round, tube, "negative");
        Assert.Equal("negative", (await OrdersAsync(stay))[0].Str("status"));
        var day4 = Days(await staff.GetJson($"/api/stays/{stay}"))[1];
        Assert.Equal(("negative", tube, sampleId), (day4.Str("state"), day4.Str("tubeCode"), day4.Str("sampleId")));
        list = await FacilityTestsAsync(facility);
        Assert.Equal((0, 1), (list.Int("due"), list.Int("resulted")));
        // Not the final test: release is refused.
        var refused = await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("final-test-missing", await refused.ProblemCodes());
        // The listing filters by day and status.
        var admin = await app.As("admin");
        var negativeToday = await admin.GetJson($"/api/testing/test-orders?date={D(Today)}&status=negative&jurisdiction={TestData.Hongxing}&pageSize=500");
        Assert.Contains(negativeToday.GetProperty("items").EnumerateArray(), o => o.Str("id") == today.Str("id"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/testing/test-orders?status=late")).StatusCode);
    }

    [SkippableFact]
    public async Task Release_needs_the_final_orders_negative_result()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(2);
        var (person, idNumber) = await PersonAsync();
        // Exposed fourteen days ago: today is the final test day, the only one from check-in on.
        var stay = await IntakeAsync(facility, person, "301", 14);
        Assert.Equal([14], (await OrdersAsync(stay)).Select(o => o.Int("dayNumber")));
        var staff = await app.As("facility-staff");
        Assert.False((await staff.GetJson($"/api/stays/{stay}")).GetProperty("releasable").GetBoolean());
        var (round, site) = await RoundAsync();
        var tube = Next("T");
        await ScanAsync(round, site, idNumber, tube);
        // Sampled, no result yet: still refused.
        var early = await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("final-test-missing", await early.ProblemCodes());
        await ResultAsync(round, tube, "negative");
        Assert.True((await staff.GetJson($"/api/stays/{stay}")).GetProperty("releasable").GetBoolean());
        await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { note = "末次核酸阴性" }), HttpStatusCode.NoContent);
        Assert.Equal("negative", Assert.Single(await OrdersAsync(stay)).Str("status"));
    }

    [SkippableFact]
    public async Task An_invalid_tube_orders_a_re_sampling_of_the_same_day_and_release_waits_for_it()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(2);
        var (person, idNumber) = await PersonAsync();
        var stay = await IntakeAsync(facility, person, "301", 14);
        var (round, site) = await RoundAsync();
        var tube = Next("T");
        await ScanAsync(round, site, idNumber, tube);
        await ResultAsync(round, tube, "invalid");
        var orders = await OrdersAsync(stay);
        Assert.Equal(2, orders.Count);
        var again = orders.Single(o => o.Str("reason") == "invalid-tube");
        Assert.Equal((14, "due"), (again.Int("dayNumber"), again.Str("status")));
        // The day's current order is the re-sampling: due again, and the stay is not releasable on an invalid tube.
        var staff = await app.As("facility-staff");
        var view = await staff.GetJson($"/api/stays/{stay}");
        Assert.Equal(("due", again.Str("id")), (Days(view)[^1].Str("state"), Days(view)[^1].Str("orderId")));
        Assert.False(view.GetProperty("releasable").GetBoolean());
        // On the hotel's list, not only on the person's community's.
        Assert.Contains((await FacilityTestsAsync(facility)).GetProperty("items").EnumerateArray(), r => r.Str("orderId") == again.Str("id"));
        var second = Next("T");
        await ScanAsync(round, site, idNumber, second);
        await ResultAsync(round, second, "negative");
        Assert.True((await staff.GetJson($"/api/stays/{stay}")).GetProperty("releasable").GetBoolean());
    }

    [SkippableFact]
    public async Task A_positive_test_makes_a_case_ends_the_stay_for_hospital_and_withdraws_the_tests_left()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(2);
        var (person, idNumber) = await PersonAsync();
        var stay = await IntakeAsync(facility, person, "301", 4);
        var (round, site) = await RoundAsync();
        var tube = Next("T");
        await ScanAsync(round, site, idNumber, tube);
        await ResultAsync(round, tube, "positive");
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        var staff = await app.As("facility-staff");
        var view = await staff.GetJson($"/api/stays/{stay}");
        Assert.Equal("to-hospital", view.Str("status"));
        Assert.Equal(["before-intake", "positive", "cancelled", "cancelled"], Days(view).Select(d => d.Str("state")));
        Assert.Equal("case", (await (await app.As("admin")).GetJson($"/api/persons/{person}/status")).Str("control"));
        Assert.Empty((await FacilityTestsAsync(facility)).GetProperty("items").EnumerateArray());
        var cancelled = await (await app.As("admin")).GetJson($"/api/testing/test-orders?requester=stay:{stay}&status=cancelled");
        Assert.Equal(2, cancelled.Int("total"));
    }

    [SkippableFact]
    public async Task A_released_or_moved_stay_keeps_its_orders_right_and_a_test_not_sampled_on_its_day_is_overdue_until_taken_late()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(3);
        var (person, idNumber) = await PersonAsync();
        var stay = await IntakeAsync(facility, person, "301", 4);
        var staff = await app.As("facility-staff");
        // A room change keeps the orders: the list follows the guest to the new room.
        await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/move", new { roomNumber = "303" }), HttpStatusCode.NoContent);
        Assert.Equal("303", Assert.Single((await FacilityTestsAsync(facility)).GetProperty("items").EnumerateArray()).Str("room"));
        // Today's test moved back to yesterday, as if nobody had come: overdue on the list and on the stay.
        var requester = StayTests.Requester(long.Parse(stay));
        var yesterday = Today.AddDays(-1);
        await InDbAsync(db => db.Set<RetestOrder>().Where(o => o.Requester == requester && o.DayNumber == 4)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.ForDay, yesterday).SetProperty(o => o.DueBy, TestingRules.EndOfChinaDay(yesterday))));
        var list = await FacilityTestsAsync(facility);
        Assert.Equal((1, 0), (list.Int("overdue"), list.Int("due")));
        Assert.Equal("overdue", Days(await staff.GetJson($"/api/stays/{stay}"))[1].Str("state"));
        // The sweep raises the facility's task once, however often it runs.
        async Task SweepAsync()
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<StayTestSweep>().RunAsync(CancellationToken.None);
        }
        await SweepAsync();
        await SweepAsync();
        var subject = $"{facility}/{yesterday:yyyyMMdd}";
        var task = Assert.Single(await InDbAsync(db => db.Set<SupervisedTask>().Where(t => t.Kind == TaskKinds.StayTest && t.SubjectId == subject).ToListAsync()));
        Assert.Null(task.DoneAt);
        Assert.Equal(TestData.Hongxing, task.JurisdictionCode);
        Assert.Contains("逾期未采", task.Title);
        // A late swab today takes the overdue order (补采); the next sweep closes the task.
        var (round, site) = await RoundAsync();
        var tube = Next("T");
        Assert.Equal(1, (await ScanAsync(round, site, idNumber, tube)).Int("accepted"));
        Assert.Equal("sampled", (await OrdersAsync(stay)).Single(o => o.Int("dayNumber") == 4).Str("status"));
        await SweepAsync();
        Assert.NotNull((await InDbAsync(db => db.Set<SupervisedTask>().SingleAsync(t => t.Id == task.Id))).DoneAt);
    }

    [SkippableFact]
    public async Task A_stay_started_before_its_tests_were_ordered_gets_them_from_the_sweep_from_today_on()
    {
        app.SkipIfUnavailable();
        var facility = await FacilityAsync(2);
        var (person, _) = await PersonAsync();
        var stay = await IntakeAsync(facility, person, "301", 6);
        var requester = StayTests.Requester(long.Parse(stay));
        await InDbAsync(db => db.Set<RetestOrder>().Where(o => o.Requester == requester).ExecuteDeleteAsync());
        Assert.Equal("not-ordered", Days(await (await app.As("facility-staff")).GetJson($"/api/stays/{stay}"))[2].Str("state"));
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<StayTestSweep>().RunAsync(CancellationToken.None);
        // Exposed six days ago: days 7 and 14 are still to come.
        Assert.Equal([7, 14], (await OrdersAsync(stay)).Select(o => o.Int("dayNumber")));
    }
}

public sealed class SqliteStayTestOrdersApiTests(SqliteApp app) : StayTestOrdersApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStayTestOrdersApiTests(PostgresApp app) : StayTestOrdersApiTests(app), IClassFixture<PostgresApp>;
