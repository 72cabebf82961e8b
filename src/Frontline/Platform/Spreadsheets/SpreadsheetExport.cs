using System.Data;
using MiniExcelLibs;

namespace Frontline.Platform;

/// <summary>
/// Spreadsheets handed out: .xlsx, one sheet (MiniExcel), every text cell that could be taken for a formula
/// neutralised (<see cref="FormulaCells"/>), header cells included.
/// </summary>
public static class SpreadsheetExport
{
    /// <summary>
    /// The header row, then one row per item with a value per column (text, a number, a date or null). Column
    /// names are made unique as a sheet needs them: a blank one is named 列N, a repeated one gets a trailing _.
    /// </summary>
    public static async Task<byte[]> XlsxAsync(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct = default)
    {
        var columns = UniqueNames(header.Select(FormulaCells.Neutralise).ToList());
        using var stream = new MemoryStream();
        using var items = rows.GetEnumerator();
        if (items.MoveNext())
            await stream.SaveAsAsync(Sheet(columns, items), cancellationToken: ct);
        else
        {
            // MiniExcel takes the header from the first row; a table with columns and no rows still prints it.
            using var empty = new DataTable();
            foreach (var c in columns) empty.Columns.Add(c, typeof(object));
            await stream.SaveAsAsync(empty, cancellationToken: ct);
        }
        return stream.ToArray();
    }

    static IEnumerable<Dictionary<string, object?>> Sheet(List<string> columns, IEnumerator<IReadOnlyList<object?>> items)
    {
        do
        {
            var item = items.Current;
            var row = new Dictionary<string, object?>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = i < item.Count ? item[i] : null;
                row[columns[i]] = value is string text ? FormulaCells.Neutralise(text) : value;
            }
            yield return row;
        }
        while (items.MoveNext());
    }

    static List<string> UniqueNames(List<string> header)
    {
        var seen = new HashSet<string>();
        var result = new List<string>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            var name = string.IsNullOrWhiteSpace(header[i]) ? $"列{i + 1}" : header[i];
            while (!seen.Add(name)) name += "_";
            result.Add(name);
        }
        return result;
    }
}
