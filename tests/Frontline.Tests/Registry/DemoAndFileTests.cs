using Frontline.Platform;
using System.Text;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Frontline.Tests.Support;

namespace Frontline.Tests.Registry;

public class DemoAndFileTests
{
    static List<Jurisdiction> Communities() =>
        JurisdictionDirectory.DemoDivisions().Where(j => j.Level == JurisdictionLevel.Community).OrderBy(j => j.Code).ToList();

    [Fact]
    public void Demo_district_has_ten_streets_and_120_communities()
    {
        var all = JurisdictionDirectory.DemoDivisions().ToList();
        Assert.Single(all, j => j.Level == JurisdictionLevel.District);
        Assert.Equal(10, all.Count(j => j.Level == JurisdictionLevel.Street));
        Assert.Equal(120, all.Count(j => j.Level == JurisdictionLevel.Community));
        Assert.All(all.Where(j => j.ParentCode is not null), j => Assert.Contains(all, p => p.Code == j.ParentCode));
    }

    [Fact]
    public void Demo_population_is_valid_unique_deterministic_and_covers_every_community()
    {
        var communities = Communities();
        var people = new DemoPopulation(30_000).Generate(communities).ToList();
        Assert.Equal(30_000, people.Count);
        var today = new DateOnly(2022, 3, 14);
        Assert.All(people, p => Assert.Null(IdentityDocuments.ValidateResidentId(p.DocNumber, today)));
        Assert.Equal(people.Count, people.Select(p => p.DocNumber).Distinct().Count());
        Assert.All(people.Where(p => p.Phone is not null), p => Assert.Null(IdentityDocuments.ValidatePhone(p.Phone, out _)));
        Assert.Equal(120, people.Select(p => p.CommunityCode).Distinct().Count());
        var households = people.GroupBy(p => (p.CommunityCode, p.Building, p.Room)).Select(g => g.Count()).ToList();
        Assert.InRange(households.Min(), 1, 1);
        Assert.InRange(households.Max(), 2, 6);
        Assert.True(people.Count(p => !p.DocNumber.StartsWith("4403", StringComparison.Ordinal)) > people.Count / 4, "migrant workers' home provinces are represented");
        var again = new DemoPopulation(30_000).Generate(communities).Take(100).Select(p => p.DocNumber + p.Name);
        Assert.Equal(people.Take(100).Select(p => p.DocNumber + p.Name), again);
    }

    [Fact]
    public void Shares_sum_to_the_total_and_give_every_community_someone()
    {
        var shares = DemoPopulation.Shares(4_500_000, 120, 7);
        Assert.Equal(4_500_000, shares.Sum());
        Assert.All(shares, s => Assert.True(s > 10_000));
    }

    [Fact]
    public void Csv_encodings_are_detected()
    {
        var text = "姓名,证件号码\r\n张三,1\r\n";
        Assert.Equal(Encoding.UTF8.WebName, SpreadsheetFile.DetectEncoding(new MemoryStream(Encoding.UTF8.GetBytes(text))).WebName);
        Assert.Equal(Encoding.UTF8.WebName, SpreadsheetFile.DetectEncoding(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)])).WebName);
        Assert.Equal(SpreadsheetFile.Gb18030.WebName, SpreadsheetFile.DetectEncoding(new MemoryStream(SpreadsheetFile.Gb18030.GetBytes(text))).WebName);
    }

    [Fact]
    public void Rows_keep_spreadsheet_numbers_across_blank_rows_in_csv_and_xlsx()
    {
        string?[][] rows = [TestData.Row("甲", "1"), ["", "", "", "", "", "", "", "", ""], TestData.Row("乙", "2")];
        var csv = SpreadsheetFile.Read(new MemoryStream(TestData.Csv(rows)), SpreadsheetKind.Csv).ToList();
        Assert.Equal([1, 2, 4], csv.Select(r => r.Number));
        var xlsx = SpreadsheetFile.Read(new MemoryStream(TestData.Xlsx(rows)), SpreadsheetKind.Xlsx).ToList();
        Assert.Equal([1, 2, 4], xlsx.Select(r => r.Number));
        Assert.Equal("乙", xlsx[2].Cells[0]);
    }

    [Fact]
    public void Gb18030_csv_reads_chinese_names()
    {
        var bytes = TestData.Csv([TestData.Row("欧阳娜", "440306199001011235")], SpreadsheetFile.Gb18030);
        var rows = SpreadsheetFile.Read(new MemoryStream(bytes), SpreadsheetKind.Csv).ToList();
        Assert.Equal("姓名", rows[0].Cells[0]);
        Assert.Equal("欧阳娜", rows[1].Cells[0]);
        Assert.Equal("红星社区", TestData.Row("x", "y", community: "红星社区")[4]);
    }
}

public class CsvRecordTests
{
    static List<string?[]> Records(string text) => SpreadsheetFile.ReadCsvRecords(new StringReader(text)).ToList();

    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("a,,c", new[] { "a", "", "c" })]
    [InlineData("\"a,1\",b", new[] { "a,1", "b" })]
    [InlineData("\"say \"\"hi\"\"\",b", new[] { "say \"hi\"", "b" })]
    [InlineData("\"line1\nline2\",b", new[] { "line1\nline2", "b" })]
    [InlineData("tab\tinside,b", new[] { "tab\tinside", "b" })]
    [InlineData("5\"2,b", new[] { "5\"2", "b" })]
    [InlineData("张三,440306", new[] { "张三", "440306" })]
    public void One_record(string text, string[] cells) => Assert.Equal(cells, Records(text).Single());

    [Fact]
    public void Blank_lines_are_rows_and_every_line_ending_counts()
    {
        var records = Records("h1,h2\r\na,b\r\n\r\nc,d\ne,f\rg,h\n");
        Assert.Equal(6, records.Count);
        Assert.Equal(new string?[] { "" }, records[2]);
        Assert.Equal(new string?[] { "g", "h" }, records[5]);
    }

    [Fact]
    public void A_quoted_line_break_keeps_the_following_rows_numbered_as_excel_shows_them()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("姓名,备注\r\n甲,\"两行\r\n备注\"\r\n\r\n乙,x\r\n");
        var rows = SpreadsheetFile.Read(new MemoryStream(bytes), SpreadsheetKind.Csv).ToList();
        Assert.Equal([1, 2, 4], rows.Select(r => r.Number));
        Assert.Equal("两行\r\n备注", rows[1].Cells[1]);
        Assert.Equal("乙", rows[2].Cells[0]);
    }

    [Fact]
    public void A_short_row_has_fewer_cells_rather_than_failing_the_file()
    {
        var rows = SpreadsheetFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("a,b,c\nx\ny,z,w")), SpreadsheetKind.Csv).ToList();
        Assert.Equal(new string?[] { "x" }, rows[1].Cells);
        Assert.Equal(3, rows[2].Cells.Length);
    }
}
