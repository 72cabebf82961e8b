using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The community worker in the field, on a phone: a resident under control flagged in the building walk, a tap made
/// without signal kept and saved when it returns, and the door-knocking list called after one stated reason.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FieldWalkFlow(AppFixture app)
{
    /// <summary>A new building of 红星社区 with two residents a room on floors 1 and 2; the first two in a positive pool.</summary>
    async Task<(string Building, List<string> Ids)> BuildingWithAPositivePoolAsync()
    {
        var (roundId, _, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing);
        using var admin = await app.ApiAsync("admin");
        var building = TestingData.Unique("核查楼");
        var ids = new List<string>();
        var documents = new List<string>();
        string[] rooms = ["101", "101", "201", "201"];
        for (var i = 0; i < rooms.Length; i++)
        {
            var doc = TestingData.NewResidentId();
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = $"住户{i + 1}", idNumber = doc, phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", communityCode = TestingData.Hongxing,
                building, room = rooms[i],
            });
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            documents.Add(doc);
        }
        using var sampler = await app.ApiAsync("sampler");
        using var lab = await app.ApiAsync("lab");
        var pool = TestingData.Unique("T");
        var scans = documents.Skip(2).Select(doc => new
        {
            eventId = Guid.NewGuid().ToString(), roundId, siteCode, tubeCode = pool, idNumber = doc,
            collectedAt = DateTimeOffset.UtcNow.AddMinutes(-30), collector = "采样员01",
        }).ToArray();
        (await sampler.PostAsJsonAsync("/api/testing/samples/batch", new { events = scans })).EnsureSuccessStatusCode();
        (await lab.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Guid.NewGuid().ToString(), roundId, tubeCode = pool, outcome = "positive", ctOrf1ab = 28.0, ctN = 30.0 } },
        })).EnsureSuccessStatusCode();
        return (building, ids);
    }

    [BrowserFact]
    public async Task Worker_on_a_phone_sees_who_is_under_control_and_a_tap_made_offline_is_saved_when_back_online()
    {
        var (building, ids) = await BuildingWithAPositivePoolAsync();
        var page = await app.SignInAsync("community-worker", width: 390, height: 844);
        await app.GoAsync(page, "/registry/verification");
        await Expect(page.Locator(".community-select")).ToContainTextAsync("红星社区");
        await VerificationFlow.PickBuildingAsync(page, building);

        // The two of the positive pool: flagged, with their re-test due, where the worker acts.
        var controlled = page.Locator(".resident[data-control=temporary]");
        await Expect(controlled).ToHaveCountAsync(2);
        await Expect(controlled.First.Locator(".status-control")).ToHaveTextAsync("临时管控");
        await Expect(controlled.First.Locator(".status-retest")).ToContainTextAsync("单管复核");
        await Expect(controlled.First.Locator(".status-result")).ToContainTextAsync("阳性");
        await Expect(page.Locator($".resident[data-person='{ids[0]}'] .status-untested")).ToBeVisibleAsync();
        await Expect(page.Locator(".floor-jump")).ToHaveCountAsync(2);
        await Expect(page.Locator(".walk-sync")).ToHaveAttributeAsync("data-sync", "saved");
        await AppFixture.ShotAsync(page, "field-walk-phone-statuses");

        await page.Locator(".walk-filter[data-filter=controlled]").ClickAsync();
        await Expect(page.Locator(".resident")).ToHaveCountAsync(2);
        await Expect(page.Locator(".floor-jump")).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(page, "field-walk-phone-filter-controlled");
        await page.Locator(".walk-filter[data-filter=all]").ClickAsync();
        await Expect(page.Locator(".resident")).ToHaveCountAsync(4);

        // No signal on the stairs: the tap is kept on the phone and shown as waiting, not lost and not silent.
        var first = page.Locator($".resident[data-person='{ids[0]}']");
        await page.Context.SetOfflineAsync(true);
        await first.Locator("button.mark-absent").ClickAsync();
        await Expect(page.Locator(".walk-sync")).ToHaveAttributeAsync("data-sync", "offline");
        await Expect(page.Locator(".walk-sync")).ToHaveAttributeAsync("data-waiting", "1");
        await Expect(first).ToHaveAttributeAsync("data-pending", "absent");
        await Expect(first.Locator(".resident-waiting")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "field-walk-phone-offline");

        await page.Context.SetOfflineAsync(false);
        await Expect(first).ToHaveAttributeAsync("data-state", "absent");
        await Expect(page.Locator(".walk-sync")).ToHaveAttributeAsync("data-sync", "saved");
        await Expect(first).Not.ToHaveAttributeAsync("data-pending", new Regex(".*"));
        using var worker = await app.ApiAsync("community-worker");
        Assert.Equal("absent", (await worker.GetFromJsonAsync<JsonElement>($"/api/persons/{ids[0]}")).GetProperty("verification").GetString());

        // The whole household of room 201 at the door: one tap.
        await page.Locator(".room[data-room='201'] button.household-present").ClickAsync();
        await Expect(page.Locator(".room[data-room='201'] .resident[data-state=present]")).ToHaveCountAsync(2);
        await Expect(page.Locator(".building-progress .progress-count")).ToHaveTextAsync("已核查 3 / 4");
        await AppFixture.ShotAsync(page, "field-walk-phone-after");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");

        // The person page says the same, above the registration details.
        await app.GoAsync(page, $"/persons/{ids[2]}");
        await Expect(page.Locator(".person-status .status-control")).ToHaveTextAsync("临时管控");
        await Expect(page.Locator(".person-status .status-retest")).ToContainTextAsync("单管复核");
        await AppFixture.ShotAsync(page, "field-walk-phone-person");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Worker_calls_the_untested_list_from_a_phone_after_giving_one_reason()
    {
        var (roundId, _, _, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing);
        await TestingData.ResidentsAsync(app, 3);
        var page = await app.SignInAsync("community-worker", width: 390, height: 844);
        await app.GoAsync(page, $"/testing/rounds/{roundId}");

        // On a phone, one card a person; the numbers masked until a reason is given.
        var cards = page.Locator(".untested-cards .untested-card");
        await Expect(cards.First).ToBeVisibleAsync();
        await Expect(page.Locator(".untested-table")).ToBeHiddenAsync();
        var withPhone = cards.Filter(new() { Has = page.Locator(".untested-phone.masked") }).First;
        await Expect(withPhone.Locator(".untested-phone")).ToHaveTextAsync(new Regex(@"^1\d{2}\*{4}\d{4}$"));
        var person = await withPhone.GetAttributeAsync("data-person");
        await AppFixture.ShotAsync(page, "untested-phone-masked");

        await page.Locator("button.untested-unmask").ClickAsync();
        await page.Locator(".untested-unmask-modal textarea.unmask-reason, .untested-unmask-modal .unmask-reason textarea").First.FillAsync("电话通知未检测人员到点采样");
        await page.Locator(".untested-unmask-modal .ant-modal-footer .ant-btn-primary").ClickAsync();

        var call = page.Locator($".untested-card[data-person='{person}'] a.untested-call");
        await Expect(call).ToHaveAttributeAsync("href", new Regex(@"^tel:1\d{10}$"));
        await Expect(page.Locator(".untested-unmasked")).ToBeVisibleAsync();
        Assert.Equal(await cards.CountAsync(), await page.Locator(".untested-cards a.untested-call").CountAsync() + await page.Locator(".untested-cards .untested-phone.muted").CountAsync());
        await AppFixture.ShotAsync(page, "untested-phone-callable");

        // The export under the same reason, without asking again.
        var href = await page.Locator("a.untested-export").GetAttributeAsync("href");
        Assert.Contains("grant=", href);
        var response = await page.Context.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.Equal(200, response.Status);
        using var workbook = new MemoryStream(await response.BodyAsync());
        var rows = workbook.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(rows, r => Regex.IsMatch(r["手机号码"]?.ToString() ?? "", @"^1\d{10}$"));

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await page.Context.CloseAsync();
    }
}
