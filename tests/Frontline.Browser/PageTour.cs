using Microsoft.Playwright;

namespace Frontline.Browser;

/// <summary>Every page of the menu opens for a role that may see it, in Chinese, without an error.</summary>
[Collection(AppCollection.Name)]
public sealed class PageTour(AppFixture app)
{
    [BrowserFact]
    public async Task Every_menu_page_renders_for_its_role()
    {
        var pages = new (string User, string Path, string Heading)[]
        {
            ("admin", "/jurisdictions", "辖区与人口"),
            ("community-worker", "/persons", "人员查询"),
            ("community-worker", "/registry/import", "花名册导入"),
            ("community-worker", "/registry/verification", "逐楼逐户排查"),
            ("community-worker", "/policy", "防控政策"),
            ("auditor", "/audit", "审计日志"),
        };
        foreach (var group in pages.GroupBy(p => p.User))
        {
            var page = await app.SignInAsync(group.Key);
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
}
