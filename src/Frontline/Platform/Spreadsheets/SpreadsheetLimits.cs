using System.Globalization;

namespace Frontline.Platform;

/// <summary>
/// What one uploaded spreadsheet may hold, so that no file costs more memory than its rows are worth. A probe of
/// issue 7 sent a 105 KB .xlsx holding one 100 MB cell: the server grew by 1 GB, stored the cell in the rejected
/// rows and took 3.4 GB to give it back. Every file the reader hands out now keeps within these bounds.
/// <list type="bullet">
/// <item>A cell keeps at most <see cref="MaxCellChars"/> characters; a longer one is cut, marked, and its row
/// refused as <c>cell-too-long</c> (a roster's longest field, the note, takes 500).</item>
/// <item>A row keeps at most <see cref="MaxCellsPerRow"/> cells and <see cref="MaxRowChars"/> characters in all;
/// past either, the row is refused as <c>row-too-long</c>. A row in flight thus costs at most ~40 KB, whatever
/// the file: the roster import holds a few thousand of them between its reader and its writer.</item>
/// <item>An .xlsx is a zip: it is checked before MiniExcel opens it (<see cref="XlsxCheck"/>) — its parts, what
/// they unpack to, how far each one inflates, what its XML may hold and how large a grid its sheet spans. What
/// fails is refused whole as <c>invalid-file</c>, with the reason.</item>
/// </list>
/// </summary>
public sealed record SpreadsheetLimits
{
    public static readonly SpreadsheetLimits Default = new();

    public int MaxCellChars { get; init; } = 2_000;
    public int MaxCellsPerRow { get; init; } = 100;
    public int MaxRowChars { get; init; } = 20_000;

    /// <summary>What every part of an .xlsx together may unpack to: a sheet of 1,048,576 roster rows as MiniExcel
    /// writes it (inline strings, ~525 bytes a row) is 550 MB.</summary>
    public long MaxUnpackedBytes { get; init; } = 1L << 30;

    /// <summary>How many times its packed size a part may inflate to, once it is over <see cref="RatioFreeBytes"/>.
    /// Sheets inflate 5–20 times (a roster of one repeated row: 10.5); a bomb, hundreds or thousands of times.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    public long RatioFreeBytes { get; init; } = 16L << 20;

    /// <summary>An .xlsx has about ten parts; a zip of a million empty entries costs hundreds of MB to list.</summary>
    public int MaxParts { get; init; } = 1_000;

    /// <summary>
    /// The longest stretch of an .xlsx part's XML between two tags: a cell's text, or a tag. Excel keeps at most
    /// 32,767 characters in a cell (at most 6 bytes each, escaped); anything longer is not a spreadsheet's.
    /// MiniExcel reads a cell's text whole, so this is what bounds one cell in memory.
    /// </summary>
    public int MaxXmlRun { get; init; } = 256 * 1024;

    /// <summary>Excel's own number of rows.</summary>
    public int MaxRows { get; init; } = 1_048_576;

    /// <summary>
    /// Rows × columns of the grid MiniExcel walks (it gives every row every column, and fills the rows a sheet
    /// skips): about 2.5 µs a cell, so the largest sheet allowed costs about as long as a full 1,048,576-row
    /// roster (a sheet jumping from row 1 to row 1,048,576 at 256 columns wide, 2 KB, took half an hour).
    /// </summary>
    public long MaxGridCells { get; init; } = 32L << 20;

    /// <summary>Of that grid, the cells of the rows a sheet skips (rows nobody wrote, which MiniExcel fills in):
    /// they cost the same and take no bytes of the file. A roster's few blank lines take a few hundred.</summary>
    public long MaxSkippedCells { get; init; } = 1L << 20;

    /// <summary>A cut cell: what it kept, and a mark saying how long it was, so that it never passes for the whole.</summary>
    public string Cut(string text, int keep, long length) =>
        string.Concat(text.AsSpan(0, Math.Min(text.Length, Math.Max(0, keep))), "…〔已截断，原文 ",
            length.ToString("N0", CultureInfo.InvariantCulture), " 个字符〕");
}

/// <summary>Why a row of an upload is refused before its fields are read: a cell or the row over a limit.</summary>
/// <param name="Column">0-based column of the cell (for a row too long, where it went over).</param>
public sealed record CellProblem(int Column, string Code, params object[] Args);

/// <summary>
/// One row's cells as they are read, within <see cref="SpreadsheetLimits"/>: a cell over the cell limit is cut and
/// marked (<c>cell-too-long</c>); past the row's cells or characters, the rest is not kept (<c>row-too-long</c>).
/// </summary>
sealed class RowCells(SpreadsheetLimits limits)
{
    readonly List<string?> cells = new(16);
    List<CellProblem>? problems;
    int chars;
    bool rowTooLong;

    /// <summary>How many characters of the next cell are worth keeping; beyond them a cell is only counted.</summary>
    public int Room => cells.Count >= limits.MaxCellsPerRow ? 0 : Math.Max(0, Math.Min(limits.MaxCellChars, limits.MaxRowChars - chars));

    /// <summary>The next cell: its text as read (all of it, or at least its first <see cref="Room"/> characters) and its whole length.</summary>
    public void Add(string? text, long length)
    {
        var column = cells.Count;
        if (column >= limits.MaxCellsPerRow)
        {
            // Trailing empty cells (a CSV's trailing commas, a sheet's formatted blanks) are no content.
            if (length > 0) RowTooLong(column);
            return;
        }
        if (text is null || length <= Math.Min(limits.MaxCellChars, limits.MaxRowChars - chars))
        {
            cells.Add(text);
            chars += text?.Length ?? 0;
            return;
        }
        if (length > limits.MaxCellChars)
        {
            (problems ??= []).Add(new CellProblem(column, "cell-too-long", length, limits.MaxCellChars));
            text = limits.Cut(text, Math.Min(limits.MaxCellChars, limits.MaxRowChars - chars), length);
        }
        else
        {
            RowTooLong(column);
            text = limits.Cut(text, limits.MaxRowChars - chars, length);
        }
        cells.Add(text);
        chars += text.Length;
    }

    void RowTooLong(int column)
    {
        if (rowTooLong) return;
        rowTooLong = true;
        (problems ??= []).Add(new CellProblem(column, "row-too-long", limits.MaxCellsPerRow, limits.MaxRowChars));
    }

    /// <summary>A row's cells beyond the kept ones (an .xlsx row whose cells <see cref="XlsxCheck"/> found past the last column kept).</summary>
    public void MarkTooManyCells() => RowTooLong(limits.MaxCellsPerRow);

    public (string?[] Cells, List<CellProblem>? Problems) Take()
    {
        var row = (cells.ToArray(), problems);
        cells.Clear();
        problems = null;
        chars = 0;
        rowTooLong = false;
        return row;
    }
}
