using Frontline.Platform;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform;

/// <summary>On PostgreSQL a hot table that has grown is analyzed without waiting for autovacuum.</summary>
public sealed class TableGrowthTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    static async Task<long> AnalyzeCountAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        // A fresh snapshot each time: statistics views are cached for the length of a transaction.
        return await db.Database.SqlQueryRaw<long>(
            "SELECT analyze_count + autoanalyze_count AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'samples'").SingleAsync();
    }

    [SkippableFact]
    public async Task A_table_that_grew_past_its_statistics_is_analyzed()
    {
        app.SkipIfUnavailable();
        await app.As("admin");
        var before = await AnalyzeCountAsync(app.Services);
        app.Services.GetRequiredService<TableGrowth>().Wrote(TestingTables.Samples, 1_000);
        var after = before;
        for (var i = 0; i < 100 && after == before; i++)
        {
            await Task.Delay(100);
            after = await AnalyzeCountAsync(app.Services);
        }
        Assert.True(after > before, $"samples analyzed: {before} → {after}");
    }
}
