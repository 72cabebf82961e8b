using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A notice is sent and acknowledged: the district commander sends a notice to 松岗街道 from the desk, 红星社区's worker
/// finds it pending in the inbox on a phone and acknowledges it, and the commander sees 红星社区 among those that have.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class NoticeFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_notice_is_sent_and_acknowledged()
    {
        var title = TestingData.Unique("关于做好封控区生活保障的通知");
        var commander = await app.SignInAsync("commander", 1440, 900);
        await app.GoAsync(commander, "/notices/sent");
        await commander.Locator("input.notice-title-input").FillAsync(title);
        await commander.Locator("textarea.notice-text-input").FillAsync("各街道、社区：请于今日18时前完成封控楼栋居民生活物资需求摸排。");
        await commander.Locator($"input.target[data-code='{TestingData.Songgang}']").CheckAsync();
        await commander.Locator("button.send-notice").ClickAsync();
        await AppFixture.ArrivedAsync(commander, new Regex(@"/notices/\d+$"));
        var url = commander.Url;
        await Expect(commander.Locator(".notice-title")).ToHaveTextAsync(title);
        await Expect(commander.Locator($".pending-units [data-unit='{TestingData.Hongxing}']")).ToBeVisibleAsync();
        await Expect(commander.Locator(".sign-progress")).ToContainTextAsync("已签收 0 /");
        await AppFixture.ShotAsync(commander, "notice-sent-desk");

        var worker = await app.SignInAsync("community-worker", 390, 844);
        await app.GoAsync(worker, "/notices");
        var card = worker.Locator(".notice-card", new() { HasText = title });
        await Expect(card).ToHaveAttributeAsync("data-pending", "true");
        await AppFixture.ShotAsync(worker, "notice-inbox-phone");
        await card.ClickAsync();
        await AppFixture.ArrivedAsync(worker, new Regex(@"/notices/\d+$"));
        await AppFixture.WaitInteractiveAsync(worker);
        await worker.Locator("button.ack-button").ClickAsync();
        await Expect(worker.Locator(".acknowledged-alert")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(worker, "notice-acknowledged-phone");

        await AppFixture.OpenAsync(commander, url);
        await AppFixture.WaitInteractiveAsync(commander);
        var acknowledged = commander.Locator($".acknowledged-units [data-unit='{TestingData.Hongxing}']");
        await Expect(acknowledged).ToContainTextAsync("community-worker");
        await Expect(commander.Locator($".pending-units [data-unit='{TestingData.Hongxing}']")).ToHaveCountAsync(0);
        await Expect(commander.Locator(".sign-progress")).ToContainTextAsync("已签收 1 /");
        await AppFixture.ShotAsync(commander, "notice-acknowledged-desk");
        await commander.Context.CloseAsync();
        await worker.Context.CloseAsync();
    }
}
