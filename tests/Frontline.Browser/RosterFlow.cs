using System.Text.RegularExpressions;
using Frontline.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>A community worker imports a roster with a mistake, reads why it was refused, fixes it, and finds the person.</summary>
[Collection(AppCollection.Name)]
public sealed class RosterFlow(AppFixture app)
{
    const string Community = "红星社区";
    const string Building = "新苑1栋";

    sealed record Resident(string Name, string IdNumber, string Phone, string Room, string Type);

    // Beijing area codes and 1950s birth dates: the demo district's generated residents never have them.
    static string ResidentId(string first17) => first17 + Registry.IdentityDocuments.CheckChar(first17);

    static readonly Resident[] Residents =
    [
        new("阙一鸣", ResidentId("11010119520314123"), "13800138001", "301", "户籍"),
        new("阙二妹", ResidentId("11010119550607124"), "13800138002", "301", "户籍"),
        new("阙三友", ResidentId("11010219580921125"), "13800138003", "302", "常住"),
        new("阙四海", ResidentId("11010219511130126"), "13800138004", "401", "流动"),
        new("阙五福", ResidentId("11010519590102127"), "", "402", "常住"),
    ];

    /// <summary>The third resident's ID with its check character changed: a typing error the checksum catches.</summary>
    static string WrongChecksum(string id) => id[..17] + (id[17] == '0' ? '1' : '0');

