using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Containment.Zones;

/// <summary>
/// The zones a newcomer finds around the demo district's cases in 松岗街道: the first case's building sealed (封控区, linked to
/// the case), the case's community controlled (管控区), and a pending proposal for another case's building for the commander
/// to accept or reject. Through the module's service, as the commander would.
/// </summary>
public sealed class ZonesDemo(IDbContextFactory<FrontlineDb> dbs, Zones zones, PolicySets policies, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, ILogger<ZonesDemo> log) : IDemoActivity
{
    public int Order => 500;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Zones.AnyAsync(ct)) return;
        var cases = await (from c in db.Cases.AsNoTracking()
                           join p in db.Persons on c.PersonId equals p.Id
                           orderby c.Id
                           select new { c.Id, c.PersonId, p.BuildingId, p.CommunityCode }).Take(10).ToListAsync(ct);
        if (cases.Count < 2) return;
        var commander = await CallerAsync("commander");
        var levels = ZoneRules.Levels(policies.Active);
        var first = cases[0];
        await zones.DesignateAsync(commander, new ZoneInput(levels[0], [first.BuildingId.ToString()], null,
            Ui.T("病例居住楼栋，实行封控管理，足不出户、上门服务", "The case's building: stay at home, services at the door"), [first.Id.ToString()]), ct);
        await zones.DesignateAsync(commander, new ZoneInput(levels[1], null, [first.CommunityCode],
            Ui.T("封控楼栋所在社区，人不出区、严禁聚集", "The sealed building's community: stay in the area, no gatherings"), [first.Id.ToString()]), ct);
        var other = cases.Skip(1).FirstOrDefault(c => c.BuildingId != first.BuildingId);
        if (other is not null) await zones.ProposeForCaseAsync(other.PersonId, ct);
        log.LogInformation("Demo zones designated around case {CaseId}", first.Id);
    }

    async Task<Caller> CallerAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"Demo user {userName} is missing");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return Caller.From(principal, "127.0.0.1");
    }
}
