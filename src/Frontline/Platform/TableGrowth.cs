using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Platform;

/// <summary>
/// PostgreSQL plans a lookup from the table's statistics. A table that was empty at its last ANALYZE — samples,
/// tubes and lab results when the first round of a fresh district starts — is planned as empty, with sequential scans, until
/// autovacuum comes round; in a morning burst that is a minute or more of batches many times slower (measured: the
/// earlier-samples look-up took 31 ms a batch instead of a fraction of one). The hot paths report what they wrote;
/// each time a table has doubled since its last ANALYZE here (from 1,000 rows on), it is analyzed in the
/// background, one table at a time. SQLite's planner does not need this. Each module names the tables it
/// wants kept analysed (<see cref="TableGrowthRegistration.AddGrowingTable"/>).
/// </summary>
public sealed class TableGrowth(IDbContextFactory<FrontlineDb> dbs, IEnumerable<GrowingTable> registered, ILogger<TableGrowth> log)
{
    const long FirstAnalyzeAt = 1_000;
    readonly HashSet<string> watched = registered.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    sealed class Counter
    {
        public long SinceAnalyze;
        public long Analyzed;
        public int Running;
    }

    readonly ConcurrentDictionary<string, Counter> tables = new();
    readonly Lazy<bool> postgres = new(() =>
    {
        using var db = dbs.CreateDbContext();
        return db.IsPostgres;
    });

    /// <summary>Counts rows a committed transaction added to a registered table (on SQLite, nothing to do).</summary>
    public void Wrote(string table, int rows)
    {
        if (rows <= 0 || !watched.Contains(table) || !postgres.Value) return;
        var counter = tables.GetOrAdd(table, _ => new Counter());
        var since = Interlocked.Add(ref counter.SinceAnalyze, rows);
        if (since < Math.Max(FirstAnalyzeAt, Interlocked.Read(ref counter.Analyzed))) return;
        if (Interlocked.Exchange(ref counter.Running, 1) == 1) return;
        _ = Task.Run(() => AnalyzeAsync(table, counter));
    }

    async Task AnalyzeAsync(string table, Counter counter)
    {
        try
        {
            var rows = Interlocked.Exchange(ref counter.SinceAnalyze, 0);
            Interlocked.Add(ref counter.Analyzed, rows);
            await using var db = await dbs.CreateDbContextAsync();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The name is one a module registered (checked in Wrote and validated as plain snake_case), never caller input.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("ANALYZE " + table);
#pragma warning restore EF1003
            log.LogInformation("Analyzed {Table} after {Rows} new rows in {Ms:0} ms", table, rows,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // Statistics are an optimisation: a failed ANALYZE is tried again after the next growth.
            log.LogWarning(e, "ANALYZE {Table} failed", table);
        }
        finally
        {
            Volatile.Write(ref counter.Running, 0);
        }
    }
}

/// <summary>A big table a module wants analysed as it grows (PostgreSQL).</summary>
public sealed record GrowingTable(string Name)
{
    public GrowingTable Validated() => Name.All(c => char.IsAsciiLetterLower(c) || c == '_') && Name.Length > 0 ? this
        : throw new ArgumentException($"'{Name}' is not a plain snake_case table name", nameof(Name));
}

public static class TableGrowthRegistration
{
    public static IServiceCollection AddGrowingTable(this IServiceCollection services, string table) =>
        services.AddSingleton(new GrowingTable(table).Validated());
}
