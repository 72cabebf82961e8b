using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Investigation;

/// <summary>A newcomer's first start finds a call list in 红星社区 split between two callers, part-way worked, with a retry due.</summary>
public sealed class CallsDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_call_list_is_split_part_worked_and_has_a_retry_due()
    {
        var manager = await app.As("street-commander");
        var lists = await manager.GetJson("/api/call-lists");
        var list = Assert.Single(lists.GetProperty("items").EnumerateArray());
        var progress = await manager.GetJson($"/api/call-lists/{list.Str("id")}");
        // Made from the busiest venue's check-ins of the check-in demo (or, without them, from 红星's residents).
        Assert.InRange(progress.Int("total"), 20, 300);
        Assert.Equal(0, progress.Int("unassigned"));
        Assert.Equal(["community-worker", "investigator"], progress.GetProperty("callers").EnumerateArray().Select(c => c.Str("caller")).ToArray());
        Assert.Equal(1, progress.Int("dueRetries"));
        Assert.Equal(1, progress.Int("leftArea"));
        Assert.InRange(progress.Int("reached"), 2, 5);

        // The community worker stated the list's reason: the due retry is first on their page, in full.
        var mine = (await (await app.As("community-worker")).GetJson($"/api/calls?listId={list.Str("id")}")).GetProperty("items");
        Assert.True(mine[0].GetProperty("retryDue").GetBoolean());
        Assert.False(mine[0].GetProperty("masked").GetBoolean());
        Assert.Equal(JsonValueKind.String, mine[0].GetProperty("phone").ValueKind);
    }
}
