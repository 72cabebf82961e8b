using System.Data.Common;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Frontline.Tests.Platform.Scheduling;

/// <summary>Test-only work: does nothing but be run; the scheduler's own history is what the tests read.</summary>
public sealed class TickWork : IScheduledWork
{
    public Task RunAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Test-only work that runs for a moment, so that occurrences meet a node that is busy.</summary>
public sealed class BusyWork : IScheduledWork
{
    public Task RunAsync(CancellationToken ct) => Task.Delay(150, ct);
}

/// <summary>Test-only work that always fails, with a message longer than the history keeps.</summary>
public sealed class FailingWork : IScheduledWork
{
    public const string Message = "the test work failed on purpose";

    public Task RunAsync(CancellationToken ct) => throw new InvalidOperationException(Message + new string('…', 2000));
}

/// <summary>
/// The scheduler's settings for test hosts: on, with short intervals. Misfires count after 2 s rather than a minute, so
/// a restart test sees a missed occurrence without waiting a minute; check-ins every second, so a second node joins fast.
/// </summary>
static class SchedulerSettings
{
    public static IWebHostBuilder SchedulerOn(this IWebHostBuilder builder) => builder
        .UseSetting("Frontline:Scheduler:Enabled", "true")
        .UseSetting("Frontline:Scheduler:MisfireThreshold", "00:00:02")
        .UseSetting("Frontline:Scheduler:CheckinInterval", "00:00:01")
        .UseSetting("Frontline:Scheduler:CheckinMisfireThreshold", "00:00:20");
}

/// <summary>One database that several scheduler hosts share in turn or at once: a SQLite folder or a PostgreSQL database.</summary>
public sealed class SharedDatabase : IDisposable
{
    static readonly string? PostgresServer = Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES");
    readonly string folder = Path.Combine(Path.GetTempPath(), "frontline-scheduler-" + Guid.NewGuid().ToString("N"));
    readonly string database = "frontline_sched_" + Guid.NewGuid().ToString("N")[..12];
    bool created;

    public SharedDatabase(string provider) => Provider = provider;

    public string Provider { get; }
    public bool IsPostgres => Provider == "postgres";

    public void SkipIfUnavailable() => Skip.If(IsPostgres && string.IsNullOrEmpty(PostgresServer), PostgresApp.NotConfigured);

    public void Apply(IWebHostBuilder builder)
    {
        builder.UseSetting("FRONTLINE_DATA", folder);
        if (!IsPostgres) return;
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Frontline", PostgresConnectionString());
    }

    string PostgresConnectionString()
    {
        if (!created)
        {
            using var admin = new NpgsqlConnection(PostgresServer);
            admin.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            cmd.ExecuteNonQuery();
            created = true;
        }
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ToString();
    }

    /// <summary>A host on this database with the scheduler on, no demo district, and the given works registered.</summary>
    public SchedulerNode Node(Action<IServiceCollection> works) => new(this, works);

    public void Dispose()
    {
        if (created && PostgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(PostgresServer);
            admin.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            cmd.ExecuteNonQuery();
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class SchedulerNode(SharedDatabase database, Action<IServiceCollection> works) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        database.Apply(builder);
        builder.UseSetting("Frontline:Demo", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.SchedulerOn();
        builder.ConfigureTestServices(works);
    }

    /// <summary>Starts the host (migrations, then the scheduler in the background), waits for the scheduler and says which node it is.</summary>
    public async Task<string> StartAsync()
    {
        var scheduler = Services.GetRequiredService<ScheduledWorkScheduler>();
        await scheduler.Started;
        return scheduler.NodeId ?? throw new InvalidOperationException("the scheduler did not start");
    }

    public async Task<List<ScheduledRun>> RunsAsync(string work)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Set<ScheduledRun>().AsNoTracking().Where(r => r.WorkName == work).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>A scalar from the database, for reading Quartz's own tables (same lower-case names on both providers).</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        var result = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}

static class Eventually
{
    /// <summary>
    /// Waits until the condition holds, or gives up after a generous bound (the machine is shared and loaded): the bound
    /// is a liveness limit, never the thing tested, and the assertion after it says what was expected.
    /// </summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(250);
        }
        return await condition();
    }
}
