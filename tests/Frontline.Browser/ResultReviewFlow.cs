using System.Text.RegularExpressions;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>A lab's corrected result: negative first, positive after re-checking; a person adopts it with a reason.</summary>
[Collection(AppCollection.Name)]
public sealed class ResultReviewFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Lab_adopts_a_corrected_positive_and_the_tube_leaves_the_list()
    {
        var (roundId, _, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing, startedHoursAgo: 2);
        var people = await TestingData.ResidentsAsync(app, 2);
        using var sampler = await app.ApiAsync("sampler");
        using var labApi = await app.ApiAsync("lab");
        var tube = TestingData.Unique("T");
        var scans = await sampler.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = people.Select(id => new { eventId = Guid.NewGuid().ToString(), roundId, siteCode, tubeCode = tube, idNumber = id }).ToArray(),
        });
        Assert.True(scans.IsSuccessStatusCode, await scans.Content.ReadAsStringAsync());
        var negative = await labApi.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Guid.NewGuid().ToString(), roundId, tubeCode = tube, outcome = "negative", lab = "松岗检测实验室" } },
        });
        Assert.True(negative.IsSuccessStatusCode, await negative.Content.ReadAsStringAsync());

        // The lab re-checks and uploads its corrected file: the positive is kept, not applied, and the page says where to decide it.
        var page = await app.SignInAsync("lab");
        await app.GoAsync(page, "/testing/results");
        var file = Path.Combine(Path.GetTempPath(), $"lab-corrected-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, $"采样管编号,检测结果,ORF1ab,N,检测机构,报告时间\n{tube},阳性,26.5,26.5,松岗检测实验室,\n");
        await page.Locator("input.result-file").SetInputFilesAsync(file);
        await page.Locator("button.start-upload").ClickAsync();
        await Expect(page.Locator(".conflicts-waiting")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "result-upload-conflict");
        File.Delete(file);
        await page.Locator("a.conflicts-link").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/testing/reviews$"));
        await AppFixture.WaitInteractiveAsync(page);
        var row = page.Locator(".review-table .ant-table-row", new() { HasText = tube });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".outcome-tag").First).ToHaveTextAsync("阴性");
        await Expect(row.Locator(".waiting-result .outcome-tag")).ToHaveTextAsync("阳性");
        await AppFixture.ShotAsync(page, "result-review-list");

        await row.Locator(".adopt-button").ClickAsync();
        var modal = page.Locator(".review-modal");
        await Expect(modal.Locator(".review-warning")).ToContainTextAsync("临时管控");
        await modal.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();
        await Expect(modal.Locator(".field-error")).ToContainTextAsync("处理理由");
        var note = modal.Locator("textarea.review-note");
        await note.FillAsync("实验室复检确认阳性，原阴性结果系录入错误");
        // The input method commits Chinese text without key events; the field takes it when it loses focus.
        await note.BlurAsync();
        await Expect(modal.Locator(".field-error")).ToHaveCountAsync(0);
        await AppFixture.ShotAsync(page, "result-review-adopt");
        await modal.GetByRole(AriaRole.Button, new() { Name = "确认" }).ClickAsync();

        await Expect(page.Locator(".review-done")).ToContainTextAsync(tube);
        await Expect(row).ToHaveCountAsync(0);
        await Expect(modal).ToBeHiddenAsync();
        await AppFixture.ShotAsync(page, "result-review-done");

        // What the adopted positive set off, as the community sees it.
        using var worker = await app.ApiAsync("community-worker");
        var person = await worker.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/persons?q={people[0]}");
        var id = person.GetProperty("items")[0].GetProperty("id").GetString();
        var status = await worker.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/persons/{id}/status");
        Assert.Equal("temporary", status.GetProperty("control").GetString());
    }
}
