using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Frontline.Platform;

public static class Database
{
    public static bool UsesPostgres(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The SQLite file lives in FRONTLINE_DATA (default ./data); PostgreSQL takes ConnectionStrings:Frontline.</summary>
    public static string ConnectionString(IConfiguration config)
    {
        if (UsesPostgres(config))
            return config.GetConnectionString("Frontline")
                ?? throw new InvalidOperationException("Database:Provider=Postgres needs ConnectionStrings:Frontline");
        var explicitString = config.GetConnectionString("Frontline");
        if (!string.IsNullOrEmpty(explicitString)) return explicitString;
        var folder = config["FRONTLINE_DATA"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data");
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "frontline.db"), DefaultTimeout = 30 }.ToString();
    }

    public static IServiceCollection AddFrontlineDatabase(this IServiceCollection services)
    {
        services.AddDbContextFactory<SqliteFrontlineDb>((sp, o) => ConfigureSqlite(o, ConnectionString(sp.GetRequiredService<IConfiguration>())));
        services.AddDbContextFactory<PostgresFrontlineDb>((sp, o) => ConfigurePostgres(o, ConnectionString(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<IDbContextFactory<FrontlineDb>>(sp => UsesPostgres(sp.GetRequiredService<IConfiguration>())
            ? new ProviderFactory<PostgresFrontlineDb>(sp.GetRequiredService<IDbContextFactory<PostgresFrontlineDb>>())
            : new ProviderFactory<SqliteFrontlineDb>(sp.GetRequiredService<IDbContextFactory<SqliteFrontlineDb>>()));
        services.AddSingleton(sp => SqlDialect.For(UsesPostgres(sp.GetRequiredService<IConfiguration>())));
        // Identity's stores want a scoped context.
        services.AddScoped<FrontlineDb>(sp => sp.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContext());
        return services;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance);

    internal static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(WithAutoPrepare(connectionString), n => n.CommandTimeout(120));

    /// <summary>
    /// The hot paths run the same few statements thousands of times a second: Npgsql prepares them on the
    /// server after two uses, unless the connection string says otherwise.
    /// </summary>
    static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        if (!connectionString.Contains("Auto Prepare Min Usages", StringComparison.OrdinalIgnoreCase)) builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    sealed class ProviderFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<FrontlineDb> where T : FrontlineDb
    {
        public FrontlineDb CreateDbContext() => inner.CreateDbContext();
    }

    /// <summary>Where the data is, for people: the SQLite file's full path, or PostgreSQL's host, port, database and user (never the password).</summary>
    public static string Describe(IConfiguration config)
    {
        if (UsesPostgres(config))
        {
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString(config));
            return $"PostgreSQL {pg.Database} on {pg.Host}:{pg.Port} (user {pg.Username})";
        }
        return $"SQLite {Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString(config)).DataSource)}";
    }

    /// <summary>
    /// Applies migrations; on SQLite also switches the file to WAL so readers never block the ingest writer.
    /// EF says one line per migration (silenced in appsettings.json); this says what was done in one.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync(ct);
        if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        // The history table first: the PostgreSQL provider reads it before checking that it exists, and logs that
        // failure as an error on every first start (npgsql/efcore.pg#3407).
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(ct);
        var before = (await history.GetAppliedMigrationsAsync(ct)).Select(m => m.MigrationId).ToHashSet(StringComparer.Ordinal);
        // The migrations were merged into one (Initial) before any release: a database made by an earlier development
        // build holds migrations this build does not know, and would fail half-way with "table already exists".
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var foreign = before.Where(m => !known.Contains(m)).ToList();
        if (foreign.Count > 0)
            throw new InvalidOperationException(
                $"This database was made by an earlier development build of Frontline (it holds the migrations {string.Join(", ", foreign.Take(3))}…, " +
                "merged since into one). Move the SQLite file aside (or drop the PostgreSQL database) and start again; the demo district is seeded anew.");
        await db.Database.MigrateAsync(ct);
        var applied = db.Database.GetMigrations().Where(m => !before.Contains(m)).Select(MigrationName).ToList();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Database).FullName!);
        if (applied.Count == 0)
            log.LogInformation("Database ready: up to date ({Count} migration{S})", before.Count, before.Count == 1 ? "" : "s");
        else
            log.LogInformation("Database ready: {Count} migration{S} applied ({Names})", applied.Count, applied.Count == 1 ? "" : "s",
                applied.Count <= 3 ? string.Join(", ", applied) : $"{applied[0]} … {applied[^1]}");
    }

    /// <summary>"20261129083303_Initial" → "Initial".</summary>
    static string MigrationName(string id) => id.IndexOf('_') is var i and >= 0 ? id[(i + 1)..] : id;

    /// <summary>
    /// Refreshes the planner's statistics after a bulk load. Without them SQLite guesses, and on 4.5 M
    /// residents a guess between two indexes costs a second a query. A full ANALYZE after a seed; after
    /// an import SQLite's own optimize pass decides (PostgreSQL's autovacuum does it there).
    /// </summary>
    public static async Task RefreshStatisticsAsync(FrontlineDb db, bool full, CancellationToken ct = default)
    {
        if (full) await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        else if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize", ct);
    }

    /// <summary>
    /// Per connection: NORMAL synchronous is durable against a process crash in WAL mode (only an OS
    /// crash can lose the last commits), which is what a killed server must survive.
    /// </summary>
    sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        static void Apply(DbConnection connection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;";
            cmd.ExecuteNonQuery();
        }
    }
}

/// <summary>For `dotnet ef migrations add … --context SqliteFrontlineDb`.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteFrontlineDb>
{
    public SqliteFrontlineDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<SqliteFrontlineDb>();
        Database.ConfigureSqlite(o, "Data Source=design.db");
        return new SqliteFrontlineDb(o.Options);
    }
}

/// <summary>For `dotnet ef migrations add … --context PostgresFrontlineDb`.</summary>
public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresFrontlineDb>
{
    public PostgresFrontlineDb CreateDbContext(string[] args)
    {
        var o = new DbContextOptionsBuilder<PostgresFrontlineDb>();
        Database.ConfigurePostgres(o, "Host=localhost;Database=frontline_design");
        return new PostgresFrontlineDb(o.Options);
    }
}
