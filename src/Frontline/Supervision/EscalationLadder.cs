using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Supervision;

/// <summary>
/// The escalation ladder as recorded steps: every minute, each open task whose rule level (<see cref="Escalation.Level"/>)
/// is above its recorded level climbs to it, and each level it passes is written into its history. Safe for several
/// servers on one PostgreSQL and for re-runs: a task climbs only from the level it was read at (<c>WHERE
/// escalation_level = old</c>: of two runs at once, the second finds the level moved and writes nothing), and a step is
/// unique per (task, level) as the last guard. After a downtime a task three levels late gets its three steps at once.
/// </summary>
public sealed class EscalationLadder(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, ILogger<EscalationLadder> log) : IScheduledWork
{
    public const string Name = "supervision.escalation";
    /// <summary>Tasks per transaction: a district's morning, tens of thousands reaching level 1 at once, goes in a few dozen.</summary>
    public const int Batch = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        var steps = await ClimbDueAsync(clock.GetUtcNow().UtcDateTime, ct);
        if (steps > 0) log.LogInformation("Escalation: {Steps} steps recorded", steps);
    }

    /// <summary>Climbs every task due for a step at <paramref name="now"/>; answers the steps recorded by this run.</summary>
    public async Task<int> ClimbDueAsync(DateTime now, CancellationToken ct = default)
    {
        var steps = 0;
        DateTime afterAt = DateTime.MinValue;
        long afterId = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            // A range seek on next_escalation_at: only the tasks whose next step has come are read. Keyset paging, so a row
            // another server moved on meanwhile is neither read twice nor waited for.
            var due = await db.Set<SupervisedTask>().AsNoTracking()
                .Where(t => t.NextEscalationAt <= now && t.DoneAt == null
                    && (t.NextEscalationAt > afterAt || (t.NextEscalationAt == afterAt && t.Id > afterId)))
                .OrderBy(t => t.NextEscalationAt).ThenBy(t => t.Id).Take(Batch)
                .Select(t => new { t.Id, t.CreatedAt, t.DueBy, t.EscalationLevel, t.NextEscalationAt })
                .ToListAsync(ct);
            if (due.Count == 0) break;
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                // Rows locked in id order: two servers' batches that overlap wait for each other, never in a cycle.
                foreach (var t in due.OrderBy(t => t.Id))
                    steps += await ClimbAsync(db, t.Id, t.CreatedAt, t.DueBy, t.EscalationLevel, now, ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            (afterAt, afterId) = (due[^1].NextEscalationAt!.Value, due[^1].Id);
            if (due.Count < Batch) break;
        }
        return steps;
    }

    /// <summary>
    /// Moves one task from <paramref name="recorded"/> up to its rule level at <paramref name="now"/> and adds a step line
    /// per level passed to the context (the caller saves, in its transaction). Each step is stamped with the moment the
    /// rule put the task on that level (<see cref="Escalation.ReachedAt"/>: due time, then due + the time it was given,
    /// then due + three times that) — not the run's time, which after a downtime would make three steps look
    /// simultaneous — and carries the run's time as <c>RecordedAt</c>, so the lag stays visible. Answers the steps added:
    /// none when another run or a close changed the task since it was read.
    /// </summary>
    public static async Task<int> ClimbAsync(FrontlineDb db, long id, DateTime createdAt, DateTime dueBy, int recorded, DateTime now, CancellationToken ct)
    {
        var level = Escalation.Level(createdAt, dueBy, now);
        if (level <= recorded)
        {
            // Nothing to climb: only the next step's time is put right (a due time moved, a row written by hand).
            var next = Escalation.NextAt(createdAt, dueBy, recorded);
            await db.Set<SupervisedTask>().Where(t => t.Id == id && t.EscalationLevel == recorded && t.DoneAt == null && t.NextEscalationAt != next)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.NextEscalationAt, next), ct);
            return 0;
        }
        var won = await db.Set<SupervisedTask>().Where(t => t.Id == id && t.EscalationLevel == recorded && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.EscalationLevel, level).SetProperty(t => t.NextEscalationAt, Escalation.NextAt(createdAt, dueBy, level)), ct);
        if (won == 0) return 0;
        for (var step = recorded + 1; step <= level; step++)
            db.Set<SupervisedTaskEvent>().Add(new SupervisedTaskEvent
            {
                TaskId = id, Kind = TaskEventKinds.Escalated, Level = step, At = Escalation.ReachedAt(createdAt, dueBy, step), RecordedAt = now, By = "system",
            });
        return level - recorded;
    }
}
