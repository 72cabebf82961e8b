using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Frontline.Platform;

public enum SpreadsheetKind { Xlsx, Csv }

/// <summary>
/// One row as the spreadsheet shows it: its 1-based row number (the header is row 1) and its cells as text, within
/// <see cref="SpreadsheetLimits"/>; <paramref name="Problems"/> says what of it was over them (the row is refused).
/// </summary>
public readonly record struct SpreadsheetRow(int Number, string?[] Cells, IReadOnlyList<CellProblem>? Problems = null)
{
    public bool Refused => Problems is { Count: > 0 };
}

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
    /// A record keeps what <see cref="SpreadsheetLimits"/> allow and only counts the rest, so a line of any length
    /// (an unclosed quote swallows the file) costs no more than a row's limit.
    /// </summary>
    internal static IEnumerable<(string?[] Cells, List<CellProblem>? Problems)> ReadCsvRecords(TextReader reader, SpreadsheetLimits limits)
    {
        var row = new RowCells(limits);
        var cell = new StringBuilder(64);
        var room = row.Room;
        long length = 0;
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
                if (ch != '"') Append(ch);
                else if (reader.Peek() == '"')
                {
                    reader.Read();
                    Append('"');
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
                    EndCell();
                    break;
                case '\r' or '\n':
                    if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                    EndCell();
                    yield return row.Take();
                    room = row.Room;
                    any = false;
                    break;
                default:
                    Append(ch);
                    cellStarted = true;
                    break;
            }
        }
        if (any)
        {
            EndCell();
            yield return row.Take();
        }

        void Append(char ch)
        {
            if (length++ < room) cell.Append(ch);
        }

        void EndCell()
        {
            row.Add(cell.ToString(), length);
            cell.Clear();
            length = 0;
            cellStarted = false;
            room = row.Room;
        }
    }

    /// <summary>The records' cells alone, within the default limits.</summary>
    internal static IEnumerable<string?[]> ReadCsvRecords(TextReader reader) => ReadCsvRecords(reader, SpreadsheetLimits.Default).Select(r => r.Cells);

    /// <summary>
    /// Every row, header included, numbered as the spreadsheet numbers them; blank rows are passed over. A cell our
    /// own download neutralised (<c>'=…</c>) reads as it was before (<see cref="FormulaCells.Restore"/>). A row holds
    /// what <see cref="SpreadsheetLimits"/> allow, and says what it could not hold (<see cref="SpreadsheetRow.Problems"/>).
    /// </summary>
    public static IEnumerable<SpreadsheetRow> Read(Stream stream, SpreadsheetKind kind, SpreadsheetLimits? limits = null)
    {
        limits ??= SpreadsheetLimits.Default;
        if (kind == SpreadsheetKind.Csv)
        {
            var encoding = DetectEncoding(stream);
            using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            var number = 0;
            foreach (var (record, problems) in ReadCsvRecords(reader, limits))
            {
                number++;
                if (!record.Any(c => !string.IsNullOrWhiteSpace(c)) && problems is null) continue;
                for (var i = 0; i < record.Length; i++)
                    if (record[i] is { } text) record[i] = FormulaCells.Restore(text);
                yield return new SpreadsheetRow(number, record, problems);
            }
            yield break;
        }
        var shape = XlsxCheck.Run(stream, limits);
        // MiniExcel gives every row every column up to the last one asked for; a row's cells past it are left out
        // (XlsxCheck told which rows have some). Never its byte-array cells: they read a part of the size it claims.
        var configuration = new OpenXmlConfiguration { EnableConvertByteArray = false, FillMergedCells = false };
        var last = XlsxCheck.ColumnLetters(shape.Columns) + limits.MaxRows.ToString(CultureInfo.InvariantCulture);
        var wide = 0;
        var rowNumber = 0;
        var cells = new RowCells(limits);
        foreach (IDictionary<string, object?> row in stream.QueryRange(useHeaderRow: false, excelType: ExcelType.XLSX, startCell: "A1", endCell: last,
            configuration: configuration))
        {
            rowNumber++;
            var blank = true;
            foreach (var value in row.Values)
            {
                var text = value switch
                {
                    null => null,
                    string s => s,
                    double d => d.ToString("0.################", CultureInfo.InvariantCulture),
                    DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                };
                if (!string.IsNullOrWhiteSpace(text)) blank = false;
                cells.Add(text, text?.Length ?? 0);
            }
            while (wide < shape.WideRows.Count && shape.WideRows[wide] < rowNumber) wide++;
            if (wide < shape.WideRows.Count && shape.WideRows[wide] == rowNumber)
            {
                cells.MarkTooManyCells();
                blank = false;
            }
            var (kept, problems) = cells.Take();
            for (var i = 0; i < kept.Length; i++)
                if (kept[i] is { } text) kept[i] = FormulaCells.Restore(text);
            if (!blank) yield return new SpreadsheetRow(rowNumber, kept, problems);
        }
    }
}
