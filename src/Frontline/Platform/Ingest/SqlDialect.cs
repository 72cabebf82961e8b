using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Frontline.Platform;

/// <summary>
/// What the hot paths' hand-written SQL does differently on the two providers, in one home chosen at start:
/// list parameters, row locks, the single writer of SQLite, and the bulk insert keyed by event id.
/// </summary>
public abstract class SqlDialect
{
    public abstract bool IsPostgres { get; }

    /// <summary>
    /// `column IN (…)` over a whole list with one parameter (json_each on SQLite, = ANY on PostgreSQL): the statement's
    /// text is the same for any number of values, so it is parsed cheaply.
    /// </summary>
    public string InList<T>(DbCommand cmd, string column, string name, T[] values) => Sql.InList(cmd, IsPostgres, column, name, values);

    /// <summary>
    /// Appended to a SELECT that must hold its rows until commit: PostgreSQL takes row locks in the given order, so two
    /// batches never deadlock; SQLite's writer holds the one write lock already (<see cref="EnterWriteGateAsync"/>).
    /// </summary>
    public abstract string LockedInOrderOf(string column);

    /// <summary>One writer at a time on SQLite (waiting here is cheaper than retrying on SQLITE_BUSY); none on PostgreSQL.</summary>
    public abstract ValueTask<IDisposable> EnterWriteGateAsync(CancellationToken ct);

    /// <summary>
    /// Inserts rows keyed by a unique event id and says which were new: key → id of the stored row (0 on SQLite for a row
    /// whose id was not asked for). A row the unique index refuses (a retry, a race with another node) is not in the answer.
    /// </summary>
    public abstract Task<Dictionary<string, long>> InsertNewAsync<TRow>(DbConnection connection, DbTransaction tx, BulkInsert<TRow> insert,
        IReadOnlyList<TRow> rows, CancellationToken ct);

    public static SqlDialect For(bool postgres) => postgres ? Postgres.Instance : Sqlite.Instance;

    sealed class Sqlite : SqlDialect
    {
        public static readonly Sqlite Instance = new();
        readonly SemaphoreSlim writer = new(1, 1);

        public override bool IsPostgres => false;
        public override string LockedInOrderOf(string column) => "";

        public override async ValueTask<IDisposable> EnterWriteGateAsync(CancellationToken ct)
        {
            await writer.WaitAsync(ct);
            return new Release(writer);
        }

        sealed class Release(SemaphoreSlim semaphore) : IDisposable
        {
            int released;
            public void Dispose()
            {
                if (Interlocked.Exchange(ref released, 1) == 0) semaphore.Release();
            }
        }

        /// <summary>
        /// A prepared INSERT a row inside the batch's transaction (SQLite has no COPY; in process this is its fast path).
        /// Only rows whose id is wanted pay for RETURNING; the others are told apart by the rows they changed.
        /// </summary>
        public override async Task<Dictionary<string, long>> InsertNewAsync<TRow>(DbConnection connection, DbTransaction tx, BulkInsert<TRow> insert,
            IReadOnlyList<TRow> rows, CancellationToken ct)
        {
            var stored = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
            if (rows.Count == 0) return stored;
            var names = insert.Columns.Select((_, i) => $"@p{i}").ToArray();
            var sql = $"INSERT INTO {insert.Table} ({insert.ColumnList}{insert.ConstantColumns}) VALUES ({string.Join(", ", names)}{insert.ConstantValues}) ON CONFLICT DO NOTHING";
            await using var plain = Sql.Command(connection, tx, sql, names);
            await using var returning = Sql.Command(connection, tx, sql + " RETURNING id", names);
            var sink = new ParameterSink();
            foreach (var row in rows)
            {
                var wantsId = insert.WantsId?.Invoke(row) == true;
                sink.Target = wantsId ? returning : plain;
                sink.Next = 0;
                await insert.Write(row, sink);
                if (!wantsId)
                {
                    if (await plain.ExecuteNonQueryAsync(ct) == 1) stored[insert.Key(row)] = 0;
                }
                else if (await returning.ExecuteScalarAsync(ct) is { } id and not DBNull) stored[insert.Key(row)] = Convert.ToInt64(id);
            }
            return stored;
        }

        sealed class ParameterSink : IBulkRow
        {
            public DbCommand Target = null!;
            public int Next;

            ValueTask Set(object? value)
            {
                Target.Parameters[Next++].Value = value ?? DBNull.Value;
                return ValueTask.CompletedTask;
            }

            public ValueTask Add(string? value) => Set(value);
            public ValueTask Add(long value) => Set(value);
            public ValueTask Add(long? value) => Set(value);
            public ValueTask Add(int value) => Set(value);
            public ValueTask Add(bool value) => Set(value);
            public ValueTask Add(DateTime value) => Set(value);
        }
    }

    sealed class Postgres : SqlDialect
    {
        public static readonly Postgres Instance = new();

        public override bool IsPostgres => true;
        public override string LockedInOrderOf(string column) => $" ORDER BY {column} FOR UPDATE";
        public override ValueTask<IDisposable> EnterWriteGateAsync(CancellationToken ct) => ValueTask.FromResult<IDisposable>(NoLock.Instance);

