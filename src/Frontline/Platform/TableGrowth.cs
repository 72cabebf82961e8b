using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Platform;

/// <summary>
/// PostgreSQL plans a lookup from the table's statistics. A table that was empty at its last ANALYZE — samples,
/// tubes and lab results when the first round of a fresh district starts — is planned as empty, with sequential scans, until
/// autovacuum comes round; in a morning burst that is a minute or more of batches many times slower (measured: the
/// earlier-samples look-up took 31 ms a batch instead of a fraction of one). The hot paths report what they wrote;
/// each time a table has doubled since its last ANALYZE here (from 1,000 rows on), it is analyzed in the
/// background, one table at a time. SQLite's planner does not need this.
/// </summary>
public sealed class TableGrowth(IDbContextFactory<FrontlineDb> dbs, ILogger<TableGrowth> log)
{
    public const string Samples = "samples";
    public const string Tubes = "tubes";
    public const string LabResults = "lab_results";
    const long FirstAnalyzeAt = 1_000;

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

    /// <summary>Counts rows a committed transaction added to one of the tables above (on SQLite, nothing to do).</summary>
    public void Wrote(string table, int rows)
    {
        if (rows <= 0 || table is not (Samples or Tubes or LabResults) || !postgres.Value) return;
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
            await db.Database.ExecuteSqlRawAsync(table switch
            {
                Samples => "ANALYZE samples",
                Tubes => "ANALYZE tubes",
                _ => "ANALYZE lab_results",
            });
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
