using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Supervision;

namespace Frontline.Containment;

/// <summary>
/// Every 15 minutes: each person at home with a live self-report link who sent nothing (and whom no staff checked) in
/// a half-day that has ended gets a task for their community, once per half-day (the task's source key). The two last
/// half-days are looked at, so a few hours of downtime miss nobody.
/// </summary>
public sealed class MissedReportSweep(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, PolicySets policies, ILogger<MissedReportSweep> log) : IScheduledWork
{
    public const string Name = "containment.self-report-missed";
    const int Batch = 500;

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var raised = 0;
        foreach (var slot in SelfReportRules.EndedSlots(now))
        {
            var start = slot.StartUtc;
            var end = slot.EndUtc;
            long after = 0;
            while (true)
            {
                await using var db = await dbs.CreateDbContextAsync(ct);
                var checks = db.Set<HealthCheck>();
                // By the index on live links; the health-check test is the (stay, at) index's range. The filter is
                // SelfReportRules.IsDue in SQL, and the rule itself is applied again below so the two cannot drift apart.
                var missed = await db.SelfReportLinks.AsNoTracking()
                    .Where(l => l.RevokedAt == null && l.IssuedAt <= start && l.ExpiresAt > start && l.Id > after)
                    .Join(db.Stays.Where(s => s.Status == StayStatus.Active && s.Kind != StayKind.Centralised && s.StartsOn <= slot.Day && s.EndsOn >= slot.Day),
                        l => l.StayId, s => s.Id, (l, s) => new { LinkId = l.Id, l.IssuedAt, Stay = s })
                    .OrderBy(x => x.LinkId).Take(Batch)
                    .Select(x => new { x.LinkId, x.IssuedAt, x.Stay.Id, x.Stay.StartsOn, x.Stay.EndsOn, x.Stay.Kind, x.Stay.PersonCommunityCode, Reported = checks.Any(h => h.StayId == x.Stay.Id && h.At >= start && h.At < end) })
                    .ToListAsync(ct);
                if (missed.Count == 0) break;
                foreach (var m in missed.Where(m => !m.Reported && SelfReportRules.IsDue(slot, m.IssuedAt, m.StartsOn, m.EndsOn)))
                {
                    if (await SupervisedTasks.RaiseAsync(db, TaskKinds.SelfReport, $"stay:{m.Id}:missed:{slot.Key}", m.PersonCommunityCode,
                        $"{SelfReports.KindWord(m.Kind)}人员漏报：{slot.Day:M月d日}{(slot.Afternoon ? "下午" : "上午")}未上报体温（隔离记录 {m.Id}）", now, SelfReportRules.MissedReportDueBy(policies.Active, now), ct)) raised++;
                }
                await db.SaveChangesAsync(ct);
                after = missed[^1].LinkId;
            }
        }
        if (raised > 0) log.LogInformation("Self-reports: {Raised} missed half-days raised as tasks", raised);
    }
}
