using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The district commander makes yesterday's briefing from the list of briefings, reads it as a page (title, sentences, tables
/// by street, charts), downloads it as Word there and again from the list, where it is kept.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class BriefingFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_commander_makes_yesterdays_briefing_reads_it_and_downloads_it_from_the_list()
    {
        var page = await app.SignInAsync("commander", 1440, 900);
        await app.GoAsync(page, "/command/briefings");
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("每日简报");
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.Locator(".briefing-date").FillAsync(yesterday);
        await page.Locator("button.make-briefing").ClickAsync();

        await page.WaitForURLAsync($"**/command/briefings/{yesterday}");
        await Expect(page.Locator("h1.doc-title")).ToContainTextAsync("新冠肺炎疫情防控工作简报");
        await Expect(page.Locator("section[data-section=cases] p.sentence").First).ToContainTextAsync("今日");
        await Expect(page.Locator("section[data-section=testing] table")).ToContainTextAsync("街道");
        await Expect(page.Locator("figure.chart[data-chart=curve] img")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "briefing-page");
        // And what the commander sees first, at 1440×900.
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ShotsFolder, "briefing-page-1440x900.png") });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.download-briefing").ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        Assert.Contains("简报", download.SuggestedFilename);

        await app.GoAsync(page, "/command/briefings");
        var row = page.Locator($"tr.briefing-row[data-date='{yesterday}']");
        await Expect(row).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "briefing-list");
        var again = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.download-briefing").ClickAsync());
        Assert.EndsWith(".docx", again.SuggestedFilename);
        var path = Path.Combine(AppFixture.ShotsFolder, "briefing.docx");
        await again.SaveAsAsync(path);
        Assert.True(new FileInfo(path).Length > 10_000);
        await page.Context.CloseAsync();
    }
}
