using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>A street commander sets up a sampling site with its sampler, then takes the sampler off the team.</summary>
[Collection(AppCollection.Name)]
public sealed class SiteFlow(AppFixture app)
{
    static ILocator Option(IPage page, string text) =>
        page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = text }).First;

    [BrowserFact]
    public async Task Street_commander_sets_up_a_site_and_its_team()
    {
        var page = await app.SignInAsync("street-commander");
        await app.GoAsync(page, "/testing/sites");
        var panel = page.Locator(".create-site-panel");
        if (!await page.Locator("input.site-code").IsVisibleAsync()) await panel.Locator(".ant-collapse-header").ClickAsync();

        // Refused first: no community chosen.
        var code = TestingData.Unique("SG-HX-");
        await page.Locator("input.site-code").FillAsync(code);
        await page.Locator("input.site-name").FillAsync("红星社区文化广场采样点");
        await page.Locator("button.create-site").ClickAsync();
        await Expect(page.Locator(".site-form-error")).ToContainTextAsync("找不到社区");

        await page.Locator(".site-community").ClickAsync();
        await page.Keyboard.TypeAsync("红星");
        await Option(page, TestingData.HongxingName).ClickAsync();
        await page.Locator(".site-samplers").ClickAsync();
        await Option(page, "(sampler)").Or(Option(page, "（sampler）")).First.ClickAsync();
        await page.Locator("h1.page-title").ClickAsync();
        await AppFixture.ShotAsync(page, "site-create-form");
        await page.Locator("button.create-site").ClickAsync();

        await Expect(page.Locator(".site-done")).ToContainTextAsync(code);
        await page.Locator("input.site-filter-text, .site-filter-text input").First.FillAsync(code);
        var row = page.Locator(".site-table .ant-table-row", new() { HasText = code });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".sampler-tag")).ToContainTextAsync("sampler");
        await Expect(row).ToContainTextAsync(TestingData.HongxingName);
        await AppFixture.ShotAsync(page, "site-list");

        // The sampler moves to another site: off this team.
        await row.Locator(".edit-site").ClickAsync();
        var modal = page.Locator(".site-modal");
        await modal.Locator(".edit-site-samplers .ant-select-selection-item-remove").First.ClickAsync();
        await modal.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".site-done")).ToContainTextAsync(code);
        await Expect(row.Locator(".no-team")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
