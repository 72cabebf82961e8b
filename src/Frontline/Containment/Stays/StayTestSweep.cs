using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Supervision;
using Frontline.Testing;

namespace Frontline.Containment;

/// <summary>
/// Every 15 minutes, two things a stay's tests need that no request does. (1) An active stay with no test ordered (one started
/// before stays ordered their tests) gets its test days from today on ordered, so its list, its overdue and its release work
/// like everyone's. (2) A facility whose guests were not sampled on a test day of the last week (逾期未采) gets a supervised
/// task, once per facility and day, for its community; it is closed when every one of them has been sampled late or has left.
/// Idempotent: a run that died half-way is simply run again.
/// </summary>
public sealed class StayTestSweep(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, TimeProvider clock, ILogger<StayTestSweep> log) : IScheduledWork
{
    public const string Name = "containment.stay-tests";
    /// <summary>The facility's medical staff have this long to take the late swabs before the task is overdue.</summary>
    public static readonly TimeSpan Response = TimeSpan.FromHours(4);
    /// <summary>Test days looked back on: the longest centralised stay is 14 days, and an older miss is the stay's page's to show.</summary>
    public const int LookbackDays = 7;
    const int Batch = 200;

    public async Task RunAsync(CancellationToken ct)
    {
        var ordered = await OrderMissingAsync(ct);
        var (raised, closed) = await SyncOverdueTasksAsync(ct);
        if (ordered + raised + closed > 0)
            log.LogInformation("Stay tests: {Ordered} stays' tests ordered, {Raised} overdue tasks raised, {Closed} closed", ordered, raised, closed);
    }

    /// <summary>Active stays without a test order, a batch at a time: their test days from today on (the final one today if it has passed).</summary>
    internal async Task<int> OrderMissingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var ordered = 0;
        long after = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var stays = await db.Stays.AsNoTracking().Where(s => s.Status == StayStatus.Active && s.Id > after).OrderBy(s => s.Id).Take(Batch).ToListAsync(ct);
            if (stays.Count == 0) break;
            var requesters = stays.Select(s => StayTests.Requester(s.Id)).ToList();
            var have = (await db.Set<RetestOrder>().AsNoTracking().Where(o => o.Requester != null && requesters.Contains(o.Requester))
                .Select(o => o.Requester!).Distinct().ToListAsync(ct)).ToHashSet();
            foreach (var stay in stays.Where(s => !have.Contains(StayTests.Requester(s.Id))))
            {
                var plan = StayRules.Plan(policies.Find(stay.PolicySet) ?? policies.Active, stay.Kind, stay.LastExposureAt);
                if (await TestOrders.ScheduleAsync(db, StayTests.Requester(stay.Id), stay.PersonId, stay.JurisdictionCode, StayRules.TestsToOrder(plan, today), now, ct) > 0)
                    ordered++;
            }
            await db.SaveChangesAsync(ct);
            after = stays[^1].Id;
        }
        return ordered;
    }

    sealed record Overdue(long FacilityId, DateOnly Day, int People);

    /// <summary>Raises a task for each facility and day with guests overdue, and closes those whose facility and day have none left.</summary>
    internal async Task<(int Raised, int Closed)> SyncOverdueTasksAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var from = today.AddDays(-LookbackDays);
        await using var db = await dbs.CreateDbContextAsync(ct);
        // By the order's day (indexed): the last week's scheduled tests still open past their day. A district's stays are
        // thousands, their open tests of a week a few thousand rows at most.
        var late = await db.Set<RetestOrder>().AsNoTracking()
            .Where(o => o.ForDay >= from && o.ForDay < today && o.Reason == TestOrderReasons.StayTest && o.SampleId == null && o.CancelledAt == null && o.DueBy <= now)
            .Select(o => new { o.Requester, Day = o.ForDay!.Value }).ToListAsync(ct);
        var stayIds = late.Select(o => StayId(o.Requester)).Where(id => id > 0).Distinct().ToList();
        var facilityOf = await db.Stays.AsNoTracking()
            .Where(s => stayIds.Contains(s.Id) && s.Status == StayStatus.Active && s.FacilityId != null)
            .ToDictionaryAsync(s => s.Id, s => s.FacilityId!.Value, ct);
        var overdue = late.Where(o => facilityOf.ContainsKey(StayId(o.Requester))).GroupBy(o => (Facility: facilityOf[StayId(o.Requester)], o.Day))
            .Select(g => new Overdue(g.Key.Facility, g.Key.Day, g.Count())).ToList();
        var facilityIds = overdue.Select(o => o.FacilityId).Distinct().ToList();
        var facilities = await db.Facilities.AsNoTracking().Where(f => facilityIds.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, ct);

        var raised = 0;
        foreach (var o in overdue.Where(o => facilities.ContainsKey(o.FacilityId)))
        {
            var f = facilities[o.FacilityId];
            if (await SupervisedTasks.RaiseAsync(db, TaskKinds.StayTest, Subject(o.FacilityId, o.Day), f.CommunityCode,
                    $"{f.Name}：{o.Day:M月d日}有 {o.People} 名隔离人员逾期未采核酸，请尽快补采", now, now + Response, ct)) raised++;
        }
        await db.SaveChangesAsync(ct);

        var still = overdue.Select(o => Subject(o.FacilityId, o.Day)).ToHashSet();
        var open = await db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == TaskKinds.StayTest && t.DoneAt == null)
            .Select(t => new { t.SubjectId, t.JurisdictionCode }).Take(5_000).ToListAsync(ct);
        var closed = 0;
        foreach (var t in open.Where(t => !still.Contains(t.SubjectId)))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await SupervisedTasks.CompleteIfAsync(db, TaskKinds.StayTest, t.SubjectId, t.JurisdictionCode, () => Task.FromResult(true), now,
                    Caller.System.UserName, "逾期人员已补采或已离开", ct)) closed++;
            await tx.CommitAsync(ct);
        }
        return (raised, closed);
    }

    /// <summary>A task's subject: the facility and the test day ("12/20221203").</summary>
    static string Subject(long facilityId, DateOnly day) => $"{facilityId}/{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    static long StayId(string? requester) =>
        requester is { } r && r.StartsWith("stay:", StringComparison.Ordinal) && long.TryParse(r.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}
