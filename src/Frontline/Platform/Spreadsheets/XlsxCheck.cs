using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Frontline.Platform;

/// <summary>
/// An .xlsx checked before MiniExcel opens it, so that a small file cannot make it unpack, hold or walk more than
/// <see cref="SpreadsheetLimits"/> allow. In order: the zip's directory (how many parts), what the parts say they
/// unpack to and how far each inflates (.NET's zip reader never inflates a part past the size its directory gives,
/// so those figures bound what MiniExcel can read), then every part MiniExcel may parse, streamed through
/// <see cref="XmlRuns"/> (no text or tag over <see cref="SpreadsheetLimits.MaxXmlRun"/>, none of the XML a
/// spreadsheet never holds), and the sheet's rows and columns. Whatever fails is refused as <c>invalid-file</c> with
/// the reason, in the reader's words.
/// </summary>
static class XlsxCheck
{
    /// <summary>What the reader needs of the sheet MiniExcel will read.</summary>
    /// <param name="Columns">How many columns to read: the last one a cell uses, at most the cells a row may keep.</param>
    /// <param name="WideRows">The rows (in order) with a cell past the last column kept.</param>
    public sealed record Shape(int Columns, IReadOnlyList<int> WideRows);

    public static Shape Run(Stream file, SpreadsheetLimits limits)
    {
        if (!file.CanSeek) throw new ArgumentException("An .xlsx is read from a seekable stream.", nameof(file));
        var start = file.Position;
        try
        {
            var parts = PartsInDirectory(file);
            if (parts > limits.MaxParts)
                throw Refused(new($"文件包含 {parts:N0} 个部件，超过 {limits.MaxParts:N0} 个", $"it has {parts:N0} parts, more than {limits.MaxParts:N0}"));
            file.Position = start;
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked += entry.Length;
                if (entry.Length > limits.RatioFreeBytes && entry.Length > (double)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    var ratio = entry.Length / Math.Max(1, entry.CompressedLength);
                    throw Refused(new($"部件 {PartName(entry)} 从 {Mb(entry.CompressedLength)} 解压为 {Mb(entry.Length)}（{ratio:N0} 倍，上限 {limits.MaxCompressionRatio} 倍），疑似压缩炸弹",
                        $"part {PartName(entry)} inflates from {Mb(entry.CompressedLength)} to {Mb(entry.Length)} ({ratio:N0} times, at most {limits.MaxCompressionRatio}): a decompression bomb"));
                }
            }
            if (unpacked > limits.MaxUnpackedBytes)
                throw Refused(new($"解压后共 {Mb(unpacked)}，超过 {Mb(limits.MaxUnpackedBytes)}", $"it unpacks to {Mb(unpacked)}, more than {Mb(limits.MaxUnpackedBytes)}"));

            var sheets = zip.Entries.Where(IsSheet).ToList();
            if (sheets.Count == 0) throw Refused(new("文件中没有工作表", "it has no worksheet"));
            var read = sheets.Count == 1 ? sheets[0] : FirstSheet(zip, sheets, limits);
            Shape? shape = null;
            foreach (var entry in zip.Entries.Where(MiniExcelParses))
            {
                using var runs = Open(entry, limits);
                if (IsSheet(entry))
                {
                    var sheetShape = SheetShape(runs, limits);
                    if (entry == read || (read is null && (shape is null || sheetShape.Columns > shape.Columns))) shape = sheetShape;
                }
                else runs.CopyTo(Stream.Null);
            }
            return shape!;
        }
        finally
        {
            file.Position = start;
        }
    }

    /// <summary>MiniExcel's sheets: every part under xl/worksheets/ named sheet…, whatever it ends with.</summary>
    static bool IsSheet(ZipArchiveEntry e) => e.FullName.TrimStart('/').StartsWith("xl/worksheets/sheet", StringComparison.OrdinalIgnoreCase);

    static bool MiniExcelParses(ZipArchiveEntry e) => IsSheet(e)
        || e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    static string PartName(ZipArchiveEntry e) => FileNames.Safe(e.FullName, maxLength: 60);

    static string Mb(long bytes) => bytes >= 1 << 20
        ? (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KB";

    /// <summary>
    /// A part's XML, read through <see cref="XmlRuns"/> once its start shows UTF-8, as Excel writes it: in an
    /// encoding such as UTF-16 or ISO-2022-JP a <c>&lt;</c> byte is not always a tag, and text could hide from the count.
    /// </summary>
    static XmlRuns Open(ZipArchiveEntry entry, SpreadsheetLimits limits)
    {
        Span<byte> buffer = stackalloc byte[256];
        int n;
        using (var peek = entry.Open()) n = peek.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = buffer[..n];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        if (!head.IsEmpty && (head[0] != '<' || (head.Length > 1 && head[1] == 0) || !DeclaresUtf8(head)))
            throw Refused(new($"部件 {PartName(entry)} 不是 UTF-8 编码的 XML", $"part {PartName(entry)} is not XML in UTF-8"));
        return new XmlRuns(entry.Open(), limits);
    }

    /// <summary>No XML declaration, or one without an encoding, or one naming UTF-8.</summary>
    static bool DeclaresUtf8(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith("<?xml"u8)) return true;
        var end = head.IndexOf("?>"u8);
        var declaration = end < 0 ? head : head[..end];
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0) return true;
        var rest = declaration[(at + 8)..].TrimStart(" \t\r\n="u8);
        if (rest.IsEmpty || rest[0] is not ((byte)'"' or (byte)'\'')) return false;
        var close = rest[1..].IndexOf(rest[0]);
        return close >= 0 && System.Text.Ascii.EqualsIgnoreCase(rest.Slice(1, close), "utf-8"u8);
    }

    internal static DomainException Refused(Words reason) => new("invalid-file", field: "file", args: reason);

    /// <summary>
    /// The number of parts the zip's end record announces, read before .NET lists them (a listing costs a few
    /// hundred bytes a part). A zip64 end record is followed to its own count.
    /// </summary>
    static long PartsInDirectory(Stream file)
    {
        const int EndRecord = 22;
        var length = file.Length - file.Position;
        var origin = file.Position;
        var tailLength = (int)Math.Min(length, EndRecord + ushort.MaxValue);
        if (tailLength < EndRecord) throw NotAZip();
        var tail = new byte[tailLength];
        file.Position = origin + length - tailLength;
        file.ReadExactly(tail);
        for (var at = tailLength - EndRecord; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != 0x06054b50) continue;
            long parts = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            if (parts != ushort.MaxValue || at < 20) return parts;
            // Zip64: the locator just before the end record gives where the zip64 end record is.
            var locator = tail.AsSpan(at - 20);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != 0x07064b50) return parts;
            var zip64 = (long)BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
            if (zip64 < 0 || zip64 > length - 56) throw NotAZip();
            Span<byte> record = stackalloc byte[56];
            file.Position = origin + zip64;
            file.ReadExactly(record);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0x06064b50) throw NotAZip();
            var count = BinaryPrimitives.ReadUInt64LittleEndian(record[32..]);
            return count > long.MaxValue ? long.MaxValue : (long)count;
        }
        throw NotAZip();
    }

    static DomainException NotAZip() => Refused(new("不是 .xlsx 文件（不是 zip 压缩包）", "it is not an .xlsx file (not a zip archive)"));

    /// <summary>The sheet MiniExcel reads of several: the workbook's first, found through the workbook's relationships as MiniExcel finds it.</summary>
    static ZipArchiveEntry? FirstSheet(ZipArchive zip, List<ZipArchiveEntry> sheets, SpreadsheetLimits limits)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null || rels is null) return null;
        string? id = null;
        using (var runs = Open(workbook, limits))
        using (var xml = XmlReader.Create(runs, Settings))
            while (xml.Read())
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
                {
                    id = xml.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
                        ?? xml.GetAttribute("id", "http://purl.oclc.org/ooxml/officeDocument/relationships");
                    break;
                }
        if (id is null) return null;
        string? target = null;
        using (var runs = Open(rels, limits))
        using (var xml = XmlReader.Create(runs, Settings))
            while (xml.Read())
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") == id)
                {
                    target = xml.GetAttribute("Target");
                    break;
                }
        if (target is null) return null;
        return sheets.FirstOrDefault(s => s.FullName == $"xl/{target}" || s.FullName == $"/xl/{target}" || s.FullName.TrimStart('/') == target.TrimStart('/'));
    }

    static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true, CloseInput = false,
    };

    /// <summary>
    /// The sheet's rows and columns as MiniExcel will number them (a row's <c>r</c>, else the one after; a cell's
    /// column from its <c>r</c>, else the one after): no row past Excel's last, rows in order, and a grid
    /// (last row × columns read, and the rows skipped × columns) within <see cref="SpreadsheetLimits.MaxGridCells"/>
    /// and <see cref="SpreadsheetLimits.MaxSkippedCells"/>.
    /// </summary>
    static Shape SheetShape(Stream sheet, SpreadsheetLimits limits)
    {
        var wide = new List<int>();
        int row = 0, lastColumn = 0, column = 0;
        long skipped = 0;
        using var xml = XmlReader.Create(sheet, Settings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "row")
            {
                var next = row + 1;
                if (xml.GetAttribute("r") is { } r)
                {
                    if (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out next) || next < 1 || next > limits.MaxRows)
                        throw Refused(new($"行号 {FileNames.Safe(r, 20)} 无效（Excel 的行号为 1 到 {limits.MaxRows:N0}）",
                            $"row number {FileNames.Safe(r, 20)} is not valid (Excel's rows are 1 to {limits.MaxRows:N0})"));
                    if (next <= row)
                        throw Refused(new($"行号未按顺序排列（第 {next} 行在第 {row} 行之后）", $"its rows are out of order (row {next} after row {row})"));
                }
                if (next > limits.MaxRows)
                    throw Refused(new($"超出 Excel 的 {limits.MaxRows:N0} 行", $"it has more than Excel's {limits.MaxRows:N0} rows"));
                skipped += next - row - 1;
                row = next;
                column = 0;
            }
            else if (xml.LocalName == "c")
            {
                column = xml.GetAttribute("r") is { } reference && ColumnOf(reference) is int c and > 0 ? c : column + 1;
                if (column > limits.MaxCellsPerRow)
                {
                    if (wide.Count == 0 || wide[^1] != row) wide.Add(row);
                }
                else if (column > lastColumn) lastColumn = column;
            }
        }
        var columns = wide.Count > 0 ? limits.MaxCellsPerRow : Math.Max(1, lastColumn);
        if ((long)row * columns > limits.MaxGridCells)
            throw Refused(new($"工作表跨 {row:N0} 行 × {columns} 列，超过 {limits.MaxGridCells:N0} 个单元格",
                $"the sheet spans {row:N0} rows × {columns} columns, more than {limits.MaxGridCells:N0} cells"));
        if (skipped * columns > limits.MaxSkippedCells)
            throw Refused(new($"工作表跳过了 {skipped:N0} 个空行（× {columns} 列，超过 {limits.MaxSkippedCells:N0} 个单元格）",
                $"the sheet skips {skipped:N0} blank rows (× {columns} columns, more than {limits.MaxSkippedCells:N0} cells)"));
        return new Shape(columns, wide);
    }

    /// <summary>The 1-based column of a cell reference (<c>C12</c> → 3); null when it is none; past Excel's XFD, int.MaxValue.</summary>
    internal static int? ColumnOf(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && reference[i] is >= 'A' and <= 'Z'; i++)
            column = i >= 3 ? int.MaxValue : column * 26 + reference[i] - 'A' + 1;
        return i == 0 ? null : column > 16_384 ? int.MaxValue : column;
    }

    /// <summary>The letters of a 1-based column: 1 → A, 27 → AA.</summary>
    internal static string ColumnLetters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }
}

