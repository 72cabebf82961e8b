using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Frontline.Browser;

/// <summary>Every page of the menu opens for a role that may see it, in Chinese, without an error.</summary>
[Collection(AppCollection.Name)]
public sealed class PageTour(AppFixture app)
{
    static readonly (string User, string Path, string Heading)[] Pages =
        [
            ("admin", "/jurisdictions", "辖区与人口"),
            ("community-worker", "/persons", "人员查询"),
            ("community-worker", "/registry/import", "花名册导入"),
            ("community-worker", "/registry/verification", "逐楼逐户排查"),
            ("community-worker", "/policy", "防控政策"),
            ("community-worker", "/testing/rounds", "轮次与覆盖"),
            ("community-worker", "/testing/sites", "采样点"),
            ("lab", "/testing/results", "检测结果上传"),
            ("lab", "/testing/reviews", "结果冲突处理"),
            ("auditor", "/audit", "审计日志"),
            ("facility-staff", "/containment/facilities", "隔离场所"),
            ("facility-staff", "/containment/intake", "入住登记"),
            ("community-worker", "/tasks", "督办任务"),
            ("inspector", "/command/inspections/new", "现场督导检查"),
            ("community-worker", "/command/inspections", "督导检查"),
        ];

    [BrowserFact]
    public async Task Every_menu_page_renders_for_its_role()
    {
        foreach (var group in Pages.GroupBy(p => p.User))
        {
            var page = await app.SignInAsync(group.Key);
            // Every item of the menu is a link: it opens in a new tab, and a click on it never waits for a script.
            await Assertions.Expect(page.Locator(".ant-menu-item")).Not.ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator(".ant-menu-item:not(:has(a[href]))")).ToHaveCountAsync(0);
            foreach (var (_, path, heading) in group)
            {
                await app.GoAsync(page, path);
                await Assertions.Expect(page.Locator("h1.page-title")).ToContainTextAsync(heading);
                await Assertions.Expect(page.Locator(".ant-result-error")).ToHaveCountAsync(0);
                await AppFixture.ShotAsync(page, "tour" + path.Replace('/', '-'));
            }
            await page.Context.CloseAsync();
        }
    }

    /// <summary>On a phone no page needs sideways scrolling: a wide table scrolls within itself, the page keeps the screen's width.</summary>
    [BrowserFact]
    public async Task Every_menu_page_fits_a_phone_s_width()
    {
        var wide = new List<string>();
        foreach (var group in Pages.GroupBy(p => p.User))
        {
            var page = await app.SignInAsync(group.Key, 390, 844);
            foreach (var (_, path, heading) in group)
            {
                await app.GoAsync(page, path);
                await Assertions.Expect(page.Locator("h1.page-title")).ToContainTextAsync(heading);
                var overflow = await LayoutFlow.OverflowAsync(page);
                if (overflow > 0) wide.Add($"{path} ({overflow}px)");
                Directory.CreateDirectory(Path.Combine(AppFixture.ShotsFolder, "layout"));
                await AppFixture.ShotAsync(page, "layout/phone" + path.Replace('/', '-'));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(wide.Count == 0, "wider than a 390px phone: " + string.Join(", ", wide));
    }

    [BrowserFact]
    public async Task Jurisdiction_tree_loads_a_street_and_leads_to_a_community_s_residents()
    {
        var page = await app.SignInAsync("admin");
        await app.GoAsync(page, "/jurisdictions");
        var street = page.Locator(".ant-tree-treenode").Filter(new() { HasText = "松岗街道" });
        await street.Locator(".ant-tree-switcher").ClickAsync();
        var community = page.Locator("a.community-link", new() { HasText = "红星社区" });
        await Assertions.Expect(community).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "jurisdictions-expanded");

        await community.ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex(Regex.Escape("/persons?jurisdiction=440306005002")));
        await Assertions.Expect(page.Locator(".jurisdiction-filter")).ToContainTextAsync("红星社区");
        await Assertions.Expect(page.Locator(".ant-table-row").First).ToContainTextAsync("红星社区");
        await page.Context.CloseAsync();
    }
}
