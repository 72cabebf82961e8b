using System.Data.Common;

namespace Frontline.Testing;

/// <summary>Small helpers for the hot paths' hand-written SQL, which serves SQLite and PostgreSQL alike.</summary>
static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string text, params string[] parameters)
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

    public static async Task<List<T>> ReadAsync<T>(DbCommand cmd, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var list = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(map(reader));
        return list;
    }

    /// <summary>Adds to the running coverage counts of (round, community) inside the caller's transaction.</summary>
    public static async Task AddCoverageAsync(DbConnection connection, DbTransaction transaction, long roundId, string community,
        int sampled, int negative, int positive, int invalid, CancellationToken ct, int positiveTubes = 0)
    {
        await using var cmd = Command(connection, transaction, """
            INSERT INTO coverage_counts (round_id, community_code, sampled, negative, positive, invalid, positive_tubes)
            VALUES (@r, @c, @s, @n, @p, @i, @pt)
            ON CONFLICT (round_id, community_code) DO UPDATE SET
                sampled = coverage_counts.sampled + excluded.sampled,
                negative = coverage_counts.negative + excluded.negative,
                positive = coverage_counts.positive + excluded.positive,
                invalid = coverage_counts.invalid + excluded.invalid,
                positive_tubes = coverage_counts.positive_tubes + excluded.positive_tubes
            """, "@r", "@c", "@s", "@n", "@p", "@i", "@pt");
        cmd.Set("@r", roundId);
        cmd.Set("@c", community);
        cmd.Set("@s", sampled);
        cmd.Set("@n", negative);
        cmd.Set("@p", positive);
        cmd.Set("@i", invalid);
        cmd.Set("@pt", positiveTubes);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
