using System.IO.Compression;
using System.Net;
using System.Security;
using System.Text;

namespace Frontline.Tests.Security;

/// <summary>Hostile and broken upload files, made in the test, deterministic (seeded), streamed where they are large.</summary>
public static class FuzzFiles
{
    public static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Letters no deflate can shrink much: a cell that takes its size in the zip too.</summary>
    public static string RandomLetters(int seed, int length)
    {
        var random = new Random(seed);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26));
        });
    }

    /// <summary>
    /// An .xlsx written by hand: one sheet whose XML <paramref name="sheetData"/> writes row by row straight into the
    /// zip (MiniExcel would hold a sheet before writing it), and a <paramref name="prolog"/> before the worksheet.
    /// </summary>
    public static byte[] Sheet(Action<TextWriter> sheetData, string prolog = "", CompressionLevel level = CompressionLevel.Optimal,
        string part = "xl/worksheets/sheet1.xml", Encoding? encoding = null)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry(part, level).Open(), encoding ?? new UTF8Encoding(false), 1 << 16);
            writer.Write($"<?xml version=\"1.0\" encoding=\"{(encoding ?? Encoding.UTF8).WebName}\"?>{prolog}");
            writer.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            sheetData(writer);
            writer.Write("</sheetData></worksheet>");
        }
        return zip.ToArray();
    }

    /// <summary>A row of inline-string cells, A, B, C… from <paramref name="firstColumn"/> (1-based).</summary>
    public static void Row(TextWriter w, int row, IEnumerable<string?> cells, int firstColumn = 1)
    {
        w.Write($"<row r=\"{row}\">");
        Cells(w, row, cells, firstColumn);
        w.Write("</row>");
    }

    static int Cells(TextWriter w, int row, IEnumerable<string?> cells, int column)
    {
        foreach (var cell in cells)
        {
            if (cell is not null) w.Write($"<c r=\"{Column(column)}{row}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(cell)}</t></is></c>");
            column++;
        }
        return column;
    }

    /// <summary>
    /// A row of <paramref name="cells"/> and one more cell whose text is written in pieces, <paramref name="piece"/>
    /// <paramref name="times"/> times: a cell of hundreds of megabytes from a file of kilobytes.
    /// </summary>
    public static void RowWithLongCell(TextWriter w, int row, IEnumerable<string?> cells, string piece, int times)
    {
        w.Write($"<row r=\"{row}\">");
        var column = Cells(w, row, cells, 1);
        w.Write($"<c r=\"{Column(column)}{row}\" t=\"inlineStr\"><is><t>");
        for (var i = 0; i < times; i++) w.Write(piece);
        w.Write("</t></is></c></row>");
    }

    public static string Column(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26) letters = (char)('A' + (column - 1) % 26) + letters;
        return letters;
    }

    /// <summary>A zip of <paramref name="parts"/> empty parts: cheap to send, costly to list.</summary>
    public static byte[] ManyParts(int parts)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i < parts; i++) archive.CreateEntry($"xl/p{i}.xml", CompressionLevel.NoCompression);
        return zip.ToArray();
    }

    /// <summary>An upload of <paramref name="length"/> zero bytes, sent as it is read, with its length announced.</summary>
    public sealed class Zeros(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new byte[1 << 16];
            for (var left = length; left > 0;)
            {
                var n = (int)Math.Min(buffer.Length, left);
                await stream.WriteAsync(buffer.AsMemory(0, n));
                left -= n;
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length;
            return true;
        }
    }
}
