using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Notices;

/// <summary>
/// The district command's notice of the morning in the living demo: sent to every street (so to each street command and
/// each community), acknowledged by 松岗街道's command, 红星社区 and 海裕社区, the rest pending and reminded once. Made through
/// the notice service as the district commander and the acknowledging users.
/// </summary>
public sealed class NoticesDemo(IDbContextFactory<FrontlineDb> dbs, Notices notices, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals) : IDemoActivity
{
    public int Order => 620;

    async Task<Caller?> As(string name) =>
        await users.FindByNameAsync(name) is { } user ? Caller.From(await principals.CreateAsync(user), "127.0.0.1") : null;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await As("commander") is not { } commander) return;
        List<string> streets;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            streets = await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.Street).OrderBy(j => j.Code).Select(j => j.Code).ToListAsync(ct);
        if (streets.Count == 0) return;
        var sent = await notices.SendAsync(commander, new NoticeInput("关于加强封控区管控和居民生活保障的紧急通知",
            "各街道、社区：\n一、封控区严格落实“区域封闭、足不出户、服务上门”，今日18时前完成封控楼栋全员摸排；\n二、建立透析、孕产、慢病用药等特殊人群台账，" +
            "紧急就医需求2小时内响应；\n三、每日17时前报送生活物资保障情况。\n请各单位收到后立即签收。", streets), ct);
        var id = long.Parse(sent.Id);
        foreach (var name in new[] { "street-commander", "community-worker", "worker-haiyu" })
            if (await As(name) is { } reader) await notices.AcknowledgeAsync(reader, id, ct);
        await notices.RemindAsync(commander, id, ct);
    }
}
