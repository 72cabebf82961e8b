using System.IO.Compression;
using Frontline.Platform;
using MiniExcelLibs;

namespace Frontline.Tests.Platform;

public class SpreadsheetExportTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-", "'-")]
    [InlineData("+", "'+")]
    [InlineData("-.5", "'-.5")]
    [InlineData("-5.", "'-5.")]
    [InlineData("+86 139 1234 5678", "'+86 139 1234 5678")]
    [InlineData("-1e5", "'-1e5")]
    // Plain numbers are numbers, not formulas, in a CSV too.
    [InlineData("-5", "-5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("+8613912345678", "+8613912345678")]
    // Nothing else changes.
    [InlineData("张三", "张三")]
    [InlineData("1+1", "1+1")]
    [InlineData("a=b", "a=b")]
    [InlineData(" =1", " =1")]
    [InlineData("", "")]
    public void Formula_looking_text_gets_a_leading_apostrophe(string text, string written)
    {
        Assert.Equal(written, FormulaCells.Neutralise(text));
        Assert.Equal(text, FormulaCells.Restore(written));
    }

    [Theory]
    [InlineData("'=1", "=1")]
    [InlineData("'\t", "\t")]
    [InlineData("'张三", "'张三")]
    [InlineData("'5", "'5")]
    [InlineData("'", "'")]
    [InlineData("''=1", "''=1")]
    public void Only_the_apostrophe_of_a_neutralised_cell_is_taken_off(string text, string read) =>
        Assert.Equal(read, FormulaCells.Restore(text));

    static async Task<List<IDictionary<string, object?>>> Back(byte[] xlsx, bool useHeaderRow = true) =>
        (await new MemoryStream(xlsx).QueryAsync(useHeaderRow: useHeaderRow)).Cast<IDictionary<string, object?>>().ToList();

    [Fact]
    public async Task An_export_neutralises_text_cells_and_the_header_and_keeps_numbers_and_empty_cells()
    {
        var xlsx = await SpreadsheetExport.XlsxAsync(["姓名", "=备注", "数量"],
            [new object?[] { "=1+1", "@x", -5 }, new object?[] { "张三", null, 2.5 }, new object?[] { "李四" }]);
        var rows = await Back(xlsx);
        Assert.Equal(["姓名", "'=备注", "数量"], rows[0].Keys);
        Assert.Equal(["'=1+1", "'@x", -5.0], rows[0].Values);
        Assert.Equal(["张三", null, 2.5], rows[1].Values);
        Assert.Equal(["李四", null, null], rows[2].Values);
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_and_repeated_column_names_are_made_unique()
    {
        var rows = await Back(await SpreadsheetExport.XlsxAsync(["姓名", "", "姓名", " "], [new object?[] { "a", "b", "c", "d" }]));
        Assert.Equal(["姓名", "列2", "姓名_", "列4"], rows[0].Keys);
        Assert.Equal(["a", "b", "c", "d"], rows[0].Values);
    }

    [Fact]
    public async Task With_no_rows_the_header_is_still_written()
    {
        var rows = await Back(await SpreadsheetExport.XlsxAsync(["姓名", "证件号码"], []), useHeaderRow: false);
        Assert.Equal(["姓名", "证件号码"], rows.Single().Values);
    }

    [Fact]
    public async Task A_neutralised_download_reads_back_as_it_was()
    {
        var xlsx = await SpreadsheetExport.XlsxAsync(["姓名", "备注"], [new object?[] { "=甲", "-2+3" }]);
        using var sheet = SpreadsheetReader.Open(new MemoryStream(xlsx), "back.xlsx");
        Assert.Equal(new string?[] { "=甲", "-2+3" }, sheet.Rows().Single().Cells);
    }
}
