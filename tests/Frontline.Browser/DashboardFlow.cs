using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The district commander opens the dashboard (the day's figures with the day before, the streets underneath), drills from the
/// district into 松岗街道 (its communities underneath, the path back up), and downloads a table as a spreadsheet.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DashboardFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_commander_reads_the_district_drills_into_a_street_and_downloads_a_table()
    {
        var page = await app.SignInAsync("commander");
        await app.GoAsync(page, "/dashboard");
        await Expect(page.Locator(".section[data-table=cases]")).ToBeVisibleAsync();
        await Expect(page.Locator(".section[data-table=cases] .figure[data-figure=NewConfirmed] .before")).ToContainTextAsync("前一日");
        await Expect(page.Locator(".computed-at")).ToContainTextAsync("统计时间");
        await Expect(page.Locator(".epidemic-curve")).ToContainTextAsync("疫情曲线");
        await Expect(page.Locator("table.by-child")).ToContainTextAsync("街道");
        await AppFixture.ShotAsync(page, "dashboard-district");

        await page.Locator($"tr.child-row[data-code='{TestingData.Songgang}'] a.drill").ClickAsync();
        await Expect(page.Locator(".dashboard-path")).ToContainTextAsync("松岗");
        await Expect(page.Locator($"tr.child-row[data-code='{TestingData.Hongxing}']")).ToBeVisibleAsync();
        await Expect(page.Locator("table.by-child")).ToContainTextAsync("社区");
        await AppFixture.ShotAsync(page, "dashboard-street");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".section[data-table=cases] a.export-link").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        Assert.Contains("病例", download.SuggestedFilename);

        // Back up to the district by the path.
        await page.Locator(".dashboard-path a.path-step").First.ClickAsync();
        await Expect(page.Locator($"tr.child-row[data-code='{TestingData.Songgang}']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
