using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// An inspector of the 松岗 督导组 records a finding at a market on a phone-sized screen (390×844): finds the market by
/// name, taps through the checklist (a "no" at the entrance's venue-code scan starts a finding with tomorrow evening as its
/// deadline), adds a photo and submits; the place's history shows the finding open, and the rectification task is there
/// for the market's community.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class InspectionFlow(AppFixture app)
{
    /// <summary>A 1×1 PNG: what the photo picker hands over.</summary>
    static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [BrowserFact]
    public async Task An_inspector_records_a_finding_on_a_phone_and_the_rectification_task_appears()
    {
        using var admin = await app.ApiAsync("admin");
        var name = TestingData.Unique("督导测试农贸市场");
        var created = await admin.PostAsJsonAsync("/api/places", new { code = TestingData.Unique("INSP-"), name, kind = "market", communityCode = TestingData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var placeId = "place:" + (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await app.SignInAsync("inspector", 390, 844);
        await app.GoAsync(page, "/command/inspections/new");
        await page.Locator(".insp-place-search").FillAsync(name);
        var choice = page.Locator(".insp-place", new() { HasText = name });
        await choice.ClickAsync();
        await Expect(page.Locator(".insp-chosen-name")).ToHaveTextAsync(name);

        await page.Locator(".insp-item[data-item='venue-code-scan'] .insp-no").ClickAsync();
        foreach (var item in new[] { "temperature-check", "masks", "disinfection-log", "staff-tested" })
            await page.Locator($".insp-item[data-item='{item}'] .insp-yes").ClickAsync();
        await Expect(page.Locator(".insp-item[data-item='venue-code-scan'] .insp-no.on")).ToBeVisibleAsync();
        // The "no" started a finding worded after the item; the inspector says what they saw.
        var finding = page.Locator(".insp-finding-text");
        await Expect(finding).ToHaveCountAsync(1);
        await finding.FillAsync("东门入口场所码被遮挡，顾客未扫码进入");
        await finding.BlurAsync();
        await page.Locator("input.insp-photos").SetInputFilesAsync(new Microsoft.Playwright.FilePayload { Name = "东门入口.png", MimeType = "image/png", Buffer = Photo });
        await Expect(page.Locator(".insp-photo-name")).ToContainTextAsync("东门入口.png");
        await AppFixture.ShotAsync(page, "inspection-phone");
        await page.Locator(".insp-submit").ClickAsync();

        await Expect(page.Locator(".insp-saved")).ToBeVisibleAsync();
        var open = page.Locator(".insp-finding-row.open").First;
        await Expect(open).ToContainTextAsync("东门入口场所码被遮挡");
        await Expect(page.Locator(".insp-photo-link")).ToContainTextAsync("东门入口.png");
        await AppFixture.ShotAsync(page, "inspection-place-phone");
        var findingId = await open.GetAttributeAsync("data-finding");

        // The rectification task, as the inspector reads the tasks: kind rectification, the finding as subject, for 红星.
        using var inspector = await app.ApiAsync("inspector");
        var tasks = await inspector.GetFromJsonAsync<JsonElement>($"/api/tasks?status=open&jurisdiction={TestingData.Hongxing}&pageSize=500");
        var task = tasks.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "rectification" && t.GetProperty("subjectId").GetString() == findingId);
        Assert.Contains(name, task.GetProperty("title").GetString());
        Assert.True(task.GetProperty("dueBy").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var history = await inspector.GetFromJsonAsync<JsonElement>($"/api/inspections/history?placeId={placeId}");
        Assert.Equal(1, history.GetProperty("inspections").GetProperty("items")[0].GetProperty("photos").GetArrayLength());
        await page.Context.CloseAsync();

        // The street command's list on a desk screen: the market is among those with findings open.
        var desk = await app.SignInAsync("street-commander", 1440, 900);
        await app.GoAsync(desk, "/command/inspections");
        await desk.Locator(".insp-filter-open").CheckAsync();
        await Expect(desk.Locator(".insp-table tbody tr", new() { HasText = name })).ToBeVisibleAsync();
        await AppFixture.ShotAsync(desk, "inspections-list-desk");
        await desk.Context.CloseAsync();
    }
}
