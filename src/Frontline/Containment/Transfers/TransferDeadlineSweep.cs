using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Supervision;

namespace Frontline.Containment;

/// <summary>
/// Never silently late: every minute, each open transfer past its due time gets its overdue supervised task (kind
/// <c>transfer</c>, once per transfer), which then climbs the command ladder by <see cref="Escalation"/> from the
/// request's own allowance; a task whose transfer has since arrived or been cancelled is closed. Idempotent: a run
/// that died half-way is simply run again.
/// </summary>
public sealed class TransferDeadlineSweep(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, ILogger<TransferDeadlineSweep> log) : IScheduledWork
{
    public const string Name = "containment.transfer-deadlines";
    const int Batch = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var raised = 0;
        long after = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            // Late transfers are few (a dispatcher's backlog, not the district's people): a batch per round trip is plenty.
            var late = await db.Transfers.AsNoTracking()
                .Where(t => t.Status != TransferStatus.Arrived && t.Status != TransferStatus.Cancelled && t.DueBy <= now && t.Id > after)
                .OrderBy(t => t.Id).Take(Batch).ToListAsync(ct);
            if (late.Count == 0) break;
            foreach (var t in late)
            {
                if (await SupervisedTasks.RaiseAsync(db, TaskKinds.Transfer, t.Id.ToString(), t.JurisdictionCode, Title(t), t.RequestedAt, t.DueBy, ct)) raised++;
            }
            await db.SaveChangesAsync(ct);
            after = late[^1].Id;
        }
        var closed = await CloseFinishedAsync(now, ct);
        if (raised + closed > 0) log.LogInformation("Transfer deadlines: {Raised} overdue tasks raised, {Closed} closed", raised, closed);
    }

    static string Title(Transfer t) => $"转运超时：转运单 {t.Id}（应于 {t.DueBy.Display()} 前送达）";

    /// <summary>
    /// A transfer that arrived just as this sweep read it as late gets its task after the arrival had nothing to close:
    /// such tasks are closed here on the next run.
    /// </summary>
    async Task<int> CloseFinishedAsync(DateTime now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = await SupervisedTasks.OpenSubjectIdsAsync(db, TaskKinds.Transfer, 5_000, ct);
        if (ids.Count == 0) return 0;
        var finished = await db.Transfers.AsNoTracking().Where(t => ids.Contains(t.Id) && (t.Status == TransferStatus.Arrived || t.Status == TransferStatus.Cancelled))
            .Select(t => new { t.Id, t.JurisdictionCode, t.Status }).ToListAsync(ct);
        var closed = 0;
        foreach (var t in finished)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await SupervisedTasks.CompleteIfAsync(db, TaskKinds.Transfer, t.Id.ToString(), t.JurisdictionCode, () => Task.FromResult(true), now, "system",
                    t.Status == TransferStatus.Arrived ? "转运已送达" : "转运已取消", ct)) closed++;
            await tx.CommitAsync(ct);
        }
        return closed;
    }
}
