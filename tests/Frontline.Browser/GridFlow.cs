using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>On a phone: a grid worker (网格员) opens their grid and goes to walk it; the community sees its grids' progress.</summary>
[Collection(AppCollection.Name)]
public sealed class GridFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Grid_worker_on_a_phone_sees_their_grid_and_walks_it()
    {
        var page = await app.SignInAsync("grid-worker", width: 390, height: 844);
        await app.GoAsync(page, "/registry/grids");
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync("我的网格");
        var card = page.Locator(".grid-card[data-grid='440306005002001']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(page.Locator(".grid-card")).ToHaveCountAsync(1);
        await Expect(card.Locator(".grid-counts")).ToContainTextAsync("已核查");
        await AppFixture.ShotAsync(page, "grid-worker-my-grid");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the grid page is {overflow}px wider than a 390px phone");

        await page.Locator(".grid-walk").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/registry/verification"));
        await Expect(page.Locator(".community-select")).ToContainTextAsync("红星社区");
        // Their progress is their grid's, and says so.
        await Expect(page.Locator(".community-progress")).ToContainTextAsync("本网格 红星社区第1网格");
        await AppFixture.ShotAsync(page, "grid-worker-walk");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Community_worker_sees_progress_grid_by_grid_and_the_import()
    {
        var page = await app.SignInAsync("community-worker", width: 390, height: 844);
        await app.GoAsync(page, "/registry/grids");
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync("网格");
        await Expect(page.Locator(".grid-card[data-grid='440306005002001']")).ToBeVisibleAsync();
        await Expect(page.Locator(".start-grid-import")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "community-grids");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the grid page is {overflow}px wider than a 390px phone");
        await page.Context.CloseAsync();
    }
}
