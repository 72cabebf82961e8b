using System.Globalization;
using System.Text;
using Frontline.Platform;
using MiniExcelLibs;

namespace Frontline.Tests.Platform;

public class SpreadsheetReaderTests
{
    static readonly SpreadsheetColumns Columns = new(
        new("name", true, "姓名", "name"),
        new("idNumber", true, "证件号码", "身份证号", "idnumber"),
        new("note", false, "备注", "note"));

    static SpreadsheetReader Open(string text, string fileName = "a.csv", Encoding? encoding = null, bool bom = false)
    {
        var body = (encoding ?? new UTF8Encoding(false)).GetBytes(text);
        return SpreadsheetReader.Open(new MemoryStream(bom ? [.. Encoding.UTF8.GetPreamble(), .. body] : body), fileName);
    }

    static byte[] Xlsx(params object?[][] rows)
    {
        var data = rows.Select(r => r.Select((v, i) => (Key: $"c{i}", Value: v)).ToDictionary(x => x.Key, x => x.Value)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(data, printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    static string Code(Action read) => Assert.Throws<DomainException>(read).Code;

    [Theory]
    [InlineData("utf-8", false)]
    [InlineData("utf-8", true)]
    [InlineData("gb18030", false)]
    public void Csv_in_utf8_with_or_without_bom_and_in_gb18030_reads_the_same(string encoding, bool bom)
    {
        var chosen = encoding == "gb18030" ? SpreadsheetFile.Gb18030 : new UTF8Encoding(false);
        using var sheet = Open("姓名,证件号码,备注\r\n欧阳娜,440306199001011235,住三楼\r\n司马文博,11010519491231002X,\r\n", encoding: chosen, bom: bom);
        var map = Columns.Map(sheet.Header);
        var rows = sheet.Rows().ToList();
        Assert.Equal([2, 3], rows.Select(r => r.Number));
        Assert.Equal(["欧阳娜", "司马文博"], rows.Select(r => map.Cell(r, "name")));
        Assert.Equal("住三楼", map.Cell(rows[0], "note"));
        Assert.Equal("", map.Cell(rows[1], "note"));
    }

    [Fact]
    public void Xlsx_rows_carry_the_numbers_excel_shows_and_numbers_read_as_text()
    {
        var bytes = Xlsx(["姓名", "证件号码", "备注"], ["甲", "440306199001011235", 12.5], [null, null, null], ["乙", "11010519491231002X", null]);
        using var sheet = SpreadsheetReader.Open(new MemoryStream(bytes), "roster.XLSX");
        var map = Columns.Map(sheet.Header);
        var rows = sheet.Rows().ToList();
        Assert.Equal([2, 4], rows.Select(r => r.Number));
        Assert.Equal("12.5", map.Cell(rows[0], "note"));
        Assert.Equal("乙", map.Cell(rows[1], "name"));
    }

    [Fact]
    public void Headers_match_by_chinese_name_or_english_alias_in_any_order_ignoring_case_spaces_and_asterisks()
    {
        using var sheet = Open(" NOTE ,身份证号*,Name\r\nx,440306199001011235,张三\r\n");
        var map = Columns.Map(sheet.Header);
        var row = sheet.Rows().Single();
        Assert.Equal(("张三", "440306199001011235", "x"), (map.Cell(row, "name"), map.Cell(row, "idNumber"), map.Cell(row, "note")));
        Assert.Equal(["NOTE", "身份证号*", "Name"], map.Header);
        Assert.Equal("身份证号*", map.ColumnName("idNumber"));
    }

    [Fact]
    public void The_first_column_that_matches_a_field_fills_it_and_unknown_columns_are_kept_but_not_read()
    {
        using var sheet = Open("楼栋,姓名,name,证件号码\r\n1栋,甲,乙,440306199001011235\r\n");
        var map = Columns.Map(sheet.Header);
        Assert.Equal("甲", map.Cell(sheet.Rows().Single(), "name"));
        Assert.Equal(1, map.ColumnOf["name"]);
        Assert.False(map.Has("note"));
        Assert.Equal("note", map.ColumnName("note"));
    }

    [Fact]
    public void A_missing_required_column_names_every_one_that_is_missing()
    {
        using var sheet = Open("备注\r\nx\r\n");
        var e = Assert.Throws<DomainException>(() => Columns.Map(sheet.Header));
        Assert.Equal(("missing-column", "file"), (e.Code, e.Field));
        Assert.Equal(["姓名、证件号码"], e.Args);
        var withFields = new SpreadsheetColumns(new SpreadsheetColumn("name", true, "姓名", "name")) { MissingName = c => $"{c.Headers[0]}/{c.Field}" };
        Assert.Equal(["姓名/name"], Assert.Throws<DomainException>(() => withFields.Map(sheet.Header)).Args);
    }

    [Fact]
    public void A_quoted_cell_over_several_lines_is_one_row_so_later_rows_keep_excels_numbers()
    {
        // Excel numbers records, not lines: the three-line note is all of row 2, and 乙 is row 3.
        using var sheet = Open("姓名,证件号码,备注\r\n甲,1,\"第一行\r\n第二行\r\n第三行\"\r\n乙,2,\r\n\r\n丙,3,\"a,\"\"b\"\"\"\n");
        var map = Columns.Map(sheet.Header);
        var rows = sheet.Rows().ToList();
        Assert.Equal([2, 3, 5], rows.Select(r => r.Number));
        Assert.Equal("第一行\r\n第二行\r\n第三行", map.Cell(rows[0], "note"));
        Assert.Equal("a,\"b\"", map.Cell(rows[2], "note"));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_cell_is_a_character_and_does_not_swallow_the_rows_after_it()
    {
        using var sheet = Open("姓名,证件号码,备注\r\n甲,1,屏幕 6\" 大\r\n乙,2,\r\n");
        var map = Columns.Map(sheet.Header);
        var rows = sheet.Rows().ToList();
        Assert.Equal([2, 3], rows.Select(r => r.Number));
        Assert.Equal("屏幕 6\" 大", map.Cell(rows[0], "note"));
        Assert.Equal("乙", map.Cell(rows[1], "name"));
    }

    [Fact]
    public void A_short_row_has_no_cell_for_the_columns_it_lacks()
    {
        using var sheet = Open("姓名,证件号码,备注\n甲\n");
        var map = Columns.Map(sheet.Header);
        var row = sheet.Rows().Single();
        Assert.Equal("甲", map.Cell(row, "name"));
        Assert.Null(map.Cell(row, "note"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData(",,\r\n ,\r\n")]
    public void A_file_without_even_a_header_is_empty(string text) => Assert.Equal("empty-file", Code(() => Open(text)));

    [Fact]
    public void A_header_alone_opens_with_no_rows()
    {
        using var sheet = Open("姓名,证件号码\r\n");
        Assert.Equal(1, sheet.Header.Number);
        Assert.Empty(sheet.Rows());
    }

    [Fact]
    public void Other_file_types_and_broken_files_answer_with_their_codes()
    {
        Assert.Equal("unsupported-file-type", Code(() => Open("姓名\r\n", "roster.xls")));
        var broken = Assert.Throws<DomainException>(() => SpreadsheetReader.Open(new MemoryStream([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), "broken.xlsx"));
        Assert.Equal("invalid-file", broken.Code);
        Assert.NotEmpty((string)broken.Args[0]);
    }

    [Fact]
    public void A_cell_error_names_the_row_and_the_column_as_the_file_has_them()
    {
        using var sheet = Open("Name,IDNumber\r\n甲,123\r\n");
        var map = Columns.Map(sheet.Header);
        var error = map.Error(sheet.Rows().Single(), "idNumber", "invalid-id-format", CultureInfo.GetCultureInfo("zh-CN"));
        Assert.Equal((2, "IDNumber", "invalid-id-format"), (error.Row, error.Column, error.Code));
        Assert.Equal(ErrorCatalog.Message("invalid-id-format", CultureInfo.GetCultureInfo("zh-CN")), error.Message);
        Assert.Equal("note", map.Error(new SpreadsheetRow(2, ["甲"]), "note", "missing-field").Column);
    }
}
