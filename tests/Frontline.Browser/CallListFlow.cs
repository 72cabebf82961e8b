using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>A manager finds a call list among the jurisdiction's, deals it to a caller, sees the progress and downloads the results.</summary>
[Collection(AppCollection.Name)]
public sealed class CallListFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_manager_splits_a_call_list_and_downloads_its_results()
    {
        using var api = await app.ApiAsync("investigator");
        var name = TestingData.Unique("分派流程名单");
        var csv = "姓名,手机号码\r\n郑外呼,13700003333\r\n王外呼,13700004444\r\n孙外呼,13700005555\r\n";
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "calls.csv" } };
        var made = await api.PostAsync($"/api/call-lists/import?name={Uri.EscapeDataString(name)}&jurisdiction={TestingData.Hongxing}", form);
        Assert.True(made.StatusCode == HttpStatusCode.OK, await made.Content.ReadAsStringAsync());
        var list = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var page = await app.SignInAsync("investigator");
        await app.GoAsync(page, "/call-lists");
        await page.Locator(".call-lists-table a", new() { HasTextString = name }).ClickAsync();
        await AppFixture.ArrivedAsync(page, new System.Text.RegularExpressions.Regex($"/call-lists/{list}$"));
        await Expect(page.Locator(".progress-unassigned")).ToContainTextAsync("3");

        await page.Locator(".split-callers").FillAsync("community-worker, investigator");
        await page.Locator(".split-submit").ClickAsync();
        await Expect(page.Locator(".call-list-notice")).ToContainTextAsync("community-worker");
        await Expect(page.Locator(".progress-unassigned")).ToContainTextAsync("0");
        await Expect(page.Locator(".caller-progress tbody tr")).ToHaveCountAsync(2);
        // Masked for the manager: the number's middle is hidden.
        await Expect(page.Locator(".calls-table").First).ToContainTextAsync("137****3333");
        await AppFixture.ShotAsync(page, "call-list-detail");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(".call-export").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }
}
