using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A sampler with no handheld scanner, on a phone (390×844): signed in on the web pages, opens the scanning page without
/// signing in again, scans the tube's barcode and a person's QR code with the camera (Chromium's fake camera plays a
/// video of them), types the rest, and hears at the top of the page, by name, who the server refused. The tube card and
/// the shift's tally say what the server accepted, which is what the database holds.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SamplerCameraFlow(AppFixture app)
{
    static object Scan(string round, string site, string tube, string idNumber, int poolSize) => new
    {
        eventId = Guid.NewGuid().ToString(), roundId = round, siteCode = site, tubeCode = tube, poolSize, idNumber,
        collectedAt = DateTimeOffset.UtcNow.AddMinutes(-30), collector = "sampler",
    };

    static async Task PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected").EnumerateArray());
    }

    static async Task TypeAsync(IPage page, string code)
    {
        await Expect(page.Locator("#scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
    }

    [BrowserFact]
    public async Task Sampler_scans_with_the_camera_and_sees_refusals_by_name_and_the_server_s_tally()
    {
        var (roundId, roundName, siteCode, siteName) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing, poolSize: 10);
        // 受检1 comes by camera, 受检2 typed; 受检3 was sampled in this round already; 受检4's pool was positive, so they
        // need a single tube; and a stranger nobody registered.
        var people = await TestingData.ResidentsAsync(app, 4);
        var stranger = TestingData.NewResidentId();
        using (var sampler = await app.ApiAsync("sampler"))
        using (var lab = await app.ApiAsync("lab"))
        {
            await PostAsync(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(roundId, siteCode, TestingData.Unique("T"), people[2], 10) } });
            var positivePool = TestingData.Unique("T");
            await PostAsync(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(roundId, siteCode, positivePool, people[3], 5) } });
            await PostAsync(lab, "/api/testing/results/batch", new
            {
                results = new[] { new { eventId = Guid.NewGuid().ToString(), roundId, tubeCode = positivePool, outcome = "positive", ctOrf1ab = 27.5,
                    ctN = 29.0, lab = "松岗检测实验室", reportedAt = DateTimeOffset.UtcNow.AddMinutes(-10) } },
            });
        }

        // The camera shows the tube's barcode, then 受检1's QR code (a health code's text with the ID inside), and again.
        var tubeCode = TestingData.Unique("T");
        var video = FakeCamera.Write("sampler-camera", new FakeCamera.Barcode(tubeCode), new FakeCamera.QrCode($"HC1|{people[0]}|green"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath, Headless = true, Timeout = (float)AppFixture.Patience.TotalMilliseconds,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                $"--use-file-for-fake-video-capture={video}"],
        });
        var context = await browser.NewContextAsync(new()
        {
            Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
            Permissions = ["camera"],
        });
        context.SetDefaultTimeout((float)AppFixture.Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        // The sign-in page's browser-asked /favicon.ico is not this flow's (the sampler's page names its icon).
        page.Console += (_, m) => { if (m.Type == "error" && !m.Location.Contains("/favicon.ico")) errors.Add($"{m.Text} at {m.Location} on {page.Url}"); };
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        try
        {
            // Signed in on the web pages: the scanning page takes its token from that session, no password typed again.
            await AppFixture.OpenAsync(page, $"{app.BaseUrl}/login");
            await page.FillAsync("#username", "sampler");
            await page.FillAsync("#password", AppFixture.Password);
            await page.ClickAsync("#sign-in");
            await AppFixture.ArrivedAsync(page, new Regex("^(?!.*/login)"));
            await AppFixture.OpenAsync(page, $"{app.BaseUrl}/sampler/");
            await Expect(page.Locator("#screen-setup")).ToBeVisibleAsync();
            await Expect(page.Locator("#screen-sign-in")).ToBeHiddenAsync();
            await Expect(page.Locator("#who")).ToHaveTextAsync("· sampler");
            await page.Locator("#round").SelectOptionAsync(roundId);
            await page.Locator("#site").SelectOptionAsync(siteCode);
            await page.ClickAsync("#start");
            await Expect(page.Locator("#where-text")).ToHaveTextAsync($"{roundName} · {siteName}");

            // The camera reads the tube, then the person: the same card held up again is not taken twice.
            await page.ClickAsync("#camera-open");
            await Expect(page.Locator("#camera")).ToBeVisibleAsync();
            await Expect(page.Locator("#tube-code")).ToHaveTextAsync(tubeCode);
            await AppFixture.ShotAsync(page, "sampler-camera-tube");
            await Expect(page.Locator("#tube-count")).ToHaveTextAsync("1/10");
            await Expect(page.Locator("#tube-server")).ToContainTextAsync("服务器已接收 1 人");
            await AppFixture.ShotAsync(page, "sampler-camera-person");
            // Debian's Chromium has no BarcodeDetector: the vendored ZXing read the codes, and it is cached for offline use.
            if (!await page.EvaluateAsync<bool>("() => 'BarcodeDetector' in window")) Assert.True(await page.EvaluateAsync<bool>("() => !!window.ZXing"));
            await page.EvaluateAsync("() => navigator.serviceWorker.ready");
            Assert.True(await page.EvaluateAsync<bool>("async () => !!(await caches.match('/lib/zxing/zxing.min.js'))"));
            await page.ClickAsync("#camera-close");
            await Expect(page.Locator("#camera")).ToBeHiddenAsync();
            await Expect(page.Locator("#tube-count")).ToHaveTextAsync("1/10");

            // The rest typed (the manual fallback): one accepted, three refused by the server.
            await TypeAsync(page, people[1]);
            await Expect(page.Locator("#tube-server")).ToContainTextAsync("服务器已接收 2 人");
            foreach (var id in new[] { people[2], people[3], stranger }) await TypeAsync(page, id);
            await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 0 条");
            await Expect(page.Locator(".rejected-item")).ToHaveCountAsync(3);
            await Expect(page.Locator("#tube-count")).ToHaveTextAsync("5/10");
            await Expect(page.Locator("#tube-server")).ToHaveTextAsync("服务器已接收 2 人 · 未接收 3");

            // Each refusal names the person (the ID stays masked) and says what to do, above the tube card.
            var already = page.Locator(".rejected-item[data-code=already-sampled]");
            await Expect(already.Locator(".rejected-who")).ToHaveTextAsync($"受检3　{people[2][..6]}********{people[2][14..]}");
            await Expect(already.Locator(".rejected-todo")).ToContainTextAsync("不用重复采样");
            var single = page.Locator(".rejected-item[data-code=retest-needs-single-tube]");
            await Expect(single.Locator(".rejected-who")).ToContainTextAsync("受检4");
            await Expect(single.Locator(".rejected-todo")).ToContainTextAsync("用单采管单独重新采样");
            var unknown = page.Locator(".rejected-item[data-code=unknown-person]");
            await Expect(unknown.Locator(".rejected-who")).ToContainTextAsync("未登记人员");
            await Expect(unknown.Locator(".register-name")).ToBeVisibleAsync();
            await Expect(page.Locator("#scan-message[data-kind=error]")).ToContainTextAsync("见页面顶部");
            var refusals = await page.Locator("#rejected").BoundingBoxAsync();
            var card = await page.Locator("#tube").BoundingBoxAsync();
            Assert.True(refusals!.Y < card!.Y, "the refusals are above the tube card");
            Assert.True(refusals.Y < 844, "the refusals start on the first screen");
            Assert.DoesNotContain("already-sampled", await page.Locator("body").InnerTextAsync());
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ShotsFolder, "sampler-refusals-first-screen.png") });
            await AppFixture.ShotAsync(page, "sampler-refusals");

            // Sealed: the shift's tally counts what the server holds, as the database does.
            await page.ClickAsync("#seal");
            var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
            await using (var db = await dbs.CreateDbContextAsync())
            {
                var held = await db.Set<Sample>().Join(db.Set<Tube>().Where(x => x.Code == tubeCode), s => s.TubeId, x => x.Id, (s, x) => s.PersonId).ToListAsync();
                Assert.Equal(2, held.Count);
                Assert.Equal(2, await db.Set<Tube>().Where(x => x.Code == tubeCode).Select(x => x.Count).SingleAsync());
                await Expect(page.Locator("#sealed-count")).ToHaveAttributeAsync("data-accepted", held.Count.ToString());
            }
            await Expect(page.Locator("#sealed-count")).ToHaveTextAsync("已封管 1 管 · 服务器已接收 2 人");
            await Expect(page.Locator("#sealed-note")).ToContainTextAsync("3 人未被接收");
            await AppFixture.ShotAsync(page, "sampler-sealed-tally");

            // The sampler's own language: English, with the same facts and no code names.
            await page.ClickAsync("#lang");
            await Expect(page.Locator("#rejected h2")).ToContainTextAsync("Not accepted by the server");
            await Expect(page.Locator("#sealed-count")).ToHaveTextAsync("1 tube sealed · 2 people accepted by the server");
            await Expect(already.Locator(".rejected-todo")).ToContainTextAsync("No second swab needed");
            // The server said why in Chinese when it answered; in English the card says what to do, not a half-translated mix.
            await Expect(already.Locator(".rejected-message")).ToBeHiddenAsync();
            await Expect(page.Locator("#online-state")).ToHaveTextAsync("Online");
            await AppFixture.ShotAsync(page, "sampler-english");
            var english = await page.Locator("body").InnerTextAsync();
            foreach (var code in new[] { "already-sampled", "retest-needs-single-tube", "unknown-person" }) Assert.DoesNotContain(code, english);
            // The choice is the site's language cookie: the page opens in English again, as the web pages would.
            await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
            await Expect(page.Locator("#rejected h2")).ToContainTextAsync("Not accepted by the server");
            await page.ClickAsync("#lang");
            await Expect(page.Locator("#online-state")).ToHaveTextAsync("在线");

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
            Assert.True(errors.Count == 0, string.Join(" | ", errors));
        }
        catch
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(AppFixture.ShotsFolder, "sampler-camera-failed.png"), FullPage = true });
            throw;
        }
        finally
        {
            await context.CloseAsync();
            File.Delete(video);
        }
    }
}
