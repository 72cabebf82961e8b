using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontline.Containment;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A dispatcher on a phone requests a transfer from the board: finds one person by name and another by their phone's last
/// four, is told plainly that the full hotel cannot take them and that a due time in the past will not do, leaves the
/// deadline to the policy, adds a note, and finds the new transfer marked on the board.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TransferRequestFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Dispatcher_requests_a_transfer_on_a_phone_from_a_search_with_specific_errors()
    {
        using var admin = await app.ApiAsync("admin");
        async Task<(string Id, string Name, string Phone)> Resident(string name)
        {
            // The last four start with 9: no demo room is on a 90th floor, so the tail finds this phone, not a page of doors.
            var phone = $"137{Random.Shared.Next(1000, 9999)}9{Random.Shared.Next(100, 999)}";
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name, idNumber = TestingData.NewResidentId(), phone, communityCode = TestingData.Hongxing, building = TestingData.Unique("转运表单楼"), room = "1201",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, name, phone);
        }
        var first = await Resident(TestingData.Unique("转运甲"));
        var second = await Resident(TestingData.Unique("转运乙"));
        long roomy, full;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            // Two hotels as the facilities part registers them: one with rooms, one whose only room is taken.
            Facility Hotel(string name) => new() { Name = TestingData.Unique(name), Address = "宝安区松岗街道东方大道1号", CommunityCode = TestingData.Hongxing, CreatedAt = DateTime.UtcNow };
            var (a, b) = (Hotel("松岗转运酒店"), Hotel("满员酒店"));
            db.Facilities.AddRange(a, b);
            await db.SaveChangesAsync();
            db.Rooms.AddRange(Enumerable.Range(1, 6).Select(i => new Room { FacilityId = a.Id, Number = $"{500 + i}", Floor = 5, State = RoomState.Free, UpdatedAt = DateTime.UtcNow }));
            db.Rooms.Add(new Room { FacilityId = b.Id, Number = "101", Floor = 1, State = RoomState.Occupied, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            (roomy, full) = (a.Id, b.Id);
        }

        var page = await app.SignInAsync("dispatcher", 390, 844);
        await app.GoAsync(page, "/transfers");
        await page.Locator("a.new-transfer").ClickAsync();
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("申请转运");
        await AppFixture.WaitInteractiveAsync(page);

        var search = page.Locator("input.person-search");
        await search.FillAsync(first.Name);
        await search.PressAsync("Tab");
        await page.Locator($".search-result[data-person='{first.Id}'] button.add-person").ClickAsync();
        await Expect(page.Locator($".chosen[data-person='{first.Id}']")).ToContainTextAsync(first.Name);
        // The first person's door is the pick-up address unless the dispatcher types another.
        await Expect(page.Locator("input.pickup-address")).ToHaveValueAsync(new Regex("1201"));

        await search.FillAsync(second.Phone[^4..]);
        await search.PressAsync("Tab");
        var found = page.Locator($".search-result[data-person='{second.Id}']");
        await Expect(found).ToContainTextAsync("****" + second.Phone[^4..]);
        await AppFixture.ShotAsync(page, "transfers/request-search-phone");
        await found.Locator("button.add-person").ClickAsync();
        await Expect(page.Locator(".chosen")).ToHaveCountAsync(2);

        // The full hotel: said before submitting, and refused with the facility-full words when submitted anyway.
        await page.Locator("select.facility").SelectOptionAsync(full.ToString());
        await Expect(page.Locator(".rooms-short")).ToBeVisibleAsync();
        await page.Locator(".submit-transfer").ClickAsync();
        await Expect(page.Locator(".transfer-request-error")).ToContainTextAsync("空余房间不足");

        // A due time in the past.
        await page.Locator("select.facility").SelectOptionAsync(roomy.ToString());
        var yesterday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        await page.Locator("input.due-by").FillAsync(yesterday.ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("input.due-by").PressAsync("Tab");
        await page.Locator(".submit-transfer").ClickAsync();
        await Expect(page.Locator(".transfer-request-error")).ToContainTextAsync("不能早于当前时间");

        // Blank: the policy's deadline, shown under the field.
        await page.Locator("input.due-by").FillAsync("");
        await page.Locator("input.due-by").PressAsync("Tab");
        await Expect(page.Locator(".policy-due")).ToContainTextAsync("6 小时内");
        await page.Locator("textarea.transfer-note").FillAsync("一人需轮椅");
        await page.Locator("textarea.transfer-note").PressAsync("Tab");
        await AppFixture.ShotAsync(page, "transfers/request-form-phone");
        await page.Locator(".submit-transfer").ClickAsync();

        await AppFixture.ArrivedAsync(page, new Regex(@"/transfers\?created=\d+"));
        await Expect(page.Locator(".transfer-created")).ToBeVisibleAsync();
        var card = page.Locator(".transfer-card.created");
        await Expect(card).ToContainTextAsync("2 人");
        await Expect(card).ToContainTextAsync("备注：一人需轮椅");
        await Expect(card.Locator("button.dispatch")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "transfers/request-created-board-phone");
        await page.Context.CloseAsync();
    }
}
