using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Frontline.Registry;

/// <summary>One row of a roster as the spreadsheet shows it: its 1-based row number and its cells as text.</summary>
public readonly record struct RosterRow(int Number, string?[] Cells);

/// <summary>
/// Reads `.xlsx` and `.csv` rosters as rows of text, streamed (MiniExcel). A CSV may be UTF-8 with or
/// without BOM, or GB18030/GBK as Excel on a Chinese Windows saves it; the encoding is detected.
/// </summary>
public static class RosterFile
{
    static RosterFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly Encoding Gb18030 = GetGb18030();

    static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }

    public enum Kind { Xlsx, Csv }

    public static Kind? KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => Kind.Xlsx,
        ".csv" => Kind.Csv,
        _ => null,
    };

    /// <summary>UTF-8 if the whole file decodes strictly as UTF-8 (a BOM settles it at once), else GB18030.</summary>
    public static Encoding DetectEncoding(Stream stream)
    {
        var start = stream.Position;
        try
        {
            Span<byte> bom = stackalloc byte[3];
            var read = stream.Read(bom);
            if (read == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) return new UTF8Encoding(false);
            stream.Position = start;
            var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
            var bytes = new byte[1 << 16];
            var chars = new char[1 << 17];
            int n;
            while ((n = stream.Read(bytes)) > 0)
                decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030;
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>
    /// MiniExcel's own CSV split without its regular expressions, which took two thirds of the reading time
    /// (a look-ahead to the end of the line at every separator, two more per cell). Same cells out for the
    /// same line in: a comma or a tab separates where an even number of quotes follows it; in each cell
    /// "" becomes " and one leading and one trailing quote are dropped (a trailing quote may stand before a
    /// final line feed, as the regex's $ allows). The tab splitting a cell is MiniExcel's too.
    /// </summary>
    internal static string[] SplitCsvLine(string line)
    {
        var quotes = line.AsSpan().Count('"');
        var cells = 1;
        var seen = 0;
        foreach (var c in line)
        {
            if (c == '"') seen++;
            else if (c is ',' or '\t' && (quotes - seen) % 2 == 0) cells++;
        }
        var result = new string[cells];
        var start = 0;
        var k = 0;
        seen = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"') seen++;
            else if (c is ',' or '\t' && (quotes - seen) % 2 == 0)
            {
                result[k++] = Unquote(line, start, i);
                start = i + 1;
            }
        }
        result[k] = Unquote(line, start, line.Length);
        return result;
    }

    static string Unquote(string line, int start, int end)
    {
        var cell = line.AsSpan(start, end - start);
        if (!cell.Contains('"')) return cell.ToString();
        var t = cell.ToString().Replace("\"\"", "\"");
        var from = t.Length > 0 && t[0] == '"' ? 1 : 0;
        var to = t.Length;
        if (to > from && t[to - 1] == '"') to--;
        else if (to - 2 >= from && t[to - 1] == '\n' && t[to - 2] == '"') return string.Concat(t.AsSpan(from, to - 2 - from), "\n");
        return t[from..to];
    }

    /// <summary>Every row, header included, numbered as the spreadsheet numbers them; blank rows are passed over.</summary>
    public static IEnumerable<RosterRow> Read(Stream stream, Kind kind)
    {
        IEnumerable<dynamic> rows;
        if (kind == Kind.Csv)
        {
            var encoding = DetectEncoding(stream);
            var config = new CsvConfiguration
            {
                StreamReaderFunc = s => new StreamReader(s, encoding, detectEncodingFromByteOrderMarks: true),
                SplitFn = SplitCsvLine,
            };
            rows = stream.Query(useHeaderRow: false, excelType: ExcelType.CSV, configuration: config);
        }
        else rows = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX);

        var number = 0;
        foreach (IDictionary<string, object?> row in rows)
        {
            number++;
            var cells = new string?[row.Count];
            var i = 0;
            var blank = true;
            foreach (var value in row.Values)
            {
                var text = value switch
                {
                    null => null,
                    string s => s,
                    double d => d.ToString("0.################", System.Globalization.CultureInfo.InvariantCulture),
                    DateTime dt => dt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                };
                if (!string.IsNullOrWhiteSpace(text)) blank = false;
                cells[i++] = text;
            }
            if (!blank) yield return new RosterRow(number, cells);
        }
    }
}
