using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Command.Staff;

/// <summary>
/// Just after midnight Beijing time, the cadres whose stored run of duty days ended before today get their run and
/// posting recomputed: a later run may follow a rest day, the next deployment may have begun. A run still going (or one
/// still ahead) stays right as days pass without any write, so only ended runs are visited, found by the index on their
/// end. Idempotent: a second run the same day finds nothing to do.
/// </summary>
public sealed class DutyRollover(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, ILogger<DutyRollover> log) : IScheduledWork
{
    public const string Name = "command.staff-duty-rollover";
    const int Batch = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var changed = 0;
        long after = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var ended = await db.Staff.Where(s => s.StreakUntil != null && s.StreakUntil < today && s.Id > after).OrderBy(s => s.Id).Take(Batch).ToListAsync(ct);
            if (ended.Count == 0) break;
            var ids = ended.Select(s => s.Id).ToList();
            var deployments = (await db.Deployments.AsNoTracking().Where(d => ids.Contains(d.StaffId)).ToListAsync(ct)).ToLookup(d => d.StaffId);
            var floor = today.AddDays(-400);
            var rest = (await db.RestDays.AsNoTracking().Where(r => ids.Contains(r.StaffId) && r.Date >= floor).Select(r => new { r.StaffId, r.Date }).ToListAsync(ct))
                .ToLookup(r => r.StaffId, r => r.Date);
            foreach (var staff in ended) Cadres.Apply(staff, deployments[staff.Id].ToList(), rest[staff.Id], today);
            changed += ended.Count;
            await db.SaveChangesAsync(ct);
            after = ids[^1];
        }
        if (changed > 0) log.LogInformation("Duty rollover: {Count} cadres' runs recomputed", changed);
    }
}
