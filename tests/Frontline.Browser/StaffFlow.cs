using Frontline.Command.Staff;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The street commander opens the deployed cadres (下沉干部) at the command desk: the cadre on duty 62 days in a row is the
/// first row, marked with a care alert and no care yet; they open him, record a visit, and the list shows it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class StaffFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Commander_sees_the_cadre_with_a_care_alert_first_and_records_a_visit()
    {
        // The demo's cadres, made through the staff service as the street commander.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<StaffDemo>().SeedAsync(CancellationToken.None);

        var page = await app.SignInAsync("street-commander", 1440, 900);
        await app.GoAsync(page, "/command/staff");
        var first = page.Locator(".staff-row").First;
        await Expect(first).ToHaveAttributeAsync("data-care-alert", "true");
        await Expect(first.Locator(".name")).ToContainTextAsync("张卫东");
        await Expect(first.Locator(".care-alert-tag")).ToBeVisibleAsync();
        await Expect(first.Locator(".days")).ToHaveTextAsync("62");
        await Expect(first.Locator(".never-cared")).ToBeVisibleAsync();
        await Expect(page.Locator(".care-alert-count strong")).Not.ToHaveTextAsync("0");
        await AppFixture.ShotAsync(page, "staff-list-desk");

        await first.Locator(".name a").ClickAsync();
        await AppFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator(".staff-name")).ToHaveTextAsync("张卫东");
        await Expect(page.Locator(".care-alert-banner")).ToContainTextAsync("尚无关爱记录");
        await page.Locator("select.care-kind").SelectOptionAsync("visit");
        await page.Locator("input.care-note").FillAsync("街道工委书记走访慰问，安排轮休");
        await page.Locator("button.record-care").ClickAsync();
        await Expect(page.Locator(".care-list .care-item").First).ToContainTextAsync("走访慰问");
        await Expect(page.Locator(".care-alert-banner")).ToContainTextAsync("最近一次关爱");
        await AppFixture.ShotAsync(page, "staff-page-desk");

        // To call him: the full number, with a reason that the audit keeps.
        await Expect(page.Locator(".staff-phone")).ToHaveTextAsync("137****0101");
        await page.Locator(".unmask-link").ClickAsync();
        await page.Locator("input.unmask-reason").FillAsync("电话联系本人安排轮休");
        await page.Locator("button.unmask").ClickAsync();
        await Expect(page.Locator(".staff-phone")).ToHaveTextAsync("13707550101");

        await app.GoAsync(page, "/command/staff");
        var row = page.Locator(".staff-row").First;
        await Expect(row.Locator(".name")).ToContainTextAsync("张卫东");
        await Expect(row).ToContainTextAsync("走访慰问");
        await page.Context.CloseAsync();

        // The same list on a phone: the alert still leads, as a card.
        var phone = await app.SignInAsync("street-commander", 390, 844);
        await app.GoAsync(phone, "/command/staff");
        await Expect(phone.Locator(".staff-row").First).ToHaveAttributeAsync("data-care-alert", "true");
        await AppFixture.ShotAsync(phone, "staff-list-phone");
        await phone.Locator(".staff-row").First.Locator(".name a").ClickAsync();
        await Expect(phone.Locator(".care-list .care-item").First).ToContainTextAsync("走访慰问");
        await AppFixture.ShotAsync(phone, "staff-page-phone");
        await phone.Context.CloseAsync();
    }
}