/// <summary>
/// A part's XML as it is read, refused as soon as a stretch between two tags (a cell's text, a tag) grows past
/// <see cref="SpreadsheetLimits.MaxXmlRun"/>, or the XML holds what only hides text from that count: a DOCTYPE,
/// a comment, CDATA or a processing instruction (the only <c>&lt;</c> inside text, and never written by Excel,
/// WPS or LibreOffice; the XML declaration at the start is the one <c>&lt;?</c> allowed).
/// </summary>
sealed class XmlRuns(Stream inner, SpreadsheetLimits limits) : Stream
{
    long position, run;
    bool afterTag;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        var data = buffer[..n];
        var i = 0;
        if (afterTag && n > 0)
        {
            Check(data[0], position - 1);
            afterTag = false;
        }
        while (i < n)
        {
            var tag = data[i..].IndexOf((byte)'<');
            if (tag < 0)
            {
                run += n - i;
                if (run > limits.MaxXmlRun) throw TooLong();
                break;
            }
            run += tag;
            if (run > limits.MaxXmlRun) throw TooLong();
            run = 0;
            i += tag + 1;
            if (i < n) Check(data[i], position + i - 1);
            else afterTag = true;
        }
        position += n;
        return n;
    }

    /// <summary>The byte after a <c>&lt;</c> at <paramref name="at"/>: an element's name or its end, or the declaration at the very start.</summary>
    static void Check(byte next, long at)
    {
        if (next == '!' || (next == '?' && at > 3))
            throw XlsxCheck.Refused(new("含有表格文件不使用的 XML（DOCTYPE、注释、CDATA 或处理指令）",
                "its XML holds what a spreadsheet never does (a DOCTYPE, comment, CDATA or processing instruction)"));
    }

    DomainException TooLong() => XlsxCheck.Refused(new(
        $"含有超过 {limits.MaxXmlRun / 1024:N0} KB 的单元格或标记（Excel 的单元格最多 32,767 个字符）",
        $"it holds a cell or tag of more than {limits.MaxXmlRun / 1024:N0} KB (an Excel cell holds at most 32,767 characters)"));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
