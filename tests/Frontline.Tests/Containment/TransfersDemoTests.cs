using Frontline.Containment.Demo;
using Frontline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// The demo's transfers: the demo cluster's close contacts taken to the hotel — one arrived, one on the road, one late
/// and first on the board with its overdue task, to the hotel of the stays demo, for close contacts not already there.
/// </summary>
public sealed class TransfersDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_dispatchers_board_opens_with_the_late_transfer_and_its_task()
    {
        var dispatcher = await app.As("dispatcher");
        var all = (await dispatcher.GetJson("/api/transfers?status=all&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["arrived", "dispatched", "requested"], all.Select(t => t.Str("status")).Order());
        var board = (await dispatcher.GetJson("/api/transfers")).GetProperty("items");
        Assert.Equal("requested", board[0].Str("status"));
        Assert.True(board[0].GetProperty("late").GetBoolean());
        Assert.InRange(board[0].GetProperty("minutesLate").GetInt32(), 110, 130);
        Assert.Equal("老人随行，需轮椅", board[0].Str("note"));
        var late = board[0].Str("id");
        var tasks = (await dispatcher.GetJson("/api/tasks?status=overdue&pageSize=500")).GetProperty("items").EnumerateArray();
        Assert.Contains(tasks, t => t.Str("kind") == "transfer" && t.Str("subjectId") == late);
        // The arrived transfer's kept room went out of service before its last person came: one arrival waits on the hotel's page.
        var hotel = all.Single(t => t.Str("status") == "arrived").Str("facilityId");
        var failure = Assert.Single((await (await app.As("facility-staff")).GetJson($"/api/facilities/{hotel}/occupancy")).GetProperty("intakeFailures").EnumerateArray());
        Assert.Equal("room-not-free", failure.Str("code"));
    }
}
