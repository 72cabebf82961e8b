using System.Globalization;
using System.IO.Compression;
using System.Text;
using Frontline.Platform;
using Frontline.Tests.Security;
using Frontline.Tests.Support;
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
        Assert.NotEmpty(Convert.ToString(broken.Args[0], CultureInfo.InvariantCulture)!);
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

    // Issue 7, finding 3: what one file may hold (SpreadsheetLimits), read once in the reader for every importer.

    static SpreadsheetReader Csv(string text, SpreadsheetLimits limits) =>
        SpreadsheetReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "a.csv", limits);

    static DomainException Refused(byte[] xlsx, SpreadsheetLimits? limits = null)
    {
        var e = Assert.Throws<DomainException>(() =>
        {
            using var sheet = SpreadsheetReader.Open(new MemoryStream(xlsx), "a.xlsx", limits);
            foreach (var _ in sheet.Rows()) { }
        });
        Assert.Equal(("invalid-file", "file"), (e.Code, e.Field));
        return e;
    }

    static string Reason(DomainException e, string language = "zh-CN")
    {
        TestVocabulary.EnsureRegistered();
        return ErrorCatalog.Message(e.Code, CultureInfo.GetCultureInfo(language), e.Args);
    }

    [Fact]
    public void A_cell_over_the_limit_is_cut_and_marked_and_its_row_refused_as_cell_too_long_in_csv_and_xlsx()
    {
        TestVocabulary.EnsureRegistered();
        using var csv = Csv("姓名,证件号码,备注\r\n甲,1,0123456789ABC\r\n乙,2,短\r\n", new SpreadsheetLimits { MaxCellChars = 10 });
        var map = Columns.Map(csv.Header);
        var rows = csv.Rows().ToList();
        Assert.True(rows[0].Refused);
        Assert.Equal("0123456789…〔已截断，原文 13 个字符〕", map.Cell(rows[0], "note"));
        var error = Assert.Single(map.Problems(rows[0], CultureInfo.GetCultureInfo("en")));
        Assert.Equal((2, "备注", "cell-too-long"), (error.Row, error.Column, error.Code));
        Assert.Equal("The cell is too long (13 characters, at most 10); the row was not taken", error.Message);
        Assert.False(rows[1].Refused);
        Assert.Empty(map.Problems(rows[1]));

        using var xlsx = SpreadsheetReader.Open(new MemoryStream(Xlsx(["姓名", "证件号码", "备注"], ["甲", "1", new string('长', 3_000)], ["乙", "2", "短"])), "a.xlsx");
        var read = xlsx.Rows().ToList();
        var problem = Assert.Single(read[0].Problems!);
        Assert.Equal((2, "cell-too-long"), (problem.Column, problem.Code));
        Assert.Equal(2_000 + "…〔已截断，原文 3,000 个字符〕".Length, read[0].Cells[2]!.Length);
        Assert.False(read[1].Refused);
    }

    [Fact]
    public void A_row_of_too_many_cells_or_characters_is_refused_as_row_too_long_and_trailing_empty_cells_are_no_content()
    {
        var limits = new SpreadsheetLimits { MaxCellsPerRow = 3, MaxRowChars = 10 };
        using var sheet = Csv("姓名,证件号码,备注\r\na,b,c,d\r\na,b,c,,,,,,\r\n12345,12345,1\r\n", limits);
        var rows = sheet.Rows().ToList();
        Assert.Equal(("row-too-long", 3), (rows[0].Problems!.Single().Code, rows[0].Problems!.Single().Column));
        Assert.Equal(new string?[] { "a", "b", "c" }, rows[0].Cells);
        Assert.False(rows[1].Refused);
        Assert.Equal(("row-too-long", 2), (rows[2].Problems!.Single().Code, rows[2].Problems!.Single().Column));
        Assert.StartsWith("…〔已截断", rows[2].Cells[2], StringComparison.Ordinal);
        Assert.Equal("CW", new ColumnMap(["a"], []).ColumnAt(100));
    }

    [Fact]
    public void An_unclosed_quote_keeps_no_more_than_a_cell_of_all_that_follows_it()
    {
        var text = "姓名,证件号码,备注\r\n甲,1,\"" + FuzzFiles.RandomLetters(1, 5_000_000) + "\r\n乙,2,\r\n";
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        using var sheet = Csv(text, SpreadsheetLimits.Default);
        var row = sheet.Rows().Single();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal("cell-too-long", row.Problems!.Single().Code);
        Assert.True(row.Cells[2]!.Length < 2_100);
        Assert.True(allocated < 16 << 20, $"reading allocated {allocated >> 20} MB");
    }

    [Fact]
    public void An_xlsx_that_unpacks_past_the_limit_or_inflates_like_a_bomb_or_has_too_many_parts_is_refused_before_it_is_read()
    {
        var sheet = FuzzFiles.Sheet(w =>
        {
            for (var row = 1; row <= 1_000; row++) FuzzFiles.Row(w, row, [new string('A', 1_000)]);
        });
        Assert.Contains("解压后共 1 MB，超过 512 KB", Reason(Refused(sheet, new SpreadsheetLimits { MaxUnpackedBytes = 512 << 10 })), StringComparison.Ordinal);
        var bomb = Refused(sheet, new SpreadsheetLimits { RatioFreeBytes = 64 << 10 });
        Assert.Contains("疑似压缩炸弹", Reason(bomb), StringComparison.Ordinal);
        Assert.Contains("a decompression bomb", Reason(bomb, "en"), StringComparison.Ordinal);
        Assert.Contains("文件包含 20 个部件，超过 10 个", Reason(Refused(FuzzFiles.ManyParts(20), new SpreadsheetLimits { MaxParts = 10 })), StringComparison.Ordinal);
        Assert.Contains("不是 zip 压缩包", Reason(Refused(Encoding.UTF8.GetBytes("姓名,证件号码\r\n"))), StringComparison.Ordinal);
        // Within the limits, the same sheet reads.
        using var fine = SpreadsheetReader.Open(new MemoryStream(sheet), "a.xlsx");
        Assert.Equal(999, fine.Rows().Count());
    }

    [Fact]
    public void A_cell_longer_than_an_excel_cell_can_be_is_refused_whole_with_the_reason()
    {
        var e = Refused(FuzzFiles.Sheet(w => FuzzFiles.Row(w, 1, [FuzzFiles.RandomLetters(2, 300_000)])));
        Assert.Contains("超过 256 KB 的单元格", Reason(e), StringComparison.Ordinal);
        Assert.Contains("32,767", Reason(e, "en"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!DOCTYPE worksheet [<!ENTITY a \"a\">]>", "")]
    [InlineData("", "<!-- a comment -->")]
    [InlineData("", "<![CDATA[text]]>")]
    [InlineData("", "<?pi data?>")]
    public void Xml_that_could_hide_text_from_the_count_is_refused(string prolog, string inSheet)
    {
        var e = Refused(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, ["甲"]);
            w.Write(inSheet);
        }, prolog));
        Assert.Contains("DOCTYPE、注释、CDATA 或处理指令", Reason(e), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("iso-2022-jp")]
    public void A_part_not_in_utf8_is_refused(string encoding)
    {
        _ = SpreadsheetFile.Gb18030; // registers the code pages
        var chosen = encoding == "utf-16" ? new UnicodeEncoding(false, true) : Encoding.GetEncoding(encoding);
        Assert.Contains("不是 UTF-8 编码的 XML", Reason(Refused(FuzzFiles.Sheet(w => FuzzFiles.Row(w, 1, ["甲"]), encoding: chosen))), StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_past_excels_last_out_of_order_or_over_too_large_a_grid_are_refused()
    {
        Assert.Contains("行号 1048577 无效", Reason(Refused(FuzzFiles.Sheet(w => FuzzFiles.Row(w, 1_048_577, ["甲"])))), StringComparison.Ordinal);
        Assert.Contains("行号未按顺序排列", Reason(Refused(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 5, ["甲"]);
            FuzzFiles.Row(w, 3, ["乙"]);
        }))), StringComparison.Ordinal);
        // MiniExcel fills every row a sheet skips, every column wide: a 2 KB sheet made it walk 1,048,576 rows.
        Assert.Contains("跳过了 1,048,574 个空行", Reason(Refused(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, ["姓名", "证件号码"]);
            FuzzFiles.Row(w, 1_048_576, ["甲"]);
        }))), StringComparison.Ordinal);
        Assert.Contains("工作表跨 100 行 × 3 列，超过 200 个单元格", Reason(Refused(FuzzFiles.Sheet(w =>
        {
            for (var row = 1; row <= 100; row++) FuzzFiles.Row(w, row, ["a", "b", "c"]);
        }), new SpreadsheetLimits { MaxGridCells = 200 })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_a_cell_past_the_last_column_kept_is_refused_and_the_rows_around_it_read()
    {
        var xlsx = FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, ["姓名", "证件号码", "备注"]);
            FuzzFiles.Row(w, 2, ["甲", "1"]);
            FuzzFiles.Row(w, 2 + 1, ["far"], firstColumn: 16_384);
            FuzzFiles.Row(w, 4, ["乙", "2", "x"]);
        });
        using var sheet = SpreadsheetReader.Open(new MemoryStream(xlsx), "a.xlsx");
        var rows = sheet.Rows().ToList();
        Assert.Equal([2, 3, 4], rows.Select(r => r.Number));
        Assert.Equal([false, true, false], rows.Select(r => r.Refused));
        Assert.Equal(("row-too-long", 100), (rows[1].Problems!.Single().Code, rows[1].Problems!.Single().Column));
        Assert.All(rows, r => Assert.Equal(100, r.Cells.Length));
        Assert.Equal("乙", Columns.Map(sheet.Header).Cell(rows[2], "name"));
    }

    [Fact]
    public void Of_several_sheets_the_first_is_the_one_read_and_checked()
    {
        var wide = Enumerable.Range(1, 150).ToDictionary(i => $"c{i}", i => (object?)i);
        var sheets = new Dictionary<string, object>
        {
            ["名单"] = new[] { new Dictionary<string, object?> { ["姓名"] = "甲", ["证件号码"] = "1" } },
            ["说明"] = new[] { wide },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        using var sheet = SpreadsheetReader.Open(new MemoryStream(stream.ToArray()), "a.xlsx");
        var row = sheet.Rows().Single();
        Assert.False(row.Refused);
        Assert.Equal(new string?[] { "甲", "1" }, row.Cells);
    }
}
