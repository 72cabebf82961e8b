using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A dispatcher opens the transfer board on a phone: the late transfer is the first card, in red with how late; they
/// dispatch the next one from its card and open its manifest to print for the driver.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TransferBoardFlow(AppFixture app)
{
    [BrowserFact]
    public async Task Dispatcher_sees_the_late_transfer_first_and_dispatches_the_next()
    {
        var ids = await TestingData.ResidentsAsync(app, 3);
        using var admin = await app.ApiAsync("admin");
        async Task<string> PersonId(string idNumber) =>
            (await admin.GetFromJsonAsync<JsonElement>($"/api/persons?q={idNumber}")).GetProperty("items")[0].GetProperty("id").GetString()!;
        long facilityId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            // The hotel as the facilities part registers it (its API is a colleague's part).
            var facility = new Facility { Name = TestingData.Unique("松岗隔离酒店"), Address = "宝安区松岗街道东方大道1号", CommunityCode = TestingData.Hongxing, CreatedAt = DateTime.UtcNow };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            db.Rooms.AddRange(Enumerable.Range(1, 10).Select(i => new Room { FacilityId = facility.Id, Number = $"{700 + i}", Floor = 7, State = RoomState.Free, UpdatedAt = DateTime.UtcNow }));
            await db.SaveChangesAsync();
            facilityId = facility.Id;
        }
        using var dispatcher = await app.ApiAsync("dispatcher");
        async Task<string> Request(params string[] people)
        {
            var created = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = people, pickupAddress = "宝安区松岗街道红星路12号3栋502", facilityId = facilityId.ToString() });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        var next = await Request(await PersonId(ids[0]));
        var late = await Request(await PersonId(ids[1]), await PersonId(ids[2]));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
            await db.Transfers.Where(t => t.Id == long.Parse(late)).ExecuteUpdateAsync(u => u
                .SetProperty(t => t.RequestedAt, DateTime.UtcNow.AddHours(-8)).SetProperty(t => t.DueBy, DateTime.UtcNow.AddHours(-2).AddMinutes(-15)));

        var page = await app.SignInAsync("dispatcher", 390, 844);
        await app.GoAsync(page, "/transfers");
        var first = page.Locator(".transfer-card").First;
        await Expect(first).ToHaveAttributeAsync("data-transfer", late);
        await Expect(first).ToHaveAttributeAsync("data-late", "true");
        await Expect(first.Locator(".lateness")).ToContainTextAsync("超时 2 小时");
        await Expect(first).ToContainTextAsync("红星路12号****");
        await Expect(page.Locator(".late-count")).Not.ToHaveTextAsync("0");
        await AppFixture.ShotAsync(page, "transfer-board-phone");

        var card = page.Locator($".transfer-card[data-transfer='{next}']");
        await card.Locator("button.dispatch").ClickAsync();
        await card.Locator("input.vehicle-input, .vehicle-input input").First.FillAsync("粤B·D12345");
        await card.Locator("input.driver-input, .driver-input input").First.FillAsync("王师傅");
        await card.Locator("button.confirm-step").ClickAsync();
        await Expect(card).ToContainTextAsync("已派车");
        await Expect(card).ToContainTextAsync("粤B·D12345 · 王师傅");

        // The manifest is a print page (no menu, no layout signal): its heading says it is there.
        await AppFixture.OpenAsync(page, $"{app.BaseUrl}/transfers/{next}/manifest");
        await Expect(page.Locator(".manifest h1")).ToHaveTextAsync("转运单");
        await Expect(page.Locator(".manifest .person")).ToHaveCountAsync(1);
        await Expect(page.Locator(".manifest .pickup")).ToHaveTextAsync("宝安区松岗街道红星路12号****");
        await AppFixture.ShotAsync(page, "transfer-manifest-phone");
        await page.Context.CloseAsync();
    }
}
