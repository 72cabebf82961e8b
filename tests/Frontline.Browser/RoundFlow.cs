using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>A round's coverage page: drill-down to a community, the untested list moving live, the door-knocking export, late re-tests in red.</summary>
[Collection(AppCollection.Name)]
public sealed class RoundFlow(AppFixture app)
{
    static object Scan(string round, string site, string tube, string idNumber, DateTimeOffset collectedAt) => new
    {
        eventId = Guid.NewGuid().ToString(), roundId = round, siteCode = site, tubeCode = tube, idNumber, collectedAt, collector = "采样员01",
    };

    static async Task PostOkAsync(HttpClient client, string url, object body, int accepted)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains($"\"accepted\":{accepted}", text);
    }

    static async Task<int> UntestedTotalAsync(IPage page) =>
        int.Parse(await page.Locator(".untested-total").GetAttributeAsync("data-total") ?? "-1");

    [BrowserFact]
    public async Task Community_worker_watches_the_untested_list_shrink_and_exports_it()
    {
        // Started 10 h ago: a pool sampled 9 h ago and found positive 7 h ago has re-tests due 1 h ago (the policy gives 6 h).
        var (roundId, roundName, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing, startedHoursAgo: 10);
        var people = await TestingData.ResidentsAsync(app, 5);
        using var sampler = await app.ApiAsync("sampler");
        using var lab = await app.ApiAsync("lab");
        var positivePool = TestingData.Unique("T");
        var earlier = DateTimeOffset.UtcNow.AddHours(-9);
        await PostOkAsync(sampler, "/api/testing/samples/batch",
            new { events = people.Take(2).Select(id => Scan(roundId, siteCode, positivePool, id, earlier)).ToArray() }, accepted: 2);
        await PostOkAsync(lab, "/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Guid.NewGuid().ToString(), roundId, tubeCode = positivePool, outcome = "positive", ctOrf1ab = 27.5, ctN = 29.0,
                lab = "松岗检测实验室", reportedAt = DateTimeOffset.UtcNow.AddHours(-7) } },
        }, accepted: 1);

        var page = await app.SignInAsync("community-worker");
        await app.GoAsync(page, "/testing/rounds");
        await AppFixture.ShotAsync(page, "rounds-list-worker");
        await Expect(page.Locator(".create-round-panel")).ToHaveCountAsync(0);
        await page.Locator("a.round-link", new() { HasText = roundName }).ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex($@"/testing/rounds/{roundId}$"));
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync(roundName);
        // A community worker's drill-down starts at their own community, with its buildings.
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync(TestingData.HongxingName);
        await Expect(page.Locator(".building-table .building-name").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-figure=sampled] .figure-value")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-figure=positive-tubes]")).ToHaveClassAsync(new Regex("alarm"));

        // The positive pool's two people are overdue for their individual re-test: in red.
        var overdue = page.Locator(".retest-table tr.retest-overdue");
        await Expect(overdue).ToHaveCountAsync(2);
        await Expect(overdue.First.Locator(".retest-status")).ToHaveTextAsync("已超时");
        await Expect(overdue.First).ToContainTextAsync("混管阳性");

        var before = await UntestedTotalAsync(page);
        Assert.True(before >= 3, $"untested {before}");
        await Expect(page.Locator(".untested-table .ant-table-row").First).ToBeVisibleAsync();
        await Expect(page.Locator(".untested-table .masked").First).ToHaveTextAsync(new Regex(@"^\d{6}\*{8}\d{3}[\dX]$"));
        await AppFixture.ShotAsync(page, "round-worker-before");

        // Three more people sampled at the site; the open page catches up by itself.
        await PostOkAsync(sampler, "/api/testing/samples/batch",
            new { events = people.Skip(2).Select(id => Scan(roundId, siteCode, TestingData.Unique("T"), id, DateTimeOffset.UtcNow.AddMinutes(-1))).ToArray() }, accepted: 3);
        await Expect(page.Locator(".untested-total")).ToHaveAttributeAsync("data-total", (before - 3).ToString());
        await Expect(page.Locator("[data-figure=sampled] .figure-value")).ToHaveTextAsync("5");
        await AppFixture.ShotAsync(page, "round-worker-after");

        var href = await page.Locator("a.untested-export").GetAttributeAsync("href");
        Assert.Equal($"/exports/rounds/{roundId}/untested.xlsx?jurisdiction={TestingData.Hongxing}", href);
        var response = await page.Context.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.Equal(200, response.Status);
        using var workbook = new MemoryStream(await response.BodyAsync());
        var rows = workbook.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(before - 3, rows.Count);
        Assert.Equal(["社区", "楼栋", "房号", "姓名", "证件号码", "手机号码", "敲门结果"], rows[0].Keys);
        Assert.All(rows, r => Assert.Matches(@"\*{4}", r["证件号码"]?.ToString() ?? ""));
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Commander_creates_a_round_and_drills_from_the_district_to_a_community()
    {
        var page = await app.SignInAsync("commander");
        await app.GoAsync(page, "/testing/rounds");
        var name = TestingData.Unique("松岗街道第") + "轮";
        var panel = page.Locator(".create-round-panel");
        if (await page.Locator("input.round-name").CountAsync() == 0 || !await page.Locator("input.round-name").IsVisibleAsync())
            await panel.Locator(".ant-collapse-header").ClickAsync();

        // Refused first: no scope chosen.
        await page.Locator("input.round-name").FillAsync(name);
        await page.Locator("button.create-round").ClickAsync();
        await Expect(page.Locator(".round-form-error")).ToContainTextAsync("检测范围");

        await page.Locator(".round-scope").ClickAsync();
        await page.Keyboard.TypeAsync("松岗");
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = TestingData.SonggangName }).First.ClickAsync();
        // A multiple select stays open for more choices: a click elsewhere closes it.
        await page.Locator("h1.page-title").ClickAsync();
        await Expect(page.Locator(".ant-select-item-option").Filter(new() { HasText = TestingData.HongxingName })).ToBeHiddenAsync();
        // The scope is chosen: its error goes before the next attempt.
        await Expect(page.Locator(".round-form-error")).ToHaveCountAsync(0);
        await page.Locator(".round-pool label", new() { HasText = "20混1" }).ClickAsync();
        await AppFixture.ShotAsync(page, "round-create-form");
        await page.Locator("button.create-round").ClickAsync();

        await AppFixture.ArrivedAsync(page, new Regex(@"/testing/rounds/\d+$"));
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync(name);
        await Expect(page.Locator(".detail-actions")).ToContainTextAsync("20混1");
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync("宝安区");
        // Only the round's street is listed under the district.
        await Expect(page.Locator(".children-table .ant-table-row")).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(page, "round-district");
        await page.Locator("a.drill-down", new() { HasText = TestingData.SonggangName }).ClickAsync();
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync(TestingData.SonggangName);
        await page.Locator("a.drill-down", new() { HasText = TestingData.HongxingName }).ClickAsync();
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync(TestingData.HongxingName);
        await Expect(page.Locator(".building-table .building-name").First).ToBeVisibleAsync();
        await Expect(page.Locator(".untested-export")).ToHaveAttributeAsync("href", new Regex($"jurisdiction={TestingData.Hongxing}$"));
        await AppFixture.ShotAsync(page, "round-community");

        await page.Locator("a.drill-up", new() { HasText = "宝安区" }).ClickAsync();
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync("宝安区");
        await page.Context.CloseAsync();
    }
}
