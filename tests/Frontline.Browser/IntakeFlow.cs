using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// Hotel staff on a phone, at night: tap a free room on the grid, take a close contact in by ID number, see the room
/// turn occupied on day 1, record a health check with a fever, and find the alert at the top of the hotel's page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class IntakeFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Hotel_staff_take_a_person_in_at_night_into_a_room_on_the_grid_and_record_a_fever()
    {
        var people = await TestingData.ResidentsAsync(app, 1);
        using var commander = await app.ApiAsync("commander");
        var created = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = "夜间入住测试酒店" + Guid.NewGuid().ToString("N")[..6], address = "松岗街道测试路8号", communityCode = "440306005002",
            rooms = Enumerable.Range(0, 16).Select(i => new { number = $"{2 + i / 8}{i % 8 + 1:00}", floor = 2 + i / 8 }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var facility = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var page = await app.SignInAsync("facility-staff", 390, 844);
        await app.GoAsync(page, $"/containment/facilities/{facility}");
        await Expect(page.Locator(".room[data-room='203']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bfree\\b"));
        await page.Locator(".room[data-room='203']").ClickAsync();
        await page.Locator(".room-take-in").ClickAsync();
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("入住登记");
        await Expect(page.Locator("input.intake-room")).ToHaveValueAsync("203");
        await page.Locator("input.intake-id").FillAsync(people[0]);
        await page.Locator("input.intake-id").PressAsync("Tab");
        await Expect(page.Locator(".intake-person")).ToContainTextAsync("*");
        await page.Locator("input.intake-reason").FillAsync("病例3的密接（同住）");
        await page.Locator("input.intake-reason").PressAsync("Tab");
        // Exposed yesterday evening on Beijing's clock: today is day 1.
        var beijing = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        await page.Locator("input.intake-exposure").FillAsync(beijing.Date.AddDays(-1).AddHours(21).ToString("yyyy-MM-ddTHH:mm"));
        await AppFixture.ShotAsync(page, "intake-phone");
        await page.Locator(".intake-submit").ClickAsync();

        var room = page.Locator(".room[data-room='203']");
        await Expect(room).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\boccupied\\b"));
        await Expect(room).ToContainTextAsync("第1天");
        await AppFixture.ShotAsync(page, "room-grid-phone");
        await room.ClickAsync();
        await page.Locator(".room-panel button", new() { HasText = "查看隔离记录" }).ClickAsync();
        await Expect(page.Locator(".stay-day")).ToContainTextAsync("第1天");
        await page.Locator("input.check-temperature").FillAsync("37.8");
        await page.Locator("input.check-temperature").PressAsync("Tab");
        await page.Locator(".symptom", new() { HasText = "干咳" }).ClickAsync();
        await page.Locator(".check-submit").ClickAsync();
        await Expect(page.Locator(".check-row.alert")).ToContainTextAsync("37.8");
        await AppFixture.ShotAsync(page, "stay-phone");

        await app.GoAsync(page, $"/containment/facilities/{facility}");
        await Expect(page.Locator(".health-alert")).ToContainTextAsync("203");
        await Expect(page.Locator(".health-alert")).ToContainTextAsync("37.8");
        await Expect(page.Locator(".room[data-room='203'] .room-alert")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "room-grid-alert-phone");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// At night without an ID card: the staff find the guest by name among two of the same family name and take them in;
    /// an arrival the hotel could not take in waits on top of its page and is taken in from there, which settles it.
    /// </summary>
    [BrowserFact]
    public async Task Hotel_staff_take_in_by_search_and_settle_an_arrival_that_was_not_taken_in()
    {
        using var admin = await app.ApiAsync("admin");
        var family = TestingData.Unique("夜");
        async Task<string> Resident(string name)
        {
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name, idNumber = TestingData.NewResidentId(), phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", communityCode = TestingData.Hongxing,
                building = TestingData.Unique("夜间楼"), room = "708",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        var elder = await Resident(family + "甲");
        var younger = await Resident(family + "乙");
        var arrival = await Resident(TestingData.Unique("转运到达"));
        using var commander = await app.ApiAsync("commander");
        var created = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = "夜间查找测试酒店" + Guid.NewGuid().ToString("N")[..6], address = "松岗街道测试路9号", communityCode = "440306005002",
            rooms = Enumerable.Range(1, 6).Select(i => new { number = $"30{i}", floor = 3 }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var facility = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // A person off a transfer the hotel could not place when they arrived (as the arrival's handler records it).
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            db.IntakeFailures.Add(new IntakeFailure { FacilityId = long.Parse(facility), TransferId = 4242, PersonId = long.Parse(arrival), Code = "facility-full", At = DateTime.UtcNow.AddMinutes(-20) });
            await db.SaveChangesAsync();
        }
        var beijing = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var exposure = beijing.Date.AddDays(-1).AddHours(21).ToString("yyyy-MM-ddTHH:mm");

        var page = await app.SignInAsync("facility-staff", 390, 844);
        await app.GoAsync(page, $"/containment/facilities/{facility}");
        var failure = page.Locator(".intake-failure");
        await Expect(failure).ToContainTextAsync("无空房");
        await Expect(failure).ToContainTextAsync("转运单 4242");
        await AppFixture.ShotAsync(page, "intake/failure-list-phone");
        await failure.Locator("button.failure-take-in").ClickAsync();
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("入住登记");
        await Expect(page.Locator(".intake-person")).ToContainTextAsync("*");
        await page.Locator("input.intake-reason").FillAsync("转运到达补办入住");
        await page.Locator("input.intake-reason").PressAsync("Tab");
        await page.Locator("input.intake-exposure").FillAsync(exposure);
        await page.Locator(".intake-submit").ClickAsync();
        await Expect(page.Locator(".room[data-room='301']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\boccupied\\b"));
        await Expect(page.Locator(".intake-failure")).ToHaveCountAsync(0);

        await page.Locator(".grid-intake").ClickAsync();
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("入住登记");
        await page.Locator("input.intake-id").FillAsync(family);
        await page.Locator("input.intake-id").PressAsync("Tab");
        await Expect(page.Locator(".intake-result")).ToHaveCountAsync(2);
        await AppFixture.ShotAsync(page, "intake/search-results-phone");
        await page.Locator(".intake-result", new() { HasText = family + "乙" }).ClickAsync();
        await Expect(page.Locator(".intake-person")).ToContainTextAsync("********");
        await page.Locator("input.intake-reason").FillAsync("病例5的密接（同住）");
        await page.Locator("input.intake-reason").PressAsync("Tab");
        await page.Locator("input.intake-exposure").FillAsync(exposure);
        await AppFixture.ShotAsync(page, "intake/search-picked-phone");
        await page.Locator(".intake-submit").ClickAsync();
        await Expect(page.Locator(".room[data-room='302']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\boccupied\\b"));

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            Assert.True(await db.Stays.AnyAsync(s => s.PersonId == long.Parse(younger) && s.Status == StayStatus.Active));
            Assert.False(await db.Stays.AnyAsync(s => s.PersonId == long.Parse(elder)));
            var settled = await db.IntakeFailures.SingleAsync(f => f.PersonId == long.Parse(arrival) && f.FacilityId == long.Parse(facility));
            Assert.Equal(IntakeResolution.TakenIn, settled.Resolution);
            Assert.Equal("facility-staff", settled.ResolvedBy);
        }
        await page.Context.CloseAsync();
    }
}
