using Frontline.Platform;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Registry;
using Frontline.Tests.Support;
using MiniExcelLibs;

namespace Frontline.Tests.Registry;

/// <summary>Roster imports through POST /api/registry/imports: every row error code, both modes, encodings, re-import.</summary>
public abstract class RosterImportApiTests(FrontlineApp app)
{
    async Task<JsonElement> Import(HttpClient client, byte[] file, string name, string? mode = null)
    {
        var response = await client.PostAsync("/api/registry/imports" + (mode is null ? "" : $"?mode={mode}"), TestData.Upload(file, name));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    static async Task<long> CountWithId(HttpClient client, string id) =>
        (await client.GetJson($"/api/persons?q={id}")).GetProperty("total").GetInt64();

    static List<(int Row, string Column, string Code)> Errors(JsonElement result) =>
        result.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("column"), e.Str("code"))).ToList();

    [SkippableFact]
    public async Task Every_row_error_code_with_spreadsheet_row_numbers_and_nothing_written_in_all_or_nothing_mode()
    {
        var worker = await app.As("community-worker");
        var existing = TestData.NewResidentId();
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/persons",
            new { name = "原登记人", idNumber = existing, communityCode = TestData.Hongxing, building = "测试楼9栋" })).StatusCode);
        var good = TestData.NewResidentId();
        var repeated = TestData.NewResidentId();
        string?[][] rows =
        [
            TestData.Row("正确行", good),                                                      // row 2
            TestData.Row("", TestData.NewResidentId()),                                        // 3 missing-field (姓名)
            TestData.Row("格式错", "44030619900101"),                                           // 4 invalid-id-format
            TestData.Row("校验错", TestData.WithBadChecksum(TestData.NewResidentId())),         // 5 invalid-id-checksum
            TestData.Row("日期错", Fix("440306199002301230")),                                  // 6 invalid-birth-date
            TestData.Row("电话错", TestData.NewResidentId(), phone: "1381234"),                 // 7 invalid-phone
            TestData.Row("社区错", TestData.NewResidentId(), community: "不存在社区"),           // 8 unknown-community
            TestData.Row("重名社区", TestData.NewResidentId(), community: "龙腾社区"),           // 9 ambiguous-community
            TestData.Row("越权", TestData.NewResidentId(), community: TestData.Haiyu),          // 10 out-of-scope
            TestData.Row("重复一", repeated),                                                   // 11
            TestData.Row("重复二", repeated),                                                   // 12 duplicate-in-file
            TestData.Row("冒名", existing),                                                     // 13 conflicts-with-existing
        ];
        var result = await Import(worker, TestData.Xlsx(rows), "红星社区花名册.xlsx");
        Assert.Equal(12, result.Int("total"));
        Assert.Equal(0, result.Int("imported"));
        Assert.Equal(10, result.Int("rejected"));
        var errors = Errors(result);
        Assert.Contains((3, "姓名", "missing-field"), errors);
        Assert.Contains((4, "证件号码", "invalid-id-format"), errors);
        Assert.Contains((5, "证件号码", "invalid-id-checksum"), errors);
        Assert.Contains((6, "证件号码", "invalid-birth-date"), errors);
        Assert.Contains((7, "手机号码", "invalid-phone"), errors);
        Assert.Contains((8, "社区", "unknown-community"), errors);
        Assert.Contains((9, "社区", "ambiguous-community"), errors);
        Assert.Contains((10, "社区", "out-of-scope"), errors);
        Assert.Contains((12, "证件号码", "duplicate-in-file"), errors);
        Assert.Contains((13, "证件号码", "conflicts-with-existing"), errors);
        Assert.DoesNotContain(errors, e => e.Row is 2 or 11);
        Assert.Contains("第 11 行", result.GetProperty("errors").EnumerateArray().Single(e => e.Int("row") == 12).Str("message"));
        // All or nothing: not even the good rows were written.
        Assert.Equal(0, await CountWithId(worker, good));
        Assert.Equal(0, await CountWithId(worker, repeated));

        // The rejected rows come back as a spreadsheet in the file's columns plus the error column.
        var download = await worker.GetAsync($"/api/registry/imports/{result.Str("importId")}/rejected.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var back = (await download.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(10, back.Count);
        Assert.Equal("校验错", back.Single(r => ((string?)r[RosterExports.ErrorColumn])!.StartsWith("第5行", StringComparison.Ordinal))["姓名"]);
        Assert.Contains(TestData.Header, h => back[0].ContainsKey(h));
        var other = await app.As("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/registry/imports/{result.Str("importId")}/rejected.xlsx")).StatusCode);
    }

    /// <summary>Gives an ID with an impossible birth date a right check character, so only the date is wrong.</summary>
    static string Fix(string id) => id[..17] + IdentityDocuments.CheckChar(id.AsSpan(0, 17));

    [SkippableFact]
    public async Task Valid_rows_mode_writes_the_good_rows_and_reimport_changes_nothing()
    {
        var worker = await app.As("community-worker");
        var ids = Enumerable.Range(0, 4).Select(_ => TestData.NewResidentId()).ToList();
        string?[][] rows =
        [
            TestData.Row("甲一", ids[0], room: "501"),
            TestData.Row("甲二", ids[1], room: "502"),
            TestData.Row("甲三", TestData.WithBadChecksum(ids[2])),
            TestData.Row("甲四", ids[3], community: "红星社区", docType: "", residentType: "流动"),
        ];
        var file = TestData.Csv(rows);
        var first = await Import(worker, file, "roster.csv", "valid-rows");
        Assert.Equal((4, 3, 0, 0, 1), (first.Int("total"), first.Int("imported"), first.Int("updated"), first.Int("unchanged"), first.Int("rejected")));
        Assert.Equal(1, await CountWithId(worker, ids[0]));
        var floating = (await worker.GetJson($"/api/persons?q={ids[3]}")).GetProperty("items")[0];
        Assert.Equal("floating", floating.Str("residentType"));

        var again = await Import(worker, file, "roster.csv", "valid-rows");
        Assert.Equal((0, 0, 3, 1), (again.Int("imported"), again.Int("updated"), again.Int("unchanged"), again.Int("rejected")));

        // A changed room is an update, not a new person.
        rows[0] = TestData.Row("甲一", ids[0], room: "1808");
        var changed = await Import(worker, TestData.Csv(rows[..1]), "roster.csv");
        Assert.Equal((0, 1, 0), (changed.Int("imported"), changed.Int("updated"), changed.Int("unchanged")));
        var moved = (await worker.GetJson($"/api/persons?q={ids[0]}")).GetProperty("items")[0];
        Assert.Equal("1808", moved.Str("room"));
        Assert.Equal(18, moved.Int("floor"));
        Assert.Equal(1, await CountWithId(worker, ids[0]));
    }

    [SkippableFact]
    public async Task Csv_in_gb18030_and_utf8_with_bom_import_with_chinese_intact()
    {
        var worker = await app.As("community-worker");
        var gbId = TestData.NewResidentId();
        var bomId = TestData.NewResidentId();
        var gb = await Import(worker, TestData.Csv([TestData.Row("欧阳静怡", gbId, community: "红星社区")], SpreadsheetFile.Gb18030), "excel-gbk.csv");
        Assert.Equal(1, gb.Int("imported"));
        var bom = await Import(worker, TestData.Csv([TestData.Row("司马文博", bomId)], bom: true), "utf8-bom.csv");
        Assert.Equal(1, bom.Int("imported"));
        Assert.Equal("欧阳静怡", (await worker.GetJson($"/api/persons?q={gbId}")).GetProperty("items")[0].Str("name"));
        Assert.Equal("司马文博", (await worker.GetJson($"/api/persons?q={bomId}")).GetProperty("items")[0].Str("name"));
    }

    [SkippableFact]
    public async Task English_headers_in_any_order_are_accepted()
    {
        var worker = await app.As("community-worker");
        var id = TestData.NewResidentId();
        var file = TestData.Csv([[TestData.Hongxing, "英文表头", id, "英文楼1栋"]], header: ["community", "name", "idNumber", "building"]);
        var result = await Import(worker, file, "english.csv");
        Assert.Equal(1, result.Int("imported"));
    }

    [SkippableFact]
    public async Task Whole_file_problems_are_clear_errors_not_500s()
    {
        var worker = await app.As("community-worker");
        async Task<string[]> Codes(byte[] content, string name)
        {
            var response = await worker.PostAsync("/api/registry/imports", TestData.Upload(content, name));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.ProblemCodes();
        }
        Assert.Equal(["missing-column"], await Codes(TestData.Csv([["张三"]], header: ["姓名"]), "a.csv"));
        Assert.Equal(["unsupported-file-type"], await Codes([1, 2, 3], "a.pdf"));
        Assert.Equal(["invalid-file"], await Codes([0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "broken.xlsx"));
        Assert.Equal(["missing-field"], await Codes([], "zero-bytes.csv"));
        Assert.Equal(["empty-file"], await Codes(TestData.Csv([]), "header-only.csv"));
        Assert.Equal(["empty-file"], await Codes(TestData.Xlsx([]), "header-only.xlsx"));
        var badMode = await worker.PostAsync("/api/registry/imports?mode=some", TestData.Upload(TestData.Csv([]), "a.csv"));
        Assert.Equal(["invalid-mode"], await badMode.ProblemCodes());
        var sampler = await app.As("sampler");
        Assert.Equal(HttpStatusCode.Forbidden, (await sampler.PostAsync("/api/registry/imports", TestData.Upload(TestData.Csv([]), "a.csv"))).StatusCode);
    }

    [SkippableFact]
    public async Task Imports_are_audited_and_populations_follow()
    {
        var worker = await app.As("community-worker");
        var before = (await worker.GetJson("/api/jurisdictions")).EnumerateArray().Single().GetProperty("population").GetInt64();
        var rows = Enumerable.Range(0, 5).Select(i => TestData.Row("人口" + i, TestData.NewResidentId(), building: "人口楼1栋", room: $"{200 + i}")).ToArray();
        var result = await Import(worker, TestData.Csv(rows), "population.csv");
        Assert.Equal(5, result.Int("imported"));
        var after = (await worker.GetJson("/api/jurisdictions")).EnumerateArray().Single().GetProperty("population").GetInt64();
        Assert.True(after >= before + 5, $"population {before} → {after}");
        var trail = await (await app.As("admin")).GetJson($"/api/audit?action=roster.import&subject=import:{result.Str("importId")}");
        Assert.Equal(1, trail.GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task Rejected_rows_come_back_with_formula_looking_cells_neutralised_and_import_as_typed_once_fixed()
    {
        var worker = await app.As("community-worker");
        var id = TestData.NewResidentId();
        var file = TestData.Csv([TestData.Row("公式甲", TestData.WithBadChecksum(id), phone: "+86 139 1234 5678", note: "@楼长")]);
        var result = await Import(worker, file, "formulas.csv");
        Assert.Equal(1, result.Int("rejected"));
        var download = await worker.GetAsync($"/api/registry/imports/{result.Str("importId")}/rejected.xlsx");
        var back = (await download.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single();
        Assert.Equal(("'+86 139 1234 5678", "'@楼长"), (back["手机号码"], back["备注"]));

        // The person fixes the ID and uploads the download itself: the cells read as they were typed.
        back["证件号码"] = id;
        using var fixedFile = new MemoryStream();
        fixedFile.SaveAs(new[] { back }, excelType: ExcelType.XLSX);
        var again = await Import(worker, fixedFile.ToArray(), "formulas-待修正.xlsx");
        Assert.Equal((1, 0), (again.Int("imported"), again.Int("rejected")));
        var person = (await worker.GetJson($"/api/persons?q={id}")).GetProperty("items")[0];
        Assert.Equal(("139****5678", "@楼长"), (person.Str("phone"), person.Str("note")));
    }
}

public sealed class SqliteRosterImportApiTests(SqliteApp app) : RosterImportApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRosterImportApiTests(PostgresApp app) : RosterImportApiTests(app), IClassFixture<PostgresApp>;
