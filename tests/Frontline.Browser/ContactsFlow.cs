using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// An investigator on a phone records a secondary contact through one of the case's close contacts, sees both listed
/// with their state, and opens the chain of transmission, drawn in the browser (WebGL canvas) with its node count.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ContactsFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Investigator_adds_a_secondary_contact_via_a_close_one_and_sees_the_chain_drawn()
    {
        var people = await TestingData.ResidentsAsync(app, 3);
        using var admin = await app.ApiAsync("admin");
        async Task<string> PersonId(string idNumber) =>
            (await admin.GetFromJsonAsync<JsonElement>($"/api/persons?q={idNumber}")).GetProperty("items")[0].GetProperty("id").GetString()!;
        using var investigator = await app.ApiAsync("investigator");
        var created = await investigator.PostAsJsonAsync("/api/cases", new { personId = await PersonId(people[0]), classification = "confirmed" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var close = await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = await PersonId(people[1]), type = "close", lastExposureAt = DateTimeOffset.UtcNow.AddDays(-1), setting = "workplace" });
        Assert.Equal(HttpStatusCode.Created, close.StatusCode);

        var page = await app.SignInAsync("investigator", 390, 844);
        await app.GoAsync(page, $"/investigation/cases/{caseId}/contacts");
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync($"病例{caseId}的密接与次密接");
        await Expect(page.Locator(".contact-table .ant-table-row")).ToHaveCountAsync(1);
        await page.Locator(".contact-add-panel .ant-collapse-header").First.ClickAsync();
        await page.Locator(".contact-type label", new() { HasText = "次密接" }).ClickAsync();
        await page.Locator(".contact-via").ClickAsync();
        await page.Locator(".ant-select-item-option", new() { HasText = "受**（同办公室" }).ClickAsync();
        await page.Locator(".contact-id input, input.contact-id").First.FillAsync(people[2]);
        // Six hours ago on Beijing's clock: after midnight in Beijing that is yesterday evening, which the picker must take
        // whatever the server's own clock says.
        await page.Locator("input.contact-exposure").FillAsync(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddHours(-6).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator(".contact-save").ClickAsync();
        await Expect(page.Locator(".contact-done")).ToBeVisibleAsync();
        await Expect(page.Locator(".contact-table .ant-table-row")).ToHaveCountAsync(2);
        await Expect(page.Locator(".contact-table")).ToContainTextAsync("次密接");
        await Expect(page.Locator(".contact-table")).ToContainTextAsync("管控中");
        await AppFixture.ShotAsync(page, "contacts-panel-phone");

        await app.GoAsync(page, $"/investigation/chain/{caseId}");
        await Expect(page.Locator(".chain-count")).ToContainTextAsync("共 1 例病例、2 名密接/次密接");
        await Expect(page.Locator(".chain-canvas canvas").First).ToBeAttachedAsync();
        await Expect(page.Locator(".chain-drawn")).ToContainTextAsync("已绘制 3 个节点");
        await Expect(page.Locator(".chain-canvas")).ToHaveAttributeAsync("data-nodes", "3");
        await AppFixture.ShotAsync(page, "chain-phone-drawn");
        await page.Locator(".chain-search input, input.chain-search").First.FillAsync($"病例{caseId}");
        await page.Locator(".chain-search-go").ClickAsync();
        await Expect(page.Locator(".chain-found")).ToContainTextAsync("找到 1 个");
        await AppFixture.ShotAsync(page, "chain-phone");
        await page.Context.CloseAsync();
    }
}
