using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Staff;

/// <summary>
/// The street command's cadres in the living demo: a dozen people from the district's bureaus and the trade union,
/// posted to 松岗's communities and task forces over the weeks of the outbreak. One of them, like the model district's
/// cadre, has been on duty 62 days in a row and leads the list with a care alert; a couple have had a visit or
/// supplies. Made through the staff service as the street commander, so every row is audited like a real one.
/// </summary>
public sealed class StaffDemo(IDbContextFactory<FrontlineDb> dbs, Cadres cadres, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider clock, ILogger<StaffDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000";
    /// <summary>The demo's community worker: this cadre works under that account, so the workload has figures.</summary>
    const string DemoWorker = "community-worker";
    const string FirstPhone = "13707550101";

    public int Order => 640;

    sealed record Cadre(string Name, string Organisation, string Phone, string? Place, string Role, int StartedDaysAgo, int? EndsInDays,
        int[]? RestDaysAgo = null, string? UserName = null);

    public async Task SeedAsync(CancellationToken ct)
    {
        var user = await users.FindByNameAsync("street-commander");
        if (user is null) return;
        var commander = Caller.From(await principals.CreateAsync(user), "127.0.0.1");
        List<string> communities;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            // Once: the first cadre of the roster is there when the demo ran before.
            if (await db.Staff.AnyAsync(s => s.Phone == FirstPhone, ct)) return;
            communities = await db.Jurisdictions.AsNoTracking().Where(j => j.ParentCode == Songgang).OrderBy(j => j.Code).Select(j => j.Code).Take(6).ToListAsync(ct);
        }
        if (communities.Count == 0)
        {
            log.LogInformation("No communities under 松岗街道 in the demo district: no demo cadres");
            return;
        }
        string Community(int i) => communities[i % communities.Count];
        Cadre[] roster =
        [
            new("张卫东", "区总工会", FirstPhone, Community(0), "卡口值守", 61, null),
            new("刘晓梅", "区教育局", "13707550102", "investigation", "流调员", 17, null),
            new("黄志明", "区城市更新和土地整备局", "13707550103", Community(1), "核酸采样秩序维护", 15, null, UserName: DemoWorker),
            new("陈丽华", "区卫生健康局", "13707550104", "quarantine-hotel", "隔离酒店驻点医生", 30, null, [4]),
            new("林国强", "区住房和建设局", "13707550105", Community(2), "楼栋长", 12, 20),
            new("吴静", "区教育局", "13707550106", "testing-site", "采样点信息录入", 9, null),
            new("郑海涛", "区交通运输局", "13707550107", "transfer", "转运随车人员", 20, null, [1]),
            new("周敏", "区民政局", "13707550108", Community(3), "民生物资配送", 6, null),
            new("孙建华", "区司法局", "13707550109", Community(4), "政策宣传", 25, -3),
            new("何丽娟", "区总工会", "13707550110", "hotline", "民生诉求接听", 3, null),
            new("马振宇", "区文化广电旅游体育局", "13707550111", Community(5), "卡口值守", -2, 28),
            new("罗春燕", "区市场监督管理局", "13707550112", "supplies", "物资调配", 13, null),
        ];
        var today = ChinaTime.Today(clock);
        var ids = new Dictionary<string, long>();
        foreach (var c in roster)
        {
            var id = long.Parse((await cadres.RegisterAsync(commander, new StaffInput(c.Name, c.Organisation, c.Phone, null, c.UserName), ct)).Id);
            ids[c.Name] = id;
            var isForce = TaskForces.Find(c.Place) is not null;
            await cadres.DeployAsync(commander, new DeploymentInput(id.ToString(), isForce ? null : c.Place, isForce ? c.Place : null, c.Role,
                today.AddDays(-c.StartedDaysAgo), c.EndsInDays is { } e ? today.AddDays(e) : null), ct);
            foreach (var daysAgo in c.RestDaysAgo ?? [])
                await cadres.RestDayAsync(commander, id, new RestDayInput(today.AddDays(-daysAgo), "轮休"), ct);
        }
        var now = clock.GetUtcNow();
        await cadres.CareAsync(commander, ids["陈丽华"], new CareInput("supplies", now.AddDays(-6), "送去防护用品和生活物资"), ct);
        await cadres.CareAsync(commander, ids["刘晓梅"], new CareInput("visit", now.AddDays(-2), "街道工委走访慰问"), ct);
        log.LogInformation("Demo cadres: {Count} deployed in 松岗街道", roster.Length);
    }
}
