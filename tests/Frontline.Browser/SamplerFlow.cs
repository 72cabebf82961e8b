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
/// A sampler at a site, on a phone, with a keyboard-wedge scanner (it types the code and presses Enter):
/// fills and seals a tube, loses the network for the next one, and sees everything arrive once, when it returns.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SamplerFlow(AppFixture app)
{
    static async Task ScanAsync(IPage page, string code)
    {
        var scan = page.Locator("#scan");
        await Expect(scan).ToBeFocusedAsync();
        // Typed key by key as a wedge scanner does, into whatever has focus: the page must keep it in the scan field.
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
    }

    [BrowserFact]
    public async Task Sampler_fills_tubes_online_and_offline_and_every_scan_is_stored_once()
    {
        var (roundId, roundName, siteCode, siteName) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing, poolSize: 10);
        var people = await TestingData.ResidentsAsync(app, 5);

        var context = await app.NewContextAsync(new()
        {
            Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        var page = await context.NewPageAsync();
        await AppFixture.OpenAsync(page, $"{app.BaseUrl}/sampler/");
        await Expect(page.Locator("#screen-sign-in")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "sampler-sign-in");
        await page.FillAsync("#username", "sampler");
        await page.FillAsync("#password", AppFixture.Password);
        await page.ClickAsync("#sign-in");

        await Expect(page.Locator("#screen-setup")).ToBeVisibleAsync();
        await page.Locator("#round").SelectOptionAsync(roundId);
        await page.Locator("#site").SelectOptionAsync(siteCode);
        await AppFixture.ShotAsync(page, "sampler-setup");
        await page.ClickAsync("#start");
        await Expect(page.Locator("#where-text")).ToHaveTextAsync($"{roundName} · {siteName}");

        // The first tube, online: three people, with the round's default of 10 per tube.
        var tube1 = TestingData.Unique("T");
        await ScanAsync(page, tube1);
        await Expect(page.Locator("#tube-code")).ToHaveTextAsync(tube1);
        await Expect(page.Locator("#pool button[aria-pressed=true]")).ToHaveTextAsync("10混1");
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("0/10");

        // A check character typed wrong is refused at once, before anything is stored.
        await ScanAsync(page, TestingData.WithBadChecksum(people[0]));
        await Expect(page.Locator("#scan-message[data-kind=error]")).ToContainTextAsync("校验位不正确");
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("0/10");
        await AppFixture.ShotAsync(page, "sampler-bad-checksum");

        await ScanAsync(page, people[0]);
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("1/10");
        await ScanAsync(page, people[1]);
        // Scanned twice into the same tube: said at once, counted once.
        await ScanAsync(page, people[1]);
        await Expect(page.Locator("#scan-message[data-kind=error]")).ToContainTextAsync("已在本管中");
        await ScanAsync(page, people[2].ToLowerInvariant());
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("3/10");
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 0 条");
        await AppFixture.ShotAsync(page, "sampler-tube-3-of-10");
        await page.ClickAsync("#seal");
        await Expect(page.Locator("#tube-code")).ToHaveTextAsync("未扫描");
        await Expect(page.Locator("#sealed-list li")).ToHaveCountAsync(1);

        // The network drops: the second tube's scans wait on the phone.
        await context.SetOfflineAsync(true);
        await Expect(page.Locator("#online-state")).ToHaveTextAsync("离线");
        var tube2 = TestingData.Unique("T");
        await ScanAsync(page, tube2);
        await ScanAsync(page, people[3]);
        await ScanAsync(page, people[4]);
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("2/10");
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 2 条");
        await AppFixture.ShotAsync(page, "sampler-offline-2-waiting");

        // Still offline, the page itself opens again from the service worker's cache, with its waiting scans.
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.Locator("#screen-scan")).ToBeVisibleAsync();
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("2/10");
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 2 条");
        await page.ClickAsync("#seal");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 0 条");
        await Expect(page.Locator("#online-state")).ToHaveTextAsync("在线");
        await Expect(page.Locator("#rejected")).ToBeHiddenAsync();
        await AppFixture.ShotAsync(page, "sampler-drained");

        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var samples = await db.Set<Sample>().Where(s => s.RoundId == long.Parse(roundId))
                .Join(db.Set<Tube>(), s => s.TubeId, t => t.Id, (s, t) => new { t.Code, s.PersonId, t.PoolSize }).ToListAsync();
            Assert.Equal(5, samples.Count);
            Assert.Equal(5, samples.Select(s => s.PersonId).Distinct().Count());
            Assert.Equal(3, samples.Count(s => s.Code == tube1));
            Assert.Equal(2, samples.Count(s => s.Code == tube2));
            Assert.All(samples, s => Assert.Equal(10, s.PoolSize));
        }

        // Nothing on the page may need sideways scrolling at a phone's width.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a 390px phone");
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_sampler_s_menu_leads_to_the_scanning_page_without_a_second_sign_in()
    {
        // A sampler lands on the scanning page itself; the menu leads there from any other page too.
        var sampler = await app.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await sampler.NewPageAsync();
        await AppFixture.OpenAsync(page, $"{app.BaseUrl}/login?returnUrl=%2Fpolicy");
        await page.FillAsync("#username", "sampler");
        await page.FillAsync("#password", AppFixture.Password);
        await page.ClickAsync("#sign-in");
        await AppFixture.ArrivedAsync(page, new Regex("/policy$"));
        await AppFixture.WaitInteractiveAsync(page);
        await page.Locator(".menu-sampler a").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/sampler/$"));
        // The page takes its bearer token from the signed-in session: no password asked again.
        await Expect(page.Locator("#screen-setup")).ToBeVisibleAsync();
        await Expect(page.Locator("#screen-sign-in")).ToBeHiddenAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("· sampler");
        var manifest = await page.Context.APIRequest.GetAsync(app.BaseUrl + "/sampler/manifest.webmanifest");
        Assert.Equal(200, manifest.Status);
        Assert.Contains("\"scope\": \"/sampler/\"", await manifest.TextAsync());
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task An_unknown_person_is_refused_by_the_server_and_registered_with_name_and_phone()
    {
        var (roundId, _, siteCode, _) = await TestingData.RoundAndSiteAsync(app, TestingData.Hongxing, poolSize: 5);
        var context = await app.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await AppFixture.OpenAsync(page, $"{app.BaseUrl}/sampler/");
        await Expect(page.Locator("#screen-sign-in")).ToBeVisibleAsync();
        await page.FillAsync("#username", "sampler");
        await page.FillAsync("#password", AppFixture.Password);
        await page.ClickAsync("#sign-in");
        await page.Locator("#round").SelectOptionAsync(roundId);
        await page.Locator("#site").SelectOptionAsync(siteCode);
        await page.ClickAsync("#start");

        await page.Locator("#pool button[data-pool='5']").WaitForAsync();
        await ScanAsync(page, TestingData.Unique("T"));
        await Expect(page.Locator("#pool button[aria-pressed=true]")).ToHaveTextAsync("5混1");
        await page.ClickAsync("#pool button[data-pool='1']");
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("0/1");
        var stranger = TestingData.NewResidentId();
        await ScanAsync(page, stranger);
        await Expect(page.Locator("#tube-count")).ToHaveTextAsync("1/1");
        // The upload's answer comes in the background and says its own line: wait for it, so that the next line is the scan's.
        var item = page.Locator(".rejected-item[data-code=unknown-person]");
        await Expect(item).ToBeVisibleAsync();
        await ScanAsync(page, TestingData.NewResidentId());
        await Expect(page.Locator("#scan-message[data-kind=error]")).ToContainTextAsync("本管已满");

        await Expect(item.Locator(".rejected-message")).ToContainTextAsync("未登记");
        await AppFixture.ShotAsync(page, "sampler-unknown-person");
        await item.Locator(".register-name").FillAsync("过路人");
        await item.Locator(".register-phone").FillAsync("13912340000");
        await item.Locator(".register-send").ClickAsync();
        await Expect(page.Locator(".rejected-item")).ToHaveCountAsync(0);
        await Expect(page.Locator("#pending-count")).ToHaveTextAsync("待上传 0 条");

        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        await using var db = await dbs.CreateDbContextAsync();
        var person = await db.Persons.SingleAsync(p => p.DocNumber == stranger);
        Assert.Equal("过路人", person.Name);
        Assert.Equal(1, await db.Set<Sample>().CountAsync(s => s.RoundId == long.Parse(roundId) && s.PersonId == person.Id));
        await context.CloseAsync();
    }
}
