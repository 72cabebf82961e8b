using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>At the door, on a phone: a community worker walks a building and records who is there.</summary>
[Collection(AppCollection.Name)]
public sealed class VerificationFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Worker_on_a_phone_marks_a_resident_present_and_sees_progress_move()
    {
        var page = await app.SignInAsync("community-worker", width: 390, height: 844);
        await app.GoAsync(page, "/registry/verification");
        await Expect(page.Locator(".community-select")).ToContainTextAsync("红星社区");

        await PickBuildingAsync(page, "红星花园");
        var resident = page.Locator(".resident[data-state=unverified]").First;
        await Expect(resident).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "verification-phone-before");

        var buildingBefore = await CheckedAsync(page, ".building-progress");
        var communityBefore = await CheckedAsync(page, ".community-progress");
        var id = await resident.GetAttributeAsync("data-person");
        await resident.Locator(".resident-note input, input.resident-note").First.FillAsync("本人开门");
        await resident.Locator("button.mark-present").ClickAsync();

        var marked = page.Locator($".resident[data-person='{id}']");
        await Expect(marked).ToHaveAttributeAsync("data-state", "present");
        await Expect(marked.Locator(".resident-state")).ToHaveTextAsync("在住");
        await Expect(page.Locator(".building-progress .progress-count")).ToHaveTextAsync($"已核查 {buildingBefore.Checked + 1} / {buildingBefore.Total}");
        await Expect(page.Locator(".community-progress .progress-count")).ToHaveTextAsync($"已核查 {communityBefore.Checked + 1} / {communityBefore.Total}");
        await AppFixture.ShotAsync(page, "verification-phone-after");

        // Nothing on the page may need sideways scrolling at a phone's width.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Worker_registers_a_newcomer_at_the_door_after_fixing_the_id()
    {
        var page = await app.SignInAsync("community-worker", width: 390, height: 844);
        await app.GoAsync(page, "/registry/verification");
        // The community loads after the circuit is up; a building list opened before that is closed again by its re-render.
        await Expect(page.Locator(".community-select")).ToContainTextAsync("红星社区");
        await PickBuildingAsync(page, "红星花园");
        var room = page.Locator(".room").First;
        await Expect(room).ToBeVisibleAsync();
        var before = await CheckedAsync(page, ".building-progress");

        await room.Locator("button.add-newcomer").ClickAsync();
        await page.Locator("input.newcomer-name").FillAsync("甄新来");
        var id = "44030619900101123" + Registry.IdentityDocuments.CheckChar("44030619900101123");
        await page.Locator("input.newcomer-id").FillAsync(id[..17] + (id[17] == '0' ? '1' : '0'));
        await page.Locator("input.newcomer-phone").FillAsync("1380013");
        await page.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(page.Locator(".field-error[data-field=idNumber]")).ToContainTextAsync("校验位不正确");
        await Expect(page.Locator(".field-error[data-field=phone]")).ToContainTextAsync("手机号码不正确");
        await AppFixture.ShotAsync(page, "newcomer-errors");

        await page.Locator("input.newcomer-id").FillAsync(id);
        await page.Locator("input.newcomer-id").PressAsync("Tab");
        // A fixed field's error goes at once; the one still wrong stays until it is fixed too.
        await Expect(page.Locator(".field-error[data-field=idNumber]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".field-error[data-field=phone]")).ToBeVisibleAsync();
        await page.Locator("input.newcomer-phone").FillAsync("13800138099");
        await page.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        var newcomer = page.Locator(".resident").Filter(new() { HasText = "甄新来" });
        await Expect(newcomer).ToHaveAttributeAsync("data-state", "present");
        await Expect(page.Locator(".building-progress .progress-count")).ToHaveTextAsync($"已核查 {before.Checked + 1} / {before.Total + 1}");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Opens the building select and picks an option. On a loaded machine the buildings may arrive after the
    /// dropdown opened (then its first options are not yet visible): open it again until one is, within the
    /// fixture's patience, a sixth of it at a time.
    /// </summary>
    internal static async Task PickBuildingAsync(IPage page, string text)
    {
        var option = page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = text }).First;
        var attempt = (float)(AppFixture.Patience.TotalMilliseconds / 6);
        var deadline = DateTime.UtcNow + AppFixture.Patience;
        while (true)
        {
            await page.Locator(".building-select").ClickAsync();
            try
            {
                await option.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = attempt });
                await option.ClickAsync(new() { Timeout = attempt });
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    static async Task<(int Checked, int Total)> CheckedAsync(IPage page, string block)
    {
        var text = await page.Locator($"{block} .progress-count").InnerTextAsync();
        var m = Regex.Match(text, @"(\d+)\s*/\s*(\d+)");
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }
}
