using System.Net;
using Frontline.Command.Dashboard;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>The demo district's first start leaves the dashboard counted: yesterday closed, today counted, with the demo's work in it.</summary>
public sealed class DashboardDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_first_start_counts_yesterday_and_today_and_the_commander_sees_the_demo_work()
    {
        var commander = await app.As("commander");
        var today = ChinaTime.Today(TimeProvider.System);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var days = await db.FigureDays.AsNoTracking().ToListAsync();
            Assert.Contains(days, d => d.Day == today.AddDays(-1) && d.Closed);
            Assert.Contains(days, d => d.Day == today);
        }
        var view = await commander.GetJson("/api/dashboard");
        Assert.Equal(TestData.District, view.Str("jurisdiction"));
        // The demo's round in 松岗 is open today with people sampled, and its requests are open.
        Assert.True(view.GetProperty("testing").Int("sampled") > 0, view.GetProperty("testing").ToString());
        Assert.True(view.GetProperty("requests").Int("open") > 0, view.GetProperty("requests").ToString());
        Assert.Contains(view.GetProperty("byChild").EnumerateArray(), c => c.Str("code") == TestData.Songgang);

        // Yesterday's briefing of the district is kept, made from yesterday's closed figures.
        var briefing = await commander.GetJson($"/api/briefings/{today.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(TestData.District, briefing.Str("jurisdiction"));
        Assert.Equal(8, briefing.GetProperty("sections").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await commander.GetAsync($"/api/briefings/{today.AddDays(-1):yyyy-MM-dd}.docx")).StatusCode);
    }
}
