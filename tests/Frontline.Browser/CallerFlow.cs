using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A community worker on a phone works through the calls a manager dealt them: states the one reason that shows the
/// numbers, calls the first person (reached) and the second (no answer), and sees the second wait for its retry.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CallerFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_caller_works_through_a_call_list_on_a_phone()
    {
        using var manager = await app.ApiAsync("investigator");
        var name = TestingData.Unique("外呼流程名单");
        var csv = "姓名,证件号码,手机号码\r\n" + $"周外呼,{TestingData.NewResidentId()},13700001111\r\n" + $"吴外呼,{TestingData.NewResidentId()},13700002222\r\n";
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "calls.csv" } };
        var made = await manager.PostAsync($"/api/call-lists/import?name={Uri.EscapeDataString(name)}&jurisdiction={TestingData.Hongxing}", form);
        Assert.True(made.StatusCode == HttpStatusCode.OK, await made.Content.ReadAsStringAsync());
        var list = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var split = await manager.PostAsJsonAsync($"/api/call-lists/{list}/split", new { callers = new[] { "community-worker" } });
        Assert.True(split.StatusCode == HttpStatusCode.OK, await split.Content.ReadAsStringAsync());

        var page = await app.SignInAsync("community-worker", 390, 844);
        await app.GoAsync(page, "/calls");
        // The worker's only list with calls is chosen for them.
        await Expect(page.Locator(".list-select")).ToContainTextAsync(name);

        // Masked until the caller states why: no number to tap.
        await Expect(page.Locator(".next-call .call-tel.masked")).ToBeVisibleAsync();
        await page.Locator(".start-reason").FillAsync("电话通知协查人员到红星社区采样点单采");
        await page.Locator(".start-calls").ClickAsync();

        var tel = page.Locator(".next-call a.call-tel");
        await Expect(tel).ToHaveAttributeAsync("href", "tel:13700001111");
        await Expect(page.Locator(".next-call .call-name")).ToHaveTextAsync("周外呼");
        await Expect(page.Locator(".remaining[data-remaining='2']")).ToBeVisibleAsync();
        await Expect(page.Locator(".outcome-reached")).ToBeEnabledAsync();
        // The buttons fade from disabled to enabled (AntDesign's transition): the picture waits for it.
        await page.WaitForTimeoutAsync(600);
        await AppFixture.ShotAsync(page, "caller-next-call");
        await page.Locator(".call-note").FillAsync("已通知明早采样");
        await page.Locator(".outcome-reached").ClickAsync();

        await Expect(tel).ToHaveAttributeAsync("href", "tel:13700002222");
        await Expect(page.Locator(".remaining[data-remaining='1']")).ToBeVisibleAsync();
        await page.Locator(".outcome-no-answer").ClickAsync();

        // The unanswered call waits for its retry time; nothing else is left to call now.
        await Expect(page.Locator(".calls-waiting")).ToBeVisibleAsync();
        await Expect(page.Locator(".calls-notice")).ToContainTextAsync("未接听");
        await Expect(page.Locator(".remaining[data-remaining='1']")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "caller-retry-waiting");

        var progress = await manager.GetFromJsonAsync<JsonElement>($"/api/call-lists/{list}");
        Assert.Equal(1, progress.GetProperty("reached").GetInt32());
        Assert.Equal(1, progress.GetProperty("noAnswer").GetInt32());
        var retry = await manager.GetFromJsonAsync<JsonElement>($"/api/call-lists/{list}/calls?status=retry");
        Assert.Equal(1, retry.GetProperty("total").GetInt64());
        Assert.Equal("no-answer", retry.GetProperty("items")[0].GetProperty("outcome").GetString());
        await page.Context.CloseAsync();
    }
}
