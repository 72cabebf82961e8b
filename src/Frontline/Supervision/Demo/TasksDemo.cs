using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Supervision.Demo;

/// <summary>
/// A few tasks raised by hand in 松岗 over the last days, at every rung of the ladder: one just raised, one of 红星社区 a
/// little overdue (level 1, accepted by its worker), one overdue long enough to sit in the street command's inbox
/// (level 2, with a comment), a street-level one long overdue (level 3, the district's), one handed to the transfer task
/// force. Made through the service as the people who would have raised them; after every module's demo (the transfers
/// demo's late transfer raises its task too), one run of the escalation job records all their steps.
/// </summary>
public sealed class TasksDemo(IDbContextFactory<FrontlineDb> dbs, SupervisedTasks tasks, EscalationLadder ladder, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<TasksDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000", Hongxing = "440306005002", Neighbour = "440306005003";
    const string Marker = "【演示】";

    public int Order => 900;

    async Task<Caller?> As(string name) => await users.FindByNameAsync(name) is { } user ? Caller.From(await principals.CreateAsync(user), "127.0.0.1") : null;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await As("community-worker") is not { } worker || await As("street-commander") is not { } street) return;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            if (await db.Set<SupervisedTask>().AnyAsync(t => t.Title.StartsWith(Marker), ct)) return;
        var now = clock.GetUtcNow().UtcDateTime;

        async Task<long?> Raise(Caller by, string title, string kind, string jurisdiction, double hoursAgo, double givenHours, string? team = null)
        {
            var raisedAt = now.AddHours(-hoursAgo);
            try
            {
                return await tasks.CreateAsync(by, new TaskInput(Marker + title, kind, jurisdiction,
                    new DateTimeOffset(raisedAt.AddHours(givenHours), TimeSpan.Zero), team), raisedAt, ct);
            }
            catch (DomainException e)
            {
                log.LogInformation("Demo task {Title} skipped: {Code}", title, e.Code);
                return null;
            }
        }

        // On time: due tomorrow evening.
        await Raise(worker, "红星社区3栋楼道消杀并张贴消杀记录", TaskKinds.Manual, Hongxing, 1, 30);
        // Level 1: given 4 hours, 1 hour late; the worker took it.
        if (await Raise(worker, "红星社区独居老人配药需求摸排回报", TaskKinds.Manual, Hongxing, 5, 4) is { } l1)
            await tasks.AcceptAsync(worker, l1, ct);
        // Level 2: given 3 hours, 4 hours late — in the street command's inbox.
        if (await Raise(street, "红星社区农贸市场入口扫码测温整改", TaskKinds.Rectification, Hongxing, 7, 3) is { } l2)
            await tasks.CommentAsync(worker, l2, new TaskCommentInput("已通知市场管理方增派两名扫码员，明早复查"), ct);
        // Level 2 in the neighbouring community, handed to the transfer task force.
        if (await Raise(street, "东方社区集中隔离人员转运车辆协调", TaskKinds.Manual, Neighbour, 9, 4) is { } handed)
            await tasks.HandOverAsync(street, handed, new TaskHandOverInput("transfer", "需转运专班统一调派车辆"), ct);
        // Level 3: a street's own task, given 2 hours, 8 hours late — up to the district command.
        await Raise(street, "松岗街道核酸采样点夜间值守排班上报", TaskKinds.Manual, Songgang, 10, 2);

        var steps = await ladder.ClimbDueAsync(clock.GetUtcNow().UtcDateTime, ct);
        log.LogDebug("Demo tasks: escalation recorded {Steps} steps", steps);
    }
}
