using Quartz;

namespace Frontline.Platform.Scheduling;

/// <summary>
/// Runs the registered <see cref="IScheduledWork"/> on Quartz.NET with its ADO.NET store in the application's own
/// database (the <c>qrtz_</c> tables of the Scheduler migration): on PostgreSQL clustered, so that every node runs the
/// scheduler and each occurrence runs on one of them; on SQLite, which one process owns, a single node.
/// Started after the database is migrated (it is registered after StartupPreparation) and only when
/// Frontline:Scheduler:Enabled is not false.
/// </summary>
public sealed class ScheduledWorkScheduler(IServiceProvider services, IConfiguration config, TimeProvider clock,
    ILoggerFactory loggers, ILogger<ScheduledWorkScheduler> log) : IHostedService, IAsyncDisposable
{
    public const string SchedulerName = "Frontline";
    public const string TablePrefix = "qrtz_";

    IScheduler? scheduler;

    public bool Enabled => config.GetValue("Frontline:Scheduler:Enabled", true);

    /// <summary>The running scheduler, or null on a node where it is off (or not started yet).</summary>
    public IScheduler? Running => scheduler is { Status: SchedulerStatus.Running } s ? s : null;

    public string? NodeId { get; private set; }

    readonly CancellationTokenSource stopping = new();

    /// <summary>Completes when the scheduler runs (or at once on a node where it is off); faults when it could not start.</summary>
    public Task Started { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Returns at once: the scheduler starts in the background (Quartz's store validation, cluster check-in and the
    /// works' registration take most of a second on a loaded machine), so the server answers without waiting for it.
    /// Nothing is due in that second that a trigger's misfire handling would not run anyway.
    /// </summary>
    public Task StartAsync(CancellationToken ct)
    {
        if (!Enabled)
        {
            log.LogInformation("Scheduler off (Frontline:Scheduler:Enabled=false): this node runs no scheduled work");
            return Task.CompletedTask;
        }
        // Unique per process, and readable in scheduled_runs: which server ran it.
        NodeId = config["Frontline:Scheduler:NodeId"] is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        Started = Task.Run(() => StartSchedulerAsync(NodeId, stopping.Token));
        return Task.CompletedTask;
    }

    async Task StartSchedulerAsync(string nodeId, CancellationToken ct)
    {
        try
        {
            await BuildAndStartAsync(nodeId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The server still serves; what it cannot do is run scheduled work, which must be impossible to miss.
            log.LogCritical(e, "The scheduler could not start: this node runs no scheduled work");
            throw;
        }
    }

    async Task BuildAndStartAsync(string nodeId, CancellationToken ct)
    {
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var catalog = services.GetRequiredService<ScheduledWorkCatalog>();
        var postgres = Database.UsesPostgres(config);
        var connectionString = Database.ConnectionString(config);

        var built = await QuartzSchedulerBuilder.Create(q =>
        {
            q.Services.AddSingleton(loggers);
            q.UseTimeProvider(clock);
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.InstanceId = nodeId;
                s.GenerateInstanceId = false;
                // A run in progress at shutdown sees its token cancelled, and the shutdown still waits for it to end.
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            // The works are few and short; two threads let a slow nightly evaluation leave the minute sweep running.
            q.UseDefaultThreadPool(2);
            q.UseJobFactory(new ScheduledWorkJobFactory(services, catalog, nodeId));
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = TablePrefix;
                    // The Scheduler migration made the tables; a store that finds them missing refuses to start.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                    o.MisfireThreshold = MisfireThreshold(config);
                });
                if (postgres)
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = config.GetValue("Frontline:Scheduler:CheckinInterval", TimeSpan.FromSeconds(15));
                        c.CheckinMisfireThreshold = config.GetValue("Frontline:Scheduler:CheckinMisfireThreshold", TimeSpan.FromSeconds(60));
                    });
                }
                else store.UseSqlite(connectionString);
            });
        }).BuildScheduler(ct);

        scheduler = built;
        await RegisterAsync(built, catalog.All, ct);
        await built.Start(ct);
        // Debug: a start says what it did in a few lines, and a scheduler starting as configured is not news.
        log.LogDebug("Scheduler started as node {Node} ({Mode}) with {Count} scheduled works in {Milliseconds} ms",
            nodeId, postgres ? "clustered on PostgreSQL" : "single node on SQLite", catalog.All.Count,
            (long)System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
    }

    static TimeSpan MisfireThreshold(IConfiguration config) =>
        config.GetValue("Frontline:Scheduler:MisfireThreshold", TimeSpan.FromSeconds(60));

    /// <summary>
    /// Each work becomes a durable job and a trigger keyed by its name. A stored trigger with the same schedule is kept
    /// as it is (its next fire time and misfire state included), so a restart neither duplicates nor resets it; a
    /// changed schedule replaces it. Several nodes starting at once settle under the store's lock.
    /// </summary>
    async Task RegisterAsync(IScheduler target, IReadOnlyList<ScheduledWorkDefinition> works, CancellationToken ct)
    {
        foreach (var work in works)
        {
            await target.AddJob(ScheduledWorkTriggers.Job(work), AddJobOptions.Replacing, ct);
            var stored = await target.GetTrigger(ScheduledWorkTriggers.TriggerKeyOf(work.Name), ct);
            if (stored is not null && ScheduledWorkTriggers.SameSchedule(stored, work)) continue;
            await target.ScheduleTrigger(ScheduledWorkTriggers.Trigger(work, clock),
                stored is null ? TriggerConflict.Keep : TriggerConflict.Replace, ct);
            if (stored is null) log.LogDebug("Scheduled work {Work}: {Schedule}", work.Name, work.Schedule);
            else log.LogInformation("Scheduled work {Work} now runs {Schedule} (its stored trigger was replaced)", work.Name, work.Schedule);
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        // Not disposed anywhere: a host may be disposed before it is stopped, and a stop after that must still work.
        await stopping.CancelAsync();
        try { await Started; } catch { /* said at start; nothing more to stop than what was built */ }
        if (scheduler is not { Status: SchedulerStatus.Created or SchedulerStatus.Running or SchedulerStatus.Standby } running) return;
        // The runs in progress are asked to stop through their token and get their ending recorded.
        await running.Shutdown(waitForJobsToComplete: true, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (scheduler is { Status: SchedulerStatus.Created or SchedulerStatus.Running or SchedulerStatus.Standby } s)
            await s.Shutdown(false, CancellationToken.None);
    }
}
