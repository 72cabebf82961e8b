using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform;

/// <summary>Platform's bulk writer on each provider: rows keyed by event id in, the new ones out, a retry stored never twice.</summary>
public abstract class BulkWriterTests<TApp>(TApp app) where TApp : FrontlineApp
{
    sealed record Probe(string EventId, long Count, DateTime At, bool WantsId);

    static readonly BulkInsert<Probe> Insert = new()
    {
        Table = "bulk_probe",
        KeyColumn = "event_id",
        Columns = [new("event_id", BulkType.Text), new("n", BulkType.Int64), new("at", BulkType.Timestamp)],
        Constants = [("kind", "7")],
        Key = p => p.EventId,
        WantsId = p => p.WantsId,
        Write = async (p, row) =>
        {
            await row.Add(p.EventId);
            await row.Add(p.Count);
            await row.Add(p.At);
        },
    };

    [SkippableFact]
    public async Task New_rows_are_told_apart_from_retries_and_nothing_is_stored_twice()
    {
        app.SkipIfUnavailable();
        var sql = app.Services.GetRequiredService<SqlDialect>();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var id = sql.IsPostgres ? "id bigserial PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT";
        var stamp = sql.IsPostgres ? "timestamptz" : "TEXT";
        await using (var create = Sql.Command(connection, null,
            $"CREATE TABLE IF NOT EXISTS bulk_probe ({id}, event_id text NOT NULL UNIQUE, n bigint NOT NULL, at {stamp} NOT NULL, kind integer NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        var at = new DateTime(2022, 3, 14, 8, 0, 0, DateTimeKind.Utc);

        Dictionary<string, long> first;
        using (await sql.EnterWriteGateAsync(CancellationToken.None))
        await using (var tx = await connection.BeginTransactionAsync())
        {
            first = await sql.InsertNewAsync(connection, tx, Insert,
                [new("e1", 1, at, false), new("e2", 2, at, true), new("e3", 3, at, false)], CancellationToken.None);
            await tx.CommitAsync();
        }
        Assert.Equal(["e1", "e2", "e3"], first.Keys.Order());
        Assert.True(first["e2"] > 0, "the id asked for comes back");

        Dictionary<string, long> retry;
        using (await sql.EnterWriteGateAsync(CancellationToken.None))
        await using (var tx = await connection.BeginTransactionAsync())
        {
            retry = await sql.InsertNewAsync(connection, tx, Insert,
                [new("e2", 20, at, true), new("e4", 4, at, false), new("e1", 10, at, false)], CancellationToken.None);
            await tx.CommitAsync();
        }
        Assert.Equal(["e4"], retry.Keys);

        await using var count = Sql.Command(connection, null, "SELECT COUNT(*), SUM(n), MIN(kind), MAX(kind) FROM bulk_probe");
        var (rows, sum, minKind, maxKind) = (await Sql.ReadAsync(count, r => (r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3)), default)).Single();
        Assert.Equal(4, rows);
        Assert.Equal(1 + 2 + 3 + 4, sum);
        Assert.Equal((7, 7), (minKind, maxKind));
    }
}

public sealed class SqliteBulkWriterTests(SqliteApp app) : BulkWriterTests<SqliteApp>(app), IClassFixture<SqliteApp>;
public sealed class PostgresBulkWriterTests(PostgresApp app) : BulkWriterTests<PostgresApp>(app), IClassFixture<PostgresApp>;
