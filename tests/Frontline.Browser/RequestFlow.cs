using System.Net;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// An urgent request is routed to its community: the hotline logs a resident's urgent dialysis need for 红星社区 from the
/// log form while on the phone, and 红星社区's worker finds it at the top of the queue on a phone, above an ordinary
/// request logged before it, with the phone masked until they unmask it to call.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RequestFlow(AppFixture app)
{
    [BrowserFact]
    public async Task An_urgent_request_is_routed_to_its_community()
    {
        using (var api = await app.ApiAsync("hotline"))
        {
            var earlier = await api.PostAsJsonAsync("/api/requests", new
            {
                kind = "food", urgency = "normal", address = "宝安区松岗街道红星社区红星花园2栋", communityCode = TestingData.Hongxing, phone = "13900001111", text = "需要配送蔬菜",
            });
            Assert.Equal(HttpStatusCode.Created, earlier.StatusCode);
        }
        var need = TestingData.Unique("尿毒症患者今天下午需透析");
        var hotline = await app.SignInAsync("hotline");
        await app.GoAsync(hotline, "/requests/new");
        await hotline.Locator("button.kind-dialysis").ClickAsync();
        await hotline.Locator("button.urgency-urgent").ClickAsync();
        await Expect(hotline.Locator("button.urgency-urgent")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bon\b"));
        await hotline.Locator("input.request-phone").FillAsync("13823456789");
        await hotline.Locator("input.request-address").FillAsync("宝安区松岗街道红星社区红星花园3栋502");
        await hotline.Locator("textarea.request-text").FillAsync(need);
        await hotline.Locator("textarea.request-text").PressAsync("Tab");
        await hotline.Locator("button.request-submit").ClickAsync();
        await Expect(hotline.Locator(".request-logged")).ToContainTextAsync("已登记诉求");
        await AppFixture.ShotAsync(hotline, "request-logged-desk");

        var worker = await app.SignInAsync("community-worker", 390, 844);
        await app.GoAsync(worker, "/requests");
        var first = worker.Locator(".request-card").First;
        await Expect(first).ToContainTextAsync(need);
        await Expect(first).ToHaveAttributeAsync("data-urgency", "urgent");
        await Expect(first).ToContainTextAsync("透析");
        await Expect(first.Locator(".request-address")).ToHaveTextAsync("宝安区松岗街道红星社区红星花园3栋****");
        await Expect(first.Locator("a.request-call")).ToHaveCountAsync(0);
        await AppFixture.ShotAsync(worker, "request-queue-phone");

        // Tap-to-call only after unmasking with a reason.
        await first.Locator("button.show-phone").ClickAsync();
        await first.Locator("button.confirm-step").ClickAsync();
        await Expect(first.Locator("a.request-call")).ToHaveAttributeAsync("href", "tel:13823456789");
        await first.Locator("button.accept").ClickAsync();
        await Expect(first).ToContainTextAsync("办理中");
        await hotline.Context.CloseAsync();
        await worker.Context.CloseAsync();
    }
}
