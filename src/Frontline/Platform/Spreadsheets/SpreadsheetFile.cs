using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Frontline.Platform;

public enum SpreadsheetKind { Xlsx, Csv }

/// <summary>One row as the spreadsheet shows it: its 1-based row number (the header is row 1) and its cells as text.</summary>
public readonly record struct SpreadsheetRow(int Number, string?[] Cells);

/// <summary>
/// Reads `.xlsx` and `.csv` files as rows of text, streamed (MiniExcel for `.xlsx`, our RFC 4180 reader for CSV:
/// docs/decisions/0002). A CSV may be UTF-8 with or without BOM, or GB18030/GBK as Excel on a Chinese Windows saves
/// it; the encoding is detected.
/// </summary>
public static class SpreadsheetFile
{
    public static readonly Encoding Gb18030 = GetGb18030();

    static Encoding GetGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }

    public static SpreadsheetKind? KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => SpreadsheetKind.Xlsx,
        ".csv" => SpreadsheetKind.Csv,
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
    /// RFC 4180 records, streamed: commas separate, quotes enclose commas, line breaks and "" for a quote; a quote
    /// inside an unquoted cell is just a character, as Excel reads it. Every record counts as a spreadsheet row, blank
    /// lines included, so row numbers are the ones Excel shows (records, not lines: a quoted line break stays inside
    /// its row); a record shorter than the header simply has empty cells. (MiniExcel's CSV reader dropped blank lines,
    /// split cells on tabs and failed the whole file on one short row: see docs/decisions.)
    /// </summary>
    internal static IEnumerable<string?[]> ReadCsvRecords(TextReader reader)
    {
        var cells = new List<string?>(16);
        var cell = new StringBuilder(64);
        var quoted = false;
        var cellStarted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"') cell.Append(ch);
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    cell.Append('"');
                }
                else quoted = false;
                continue;
            }
            switch (ch)
            {
                case '"' when !cellStarted:
                    quoted = true;
                    cellStarted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    break;
                case '\r' or '\n':
                    if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellStarted = false;
                    yield return [.. cells];
                    cells.Clear();
                    any = false;
                    break;
                default:
                    cell.Append(ch);
                    cellStarted = true;
                    break;
            }
        }
        if (any)
        {
            cells.Add(cell.ToString());
            yield return [.. cells];
        }
    }

    /// <summary>
    /// Every row, header included, numbered as the spreadsheet numbers them; blank rows are passed over. A cell our
    /// own download neutralised (<c>'=…</c>) reads as it was before (<see cref="FormulaCells.Restore"/>).
    /// </summary>
    public static IEnumerable<SpreadsheetRow> Read(Stream stream, SpreadsheetKind kind)
    {
        if (kind == SpreadsheetKind.Csv)
        {
            var encoding = DetectEncoding(stream);
            using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            var number = 0;
            foreach (var record in ReadCsvRecords(reader))
            {
                number++;
                if (!record.Any(c => !string.IsNullOrWhiteSpace(c))) continue;
                for (var i = 0; i < record.Length; i++)
                    if (record[i] is { } text) record[i] = FormulaCells.Restore(text);
                yield return new SpreadsheetRow(number, record);
            }
            yield break;
        }
        var rowNumber = 0;
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            rowNumber++;
            var cells = new string?[row.Count];
            var i = 0;
            var blank = true;
            foreach (var value in row.Values)
            {
                var text = value switch
                {
                    null => null,
                    string s => FormulaCells.Restore(s),
                    double d => d.ToString("0.################", CultureInfo.InvariantCulture),
                    DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                };
                if (!string.IsNullOrWhiteSpace(text)) blank = false;
                cells[i++] = text;
            }
            if (!blank) yield return new SpreadsheetRow(rowNumber, cells);
        }
    }
}
