using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The round page and the lab upload as the field uses them: a commander on a phone sees the positive pools first with the
/// time left to each re-test and the places with the worst coverage on top; a lab with its own headers is told the names
/// accepted, and a positive it reports leads to the round's positive-pool panel.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RoundFieldFlow(AppFixture app)
{
    static async Task PositivePoolAsync(AppFixture app, string roundId, string siteCode, string tube, IEnumerable<string> people)
    {
        using var sampler = await app.ApiAsync("sampler");
        var scans = await sampler.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = people.Select(id => new
            {
                eventId = Guid.NewGuid().ToString(), roundId, siteCode, tubeCode = tube, idNumber = id,
                collectedAt = DateTimeOffset.UtcNow.AddMinutes(-40), collector = "采样员01",
            }).ToArray(),
        });
        Assert.True(scans.IsSuccessStatusCode, await scans.Content.ReadAsStringAsync());
        using var lab = await app.ApiAsync("lab");
        var result = await lab.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Guid.NewGuid().ToString(), roundId, tubeCode = tube, outcome = "positive", ctOrf1ab = 27.5, ctN = 29.0, lab = "松岗检测实验室" } },
        });
        Assert.True(result.IsSuccessStatusCode, await result.Content.ReadAsStringAsync());
    }

    [BrowserFact]
    public async Task Commander_on_a_phone_sees_the_positive_pools_first_and_the_worst_places_on_top()
    {
        var (roundId, roundName, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Songgang);
        var people = await TestingData.ResidentsAsync(app, 3);
        await PositivePoolAsync(app, roundId, siteCode, TestingData.Unique("T"), people);

        var page = await app.SignInAsync("commander", 390, 844);
        await app.GoAsync(page, $"/testing/rounds/{roundId}");
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync(roundName);
        await Expect(page.Locator(".round-countdown")).ToContainTextAsync("剩");

        // The positive pools come before everything else, as cards on a phone with the time left in view.
        var panel = page.Locator(".positive-pools");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.Locator(".pool-summary")).ToContainTextAsync("待复核 3 人");
        var cards = panel.Locator(".retest-cards .retest-card");
        await Expect(cards).ToHaveCountAsync(3);
        await Expect(cards.First.Locator(".retest-countdown")).ToHaveTextAsync(new Regex(@"^剩 \d+ 小时 \d{2} 分$"));
        await Expect(cards.First.Locator(".retest-countdown")).ToBeInViewportAsync();
        await Expect(cards.First.Locator(".retest-phone")).ToHaveTextAsync(new Regex(@"^1\d{2}\*{4}\d{4}$"));
        await Expect(panel.Locator(".retest-table")).ToBeHiddenAsync();
        var panelTop = (await panel.BoundingBoxAsync())!.Y;
        var childrenTop = (await page.Locator(".children-table").BoundingBoxAsync())!.Y;
        Assert.True(panelTop < childrenTop, $"the panel at {panelTop}px, the coverage table at {childrenTop}px");
        Assert.Equal($"/exports/rounds/{roundId}/retests.xlsx?jurisdiction=440306000000", await panel.Locator("a.retests-export").GetAttributeAsync("href"));
        await AppFixture.ShotAsync(page, "round-commander-phone-top");

        // One word for one idea: 未采样, never 未检测.
        await Expect(page.Locator("[data-figure=untested] .figure-label")).ToHaveTextAsync("未采样");
        Assert.DoesNotContain("未检测", await page.Locator("main").InnerTextAsync());

        // The 混管阳性 figure opens the panel.
        await page.Locator("[data-figure=positive-tubes]").ScrollIntoViewIfNeededAsync();
        await page.Mouse.WheelAsync(0, 2000);
        await page.Locator("[data-figure=positive-tubes]").ClickAsync();
        await Expect(panel).ToBeFocusedAsync();
        await Expect(panel).ToBeInViewportAsync();

        // The street's communities, lowest coverage first.
        await page.Locator("a.drill-down", new() { HasText = TestingData.SonggangName }).ClickAsync();
        await Expect(page.Locator(".drill-current")).ToHaveTextAsync(TestingData.SonggangName);
        var values = page.Locator(".children-table .ant-table-row .cell-progress-value");
        await Expect(values.First).ToBeVisibleAsync();
        var coverage = (await values.AllInnerTextsAsync()).Select(t => double.Parse(t.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        Assert.True(coverage.Count > 1, $"{coverage.Count} communities");
        Assert.Equal(coverage.Order().ToList(), coverage);
        await page.Locator(".children-table").ScrollIntoViewIfNeededAsync();
        await AppFixture.ShotAsync(page, "round-commander-phone-street");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Lab_is_told_the_accepted_headers_and_its_positive_leads_to_the_round()
    {
        var (roundId, roundName, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing);
        var people = await TestingData.ResidentsAsync(app, 2);
        var tube = TestingData.Unique("T");
        using (var sampler = await app.ApiAsync("sampler"))
        {
            var scans = await sampler.PostAsJsonAsync("/api/testing/samples/batch", new
            {
                events = people.Select(id => new
                {
                    eventId = Guid.NewGuid().ToString(), roundId, siteCode, tubeCode = tube, idNumber = id,
                    collectedAt = DateTimeOffset.UtcNow.AddMinutes(-40), collector = "采样员01",
                }).ToArray(),
            });
            Assert.True(scans.IsSuccessStatusCode, await scans.Content.ReadAsStringAsync());
        }

        var page = await app.SignInAsync("lab", 390, 844);
        await app.GoAsync(page, "/testing/results");
        await Expect(page.Locator("a.results-template")).ToHaveAttributeAsync("href", "/exports/results-template.xlsx");
        await Expect(page.Locator(".page-hint").First).Not.ToContainTextAsync("orf1ab");

        // The lab's system calls the tube column 样品号: refused, with the names that are accepted.
        var wrong = Path.Combine(Path.GetTempPath(), $"lab-wrong-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(wrong, $"样品号,检测结果\n{tube},阳性\n");
        await page.Locator("input.result-file").SetInputFilesAsync(wrong);
        await page.Locator("button.start-upload").ClickAsync();
        var error = page.Locator(".upload-error");
        await Expect(error).ToContainTextAsync("采样管编号");
        await Expect(error).ToContainTextAsync("条码号");
        await Expect(error).ToContainTextAsync("试管编码");
        await AppFixture.ShotAsync(page, "lab-upload-wrong-header");
        File.Delete(wrong);

        // Renamed to 条码号, a name labs use: read, and the positive pool is reported with the way to its round.
        var right = Path.Combine(Path.GetTempPath(), $"lab-right-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(right, $"条码号,检测结果,ORF1ab,N\n{tube},阳性,27.5,29.0\nNO-SUCH-TUBE,阴性,,\n");
        await page.Locator("input.result-file").SetInputFilesAsync(right);
        await page.Locator("button.start-upload").ClickAsync();
        await Expect(page.Locator(".positives-reported")).ToContainTextAsync("混管阳性 1 管，涉及 2 人");
        await Expect(page.Locator("[data-count=rejected] .count-value")).ToHaveTextAsync("1");
        await Expect(page.Locator(".upload-errors .error-tube")).ToHaveTextAsync("NO-SUCH-TUBE");
        await Expect(page.Locator(".upload-errors .error-column")).ToHaveTextAsync("条码号");
        // A lab sees no residents: it is told where the report went, without a link to the round.
        await Expect(page.Locator(".positives-round-name")).ToContainTextAsync(roundName);
        await Expect(page.Locator("a.positives-link")).ToHaveCountAsync(0);
        await AppFixture.ShotAsync(page, "lab-upload-positive");
        await page.Context.CloseAsync();

        // Someone of the command uploading the same file (nothing applied twice) gets the link to the round's panel.
        var admin = await app.SignInAsync("admin", 390, 844);
        await app.GoAsync(admin, "/testing/results");
        await admin.Locator("input.result-file").SetInputFilesAsync(right);
        await admin.Locator("button.start-upload").ClickAsync();
        await Expect(admin.Locator("[data-count=duplicates] .count-value")).ToHaveTextAsync("1");
        var link = admin.Locator("a.positives-link");
        await Expect(link).ToContainTextAsync(roundName);
        await Expect(link).ToHaveAttributeAsync("href", $"/testing/rounds/{roundId}#positive-pools");
        await AppFixture.ShotAsync(admin, "command-upload-positive");
        File.Delete(right);

        await link.ClickAsync();
        await AppFixture.ArrivedAsync(admin, new Regex($"/testing/rounds/{roundId}#positive-pools$"));
        await Expect(admin.Locator(".positive-pools .retest-card")).ToHaveCountAsync(2);
        await Expect(admin.Locator(".positive-pools")).ToBeInViewportAsync();
        await AppFixture.ShotAsync(admin, "upload-link-to-round");
        await admin.Context.CloseAsync();
    }
}
