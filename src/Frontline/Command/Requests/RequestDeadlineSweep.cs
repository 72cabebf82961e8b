using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Supervision;

namespace Frontline.Command.Requests;

/// <summary>
/// Never silently late: every minute, each request not closed by its due time gets its supervised task (kind
/// <c>resident-request</c>, once per request, in the request's community), which then climbs the command ladder by
/// <see cref="Escalation"/> from the request's own allowance; a task whose request has since been closed is closed here.
/// Idempotent: a run that died half-way is simply run again.
/// </summary>
public sealed class RequestDeadlineSweep(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, ILogger<RequestDeadlineSweep> log) : IScheduledWork
{
    public const string Name = "command.request-deadlines";
    const int Batch = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var raised = 0;
        long after = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            // By the index on (status, due): only the late ones are read, a batch per round trip.
            var late = await db.ResidentRequests.AsNoTracking()
                .Where(r => r.Status != RequestStatus.Closed && r.DueBy <= now && r.Id > after)
                .OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
            if (late.Count == 0) break;
            foreach (var r in late)
            {
                if (await SupervisedTasks.RaiseAsync(db, TaskKinds.ResidentRequest, r.Id.ToString(), r.CommunityCode, Title(r), r.LoggedAt, r.DueBy, ct)) raised++;
            }
            await db.SaveChangesAsync(ct);
            after = late[^1].Id;
        }
        var closed = await CloseFinishedAsync(now, ct);
        if (raised + closed > 0) log.LogInformation("Request deadlines: {Raised} late tasks raised, {Closed} closed", raised, closed);
    }

    static string Title(ResidentRequest r) =>
        $"民生诉求超时：{RequestsVocabulary.KindLabel(r.Kind).Zh}{(r.Urgency == RequestUrgency.Urgent ? "（紧急）" : "")} 诉求 {r.Id}（应于 {r.DueBy.Display()} 前办结）";

    /// <summary>A request closed just as this sweep read it as late gets its task after the close had nothing to close: closed here on the next run.</summary>
    async Task<int> CloseFinishedAsync(DateTime now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = await SupervisedTasks.OpenSubjectIdsAsync(db, TaskKinds.ResidentRequest, 5_000, ct);
        if (ids.Count == 0) return 0;
        var finished = await db.ResidentRequests.AsNoTracking().Where(r => ids.Contains(r.Id) && r.Status == RequestStatus.Closed)
            .Select(r => new { r.Id, r.CommunityCode }).ToListAsync(ct);
        var closed = 0;
        foreach (var r in finished)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await SupervisedTasks.CompleteIfAsync(db, TaskKinds.ResidentRequest, r.Id.ToString(), r.CommunityCode, () => Task.FromResult(true), now, "system",
                    "诉求已办结", ct)) closed++;
            await tx.CommitAsync(ct);
        }
        return closed;
    }
}
