using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Testing;

namespace Frontline.Containment.Zones;

/// <summary>
/// Testing's question "which zone level is this person in?" for a tube's pool size, answered from a snapshot of the
/// active zones' targets (a few thousand rows at most) that every scan batch shares; a zone designated on another
/// server counts here within the snapshot's age.
/// </summary>
public sealed class ZoneLevels : IZoneLevels
{
    readonly CachedSnapshot<ZoneLevelMap> snapshot;

    public ZoneLevels(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, TimeProvider clock) =>
        snapshot = new(ct => LoadAsync(dbs, policies, ct), clock, TimeSpan.FromSeconds(30));

    public Task<ZoneLevelMap> CurrentAsync(CancellationToken ct) => snapshot.GetAsync(ct);

    public void Invalidate() => snapshot.Invalidate();

    static async Task<ZoneLevelMap> LoadAsync(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await (from t in db.ZoneTargets
                          join z in db.Zones on t.ZoneId equals z.Id
                          where z.Status == ZoneStatus.Active
                          select new { t.BuildingId, t.JurisdictionCode, z.Level, z.PolicySet }).ToListAsync(ct);
        int Rank(string level, string set) => ZoneRules.Levels(policies.Find(set) ?? policies.Active) is var levels && levels.Contains(level) ? levels.ToList().IndexOf(level) : int.MaxValue;
        var byBuilding = rows.Where(r => r.BuildingId is not null).GroupBy(r => r.BuildingId!.Value)
            .ToDictionary(g => g.Key, g => g.MinBy(r => Rank(r.Level, r.PolicySet))!.Level);
        var byJurisdiction = rows.Where(r => r.JurisdictionCode is not null).GroupBy(r => r.JurisdictionCode!)
            .ToDictionary(g => g.Key, g => g.MinBy(r => Rank(r.Level, r.PolicySet))!.Level, StringComparer.Ordinal);
        return new(byBuilding, byJurisdiction);
    }
}
