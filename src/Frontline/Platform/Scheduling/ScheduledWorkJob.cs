using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Quartz.Extensibility;

namespace Frontline.Platform.Scheduling;

/// <summary>
/// The one Quartz job: runs the registered work named by the job's key in a DI scope of its own, and writes the run
/// into <c>scheduled_runs</c>. Concurrency is per job key, so one work never overlaps itself while different works
/// run side by side. A failing work is recorded and logged and never thrown back at Quartz: the next occurrence
/// simply runs it again.
/// </summary>
[DisallowConcurrentExecution]
sealed class ScheduledWorkJob(IServiceProvider services, ScheduledWorkCatalog catalog, string nodeId) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await RunAsync(services, catalog, nodeId, context.JobDetail.Key.Name, (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).UtcDateTime, ct);

    /// <summary>
    /// Runs the named work once in a scope of its own and records the run; answers the run as recorded (its outcome and
    /// error). The scheduler's occurrences and an operator's run-now both come here.
    /// </summary>
    internal static async Task<ScheduledRun> RunAsync(IServiceProvider services, ScheduledWorkCatalog catalog, string nodeId, string name,
        DateTime scheduledFor, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var log = services.GetRequiredService<ILogger<ScheduledWorkJob>>();
        var started = Stopwatch.GetTimestamp();
        var run = new ScheduledRun { WorkName = name, ScheduledFor = scheduledFor, StartedAt = clock.GetUtcNow().UtcDateTime, NodeId = nodeId };
        var runId = await RecordStartAsync(services, run, log);

        string? error = null;
        try
        {
            var work = catalog.Find(name) ?? throw new InvalidOperationException($"No work named '{name}' is registered on this node");
            await using var scope = services.CreateAsyncScope();
            var instance = (IScheduledWork)scope.ServiceProvider.GetRequiredService(work.WorkType);
            await instance.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error = "cancelled: the scheduler shut down during the run";
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            log.LogError(e, "Scheduled work {Work} failed", name);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        run.Outcome = error is null ? ScheduledRunOutcome.Ok : ScheduledRunOutcome.Failed;
        run.Error = error == null ? null : error.Length > ScheduledRun.ErrorLength ? error[..ScheduledRun.ErrorLength] : error;
        await RecordEndAsync(services, runId, run, log);
        log.Log(error is null ? LogLevel.Information : LogLevel.Warning,
            "Scheduled work {Work} for {ScheduledFor:u} ran in {Milliseconds} ms on {Node}: {Outcome}",
            name, scheduledFor, (long)elapsed.TotalMilliseconds, nodeId, error is null ? "ok" : "failed");
        return run;
    }

    static async Task<long?> RecordStartAsync(IServiceProvider services, ScheduledRun run, ILogger log)
    {
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
            var row = new ScheduledRun { WorkName = run.WorkName, ScheduledFor = run.ScheduledFor, StartedAt = run.StartedAt, NodeId = run.NodeId };
            db.Set<ScheduledRun>().Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        }
        catch (Exception e)
        {
            // The history is evidence, not a gate: the work still runs when its row could not be written.
            log.LogError(e, "Could not record the start of scheduled work {Work}", run.WorkName);
            return null;
        }
    }

    static async Task RecordEndAsync(IServiceProvider services, long? runId, ScheduledRun run, ILogger log)
    {
        if (runId is null) return;
        run.Id = runId.Value;
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
            // Written without the run's token: a run cut short by shutdown still gets its ending recorded.
            await db.Set<ScheduledRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.FinishedAt, run.FinishedAt)
                .SetProperty(r => r.Outcome, run.Outcome)
                .SetProperty(r => r.Error, run.Error));
        }
        catch (Exception e)
        {
            log.LogError(e, "Could not record the end of scheduled work run {RunId}", runId);
        }
    }
}

/// <summary>The works registered in this process, by name.</summary>
sealed class ScheduledWorkCatalog(IEnumerable<ScheduledWorkDefinition> definitions)
{
    public IReadOnlyList<ScheduledWorkDefinition> All { get; } = Validate(definitions.ToList());

    public ScheduledWorkDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    static List<ScheduledWorkDefinition> Validate(List<ScheduledWorkDefinition> all)
    {
        var twice = all.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"Scheduled work '{twice.Key}' is registered twice");
        var tooLong = all.FirstOrDefault(d => d.Name.Length is 0 or > 100);
        if (tooLong is not null) throw new InvalidOperationException($"Scheduled work names are 1 to 100 characters: '{tooLong.Name}'");
        return all;
    }
}

/// <summary>Builds each firing's job with the application's services (the scheduler has a container of its own).</summary>
sealed class ScheduledWorkJobFactory(IServiceProvider services, ScheduledWorkCatalog catalog, string nodeId) : IJobFactory
{
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken ct) =>
        bundle.JobDetail.Key.Group == ScheduledWorkTriggers.Group
            ? ValueTask.FromResult(new JobScope(new ScheduledWorkJob(services, catalog, nodeId), null!))
            : throw new SchedulerException($"The job {bundle.JobDetail.Key} is not Frontline's scheduled work");

    public ValueTask ReturnJob(JobScope scope, CancellationToken ct) => ValueTask.CompletedTask;
}
