using Frontline.Tests.Support;

namespace Frontline.Tests.Command;

/// <summary>
/// The demo's notices and requests: the district's notice to every street, acknowledged by 松岗街道, 红星社区 and 海裕社区 and
/// reminded once; 松岗's four requests — the sealed building's urgent dialysis answered in time, a late food request with its
/// task first in 松岗's queue, a public-opinion item, an old man's care in hand.
/// </summary>
public sealed class CommandDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_district_notice_is_acknowledged_by_some_and_reminded_to_the_rest()
    {
        var commander = await app.As("commander");
        var sent = (await commander.GetJson("/api/notices?box=sent")).GetProperty("items");
        var notice = await commander.GetJson($"/api/notices/{sent[0].Str("id")}");
        var acknowledged = notice.GetProperty("acknowledged").EnumerateArray().Select(u => u.Str("code")).Order().ToList();
        Assert.Equal([TestData.Haiyu, TestData.Songgang, TestData.Hongxing], acknowledged);
        Assert.True(notice.GetProperty("pending").GetArrayLength() > 10);
        Assert.All(notice.GetProperty("pending").EnumerateArray(), u => Assert.Equal(1, u.Int("reminders")));
        var worker = await app.As("community-worker");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await worker.GetJson("/api/notices")).GetProperty("items")[0].GetProperty("myAcknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task Songgangs_requests_open_with_the_late_one_first_and_its_task_and_the_sealed_dialysis_answered_in_time()
    {
        var street = await app.As("street-commander");
        var all = (await street.GetJson("/api/requests?status=all&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["dialysis", "elderly-care", "food", "public-opinion"], all.Select(r => r.Str("kind")).Order());
        var dialysis = all.Single(r => r.Str("kind") == "dialysis");
        Assert.Equal("closed", dialysis.Str("status"));
        Assert.True(dialysis.GetProperty("sealedZone").GetBoolean());
        Assert.True(dialysis.GetProperty("closedAt").GetDateTimeOffset() <= dialysis.GetProperty("dueBy").GetDateTimeOffset());
        var queue = (await street.GetJson("/api/requests")).GetProperty("items");
        Assert.Equal("food", queue[0].Str("kind"));
        Assert.True(queue[0].GetProperty("late").GetBoolean());
        var tasks = (await street.GetJson("/api/tasks?status=overdue&pageSize=500")).GetProperty("items").EnumerateArray();
        Assert.Contains(tasks, t => t.Str("kind") == "resident-request" && t.Str("subjectId") == queue[0].Str("id"));
    }
}
