using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// An investigator on a phone: adds a trajectory entry at a registered place found by its code, takes the case's own
/// check-in into the trajectory, and confirms a space-time companion as a close contact with one click. Then the place's
/// venue-code poster, printable on A4.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CheckInFlow(AppFixture app)
{
    static readonly TimeSpan China = TimeSpan.FromHours(8);

    [BrowserFact]
    public async Task Investigator_adds_a_trajectory_entry_and_confirms_a_companion_on_a_phone()
    {
        // The facts, as the API's users would have made them: a market, a case, the venue-code platform's check-ins.
        using var admin = await app.ApiAsync("admin");
        var code = TestingData.Unique("HX-MKT-");
        var place = await admin.PostAsJsonAsync("/api/places", new { code, name = "红星综合市场" + code[^4..], kind = "market", communityCode = TestingData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, place.StatusCode);
        var placeId = (await place.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var people = await TestingData.ResidentsAsync(app, 2);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);
        var created = await admin.PostAsJsonAsync("/api/cases", new { idNumber = people[0], classification = "confirmed", onsetDate = today.AddDays(-1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var morning = new DateTimeOffset(today.AddDays(-2).ToDateTime(new TimeOnly(9, 0)), China);
        var checkIns = await admin.PostAsJsonAsync("/api/checkins/batch", new
        {
            events = new[]
            {
                new { eventId = TestingData.Unique("flow-"), venueCode = code, idNumber = people[0], at = morning.AddMinutes(10) },
                new { eventId = TestingData.Unique("flow-"), venueCode = code, idNumber = people[1], at = morning.AddMinutes(20) },
            },
        });
        Assert.Equal(2, (await checkIns.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var page = await app.SignInAsync("investigator", 390, 844);
        await app.GoAsync(page, $"/investigation/checkins/cases/{caseId}");
        await Expect(page.Locator(".trajectory-lookback")).ToContainTextAsync("追溯期");
        await Expect(page.Locator(".companion-table")).ToContainTextAsync("没有时空伴随者");

        // A morning at the market, found by its venue code.
        await page.Locator("input.place-search, .place-search input").First.FillAsync(code);
        await page.Locator("button.place-search-button").ClickAsync();
        await Expect(page.Locator("button.place-choice")).ToHaveCountAsync(1);
        await page.Locator("input.entry-from").FillAsync(morning.ToString("yyyy-MM-dd'T'HH:mm"));
        await page.Locator("input.entry-to").FillAsync(morning.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm"));
        await page.Locator("input.entry-note, .entry-note input").First.FillAsync("买菜");
        await page.Locator("button.add-entry").ClickAsync();
        await Expect(page.Locator(".trajectory-table .ant-table-row")).ToHaveCountAsync(1);
        await Expect(page.Locator(".trajectory-table")).ToContainTextAsync("红星综合市场");

        // The case's own scan there, taken into the trajectory with one click.
        await page.Locator("button.accept-checkin").ClickAsync();
        await Expect(page.Locator(".trajectory-table .ant-table-row")).ToHaveCountAsync(2);
        await Expect(page.Locator(".own-checkins")).ToContainTextAsync("已在轨迹中");

        // The neighbour who scanned ten minutes later is a companion: confirmed as a close contact with one click.
        var row = page.Locator(".companion-table .ant-table-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("受*");
        await AppFixture.ShotAsync(page, "checkins-case-phone");
        await row.Locator("button.confirm-companion").ClickAsync();
        await Expect(page.Locator(".companion-done")).ToContainTextAsync("已确认为密接");
        await Expect(page.Locator(".companion-table")).ToContainTextAsync("没有时空伴随者");

        var contacts = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?subject=case:{caseId}");
        Assert.Contains(contacts.GetProperty("items").EnumerateArray(), a => a.GetProperty("action").GetString() == "companion.confirm");

        // The venue-code poster of the market, from the venue codes page.
        await app.GoAsync(page, "/investigation/venues");
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("场所码");
        await Expect(page.Locator(".venue-table a.venue-poster").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/investigation/venues/\\d+/poster$"));
        await AppFixture.ShotAsync(page, "venue-list-phone");
        await AppFixture.OpenAsync(page, $"{app.BaseUrl}/investigation/venues/{placeId}/poster");
        await Expect(page.Locator(".venue-poster-page .code")).ToHaveTextAsync(code);
        await Expect(page.Locator(".venue-poster-page .qr svg")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "venue-poster-phone");
        await page.Context.CloseAsync();
    }
}