        sealed class NoLock : IDisposable
        {
            public static readonly NoLock Instance = new();
            public void Dispose() { }
        }

        /// <summary>
        /// Binary COPY into a session-local staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING that says which
        /// rows it kept. The staging rows go at commit (ON COMMIT DELETE ROWS).
        /// </summary>
        public override async Task<Dictionary<string, long>> InsertNewAsync<TRow>(DbConnection connection, DbTransaction tx, BulkInsert<TRow> insert,
            IReadOnlyList<TRow> rows, CancellationToken ct)
        {
            var stored = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
            if (rows.Count == 0) return stored;
            var staging = insert.Table + "_staging";
            await using (var create = Sql.Command(connection, tx,
                $"CREATE TEMP TABLE IF NOT EXISTS {staging} ({string.Join(", ", insert.Columns.Select(c => $"{c.Name} {SqlType(c.Type)}"))}) ON COMMIT DELETE ROWS"))
                await create.ExecuteNonQueryAsync(ct);
            var npgsql = (NpgsqlConnection)connection;
            await using (var copy = await npgsql.BeginBinaryImportAsync($"COPY {staging} ({insert.ColumnList}) FROM STDIN (FORMAT BINARY)", ct))
            {
                var sink = new CopySink(copy, insert.Columns, ct);
                foreach (var row in rows)
                {
                    await copy.StartRowAsync(ct);
                    sink.Next = 0;
                    await insert.Write(row, sink);
                }
                await copy.CompleteAsync(ct);
            }
            await using var move = Sql.Command(connection, tx, $"""
                INSERT INTO {insert.Table} ({insert.ColumnList}{insert.ConstantColumns})
                SELECT {insert.ColumnList}{insert.ConstantValues} FROM {staging}
                ON CONFLICT DO NOTHING RETURNING {insert.KeyColumn}, id
                """);
            foreach (var (key, id) in await Sql.ReadAsync(move, r => (r.GetString(0), r.GetInt64(1)), ct)) stored[key] = id;
            return stored;
        }

        static string SqlType(BulkType type) => type switch
        {
            BulkType.Text => "text",
            BulkType.Int64 => "bigint",
            BulkType.Int32 => "integer",
            BulkType.Bool => "boolean",
            _ => "timestamptz",
        };

        static NpgsqlDbType DbType(BulkType type) => type switch
        {
            BulkType.Text => NpgsqlDbType.Text,
            BulkType.Int64 => NpgsqlDbType.Bigint,
            BulkType.Int32 => NpgsqlDbType.Integer,
            BulkType.Bool => NpgsqlDbType.Boolean,
            _ => NpgsqlDbType.TimestampTz,
        };

        sealed class CopySink(NpgsqlBinaryImporter copy, BulkColumn[] columns, CancellationToken ct) : IBulkRow
        {
            public int Next;

            async ValueTask Write<T>(T value)
            {
                var column = columns[Next++];
                if (value is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(value, DbType(column.Type), ct);
            }

            public ValueTask Add(string? value) => Write(value);
            public ValueTask Add(long value) => Write(value);
            public ValueTask Add(long? value) => value is { } v ? Write(v) : Write<string?>(null);
            public ValueTask Add(int value) => Write(value);
            public ValueTask Add(bool value) => Write(value);
            public ValueTask Add(DateTime value) => Write(value);
        }
    }
}

public enum BulkType { Text, Int64, Int32, Bool, Timestamp }

public sealed record BulkColumn(string Name, BulkType Type);

/// <summary>Where a row's values go, in the order of <see cref="BulkInsert{TRow}.Columns"/>.</summary>
public interface IBulkRow
{
    ValueTask Add(string? value);
    ValueTask Add(long value);
    ValueTask Add(long? value);
    ValueTask Add(int value);
    ValueTask Add(bool value);
    ValueTask Add(DateTime value);
}

/// <summary>
/// One bulk insert into a table with a unique event-id column: the columns a row fills, how a row writes them, and
/// columns that take the same SQL value for every row (say `outcome` = 0).
/// </summary>
public sealed class BulkInsert<TRow>
{
    public required string Table { get; init; }
    public required string KeyColumn { get; init; }
    public required BulkColumn[] Columns { get; init; }
    public required Func<TRow, string> Key { get; init; }
    public required Func<TRow, IBulkRow, ValueTask> Write { get; init; }
    /// <summary>Rows whose new id the caller needs (SQLite reads it back only for these; PostgreSQL returns every one).</summary>
    public Func<TRow, bool>? WantsId { get; init; }
    public IReadOnlyList<(string Column, string SqlValue)> Constants { get; init; } = [];

    internal string ColumnList => string.Join(", ", Columns.Select(c => c.Name));
    internal string ConstantColumns => string.Concat(Constants.Select(c => ", " + c.Column));
    internal string ConstantValues => string.Concat(Constants.Select(c => ", " + c.SqlValue));
}
