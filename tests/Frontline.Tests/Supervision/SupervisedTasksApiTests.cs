using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Supervision;

/// <summary>Supervised tasks (督办) through the HTTP contract: closed by the facts that complete them, raised and closed by hand — on each provider.</summary>
public abstract class SupervisedTasksApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<(string Round, string Site)> RoundAndSiteAsync()
    {
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("督办测试轮次"), scope = new[] { TestData.District }, startsAt = DateTimeOffset.UtcNow.AddHours(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync());
        var siteCode = Next("SITE");
        var site = await admin.PostAsJsonAsync("/api/testing/sites", new { code = siteCode, name = "红星社区采样点", communityCode = TestData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        return ((await round.Body()).Str("id"), siteCode);
    }

    async Task<List<string>> ResidentsAsync(int count, string community)
    {
        var admin = await app.As("admin");
        var building = Next("督办楼");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = TestData.NewResidentId();
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "复核" + i, idNumber = id, phone = TestData.NewPhone(), communityCode = community, building, room = $"{101 + i}",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(id);
        }
        return ids;
    }

    static object Scan(string round, string site, string tube, string idNumber, int? pool = null) => new
    {
        eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize = pool, idNumber,
        collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector = "采样员01",
    };

    static object Result(string round, string tube, string outcome) => outcome == "positive"
        ? new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome, ctOrf1ab = (double?)27.0, ctN = (double?)28.0 }
        : new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome, ctOrf1ab = (double?)null, ctN = (double?)null };

    async Task ScanAsync(params object[] scans)
    {
        var response = await (await app.As("admin")).PostAsJsonAsync("/api/testing/samples/batch", new { events = scans });
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.OK && body.Int("accepted") == scans.Length, body.ToString());
    }

    async Task ResultAsync(params object[] results)
    {
        var response = await (await app.As("lab")).PostAsJsonAsync("/api/testing/results/batch", new { results });
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.OK && body.Int("accepted") == results.Length, body.ToString());
    }

    /// <summary>The tasks of a status the district sees, as (kind, jurisdiction, title) → task.</summary>
    async Task<List<JsonElement>> TasksAsync(string status, HttpClient? client = null)
    {
        client ??= await app.As("admin");
        return (await client.GetJson($"/api/tasks?status={status}&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
    }

    static JsonElement? Find(List<JsonElement> tasks, string kind, string community, string tubeCode) =>
        tasks.Where(t => t.Str("kind") == kind && t.Str("jurisdictionCode") == community && t.Str("title").Contains(tubeCode, StringComparison.Ordinal))
            .Select(t => (JsonElement?)t).SingleOrDefault();

    async Task<JsonElement?> OpenTask(string kind, string community, string tube) => Find(await TasksAsync("open"), kind, community, tube);
    async Task<JsonElement?> DoneTask(string kind, string community, string tube) => Find(await TasksAsync("done"), kind, community, tube);

    [SkippableFact]
    public async Task A_positive_pools_task_closes_in_each_community_when_the_last_of_its_retests_has_a_result()
    {
        var (round, site) = await RoundAndSiteAsync();
        var hongxing = await ResidentsAsync(2, TestData.Hongxing);
        var haiyu = (await ResidentsAsync(1, TestData.Haiyu))[0];
        var pool = Next("T");
        await ScanAsync(Scan(round, site, pool, hongxing[0]), Scan(round, site, pool, hongxing[1]), Scan(round, site, pool, haiyu));
        await ResultAsync(Result(round, pool, "positive"));
        Assert.NotNull(await OpenTask(TaskKinds.PositivePool, TestData.Hongxing, pool));
        Assert.NotNull(await OpenTask(TaskKinds.PositivePool, TestData.Haiyu, pool));

        // Re-sampled, not yet resulted: the re-tests are not done.
        var retests = new[] { Next("R"), Next("R"), Next("R") };
        await ScanAsync(Scan(round, site, retests[0], hongxing[0], pool: 1), Scan(round, site, retests[1], hongxing[1], pool: 1),
            Scan(round, site, retests[2], haiyu, pool: 1));
        Assert.NotNull(await OpenTask(TaskKinds.PositivePool, TestData.Hongxing, pool));

        await ResultAsync(Result(round, retests[0], "negative"));
        Assert.NotNull(await OpenTask(TaskKinds.PositivePool, TestData.Hongxing, pool));
        Assert.Null(await DoneTask(TaskKinds.PositivePool, TestData.Hongxing, pool));

        await ResultAsync(Result(round, retests[1], "negative"));
        Assert.Null(await OpenTask(TaskKinds.PositivePool, TestData.Hongxing, pool));
        var done = (await DoneTask(TaskKinds.PositivePool, TestData.Hongxing, pool))!.Value;
        Assert.Equal(("done", "system", RetestTasks.AllResulted), (done.Str("status"), done.Str("doneBy"), done.Str("note")));
        Assert.Equal(JsonValueKind.String, done.GetProperty("doneAt").ValueKind);
        // The other community's re-test of the same pool is still out: its task stays open.
        Assert.NotNull(await OpenTask(TaskKinds.PositivePool, TestData.Haiyu, pool));

        // An invalid re-test is a result for the pool's task; the re-sampling it orders has a task of its own, which closes
        // when the person is sampled again.
        await ResultAsync(Result(round, retests[2], "invalid"));
        Assert.NotNull(await DoneTask(TaskKinds.PositivePool, TestData.Haiyu, pool));
        Assert.NotNull(await OpenTask(TaskKinds.InvalidTube, TestData.Haiyu, retests[2]));
        await ScanAsync(Scan(round, site, Next("R"), haiyu, pool: 1));
        Assert.NotNull(await DoneTask(TaskKinds.InvalidTube, TestData.Haiyu, retests[2]));
    }

    [SkippableFact]
    public async Task An_invalid_tubes_task_closes_when_all_its_people_are_sampled_again()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(3, TestData.Hongxing);
        var tube = Next("T");
        await ScanAsync(people.Select(p => Scan(round, site, tube, p)).ToArray());
        await ResultAsync(Result(round, tube, "invalid"));
        Assert.NotNull(await OpenTask(TaskKinds.InvalidTube, TestData.Hongxing, tube));

        await ScanAsync(Scan(round, site, Next("R"), people[0], pool: 1));
        Assert.NotNull(await OpenTask(TaskKinds.InvalidTube, TestData.Hongxing, tube));
        // The last two in one batch: the first of them must not close it, the second must.
        await ScanAsync(Scan(round, site, Next("R"), people[1], pool: 1), Scan(round, site, Next("R"), people[2], pool: 1));
        Assert.Null(await OpenTask(TaskKinds.InvalidTube, TestData.Hongxing, tube));
        var done = (await DoneTask(TaskKinds.InvalidTube, TestData.Hongxing, tube))!.Value;
        Assert.Equal(("system", RetestTasks.AllResampled), (done.Str("doneBy"), done.Str("note")));
    }

    [SkippableFact]
    public async Task Re_test_results_of_one_pool_arriving_at_once_from_several_labs_still_close_its_task()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(6, TestData.Hongxing);
        var pool = Next("T");
        await ScanAsync(people.Select(p => Scan(round, site, pool, p)).ToArray());
        await ResultAsync(Result(round, pool, "positive"));
        var retests = people.Select(_ => Next("R")).ToList();
        await ScanAsync(people.Select((p, i) => Scan(round, site, retests[i], p, pool: 1)).ToArray());

        // Each result in a batch of its own, all at once: on PostgreSQL they commit side by side, and the last two must
        // not each miss the other's result.
        var labs = await Task.WhenAll(retests.Select(_ => app.As("lab")));
        var answers = await Task.WhenAll(retests.Select((tube, i) =>
            labs[i].PostAsJsonAsync("/api/testing/results/batch", new { results = new[] { Result(round, tube, "negative") } })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(("system", RetestTasks.AllResulted),
            (await DoneTask(TaskKinds.PositivePool, TestData.Hongxing, pool) is { } done ? (done.Str("doneBy"), done.Str("note")) : default));
    }

    async Task<string> CreateAsync(HttpClient client, string title, string jurisdiction = TestData.Hongxing, double dueInHours = 4)
    {
        var response = await client.PostAsJsonAsync("/api/tasks", new { title, kind = "manual", jurisdiction, dueBy = DateTimeOffset.UtcNow.AddHours(dueInHours) });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    [SkippableFact]
    public async Task A_task_is_closed_by_hand_once_with_a_note_and_audited()
    {
        var worker = await app.As("community-worker");
        var id = await CreateAsync(worker, Next("入户核查红星社区3栋"));
        var url = $"/api/tasks/{id}/close";

        Assert.Equal(["missing-field"], await (await worker.PostAsJsonAsync(url, new { note = "  " })).ProblemCodes());
        Assert.Equal(["field-too-long"], await (await worker.PostAsJsonAsync(url, new { note = new string('办', 501) })).ProblemCodes());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("worker-haiyu")).PostAsJsonAsync(url, new { note = "已办" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).PostAsJsonAsync(url, new { note = "已办" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.PostAsJsonAsync("/api/tasks/999999999/close", new { note = "已办" })).StatusCode);
        Assert.DoesNotContain(await TasksAsync("done"), t => t.Str("id") == id);

        var closed = await worker.PostAsJsonAsync(url, new { note = "已入户核查，3栋全部人员在住" });
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        var done = (await TasksAsync("done", worker)).Single(t => t.Str("id") == id);
        Assert.Equal(("done", "community-worker", "已入户核查，3栋全部人员在住"), (done.Str("status"), done.Str("doneBy"), done.Str("note")));
        Assert.Equal(JsonValueKind.String, done.GetProperty("doneAt").ValueKind);
        Assert.DoesNotContain(await TasksAsync("open"), t => t.Str("id") == id);

        var again = await worker.PostAsJsonAsync(url, new { note = "再次办结" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["already-closed"], await again.ProblemCodes());

        var audit = (await (await app.As("admin")).GetJson($"/api/audit?action={SupervisionAuditActions.TaskClose}&subject=task:{id}")).GetProperty("items")
            .EnumerateArray().ToList();
        var entry = Assert.Single(audit);
        Assert.Equal(("community-worker", "已入户核查，3栋全部人员在住", TestData.Hongxing), (entry.Str("userName"), entry.Str("reason"), entry.Str("jurisdictionCode")));
    }

    [SkippableFact]
    public async Task A_task_raised_by_hand_is_validated_scoped_and_audited()
    {
        var worker = await app.As("community-worker");
        var title = Next("排查红星社区外来人员");
        var id = await CreateAsync(worker, title);
        var open = (await TasksAsync("open", worker)).Single(t => t.Str("id") == id);
        Assert.Equal((title, "manual", TestData.Hongxing, 0), (open.Str("title"), open.Str("kind"), open.Str("jurisdictionCode"), open.Int("escalationLevel")));
        Assert.Equal(JsonValueKind.Null, open.GetProperty("doneAt").ValueKind);
        var audit = (await (await app.As("admin")).GetJson($"/api/audit?action={SupervisionAuditActions.TaskCreate}&subject=task:{id}")).GetProperty("items");
        Assert.Equal("community-worker", Assert.Single(audit.EnumerateArray()).Str("userName"));

        async Task<(HttpStatusCode, string)> Refused(HttpClient client, object body)
        {
            var response = await client.PostAsJsonAsync("/api/tasks", body);
            return (response.StatusCode, string.Join(",", await response.ProblemCodes()));
        }
        var due = DateTimeOffset.UtcNow.AddHours(2);
        Assert.Equal((HttpStatusCode.BadRequest, "due-in-past"),
            await Refused(worker, new { title = "x", kind = "manual", jurisdiction = TestData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddMinutes(-1) }));
        Assert.Equal((HttpStatusCode.BadRequest, "out-of-scope"),
            await Refused(worker, new { title = "x", kind = "manual", jurisdiction = TestData.Haiyu, dueBy = due }));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown-jurisdiction"),
            await Refused(worker, new { title = "x", kind = "manual", jurisdiction = "440306005999", dueBy = due }));
        Assert.Equal((HttpStatusCode.BadRequest, "missing-field"),
            await Refused(worker, new { kind = "manual", jurisdiction = TestData.Hongxing, dueBy = due }));
        Assert.Equal((HttpStatusCode.BadRequest, "field-too-long"),
            await Refused(worker, new { title = new string('查', 201), kind = "manual", jurisdiction = TestData.Hongxing, dueBy = due }));
        Assert.Equal((HttpStatusCode.BadRequest, "kind-raised-by-module"),
            await Refused(worker, new { title = "x", kind = "positive-pool", jurisdiction = TestData.Hongxing, dueBy = due }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-kind"),
            await Refused(worker, new { title = "x", kind = "whatever", jurisdiction = TestData.Hongxing, dueBy = due }));
        var sampler = await app.As("sampler");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await sampler.PostAsJsonAsync("/api/tasks", new { title = "x", kind = "manual", jurisdiction = TestData.Hongxing, dueBy = due })).StatusCode);

        // A street's task: its commander raises and sees it; a community under it does not.
        var street = await app.As("street-commander");
        var streetTask = await CreateAsync(street, Next("松岗街道物资调度"), TestData.Songgang);
        Assert.Contains(await TasksAsync("open", street), t => t.Str("id") == streetTask);
        Assert.DoesNotContain(await TasksAsync("open", worker), t => t.Str("id") == streetTask);
    }

    [SkippableFact]
    public async Task A_closed_tasks_escalation_stops_where_it_closed()
    {
        var worker = await app.As("community-worker");
        var closed = await CreateAsync(worker, Next("已办结的督办"), dueInHours: 1);
        var open = await CreateAsync(worker, Next("未办结的督办"), dueInHours: 1);
        Assert.Equal(HttpStatusCode.NoContent, (await worker.PostAsJsonAsync($"/api/tasks/{closed}/close", new { note = "按时办结" })).StatusCode);

        // Ten hours later: both tasks' times move ten hours into the past, as the clock would move them.
        await TaskTimes.ShiftAsync(app.Services, 10, long.Parse(closed), long.Parse(open));
        // The level shown is the recorded one: nothing has climbed until the escalation job runs.
        Assert.Equal(0, (await TasksAsync("overdue", worker)).Single(t => t.Str("id") == open).Int("escalationLevel"));
        await TaskTimes.LadderAsync(app.Services);
        var overdue = (await TasksAsync("overdue", worker)).Single(t => t.Str("id") == open);
        Assert.Equal(3, overdue.Int("escalationLevel"));
        var done = (await TasksAsync("done", worker)).Single(t => t.Str("id") == closed);
        Assert.Equal(("done", 0), (done.Str("status"), done.Int("escalationLevel")));
    }
}

public sealed class SqliteSupervisedTasksApiTests(SqliteApp app) : SupervisedTasksApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSupervisedTasksApiTests(PostgresApp app) : SupervisedTasksApiTests(app), IClassFixture<PostgresApp>;