    static string WriteRoster(string name, Func<Resident, int, string> idOf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.xlsx");
        var rows = Residents.Select((r, i) => new Dictionary<string, object>
        {
            ["姓名"] = r.Name, ["证件类型"] = "居民身份证", ["证件号码"] = idOf(r, i), ["手机号码"] = r.Phone,
            ["社区"] = Community, ["楼栋"] = Building, ["房号"] = r.Room, ["人员类型"] = r.Type, ["备注"] = "",
        });
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    [BrowserFact]
    public async Task Worker_fixes_a_refused_roster_and_finds_the_person_masked()
    {
        var page = await app.SignInAsync("community-worker");
        await app.GoAsync(page, "/registry/import");

        var bad = WriteRoster("roster-bad", (r, i) => i == 2 ? WrongChecksum(r.IdNumber) : r.IdNumber);
        await page.Locator(".mode-all").ClickAsync();
        await page.Locator("input.roster-file").SetInputFilesAsync(bad);
        await page.Locator("button.start-import").ClickAsync();

        await Expect(page.Locator(".nothing-imported")).ToBeVisibleAsync();
        File.Delete(bad);
        await Expect(Count(page, "total")).ToHaveTextAsync("5");
        await Expect(Count(page, "imported")).ToHaveTextAsync("0");
        await Expect(Count(page, "rejected")).ToHaveTextAsync("1");
        // Header is row 1, so the third resident is on row 4 of the sheet.
        var errorRow = page.Locator(".import-errors tbody tr.ant-table-row");
        await Expect(errorRow).ToHaveCountAsync(1);
        await Expect(errorRow.Locator("td").Nth(0)).ToHaveTextAsync("4");
        await Expect(errorRow.Locator("td").Nth(1)).ToHaveTextAsync("阙**");
        await Expect(errorRow.Locator("td").Nth(2)).ToHaveTextAsync("证件号码");
        await Expect(errorRow.Locator("td").Nth(3)).ToContainTextAsync("校验位不正确");
        await Expect(page.Locator(".result-file-name")).ToContainTextAsync("roster-bad-");
        await Expect(page.Locator("a.rejected-download")).ToHaveAttributeAsync("href", new Regex(@"^/exports/imports/[0-9a-f]{32}/rejected\.xlsx$"));
        await AppFixture.ShotAsync(page, "import-refused");
        var rejected = await DownloadAsync(page, await page.Locator("a.rejected-download").GetAttributeAsync("href"));
        Assert.Equal(WrongChecksum(Residents[2].IdNumber), rejected.Single()["证件号码"]?.ToString());

        await app.GoAsync(page, "/persons?q=阙");
        await Expect(page.Locator(".ant-table-row")).ToHaveCountAsync(0);
        await Expect(page.Locator(".ant-empty")).ToBeVisibleAsync();

        await app.GoAsync(page, "/registry/import");
        var good = WriteRoster("roster-fixed", (r, _) => r.IdNumber);
        await page.Locator(".mode-all").ClickAsync();
        await page.Locator("input.roster-file").SetInputFilesAsync(good);
        await page.Locator("button.start-import").ClickAsync();
        await Expect(Count(page, "imported")).ToHaveTextAsync("5");
        File.Delete(good);
        await Expect(Count(page, "rejected")).ToHaveTextAsync("0");
        await Expect(page.Locator("a.rejected-download")).ToHaveCountAsync(0);
        await AppFixture.ShotAsync(page, "import-done");

        await app.GoAsync(page, "/persons");
        await page.GetByPlaceholder("姓名（前几个字）、完整证件号码或手机号码").FillAsync("阙三");
        await page.Locator("button.search-button").ClickAsync();
        var hit = page.Locator(".ant-table-row");
        await Expect(hit).ToHaveCountAsync(1);
        var third = Residents[2];
        var masked = third.IdNumber[..6] + "********" + third.IdNumber[14..];
        await Expect(hit).ToContainTextAsync(masked);
        await Expect(hit).ToContainTextAsync(Building);
        await Expect(hit).ToContainTextAsync("常住");
        await AppFixture.ShotAsync(page, "persons-search");

        await hit.Locator("a.person-name").ClickAsync();
        await AppFixture.ArrivedAsync(page, new Regex(@"/persons/\d+$"));
        await Expect(page.Locator("h1.page-title")).ToHaveTextAsync(third.Name);
        await Expect(page.Locator(".id-number")).ToHaveTextAsync(new Regex(@"^\d{6}\*{8}\d{3}[\dX]$"));
        await Expect(page.Locator(".id-number")).ToHaveTextAsync(masked);
        await Expect(page.Locator(".phone")).ToHaveTextAsync("138****8003");
        await AppFixture.ShotAsync(page, "person-detail-masked");

        // Unmasking asks for a reason first and refuses an empty one.
        await page.Locator("button.unmask-button").ClickAsync();
        await page.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(page.Locator(".ant-modal .field-error")).ToContainTextAsync("请填写查看原因");
        await page.Locator("textarea.unmask-reason").FillAsync("核实花名册导入结果");
        await page.Locator(".ant-modal-footer .ant-btn-primary").ClickAsync();
        await Expect(page.Locator(".id-number")).ToHaveTextAsync(third.IdNumber);
        await Expect(page.Locator(".unmasked-tag")).ToBeVisibleAsync();
        await AppFixture.ShotAsync(page, "person-detail-unmasked");
        await page.Context.CloseAsync();

        // The audit entry of that view says who, why, and from which address, as the API's do.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Frontline.Platform.FrontlineDb>>().CreateDbContextAsync();
        var entry = await db.Audit.Where(a => a.Action == "pii.view" && a.Reason == "核实花名册导入结果").SingleAsync();
        Assert.Equal("community-worker", entry.UserName);
        Assert.False(string.IsNullOrEmpty(entry.Ip));
    }

    [BrowserFact]
    public async Task After_a_refused_all_or_nothing_import_the_valid_rows_go_in_with_one_click()
    {
        var page = await app.SignInAsync("community-worker");
        await app.GoAsync(page, "/registry/import");
        // Other people than the flow above (Beijing 东城 area codes, 1960s), one of them with a wrong check character.
        var people = new[]
        {
            new Resident("邝一", ResidentId("11010119610314123"), "13800139001", "501", "户籍"),
            new Resident("邝二", ResidentId("11010119620607124"), "13800139002", "502", "常住"),
            new Resident("邝三", ResidentId("11010119630921125"), "13800139003", "503", "常住"),
        };
        var path = Path.Combine(Path.GetTempPath(), $"roster-mixed-{Guid.NewGuid():N}.xlsx");
        MiniExcel.SaveAs(path, people.Select((r, i) => new Dictionary<string, object>
        {
            ["姓名"] = r.Name, ["证件类型"] = "居民身份证", ["证件号码"] = i == 1 ? WrongChecksum(r.IdNumber) : r.IdNumber, ["手机号码"] = r.Phone,
            ["社区"] = Community, ["楼栋"] = Building, ["房号"] = r.Room, ["人员类型"] = r.Type, ["备注"] = "",
        }));
        await page.Locator(".mode-all").ClickAsync();
        await page.Locator("input.roster-file").SetInputFilesAsync(path);
        await page.Locator("button.start-import").ClickAsync();
        await Expect(page.Locator(".nothing-imported")).ToBeVisibleAsync();
        File.Delete(path);
        await Expect(page.Locator(".import-errors tbody tr.ant-table-row td").Nth(1)).ToHaveTextAsync("邝*");
        var now = page.Locator("button.import-valid-rows-now");
        await Expect(now).ToContainTextAsync("2 行");
        await AppFixture.ShotAsync(page, "import-valid-rows-offer");

        // The file was deleted on this side: the server imports the copy it kept, without asking for it again.
        await now.ClickAsync();
        await Expect(Count(page, "imported")).ToHaveTextAsync("2");
        await Expect(Count(page, "rejected")).ToHaveTextAsync("1");
        await Expect(page.Locator("button.import-valid-rows-now")).ToHaveCountAsync(0);
        await Expect(page.Locator("a.rejected-download")).ToBeVisibleAsync();
        await page.Context.CloseAsync();

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<Frontline.Platform.FrontlineDb>>().CreateDbContextAsync();
        var names = await db.Persons.Where(p => p.Name.StartsWith("邝")).Select(p => p.Name).OrderBy(n => n).ToListAsync();
        Assert.Equal(["邝一", "邝三"], names);
    }

    [BrowserFact]
    public async Task Template_downloads_carry_the_import_s_chinese_header()
    {
        var page = await app.SignInAsync("community-worker");
        await app.GoAsync(page, "/registry/import");
        string[] header = ["姓名", "证件类型", "证件号码", "手机号码", "社区", "楼栋", "房号", "人员类型", "备注"];

        var xlsx = await page.Context.APIRequest.GetAsync(app.BaseUrl + await page.Locator("a.template-xlsx").GetAttributeAsync("href"));
        Assert.Equal(200, xlsx.Status);
        using var workbook = new MemoryStream(await xlsx.BodyAsync());
        var row = (IDictionary<string, object?>)workbook.Query(useHeaderRow: false).Single();
        Assert.Equal(header, row.Values.Select(v => v?.ToString()));

        var csv = await page.Context.APIRequest.GetAsync(app.BaseUrl + await page.Locator("a.template-csv").GetAttributeAsync("href"));
        Assert.Equal(string.Join(",", header), (await csv.TextAsync()).TrimStart('\uFEFF').TrimEnd());
        await page.Context.CloseAsync();
    }

    /// <summary>A link's spreadsheet fetched with the page's own cookie, as its rows keyed by header.</summary>
    async Task<List<IDictionary<string, object?>>> DownloadAsync(IPage page, string? href)
    {
        var response = await page.Context.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.Equal(200, response.Status);
        using var stream = new MemoryStream(await response.BodyAsync());
        return stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }

    static ILocator Count(IPage page, string which) => page.Locator($"[data-count={which}] .count-value");
}
