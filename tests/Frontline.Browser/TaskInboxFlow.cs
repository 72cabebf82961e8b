using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Supervision;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A community worker raises a task with a very short window; it runs late, the escalation job (run now by the
/// administrator, as an operator would after a restart) records its climb to the street command; the street commander
/// finds it in the street's inbox, closes it with a note, and it leaves the open list.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TaskInboxFlow(AppFixture app)
{
    [BrowserFact]
    public async Task An_overdue_task_climbs_to_the_street_commands_inbox_and_is_closed_there()
    {
        var title = TestingData.Unique("红星社区3栋楼道消杀未落实");
        using var worker = await app.ApiAsync("community-worker");
        // Two seconds to do it: the server's own clock makes it late, and twice as late (level 2, the street) two seconds
        // after that — no time is written into the table.
        var created = await worker.PostAsJsonAsync("/api/tasks", new { title, kind = "manual", jurisdiction = TestingData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddSeconds(2) });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var page = await app.SignInAsync("street-commander", 1440, 900);
        using var admin = await app.ApiAsync("admin");
        await ClimbedAsync(admin, id, 2);

        await app.GoAsync(page, "/tasks");
        await Expect(page.Locator(".tab-inbox input, .tab-inbox").First).ToBeVisibleAsync();
        var card = page.Locator($".task-card[data-task='{id}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync(title);
        await Expect(card).ToContainTextAsync("超时");
        await Expect(card.Locator(".level-tag")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("二级·街道|三级·区指挥部"));
        await Expect(page.Locator(".level-count[data-level='2'] strong, .level-count[data-level='3'] strong").First).Not.ToHaveTextAsync("0");
        await AppFixture.ShotAsync(page, "task-inbox-street");

        await card.ClickAsync();
        var facts = page.Locator($".facts[data-task='{id}']");
        await Expect(facts).ToBeVisibleAsync();
        await Expect(page.Locator(".event.escalated")).ToHaveCountAsync(int.Parse(await facts.GetAttributeAsync("data-level") ?? "0"));
        await page.Locator("button.open-close").ClickAsync();
        await page.Locator("textarea.close-note, .close-note textarea").First.FillAsync("街道督办：已协调物业当晚完成消杀，记录已张贴");
        await page.Locator("button.confirm-close").ClickAsync();
        await Expect(facts).ToHaveAttributeAsync("data-status", "done");
        await Expect(page.Locator(".done-note")).ToContainTextAsync("已协调物业当晚完成消杀");
        await Expect(page.Locator(".event.closed")).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(page, "task-closed-street");

        await page.Locator("a.back-link").ClickAsync();
        await Expect(page.Locator(".task-inbox .total")).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);

        // The commander raises the street's own task by hand: a due time already past is refused, a later one is taken.
        await page.Locator("button.new-task").ClickAsync();
        var streetTitle = TestingData.Unique("松岗街道夜间采样点值守排班");
        await page.Locator("textarea.task-title, .task-title textarea").First.FillAsync(streetTitle);
        var beijing = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        await page.Locator("input.task-due").FillAsync(beijing.AddHours(-2).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("button.create-task").ClickAsync();
        await Expect(page.Locator(".new-task-error")).ToContainTextAsync("办结时限不能早于当前时间");
        await page.Locator("input.task-due").FillAsync(beijing.AddHours(6).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("button.create-task").ClickAsync();
        await Expect(page.Locator(".facts .title")).ToHaveTextAsync(streetTitle);
        await Expect(page.Locator(".facts")).ToHaveAttributeAsync("data-status", "open");
        await page.Context.CloseAsync();

        // The worker's phone: the closed task is gone from their open list, their next one is there.
        var nextTitle = TestingData.Unique("红星社区独居老人配药需求摸排");
        var next = await worker.PostAsJsonAsync("/api/tasks", new { title = nextTitle, kind = "manual", jurisdiction = TestingData.Hongxing, dueBy = DateTimeOffset.UtcNow.AddHours(4) });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var phone = await app.SignInAsync("community-worker", 390, 844);
        await app.GoAsync(phone, "/tasks");
        await Expect(phone.Locator(".task-inbox .total")).ToBeVisibleAsync();
        await Expect(phone.Locator(".task-card").Filter(new() { HasText = nextTitle })).ToBeVisibleAsync();
        await Expect(phone.Locator($".task-card[data-task='{id}']")).ToHaveCountAsync(0);
        await AppFixture.ShotAsync(phone, "task-inbox-phone");
        // They take the next one (接办) from its page, on the phone.
        await phone.Locator(".task-card").Filter(new() { HasText = nextTitle }).ClickAsync();
        await phone.Locator("button.accept").ClickAsync();
        await Expect(phone.Locator(".owner-user")).ToHaveTextAsync("community-worker");
        await Expect(phone.Locator(".event.accepted")).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(phone, "task-detail-phone");
        await phone.Context.CloseAsync();
    }

    /// <summary>
    /// Runs the escalation job now (the administrator's run-now) until the task's recorded level reaches
    /// <paramref name="level"/>: by the time the commander has signed in, the first run usually finds it there; on a fast
    /// machine a later one does, a few seconds at most after the task fell due.
    /// </summary>
    static async Task ClimbedAsync(HttpClient admin, string id, int level)
    {
        var deadline = DateTime.UtcNow + AppFixture.Patience;
        while (true)
        {
            var run = await admin.PostAsync($"/api/platform/scheduled-work/{EscalationLadder.Name}/run", null);
            Assert.True(run.StatusCode == HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
            var task = (await admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("task");
            if (task.GetProperty("escalationLevel").GetInt32() >= level) return;
            Assert.True(DateTime.UtcNow < deadline, $"task {id} stayed at level {task.GetProperty("escalationLevel").GetInt32()}");
            await Task.Delay(250);
        }
    }
}
