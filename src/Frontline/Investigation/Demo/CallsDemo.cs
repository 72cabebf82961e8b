using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation.Demo;

/// <summary>
/// The outbound calls a newcomer finds on a first start: a call list in 红星社区 — everyone who checked in at its busiest
/// venue over the last two days when venue check-ins exist, else thirty of its residents named by the investigator — split
/// between the community worker and the investigator, the worker part-way through: some reached, one gone elsewhere, and
/// one unanswered an hour and a half ago whose retry is due now. Everything goes through <see cref="CallLists"/>.
/// </summary>
public sealed class CallsDemo(
    IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, CallSettings settings, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, RoleTable roles, SqlDialect sql, Companions companions, CallLists lists, ILogger<CallsDemo> log) : IDemoActivity
{
    const string Hongxing = "440306005002";

    public int Order => 430;

    public async Task SeedAsync(CancellationToken ct)
    {
        var investigator = await CallerAsync("investigator");
        var worker = await CallerAsync("community-worker");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().AddDays(-2);
        var busiest = await (from c in db.CheckIns.AsNoTracking()
                             join p in db.Places on c.PlaceId equals p.Id
                             where p.CommunityCode == Hongxing && c.At >= since.UtcDateTime
                             group c by p.Code into g
                             orderby g.Count() descending, g.Key
                             select g.Key).FirstOrDefaultAsync(ct);
        long listId;
        if (busiest is not null)
        {
            var made = await lists.CreateAsync(investigator, new CallListInput("红星社区场所扫码人员电话排查", busiest, since, clock.GetUtcNow(), null), ct);
            listId = long.Parse(made.Id);
        }
        else
        {
            var residents = await db.Persons.AsNoTracking().Where(p => p.CommunityCode == Hongxing && p.Phone != null)
                .OrderBy(p => p.Id).Select(p => p.Id).Take(30).ToListAsync(ct);
            if (residents.Count == 0) return;
            var made = await lists.CreateFromPersonsAsync(investigator, "红星社区重点人员电话排查", Hongxing, residents,
                "演示：与阳性混管同楼栋人员，电话通知居家并预约单采", ct);
            listId = long.Parse(made.Id);
        }
        await lists.SplitAsync(investigator, listId, ["community-worker", "investigator"], ct);
        await lists.StartAsync(worker, listId, "电话通知场所暴露人员到采样点单采", ct);

        // The worker's first calls an hour and a half ago (so the unanswered one is due again now), then a few just now.
        var earlier = new CallLists(dbs, audit, new ShiftedClock(clock, TimeSpan.FromMinutes(-90)), settings, users, roles, sql, companions);
        var mine = (await lists.MyCallsAsync(worker, listId, new PageRequest(1, 50), ct)).Items;
        string[] outcomes = ["reached", "no-answer", "reached", "left-area"];
        for (var i = 0; i < Math.Min(outcomes.Length, mine.Count); i++)
            await earlier.AttemptAsync(worker, long.Parse(mine[i].Id), new CallAttemptInput(outcomes[i],
                outcomes[i] == "reached" ? "已通知明早到红星社区采样点单采" : null, outcomes[i] == "left-area" ? "广东省东莞市长安镇（已于前日离深）" : null,
                $"demo-{mine[i].Id}-1"), ct);
        for (var i = outcomes.Length; i < Math.Min(outcomes.Length + 3, mine.Count); i++)
            await lists.AttemptAsync(worker, long.Parse(mine[i].Id), new CallAttemptInput(CallRules.Code(i % 2 == 0 ? CallOutcome.Reached : CallOutcome.WrongNumber), null, null,
                $"demo-{mine[i].Id}-1"), ct);
        log.LogInformation("Demo outbound calls: list {List} split between community-worker and investigator", listId);
    }

    sealed class ShiftedClock(TimeProvider inner, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + by;
    }

    async Task<Caller> CallerAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"Demo user {userName} is missing");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return Caller.From(principal, "127.0.0.1");
    }
}
