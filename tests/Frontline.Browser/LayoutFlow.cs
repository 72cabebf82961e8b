using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The app's shell on a phone and on a desktop: a drawer menu that gets out of the way once a page is chosen, the
/// sign-out within reach, a desktop menu grouped by line of work that scrolls above its collapse button; and where
/// each role lands after signing in.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LayoutFlow(AppFixture app)
{
    static string Shot(string name)
    {
        Directory.CreateDirectory(Path.Combine(AppFixture.ShotsFolder, "layout"));
        return "layout/" + name;
    }

    /// <summary>How many pixels the page is wider than the window (0 when it needs no sideways scrolling).</summary>
    public static Task<int> OverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    [BrowserFact]
    public async Task On_a_phone_the_menu_is_a_drawer_that_closes_after_a_choice_and_signs_out()
    {
        var page = await app.SignInAsync("community-worker", 390, 844);
        await Expect(page.Locator(".side-bar")).ToBeHiddenAsync();
        var menuButton = page.Locator("button.menu-button");
        await Expect(menuButton).ToBeVisibleAsync();
        Assert.True(await OverflowAsync(page) <= 0, $"the landing page is {await OverflowAsync(page)}px wider than the phone");

        await menuButton.ClickAsync();
        var drawer = page.Locator(".ant-drawer-open");
        await Expect(drawer.Locator(".drawer-account .who")).ToContainTextAsync("红星社区网格员");
        await Expect(drawer.Locator(".drawer-account .lang")).ToBeVisibleAsync();
        await Expect(drawer.Locator(".drawer-account button.sign-out")).ToHaveTextAsync("退出登录");
        await Expect(drawer.Locator(".menu-group-registry")).ToBeVisibleAsync();
        // The drawer slides in: the name, the language and signing out are on screen once it has.
        await page.WaitForFunctionAsync("() => document.querySelector('.ant-drawer-open .drawer-account')?.getBoundingClientRect().left >= 0");
        await AppFixture.ShotAsync(page, Shot("phone-menu-open"));

        await drawer.Locator(".menu-persons a").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/persons$"));
        await Expect(page.Locator(".ant-drawer-open")).ToHaveCountAsync(0);
        await Expect(page.Locator(".ant-drawer .nav-menu")).ToHaveCountAsync(0);
        // A phone gets the persons as cards: name, masked ID, where they live, the check's state and the way in.
        var card = page.Locator(".person-card").First;
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.Locator(".masked").First).ToContainTextAsync("*");
        await Expect(card.Locator(".person-card-open")).ToBeVisibleAsync();
        await Expect(page.Locator(".ant-table")).ToBeHiddenAsync();
        var width = await page.Locator(".content").EvaluateAsync<double>("e => e.getBoundingClientRect().width");
        Assert.True(width >= 389, $"the page takes {width}px of the phone's 390px");
        Assert.True(await OverflowAsync(page) <= 0, $"the persons page is {await OverflowAsync(page)}px wider than the phone");
        await AppFixture.ShotAsync(page, Shot("phone-persons"));

        // The language switch is in the drawer too: the same page comes back in English, menu and cards alike.
        await menuButton.ClickAsync();
        await page.Locator(".ant-drawer-open .drawer-account .lang").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/persons$"));
        await AppFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync("Persons");
        await Expect(page.Locator(".person-card-open").First).ToHaveTextAsync("Open and check");
        await menuButton.ClickAsync();
        await Expect(page.Locator(".ant-drawer-open .menu-group-registry")).ToContainTextAsync("Registry");
        await page.WaitForFunctionAsync("() => document.querySelector('.ant-drawer-open .drawer-account')?.getBoundingClientRect().left >= 0");
        await AppFixture.ShotAsync(page, Shot("phone-menu-open-en"));
        await Expect(page.Locator(".ant-drawer-open button.sign-out")).ToHaveTextAsync("Sign out");
        await page.Locator(".ant-drawer-open button.sign-out").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/login"));
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task On_a_desktop_the_menu_is_grouped_and_its_last_entry_clears_the_collapse_button()
    {
        var page = await app.SignInAsync("admin", 1440, 900);
        await Expect(page.Locator("button.menu-button")).ToBeHiddenAsync();
        await Expect(page.Locator(".topbar .account button.sign-out")).ToBeVisibleAsync();
        var groups = page.Locator(".side-bar .ant-menu-submenu-title");
        await Expect(groups).ToHaveTextAsync(["登记", "核酸检测", "流调", "管控", "指挥", "平台"]);
        // The page's own group is open; the others fold so that the menu fits.
        await Expect(page.Locator(".side-bar .menu-jurisdictions")).ToBeVisibleAsync();
        await Expect(page.Locator(".side-bar .menu-audit")).ToBeHiddenAsync();
        await AppFixture.ShotAsync(page, Shot("desktop-menu"));

        // Every group open: the menu is far taller than the window and scrolls within the side bar.
        for (var i = 1; i < await groups.CountAsync(); i++) await groups.Nth(i).ClickAsync();
        var last = page.Locator(".side-bar .menu-audit");
        await Expect(last).ToBeVisibleAsync();
        await last.ScrollIntoViewIfNeededAsync();
        var entry = await last.BoundingBoxAsync();
        var trigger = await page.Locator(".side-bar .ant-layout-sider-trigger").BoundingBoxAsync();
        Assert.NotNull(entry);
        Assert.NotNull(trigger);
        Assert.True(entry.Y + entry.Height <= trigger.Y + 0.5, $"the last entry ends at {entry.Y + entry.Height}px, the collapse button starts at {trigger.Y}px");
        Assert.True(await OverflowAsync(page) <= 0);
        await AppFixture.ShotAsync(page, Shot("desktop-menu-all-open"));

        await last.Locator("a").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex("/audit$"));
        await Expect(page.Locator("h1.page-title")).ToContainTextAsync("审计日志");
        await page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task Each_role_lands_on_its_main_task_after_signing_in()
    {
        var landings = new (string User, string Url, string? Heading)[]
        {
            ("admin", "/jurisdictions$", "辖区与人口"),
            ("commander", "/dashboard$", null),
            ("street-commander", "/dashboard$", null),
            ("community-worker", "/registry/verification$", "逐楼逐户排查"),
            ("sampler", "/sampler/$", null),
            ("lab", "/testing/results$", "检测结果上传"),
            ("investigator", "/investigation/cases$", null),
            ("dispatcher", "/transfers$", null),
            ("facility-staff", @"/containment/facilities(/\d+)?$", null),
            ("inspector", "/command/inspections$", "督导检查"),
            ("hotline", "/requests$", null),
            ("auditor", "/audit$", "审计日志"),
        };
        foreach (var (user, url, heading) in landings)
        {
            var context = await app.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 } });
            var page = await context.NewPageAsync();
            await AppFixture.OpenAsync(page, $"{app.BaseUrl}/login");
            await page.FillAsync("#username", user);
            await page.FillAsync("#password", AppFixture.Password);
            await page.ClickAsync("#sign-in");
            await AppFixture.ArrivedAsync(page, new Regex(url));
            if (user == "sampler")
                // Signed in already: the page takes its token from the session and opens on the choice of round and site.
                await Expect(page.Locator("#screen-setup")).ToBeVisibleAsync();
            else
            {
                await AppFixture.WaitInteractiveAsync(page);
                await Expect(page.Locator("h1").First).ToBeVisibleAsync();
                if (heading is not null) await Expect(page.Locator("h1.page-title").First).ToContainTextAsync(heading);
                await Expect(page.Locator(".ant-result-403, .ant-result-error")).ToHaveCountAsync(0);
            }
            await AppFixture.ShotAsync(page, Shot("landing-" + user));
            // And "/" (the brand, a bookmark) leads to the same page.
            await AppFixture.OpenAsync(page, $"{app.BaseUrl}/");
            await AppFixture.ArrivedAsync(page, new Regex(url));
            await context.CloseAsync();
        }
    }
}
