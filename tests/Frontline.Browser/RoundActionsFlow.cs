using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>Door-knocking finds a bedridden resident (exempt, sampled at home later); the commander closes the round at night.</summary>
[Collection(AppCollection.Name)]
public sealed class RoundActionsFlow(AppFixture app)
{
    static async Task<int> FigureAsync(IPage page, string key) =>
        int.Parse((await page.Locator($"[data-figure={key}] .figure-value").InnerTextAsync()).Replace(",", ""));

    [BrowserFact]
    public async Task Community_worker_exempts_a_bedridden_resident_and_the_commander_closes_the_round()
    {
        var (roundId, roundName, _, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing);
        await TestingData.ResidentsAsync(app, 1);

        var page = await app.SignInAsync("community-worker");
        await app.GoAsync(page, $"/testing/rounds/{roundId}");
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync(roundName);
        await Expect(page.Locator(".untested-table .ant-table-row").First).ToBeVisibleAsync();
        // A community worker records exemptions but does not close rounds.
        await Expect(page.Locator("button.close-round")).ToHaveCountAsync(0);
        var exempt = await FigureAsync(page, "exempt");
        var untested = int.Parse(await page.Locator(".untested-total").GetAttributeAsync("data-total") ?? "-1");
        var firstRow = page.Locator(".untested-table .ant-table-row").First;
        var name = await firstRow.Locator("a").First.InnerTextAsync();

        await firstRow.Locator("button.exempt-person").ClickAsync();
        var modal = page.Locator(".exempt-modal");
        await Expect(modal).ToContainTextAsync(name);
        await modal.Locator(".exempt-reason label", new() { HasText = "卧床" }).ClickAsync();
        await AppFixture.ShotAsync(page, "round-exempt");
        await modal.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(page.Locator(".untested-total")).ToHaveAttributeAsync("data-total", (untested - 1).ToString());
        await Expect(page.Locator("[data-figure=exempt] .figure-value")).ToHaveTextAsync((exempt + 1).ToString("N0"));
        await page.Context.CloseAsync();

        var commander = await app.SignInAsync("commander");
        await app.GoAsync(commander, $"/testing/rounds/{roundId}");
        await commander.Locator("button.close-round").ClickAsync();
        await commander.Locator(".close-modal").GetByRole(AriaRole.Button, new() { Name = "结束" }).ClickAsync();
        await Expect(commander.Locator(".round-state")).ToHaveTextAsync("已结束");
        await Expect(commander.Locator("button.close-round")).ToHaveCountAsync(0);
        await Expect(commander.Locator(".close-modal")).ToBeHiddenAsync();
        await AppFixture.ShotAsync(commander, "round-closed");
        await commander.Context.CloseAsync();
    }
}
