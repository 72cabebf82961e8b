using Frontline.Supervision;
using Frontline.Tests.Support;

namespace Frontline.Tests.Supervision;

/// <summary>A fresh demo district: hand-raised tasks in 松岗 at every level, their steps recorded by the ladder's first run.</summary>
public sealed class TasksDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_has_tasks_at_each_level_with_their_steps_recorded()
    {
        var admin = await app.As("admin");
        var demo = (await admin.GetJson("/api/tasks?pageSize=500&status=active")).GetProperty("items").EnumerateArray()
            .Where(t => t.Str("title").StartsWith("【演示】", StringComparison.Ordinal)).ToList();
        Assert.Equal([0, 1, 2, 2, 3], demo.Select(t => t.Int("escalationLevel")).Order());
        foreach (var task in demo)
        {
            var detail = await admin.GetJson($"/api/tasks/{task.Str("id")}");
            var steps = detail.GetProperty("timeline").EnumerateArray().Where(e => e.Str("kind") == TaskEventKinds.Escalated).Select(e => e.Int("level"));
            Assert.Equal(Enumerable.Range(1, task.Int("escalationLevel")), steps);
        }
        // The street commander's inbox holds what climbed to the street; a second run records nothing new for them.
        var street = (await (await app.As("street-commander")).GetJson("/api/tasks?inbox=street&status=active&pageSize=500")).GetProperty("items")
            .EnumerateArray().Select(t => t.Str("id")).ToHashSet();
        Assert.Superset(demo.Where(t => t.Int("escalationLevel") >= 2).Select(t => t.Str("id")).ToHashSet(), street);
        await TaskTimes.LadderAsync(app.Services);
        Assert.Equal(1 + 2 + 2 + 3, (await TaskTimes.StepsAsync(app.Services, demo.Select(t => long.Parse(t.Str("id"))).ToArray())).Count);
    }
}
