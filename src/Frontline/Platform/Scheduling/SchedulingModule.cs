using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Frontline.Platform.Scheduling;

public static class SchedulingModule
{
    /// <summary>The scheduler behind <see cref="ScheduledWorkRegistration.AddScheduledWork{TWork}"/>; runs after the database is migrated.</summary>
    public static IServiceCollection AddScheduler(this IServiceCollection services)
    {
        services.AddSingleton<ScheduledWorkCatalog>();
        services.AddSingleton<ScheduledWorkScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledWorkScheduler>());
        return services;
    }

    /// <summary>
    /// Behind audit.read: which background work ran when, where and how it ended is the system's own trail — the
    /// auditor's and the administrator's question ("did the nightly release evaluation run?"), and no PII is in it.
    /// </summary>
    public static void MapSchedulerEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/platform/scheduled-work", ListScheduledWork).RequirePermission(Permissions.AuditRead)
            .WithName("listScheduledWork")
            .WithSummary("Every registered piece of scheduled work: its schedule, next fire time (when this node runs the scheduler) and last run")
            .Example(new ApiExample());
        api.MapPost("/platform/scheduled-work/{name}/run", RunScheduledWork).RequirePermission(Permissions.SchedulerRun)
            .WithName("runScheduledWork")
            .WithSummary("Runs a piece of scheduled work now, on this node, and answers how the run ended; recorded among its runs and audited. " +
                "Beside any scheduled occurrence: every work is idempotent, so a run-now changes nothing an occurrence would not")
            .Example(new ApiExample { Path = { ["name"] = "supervision.escalation" } });
    }

    /// <summary>
    /// An operator's (or a test's) run-now: after fixing what made a run fail, or to catch up without waiting for the next
    /// occurrence. Synchronous, so the caller knows it ended; recorded with node <c>manual:USER</c>.
    /// </summary>
    static async Task<Ok<LastRunView>> RunScheduledWork(string name, HttpContext http, ScheduledWorkCatalog catalog, IServiceProvider services,
        AuditLog audit, IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
    {
        if (catalog.Find(name) is null) throw new NotFoundException("scheduled-work");
        var caller = Caller.From(http);
        await using (var db = await dbs.CreateDbContextAsync(http.RequestAborted))
        {
            db.Audit.Add(audit.Entry(caller, AuditActions.ScheduledWorkRun, $"scheduled-work:{name}"));
            await db.SaveChangesAsync(http.RequestAborted);
        }
        var run = await ScheduledWorkJob.RunAsync(services, catalog, $"manual:{caller.UserName}", name, clock.GetUtcNow().UtcDateTime, http.RequestAborted);
        return TypedResults.Ok(View(run));
    }

    public sealed record ScheduledWorkView(string Name, string Schedule, string? Every, string? DailyAtChinaTime,
        DateTimeOffset? NextRunAt, LastRunView? LastRun);

    public sealed record LastRunView(DateTimeOffset ScheduledFor, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
        string NodeId, string Outcome, string? Error);

    public sealed record ScheduledWorkList(bool SchedulerRunning, string? NodeId, IReadOnlyList<ScheduledWorkView> Items);

    static async Task<Ok<ScheduledWorkList>> ListScheduledWork(ScheduledWorkCatalog catalog, ScheduledWorkScheduler scheduler,
        IDbContextFactory<FrontlineDb> dbs, CancellationToken ct) =>
        TypedResults.Ok(await DescribeAsync(catalog, scheduler, dbs, ct));

    internal static async Task<ScheduledWorkList> DescribeAsync(ScheduledWorkCatalog catalog, ScheduledWorkScheduler scheduler,
        IDbContextFactory<FrontlineDb> dbs, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var running = scheduler.Running;
        var items = new List<ScheduledWorkView>(catalog.All.Count);
        foreach (var work in catalog.All.OrderBy(w => w.Name, StringComparer.Ordinal))
        {
            // One indexed seek per work (work_name, started_at): the list is tens, the history grows without bound.
            var last = await db.Set<ScheduledRun>().AsNoTracking().Where(r => r.WorkName == work.Name)
                .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            DateTimeOffset? next = null;
            if (running is not null && await running.GetTrigger(ScheduledWorkTriggers.TriggerKeyOf(work.Name), ct) is { } trigger)
                next = trigger.NextFireTimeUtc?.ToOffset(ChinaTime.Offset);
            items.Add(new ScheduledWorkView(work.Name, work.Schedule.ToString(), work.Schedule.Every?.ToString("c"),
                work.Schedule.DailyAtChinaTime?.ToString("HH\\:mm"), next, last is null ? null : View(last)));
        }
        return new ScheduledWorkList(running is not null, scheduler.NodeId, items);
    }

    static LastRunView View(ScheduledRun run) => new(Beijing(run.ScheduledFor), Beijing(run.StartedAt),
        run.FinishedAt is { } finished ? Beijing(finished) : null, run.NodeId,
        run.Outcome switch { ScheduledRunOutcome.Ok => "ok", ScheduledRunOutcome.Failed => "failed", _ => "running" }, run.Error);

    static DateTimeOffset Beijing(DateTime utc) => utc.ToChina();
}
