using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>An investigator opens a case from the list, confirms the classification on its page, and downloads the report; the page on a phone.</summary>
[Collection(AppCollection.Name)]
public sealed class CaseFlow(AppFixture app)
{
    async Task<(string Id, string Label)> AsymptomaticCaseAsync()
    {
        var admin = await app.ApiAsync("admin");
        var person = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "流调浏览", idNumber = TestingData.NewResidentId(), phone = "139" + Random.Shared.Next(10_000_000, 99_999_999),
            communityCode = "440306005002", building = "红星花园2栋", room = "1502",
        });
        Assert.True(person.IsSuccessStatusCode, await person.Content.ReadAsStringAsync());
        var personId = (await person.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var investigator = await app.ApiAsync("investigator");
        var created = await investigator.PostAsJsonAsync("/api/cases", new { personId, classification = "asymptomatic", detectedBy = "mass-testing" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var detail = await investigator.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        return (id, detail.GetProperty("case").GetProperty("label").GetString()!);
    }

    [BrowserFact]
    public async Task Investigator_opens_a_case_confirms_it_and_downloads_the_report()
    {
        var (id, label) = await AsymptomaticCaseAsync();
        var page = await app.SignInAsync("investigator");
        await app.GoAsync(page, "/investigation/cases");
        // Recording a case by hand refuses an ID whose check character is wrong, and says so.
        await page.Locator("button.new-case").ClickAsync();
        var form = page.Locator(".new-case-modal");
        await form.Locator("input.new-case-id, .new-case-id input").First.FillAsync("440306198503124026");
        await form.GetByRole(AriaRole.Button, new() { Name = "登 记" }).Or(form.GetByRole(AriaRole.Button, new() { Name = "登记" })).First.ClickAsync();
        await Expect(form.Locator(".new-case-error")).ToContainTextAsync("校验");
        await form.GetByRole(AriaRole.Button, new() { Name = "取 消" }).Or(form.GetByRole(AriaRole.Button, new() { Name = "取消" })).First.ClickAsync();

        await page.Locator("input.case-number-search, .case-number-search input").First.FillAsync(label);
        await page.Locator("button.search-button").ClickAsync();
        var link = page.Locator("a.case-link", new() { HasText = label });
        await Expect(link).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(page, "case-list");
        await link.ClickAsync();
        await AppFixture.ArrivedAsync(page, new System.Text.RegularExpressions.Regex($"/investigation/cases/{id}$"));
        await Expect(page.Locator(".case-classification")).ToHaveTextAsync("无症状感染者");
        await Expect(page.Locator(".case-id-number")).ToContainTextAsync("********");

        await page.Locator("button.edit-classification").ClickAsync();
        var modal = page.Locator(".case-edit-modal");
        await modal.GetByText("确诊病例", new() { Exact = true }).ClickAsync();
        await modal.Locator("textarea.classification-note").FillAsync("胸部CT见磨玻璃影");
        await modal.GetByRole(AriaRole.Button, new() { Name = "保 存" }).Or(modal.GetByRole(AriaRole.Button, new() { Name = "保存" })).First.ClickAsync();
        await Expect(page.Locator(".case-classification")).ToHaveTextAsync("确诊病例");
        await Expect(page.Locator(".case-timeline")).ToContainTextAsync("订正分类");
        await Expect(page.Locator(".case-timeline .timeline-change").First).ToContainTextAsync("无症状感染者 → 确诊病例");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.report-download").ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        var path = await download.PathAsync();
        using (var doc = WordprocessingDocument.Open(path, false))
        {
            var errors = new OpenXmlValidator().Validate(doc).Select(e => e.Description).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.Contains(label + "流行病学调查报告", doc.MainDocumentPart!.Document.Body!.InnerText);
            Assert.Contains("确诊病例", doc.MainDocumentPart!.Document.Body!.InnerText);
        }
        await AppFixture.ShotAsync(page, "case-page");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_case_page_fits_a_phone()
    {
        var (id, label) = await AsymptomaticCaseAsync();
        var page = await app.SignInAsync("investigator", width: 390, height: 844);
        await app.GoAsync(page, $"/investigation/cases/{id}");
        await Expect(page.Locator("h1.case-title")).ToContainTextAsync(label);
        await Expect(page.Locator(".case-deadline")).ToHaveCountAsync(3);
        await Expect(page.Locator(".case-panel-report a.report-download")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "case-page-phone");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await page.Context.CloseAsync();
    }
}
