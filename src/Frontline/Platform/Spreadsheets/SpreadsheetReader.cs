using System.Globalization;

namespace Frontline.Platform;

/// <summary>A row-numbered error of an uploaded file: the row as the spreadsheet numbers it, the column as its header names it.</summary>
public sealed record ImportError(int Row, string Column, string Code, string Message)
{
    /// <summary>Whom the row is about, masked (张*): an error row is found by its person as often as by its number. Null when the file has no such column.</summary>
    public string? Person { get; init; }

    public static ImportError Of(int row, string column, string code, CultureInfo? culture = null, params object[] args) =>
        new(row, column, code, ErrorCatalog.Message(code, culture, args));
}

/// <summary>
/// An uploaded spreadsheet (.xlsx or .csv), read row by row after its header. Whatever stops the file from being
/// read answers with the code every upload shares: <c>unsupported-file-type</c>, <c>invalid-file</c> (with the
/// reader's own words), <c>empty-file</c> (not even a header row).
/// </summary>
public sealed class SpreadsheetReader : IDisposable
{
    readonly IEnumerator<SpreadsheetRow> rows;

    SpreadsheetReader(IEnumerator<SpreadsheetRow> rows)
    {
        this.rows = rows;
        Header = rows.Current;
    }

    /// <summary>The first row that is not blank: the header.</summary>
    public SpreadsheetRow Header { get; }

    /// <summary>The file, opened as its name says (.xlsx or .csv), read within <paramref name="limits"/> (<see cref="SpreadsheetLimits.Default"/>).</summary>
    public static SpreadsheetReader Open(Stream file, string fileName, SpreadsheetLimits? limits = null)
    {
        var kind = SpreadsheetFile.KindOf(fileName) ?? throw new DomainException("unsupported-file-type", field: "file");
        IEnumerator<SpreadsheetRow>? rows = null;
        try
        {
            rows = SpreadsheetFile.Read(file, kind, limits).GetEnumerator();
            if (!rows.MoveNext()) throw new DomainException("empty-file", field: "file");
            return new SpreadsheetReader(rows);
        }
        catch (Exception e)
        {
            rows?.Dispose();
            if (e is DomainException or OperationCanceledException) throw;
            throw new DomainException("invalid-file", field: "file", args: e.Message);
        }
    }

    /// <summary>
    /// The rows after the header, read as they are asked for, once. A file that breaks part-way fails there with
    /// <c>invalid-file</c>, after the rows before it.
    /// </summary>
    public IEnumerable<SpreadsheetRow> Rows()
    {
        while (true)
        {
            bool more;
            try { more = rows.MoveNext(); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new DomainException("invalid-file", field: "file", args: e.Message);
            }
            if (!more) yield break;
            yield return rows.Current;
        }
    }

    public void Dispose() => rows.Dispose();
}

/// <summary>A column an upload may have: the field it fills, whether the file must have it, and the headers it goes by
/// (Chinese or English; the first is the one templates print).</summary>
public sealed record SpreadsheetColumn(string Field, bool Required, params string[] Headers);

/// <summary>
/// The columns one kind of upload reads. A file's headers are matched in any order, ignoring case, the spaces around
/// them and the asterisks templates put on required columns; the first column that matches a field fills it, and a
/// column no field knows is kept (the rejected-rows download gives it back) but not read.
/// </summary>
public sealed class SpreadsheetColumns(params SpreadsheetColumn[] columns)
{
    /// <summary>How the <c>missing-column</c> error names a column the file lacks; its template header unless told otherwise.</summary>
    public Func<SpreadsheetColumn, string> MissingName { get; init; } = c => c.Headers[0];

    public IReadOnlyList<string> TemplateHeaders { get; } = columns.Select(c => c.Headers[0]).ToList();

    /// <summary>Which column holds which field; <c>missing-column</c>, naming every required one the header lacks.</summary>
    public ColumnMap Map(SpreadsheetRow header)
    {
        var trimmed = header.Cells.Select(c => c?.Trim() ?? "").ToArray();
        var at = new Dictionary<string, int>();
        for (var i = 0; i < trimmed.Length; i++)
        {
            var name = trimmed[i].Replace("*", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
            foreach (var column in columns)
                if (column.Headers.Contains(name) && !at.ContainsKey(column.Field)) at[column.Field] = i;
        }
        var missing = columns.Where(c => c.Required && !at.ContainsKey(c.Field)).Select(MissingName).ToList();
        if (missing.Count > 0) throw new DomainException("missing-column", field: "file", args: string.Join("、", missing));
        return new ColumnMap(trimmed, at);
    }
}

/// <summary>Where a file keeps each field, from its header row.</summary>
public sealed class ColumnMap(string[] header, Dictionary<string, int> columnOf)
{
    /// <summary>The header as the file has it, every cell trimmed.</summary>
    public string[] Header { get; } = header;

    /// <summary>The column of each field the file has.</summary>
    public IReadOnlyDictionary<string, int> ColumnOf { get; } = columnOf;

    public bool Has(string field) => columnOf.ContainsKey(field);

    /// <summary>The field's cell as the file has it (not trimmed); null when the file or the row has no such column.</summary>
    public string? Cell(SpreadsheetRow row, string field) =>
        columnOf.TryGetValue(field, out var i) && i < row.Cells.Length ? row.Cells[i] : null;

    /// <summary>The header of the field's column in the file, for an error a person can find; the field when the file has none.</summary>
    public string ColumnName(string field) => columnOf.TryGetValue(field, out var i) ? Header[i] : field;

    /// <summary>
    /// What the reader refused of the row (<see cref="SpreadsheetRow.Problems"/>: a cell or the row over the limits),
    /// as errors named by the row and the column the person sees; none for a row within them.
    /// </summary>
    public List<ImportError> Problems(SpreadsheetRow row, CultureInfo? culture = null) =>
        row.Problems?.Select(p => ImportError.Of(row.Number, ColumnAt(p.Column), p.Code, culture, p.Args)).ToList() ?? [];

    /// <summary>The header of a column, or its letters (K, AB) where the header has none.</summary>
    public string ColumnAt(int column) =>
        column < Header.Length && Header[column].Length > 0 ? Header[column] : XlsxCheck.ColumnLetters(column + 1);

    /// <summary>An error of one cell, in the caller's words, named by the row and column the person sees.</summary>
    public ImportError Error(SpreadsheetRow row, string field, string code, CultureInfo? culture = null, params object[] args) =>
        ImportError.Of(row.Number, ColumnName(field), code, culture, args);
}
