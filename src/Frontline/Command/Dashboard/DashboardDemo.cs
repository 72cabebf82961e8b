using Frontline.Platform;

namespace Frontline.Command.Dashboard;

/// <summary>
/// The dashboard of the demo district on a first start: yesterday counted and closed and today counted, after every other
/// module's demo work (the tasks' last), so that the commander's landing page opens on figures at once.
/// </summary>
public sealed class DashboardDemo(DailyFiguresRefresh refresh, TimeProvider clock, ILogger<DashboardDemo> log) : IDemoActivity
{
    public int Order => 950;

    public async Task SeedAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        await refresh.RefreshAsync(today.AddDays(-1), ct);
        await refresh.RefreshAsync(today, ct);
        log.LogInformation("Dashboard: the figures of {Yesterday} and {Today} counted", today.AddDays(-1), today);
    }
}
