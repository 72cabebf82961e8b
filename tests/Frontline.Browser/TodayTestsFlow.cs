using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The hotel's medical staff on a phone in the morning: the facility's page opens on 今日核酸 — who is overdue from
/// yesterday, who is due today and in which room, whose swab is at the lab and whose result is back — and a row opens the stay.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TodayTestsFlow(AppFixture app)
{
    [BrowserFact]
    public async Task The_hotel_staff_see_todays_tests_room_by_room_with_the_overdue_first()
    {
        var people = await TestingData.ResidentsAsync(app, 4);
        using var commander = await app.ApiAsync("commander");
        var created = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = "今日核酸测试酒店" + Guid.NewGuid().ToString("N")[..6], address = "松岗街道测试路9号", communityCode = TestingData.Hongxing,
            rooms = Enumerable.Range(0, 8).Select(i => new { number = $"30{i + 1}", floor = 3 }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var facility = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var staff = await app.ApiAsync("facility-staff");
        var stays = new List<string>();
        // Exposed four days ago: day 4 (a test day of edition 8) is today for each of them.
        foreach (var (id, room) in people.Zip(["301", "302", "305", "307"]))
        {
            var stay = await staff.PostAsJsonAsync("/api/stays", new
            {
                idNumber = id, kind = "centralised", facilityId = facility, roomNumber = room, reason = "病例3的密接", lastExposureAt = DateTimeOffset.UtcNow.AddDays(-4),
            });
            Assert.True(stay.StatusCode == HttpStatusCode.Created, await stay.Content.ReadAsStringAsync());
            stays.Add((await stay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        // Room 307's test was yesterday's and nobody came: overdue.
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var requester = StayTests.Requester(long.Parse(stays[3]));
            var yesterday = ChinaTime.Today(TimeProvider.System).AddDays(-1);
            await db.Set<RetestOrder>().Where(o => o.Requester == requester && o.DayNumber == 4)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.ForDay, yesterday).SetProperty(o => o.DueBy, TestingRules.EndOfChinaDay(yesterday)));
        }
        // The sampler has taken rooms 301 and 302 in single tubes; 301's result is back negative.
        var (round, _, site, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing);
        using var admin = await app.ApiAsync("admin");
        var tubes = new[] { TestingData.Unique("GL"), TestingData.Unique("GL") };
        var scans = await admin.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = people.Take(2).Select((id, i) => new { eventId = TestingData.Unique("ev"), roundId = round, siteCode = site, tubeCode = tubes[i], poolSize = 1, idNumber = id }),
        });
        Assert.Equal(2, (await scans.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var results = await admin.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = TestingData.Unique("r"), roundId = round, tubeCode = tubes[0], outcome = "negative" } },
        });
        Assert.Equal(1, (await results.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var page = await app.SignInAsync("facility-staff", 390, 844);
        await app.GoAsync(page, $"/containment/facilities/{facility}");
        var list = page.Locator("[data-testid=today-tests]");
        await Expect(list).ToContainTextAsync("今日核酸");
        var rows = list.Locator(".today-test");
        await Expect(rows).ToHaveCountAsync(4);
        // Overdue first, then due, then at the lab, then back.
        await Expect(rows.Nth(0)).ToContainTextAsync("307");
        await Expect(rows.Nth(0)).ToContainTextAsync("逾期未采");
        await Expect(rows.Nth(1)).ToContainTextAsync("305");
        await Expect(rows.Nth(1)).ToContainTextAsync("今日应检");
        await Expect(rows.Nth(2)).ToContainTextAsync("302");
        await Expect(rows.Nth(2)).ToContainTextAsync("已采，待出结果");
        await Expect(rows.Nth(3)).ToContainTextAsync("301");
        await Expect(rows.Nth(3)).ToContainTextAsync("阴性");
        await Expect(rows.Nth(1)).ToContainTextAsync("第4天");
        await Expect(rows.Nth(1)).ToContainTextAsync("*");
        await Expect(list.Locator(".today-tests-figures .overdue b")).ToHaveTextAsync("1");
        await AppFixture.ShotAsync(page, "stay-tests/today-tests-phone");

        // A row opens the stay, whose day 4 reads the same order.
        await rows.Nth(2).ClickAsync();
        await Expect(page.Locator(".test-days")).ToContainTextAsync("已采，待出结果");
        await AppFixture.ShotAsync(page, "stay-tests/stay-test-days-phone");
        await page.Context.CloseAsync();
    }
}
