using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Requests;

/// <summary>
/// The hotline's morning in the living demo (松岗街道): an urgent dialysis request from the sealed building, answered in
/// time; a food request logged nine hours ago and still open, so it is late and its task is raised; a public-opinion item
/// from a residents' group; an accepted request for an old man's care. Made through the request service as the hotline
/// and the street command; only the late one's times are set back, as no one can log in the past.
/// </summary>
public sealed class RequestsDemo(IDbContextFactory<FrontlineDb> dbs, Requests requests, RequestDeadlineSweep sweep, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<RequestsDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000";
    const string Hongxing = "440306005002";

    public int Order => 630;

    async Task<Caller?> As(string name) =>
        await users.FindByNameAsync(name) is { } user ? Caller.From(await principals.CreateAsync(user), "127.0.0.1") : null;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await As("hotline") is not { } hotline || await As("street-commander") is not { } street) return;
        Building? sealedBuilding;
        Building? other;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var (low, high) = new JurisdictionScope(Songgang).Range;
            sealedBuilding = await (from t in db.ZoneTargets
                                    join z in db.Zones on t.ZoneId equals z.Id
                                    join b in db.Buildings on t.BuildingId equals b.Id
                                    where z.Status == ZoneStatus.Active && string.Compare(b.CommunityCode, low) >= 0 && string.Compare(b.CommunityCode, high) <= 0
                                    orderby z.Id
                                    select b).AsNoTracking().FirstOrDefaultAsync(ct);
            var sealedId = sealedBuilding?.Id ?? 0;
            // 红星社区 first; a small demo district may have one building there, the sealed one: then one of 松岗's, or that one.
            other = await db.Buildings.AsNoTracking().Where(b => b.CommunityCode == Hongxing && b.Id != sealedId).OrderBy(b => b.Id).FirstOrDefaultAsync(ct)
                ?? await db.Buildings.AsNoTracking().InScope(new JurisdictionScope(Songgang)).Where(b => b.Id != sealedId).OrderBy(b => b.Id).FirstOrDefaultAsync(ct)
                ?? sealedBuilding;
        }
        if (other is null)
        {
            log.LogInformation("No building in 松岗街道: no demo requests");
            return;
        }
        var dialysisAt = sealedBuilding ?? other;
        var dialysis = long.Parse((await requests.LogAsync(hotline, new RequestInput(RequestKinds.Dialysis, RequestUrgency.Urgent,
            $"宝安区松岗街道{dialysisAt.Name}1单元602", null, "13823456789", "尿毒症患者，每周二、五透析，所在楼栋封控，今天下午需要到医院透析", dialysisAt.Id.ToString()), ct)).Id);
        await requests.AcceptAsync(street, dialysis, ct);
        await requests.NoteAsync(street, dialysis, new RequestNoteInput("已联系松岗人民医院血透室，安排闭环专车13:30接送"), ct);
        await requests.CloseAsync(street, dialysis, new RequestCloseInput("专车闭环接送完成透析，居民已返家，医院出具透析记录"), ct);

        var late = long.Parse((await requests.LogAsync(hotline, new RequestInput(RequestKinds.Food, RequestUrgency.Normal,
            $"宝安区松岗街道{other.Name}2单元1101", null, "13923456780", "独居，家中米面和蔬菜已吃完，请求配送生活物资", other.Id.ToString()), ct)).Id);
        await requests.LogAsync(hotline, new RequestInput(RequestKinds.PublicOpinion, RequestUrgency.Normal,
            "宝安区松岗街道红星社区", Hongxing, null, "业主群反映红星花园核酸采样点排队过长、无遮阳，有居民拍视频转发"), ct);
        var care = long.Parse((await requests.LogAsync(hotline, new RequestInput(RequestKinds.ElderlyCare, RequestUrgency.Urgent,
            $"宝安区松岗街道{other.Name}3单元301", null, "0755-27712345", "82岁老人行动不便，子女被隔离，需要上门照护和送餐", other.Id.ToString()), ct)).Id);
        await requests.AcceptAsync(street, care, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            await db.ResidentRequests.Where(r => r.Id == late).ExecuteUpdateAsync(u => u.SetProperty(r => r.LoggedAt, now.AddHours(-50))
                .SetProperty(r => r.DueBy, now.AddHours(-2)), ct);
        // The scheduler runs the sweep every minute; run once here so the demo opens with the late task already raised.
        await sweep.RunAsync(ct);
    }
}
