using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Supervision;

/// <summary>
/// The recorded escalation ladder, the task actions with their history, and the inboxes through the HTTP contract — on
/// each provider. Times are moved into the past in the table, as the clock would move them; the ladder is run directly.
/// </summary>
public abstract class TaskInboxApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<long> CreateAsync(string user, string title, string jurisdiction = TestData.Hongxing, double dueInHours = 1, string kind = "manual",
        string? ownerTeam = null)
    {
        var response = await (await app.As(user)).PostAsJsonAsync("/api/tasks",
            new { title, kind, jurisdiction, dueBy = DateTimeOffset.UtcNow.AddHours(dueInHours), ownerTeam });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return long.Parse((await response.Body()).Str("id"));
    }

    async Task<List<string>> IdsAsync(string user, string query) =>
        (await (await app.As(user)).GetJson($"/api/tasks?pageSize=500&{query}")).GetProperty("items").EnumerateArray().Select(t => t.Str("id")).ToList();

    async Task<JsonElement> DetailAsync(long id, string user = "admin") => await (await app.As(user)).GetJson($"/api/tasks/{id}");

    static List<JsonElement> Timeline(JsonElement detail, string kind) =>
        detail.GetProperty("timeline").EnumerateArray().Where(e => e.Str("kind") == kind).ToList();

    async Task<(HttpStatusCode, string)> PostAsync(string user, string url, object? body = null)
    {
        var client = await app.As(user);
        var response = body is null ? await client.PostAsync(url, null) : await client.PostAsJsonAsync(url, body);
        return (response.StatusCode, response.IsSuccessStatusCode ? "" : string.Join(",", await response.ProblemCodes()));
    }

    [SkippableFact]
    public async Task A_late_task_climbs_step_by_step_and_each_step_is_recorded_once_with_the_time_the_rule_gave_it()
    {
        var id = await CreateAsync("community-worker", Next("逐级升级"));
        // Given one hour; 1.5 hours later it is half an hour overdue: level 1.
        await TaskTimes.ShiftAsync(app.Services, 1.5, id);
        await TaskTimes.LadderAsync(app.Services);
        Assert.Equal([1], (await TaskTimes.StepsAsync(app.Services, id)).Select(s => s.Level!.Value));
        Assert.Equal(1, (await DetailAsync(id)).GetProperty("task").Int("escalationLevel"));

        // The server was down for a day: at the next run the task is three levels late and gets its two missing steps,
        // each stamped when the rule put it there (not at the run), the run's time kept beside it.
        await TaskTimes.ShiftAsync(app.Services, 24, id);
        await TaskTimes.LadderAsync(app.Services);
        await TaskTimes.LadderAsync(app.Services);
        var steps = await TaskTimes.StepsAsync(app.Services, id);
        Assert.Equal([1, 2, 3], steps.Select(s => s.Level!.Value));
        var detail = await DetailAsync(id);
        var task = detail.GetProperty("task");
        Assert.Equal(3, task.Int("escalationLevel"));
        var created = task.GetProperty("createdAt").GetDateTimeOffset();
        var due = task.GetProperty("dueBy").GetDateTimeOffset();
        var escalations = Timeline(detail, "escalated");
        Assert.Equal([due, due + (due - created), due + 3 * (due - created)], escalations.Select(e => e.GetProperty("at").GetDateTimeOffset()));
        Assert.True(escalations[1].GetProperty("recordedAt").GetDateTimeOffset() - escalations[1].GetProperty("at").GetDateTimeOffset() > TimeSpan.FromHours(20));
        Assert.All(escalations, e => Assert.Equal("system", e.Str("by")));
        Assert.Equal("raised", detail.GetProperty("timeline")[0].Str("kind"));
    }

    [SkippableFact]
    public async Task Several_ladders_running_at_once_record_each_step_once()
    {
        var ids = new List<long>();
        for (var i = 0; i < 30; i++) ids.Add(await CreateAsync("admin", Next("并发升级"), i % 2 == 0 ? TestData.Hongxing : TestData.Haiyu));
        await TaskTimes.ShiftAsync(app.Services, 10, [.. ids]);
        // Four servers' runs of one occurrence at the same moment, each with its own connections.
        var now = DateTime.UtcNow;
        var ladders = Enumerable.Range(0, 4).Select(_ => TaskTimes.Ladder(app.Services)).ToList();
        var recorded = await Task.WhenAll(ladders.Select(l => Task.Run(() => l.ClimbDueAsync(now))));
        var steps = await TaskTimes.StepsAsync(app.Services, [.. ids]);
        Assert.Equal(ids.Count * 3, steps.Count);
        Assert.All(steps.GroupBy(s => s.TaskId), g => Assert.Equal([1, 2, 3], g.Select(s => s.Level!.Value)));
        Assert.True(recorded.Sum() >= ids.Count * 3, string.Join(",", recorded));
        // And a run after them finds nothing left to record for these tasks.
        await TaskTimes.LadderAsync(app.Services);
        Assert.Equal(ids.Count * 3, (await TaskTimes.StepsAsync(app.Services, [.. ids])).Count);
    }

    [SkippableFact]
    public async Task Each_command_sees_in_its_inbox_what_reached_it_and_a_community_never_sees_another()
    {
        var onTime = await CreateAsync("community-worker", Next("按时"), dueInHours: 4);
        var level1 = await CreateAsync("community-worker", Next("一级"), dueInHours: 4);
        var level2 = await CreateAsync("community-worker", Next("二级"), kind: "rectification");
        var street = await CreateAsync("street-commander", Next("街道自办"), TestData.Songgang, dueInHours: 4);
        var haiyu = await CreateAsync("admin", Next("海裕三级"), TestData.Haiyu);
        await TaskTimes.ShiftAsync(app.Services, 5, level1);   // 1 h late of 4 given
        await TaskTimes.ShiftAsync(app.Services, 2.5, level2); // 1.5 h late of 1 given
        await TaskTimes.ShiftAsync(app.Services, 10, haiyu);   // 9 h late of 1 given
        await TaskTimes.LadderAsync(app.Services);
        string S(long id) => id.ToString();

        var streetInbox = await IdsAsync("street-commander", "inbox=street&status=active");
        Assert.Contains(S(level2), streetInbox);
        Assert.Contains(S(street), streetInbox);
        Assert.DoesNotContain(S(level1), streetInbox);
        Assert.DoesNotContain(S(onTime), streetInbox);
        Assert.DoesNotContain(S(haiyu), streetInbox);

        var districtInbox = await IdsAsync("admin", "inbox=district&status=active");
        Assert.Contains(S(haiyu), districtInbox);
        Assert.DoesNotContain(S(level2), districtInbox);
        Assert.DoesNotContain(S(street), districtInbox);

        var community = await IdsAsync("community-worker", "inbox=community");
        Assert.Superset(new[] { S(onTime), S(level1), S(level2) }.ToHashSet(), community.ToHashSet());
        Assert.DoesNotContain(S(street), community);
        foreach (var query in new[] { "", "inbox=community", "inbox=street", "inbox=district", "mine=true", "level=3", "status=overdue", $"jurisdiction={TestData.Haiyu}" })
            Assert.DoesNotContain(S(haiyu), await IdsAsync("community-worker", query));
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("community-worker")).GetAsync($"/api/tasks/{haiyu}")).StatusCode);

        // Most urgent first: the highest level, then the longest overdue; those not yet due after them.
        var overdue = await IdsAsync("admin", "status=active");
        Assert.True(overdue.IndexOf(S(haiyu)) < overdue.IndexOf(S(level2)) && overdue.IndexOf(S(level2)) < overdue.IndexOf(S(level1))
            && overdue.IndexOf(S(level1)) < overdue.IndexOf(S(onTime)), string.Join(",", overdue));
        var atLeast2 = await IdsAsync("admin", "level=2");
        Assert.Contains(S(level2), atLeast2);
        Assert.DoesNotContain(S(level1), atLeast2);
        Assert.Equal([S(level2)], (await IdsAsync("community-worker", "kind=rectification")).Where(i => i == S(level2)));
        Assert.DoesNotContain(S(level1), await IdsAsync("community-worker", "kind=rectification"));

        // The street command closes what climbed to it, and it leaves the open list.
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("street-commander", $"/api/tasks/{level2}/close", new { note = "街道督办，市场已整改到位" }));
        Assert.DoesNotContain(S(level2), await IdsAsync("street-commander", "inbox=street&status=active"));
        Assert.Equal(2, (await DetailAsync(level2)).GetProperty("task").Int("escalationLevel"));

        foreach (var bad in new[] { "inbox=city", "level=4", "status=late" })
            Assert.Equal(HttpStatusCode.BadRequest, (await (await app.As("admin")).GetAsync($"/api/tasks?{bad}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_task_is_accepted_commented_and_handed_over_each_on_its_timeline_and_audited()
    {
        var id = await CreateAsync("community-worker", Next("接办转办"), dueInHours: 6);
        var url = $"/api/tasks/{id}";
        Assert.Contains(id.ToString(), await IdsAsync("community-worker", "mine=true"));

        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("community-worker", $"{url}/accept"));
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("community-worker", $"{url}/accept"));
        Assert.Equal((HttpStatusCode.Conflict, "task-accepted-by-other"), await PostAsync("street-commander", $"{url}/accept"));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("worker-haiyu", $"{url}/accept")).Item1);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("inspector", $"{url}/accept")).Item1);
        var detail = await DetailAsync(id);
        Assert.Equal("community-worker", detail.GetProperty("task").Str("ownerUser"));
        Assert.Single(Timeline(detail, "accepted"));

        Assert.Equal((HttpStatusCode.BadRequest, "missing-field"), await PostAsync("community-worker", $"{url}/comments", new { text = " " }));
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("community-worker", $"{url}/comments", new { text = "已联系楼长，今晚处理" }));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("worker-haiyu", $"{url}/comments", new { text = "越权" })).Item1);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid-team"), await PostAsync("community-worker", $"{url}/hand-over", new { team = "nonsense", reason = "x" }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid-team"), await PostAsync("community-worker", $"{url}/hand-over", new { team = TestData.Haiyu, reason = "x" }));
        Assert.Equal((HttpStatusCode.BadRequest, "same-team"), await PostAsync("community-worker", $"{url}/hand-over", new { team = TestData.Hongxing, reason = "x" }));
        Assert.Equal((HttpStatusCode.BadRequest, "missing-field"), await PostAsync("community-worker", $"{url}/hand-over", new { team = "transfer" }));
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("community-worker", $"{url}/hand-over", new { team = TestData.Songgang, reason = "需街道协调物业" }));
        detail = await DetailAsync(id);
        Assert.Equal((TestData.Songgang, JsonValueKind.Null), (detail.GetProperty("task").Str("ownerTeam"), detail.GetProperty("task").GetProperty("ownerUser").ValueKind));
        // Now the street command's: in its inbox and in its commander's own list, out of the worker's.
        Assert.Contains(id.ToString(), await IdsAsync("street-commander", "inbox=street"));
        Assert.Contains(id.ToString(), await IdsAsync("street-commander", "mine=true"));
        Assert.DoesNotContain(id.ToString(), await IdsAsync("community-worker", "mine=true"));
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("street-commander", $"{url}/accept"));
        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("street-commander", $"{url}/hand-over", new { team = "transfer", reason = "转运专班派车" }));

        detail = await DetailAsync(id);
        Assert.Equal(["raised", "accepted", "comment", "handed-over", "accepted", "handed-over"],
            detail.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")));
        var handed = Timeline(detail, "handed-over");
        Assert.Equal((TestData.Songgang, "需街道协调物业", "community-worker"), (handed[0].Str("team"), handed[0].Str("text"), handed[0].Str("by")));
        Assert.Equal("已联系楼长，今晚处理", Timeline(detail, "comment")[0].Str("text"));

        var admin = await app.As("admin");
        async Task<List<(string User, string? Reason)>> Audit(string action) =>
            (await admin.GetJson($"/api/audit?action={action}&subject=task:{id}")).GetProperty("items").EnumerateArray()
                .Select(e => (e.Str("userName"), e.GetProperty("reason").GetString())).ToList();
        Assert.Equal(["community-worker", "street-commander"], (await Audit(SupervisionAuditActions.TaskAccept)).Select(a => a.User).Order());
        Assert.Equal([("community-worker", "已联系楼长，今晚处理")], await Audit(SupervisionAuditActions.TaskComment));
        Assert.Equal(2, (await Audit(SupervisionAuditActions.TaskHandOver)).Count);

        Assert.Equal((HttpStatusCode.NoContent, ""), await PostAsync("street-commander", $"{url}/close", new { note = "转运已完成" }));
        Assert.Equal((HttpStatusCode.Conflict, "already-closed"), await PostAsync("street-commander", $"{url}/comments", new { text = "补充" }));
        Assert.Equal((HttpStatusCode.Conflict, "already-closed"), await PostAsync("street-commander", $"{url}/accept"));
        Assert.Equal("closed", (await DetailAsync(id)).GetProperty("timeline").EnumerateArray().Last().Str("kind"));
    }

    [SkippableFact]
    public async Task A_task_raised_by_hand_may_name_its_owner_team_and_never_a_due_time_in_the_past()
    {
        var id = await CreateAsync("street-commander", Next("专班督办"), ownerTeam: "hotel");
        var detail = await DetailAsync(id, "street-commander");
        Assert.Equal(("hotel", "street-commander"), (detail.GetProperty("task").Str("ownerTeam"), detail.Str("createdBy")));
        var worker = await app.As("community-worker");
        async Task<string> Refused(object body) => string.Join(",", await (await worker.PostAsJsonAsync("/api/tasks", body)).ProblemCodes());
        Assert.Equal("invalid-team", await Refused(new { title = "x", kind = "manual", jurisdiction = TestData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddHours(2), ownerTeam = "nobody" }));
        Assert.Equal("invalid-team", await Refused(new { title = "x", kind = "manual", jurisdiction = TestData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddHours(2), ownerTeam = TestData.Haiyu }));
        Assert.Equal("due-in-past", await Refused(new { title = "x", kind = "manual", jurisdiction = TestData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddSeconds(-5), ownerTeam = "hotel" }));
    }

    [SkippableFact]
    public async Task The_administrator_runs_the_escalation_now_and_nobody_else_may()
    {
        var id = await CreateAsync("community-worker", Next("立即执行"));
        await TaskTimes.ShiftAsync(app.Services, 1.5, id);
        var run = await (await app.As("admin")).PostAsync($"/api/platform/scheduled-work/{EscalationLadder.Name}/run", null);
        var body = await run.Body();
        Assert.True(run.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(("ok", "manual:admin"), (body.Str("outcome"), body.Str("nodeId")));
        Assert.Equal(1, (await DetailAsync(id)).GetProperty("task").Int("escalationLevel"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("street-commander")).PostAsync($"/api/platform/scheduled-work/{EscalationLadder.Name}/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.As("admin")).PostAsync("/api/platform/scheduled-work/no-such-work/run", null)).StatusCode);
        var audit = await (await app.As("admin")).GetJson($"/api/audit?action={AuditActions.ScheduledWorkRun}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("userName") == "admin");
    }

    [SkippableFact]
    public async Task The_level_counts_add_up_the_open_tasks_of_a_jurisdiction()
    {
        var scope = new JurisdictionScope(TestData.Hongxing);
        using var services = app.Services.CreateScope();
        var tasks = services.ServiceProvider.GetRequiredService<SupervisedTasks>();
        var before = await tasks.CountsByJurisdictionAsync(scope);
        var id = await CreateAsync("community-worker", Next("计数"));
        await TaskTimes.ShiftAsync(app.Services, 10, id);
        await TaskTimes.LadderAsync(app.Services);
        var after = await tasks.CountsByJurisdictionAsync(scope);
        long At(IReadOnlyList<JurisdictionTaskCount> rows, int level, Func<JurisdictionTaskCount, long> what) =>
            rows.Where(r => r.Level == level && r.JurisdictionCode == TestData.Hongxing).Sum(what);
        Assert.Equal(At(before, 3, r => r.Open) + 1, At(after, 3, r => r.Open));
        Assert.Equal(At(before, 3, r => r.Overdue) + 1, At(after, 3, r => r.Overdue));
        Assert.All(after, r => Assert.Equal(TestData.Hongxing, r.JurisdictionCode));
    }
}

public sealed class SqliteTaskInboxApiTests(SqliteApp app) : TaskInboxApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTaskInboxApiTests(PostgresApp app) : TaskInboxApiTests(app), IClassFixture<PostgresApp>;
