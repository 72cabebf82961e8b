using System.Data.Common;

namespace Frontline.Platform;

/// <summary>Small helpers for the hot paths' hand-written SQL, which serves SQLite and PostgreSQL alike.</summary>
public static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = text;
        foreach (var name in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public static void Set(this DbCommand cmd, string name, object? value) => cmd.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>
    /// `column IN (…)` over a whole list with one parameter: a JSON array read by json_each on SQLite, an array with
    /// = ANY on PostgreSQL. The statement's text is the same for any number of values, so it is parsed cheaply (an
    /// `IN (@p0, …, @p499)` list costs SQLite a fresh parse and a linear search per named parameter).
    /// </summary>
    public static string InList<T>(DbCommand cmd, bool postgres, string column, string name, T[] values)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = postgres ? values : System.Text.Json.JsonSerializer.Serialize(values);
        cmd.Parameters.Add(p);
        return postgres ? $"{column} = ANY({name})" : $"{column} IN (SELECT value FROM json_each({name}))";
    }

    /// <summary>
    /// A date column: SQLite holds it as ISO text, which is read here without the culture-aware parse the provider uses
    /// (a visible share of a scan batch's person look-up); PostgreSQL's date type is read as it is.
    /// </summary>
    public static DateOnly? GetDate(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        if (reader.GetFieldType(ordinal) != typeof(string)) return reader.GetFieldValue<DateOnly>(ordinal);
        var text = reader.GetString(ordinal);
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && int.TryParse(text.AsSpan(0, 4), System.Globalization.NumberStyles.None, null, out var year)
            && int.TryParse(text.AsSpan(5, 2), System.Globalization.NumberStyles.None, null, out var month)
            && int.TryParse(text.AsSpan(8, 2), System.Globalization.NumberStyles.None, null, out var day)
            ? new DateOnly(year, month, day)
            : reader.GetFieldValue<DateOnly>(ordinal);
    }

    public static async Task<List<T>> ReadAsync<T>(DbCommand cmd, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(map(reader));
        return list;
    }
}
