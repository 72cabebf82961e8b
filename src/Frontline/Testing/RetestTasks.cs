using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Supervision;

namespace Frontline.Testing;

/// <summary>
/// Closes (办结) the supervised tasks <see cref="ResultIngest"/> raises for re-test orders, one per source tube and
/// community, in the transaction of the fact that completes them: a positive pool's task when every re-test it ordered
/// in that community has a result, an invalid tube's when everyone it ordered re-sampled there has been sampled again.
/// Only re-test results and re-test samples call here (rare); the ordinary scans and pool results never do.
/// </summary>
public static class RetestTasks
{
    public const string AllResulted = "全部单管复核已出结果";
    public const string AllResampled = "全部人员已重新采样";

    sealed record Order(string Reason, long? SourceTubeId, string CommunityCode);

    /// <summary>
    /// A re-test's result was just written to its order. An invalid re-test counts as a result here: it orders a
    /// re-sampling of its own (with its own invalid-tube task), which carries the person's work on from this task.
    /// </summary>
    public static async Task ResultAppliedAsync(FrontlineDb db, DbTransaction tx, long orderId, DateTime now, CancellationToken ct)
    {
        if (await OrderAsync(db, tx, orderId, ct) is not { Reason: TaskKinds.PositivePool, SourceTubeId: { } tube } order) return;
        await SupervisedTasks.CompleteIfAsync(db, TaskKinds.PositivePool, tube.ToString(), order.CommunityCode,
            async () => !await Siblings(db, order).AnyAsync(o => o.Outcome == Outcome.Pending, ct),
            now, Caller.System.UserName, AllResulted, ct);
    }

    /// <summary>A re-test order was just taken by a sample.</summary>
    public static async Task OrderTakenAsync(FrontlineDb db, DbTransaction tx, long orderId, DateTime now, CancellationToken ct)
    {
        if (await OrderAsync(db, tx, orderId, ct) is not { Reason: TaskKinds.InvalidTube, SourceTubeId: { } tube } order) return;
        await SupervisedTasks.CompleteIfAsync(db, TaskKinds.InvalidTube, tube.ToString(), order.CommunityCode,
            async () => !await Siblings(db, order).AnyAsync(o => o.SampleId == null && o.CancelledAt == null, ct),
            now, Caller.System.UserName, AllResampled, ct);
    }

    /// <summary>The orders one task was raised for: same source tube, community and reason (the source tube's index finds them).</summary>
    static IQueryable<RetestOrder> Siblings(FrontlineDb db, Order order) =>
        db.Set<RetestOrder>().Where(o => o.SourceTubeId == order.SourceTubeId && o.CommunityCode == order.CommunityCode && o.Reason == order.Reason);

    static async Task<Order?> OrderAsync(FrontlineDb db, DbTransaction tx, long orderId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) await db.Database.UseTransactionAsync(tx, ct);
        return await db.Set<RetestOrder>().AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new Order(o.Reason, o.SourceTubeId, o.CommunityCode)).SingleOrDefaultAsync(ct);
    }
}
