using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record BuildingSummary(string Id, string Name, string CommunityCode, int Residents, int Checked, string? GridCode = null);

public sealed record Progress(int Total, int Checked, int Present, int MovedOut, int Absent)
{
    public double Percent => Total == 0 ? 0 : Math.Round(100.0 * Checked / Total, 1);
}

public sealed record RoomView(string Room, IReadOnlyList<PersonView> Residents);
public sealed record FloorView(int? Floor, IReadOnlyList<RoomView> Rooms);
public sealed record BuildingWalk(BuildingSummary Building, IReadOnlyList<FloorView> Floors, Progress BuildingProgress, Progress CommunityProgress,
    [System.ComponentModel.Description("Each resident's status by person id: latest sample and result, control, re-test due, untested open round.")]
    IReadOnlyDictionary<string, PersonStatus> Statuses);

/// <summary>
/// 逐楼逐户排查: a community worker walks a building floor by floor and room by room and records for each
/// resident whether they are present, moved out or absent; progress is counted per building and community.
/// </summary>
public sealed class HouseholdVerification(IDbContextFactory<FrontlineDb> dbs, Persons persons, PersonStatuses statuses)
{
    public async Task<IReadOnlyList<BuildingSummary>> BuildingsAsync(Caller caller, string communityCode, CancellationToken ct = default)
    {
        if (!caller.Scope.Contains(communityCode)) throw new NotFoundException("community");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var counts = await Grids.InGrid(db.Persons.AsNoTracking().Where(p => p.CommunityCode == communityCode), db, caller.Scope)
            .GroupBy(p => p.BuildingId)
            .Select(g => new { g.Key, Total = g.Count(), Checked = g.Count(p => p.Verification != VerificationStatus.Unverified) })
            .ToDictionaryAsync(x => x.Key, ct);
        var inCommunity = db.Buildings.AsNoTracking().Where(b => b.CommunityCode == communityCode);
        // A grid worker walks their grid's buildings, not the community's.
        if (caller.Scope.Grid is { } grid) inCommunity = inCommunity.Where(b => b.GridCode == grid);
        var buildings = await inCommunity.ToListAsync(ct);
        return buildings
            .Select(b => new BuildingSummary(b.Id.ToString(), b.Name, b.CommunityCode,
                counts.TryGetValue(b.Id, out var c) ? c.Total : 0, counts.TryGetValue(b.Id, out var d) ? d.Checked : 0, b.GridCode))
            .OrderBy(b => b.Name, NaturalOrder.Instance).ToList();
    }

    public async Task<BuildingWalk> WalkAsync(Caller caller, long buildingId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var building = await db.Buildings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == buildingId, ct);
        if (building is null || !caller.Scope.Contains(building.CommunityCode, building.GridCode)) throw new NotFoundException("building");
        var views = await persons.InBuildingAsync(buildingId, building.Name, ct);
        var floors = views.GroupBy(v => v.Floor).OrderByDescending(g => g.Key ?? -1)
            .Select(f => new FloorView(f.Key, f.GroupBy(v => v.Room ?? "").OrderBy(r => r.Key, NaturalOrder.Instance)
                .Select(r => new RoomView(r.Key, r.OrderBy(p => long.Parse(p.Id)).ToList())).ToList()))
            .ToList();
        var summary = new BuildingSummary(building.Id.ToString(), building.Name, building.CommunityCode, views.Count,
            views.Count(v => v.Verification != "unverified"));
        // The whole building's statuses in one read per source: a resident under control must show at the door.
        var status = await statuses.OfManyAsync(views.Select(v => long.Parse(v.Id)).ToList(), ct);
        return new BuildingWalk(summary, floors, ProgressOf(views.Select(v => v.Verification)),
            await CommunityProgressAsync(db, building.CommunityCode, caller.Scope, ct), status.ToDictionary(s => s.Key.ToString(), s => s.Value));
    }

    /// <summary>Counts by check state as a progress line.</summary>
    internal static Progress ProgressOf(IReadOnlyDictionary<VerificationStatus, int> byState)
    {
        int Of(VerificationStatus s) => byState.GetValueOrDefault(s);
        var total = byState.Values.Sum();
        return new Progress(total, total - Of(VerificationStatus.Unverified), Of(VerificationStatus.Present),
            Of(VerificationStatus.MovedOut), Of(VerificationStatus.Absent));
    }

    static Progress ProgressOf(IEnumerable<string> states)
    {
        var list = states.ToList();
        return new Progress(list.Count, list.Count(s => s != "unverified"), list.Count(s => s == "present"),
            list.Count(s => s == "moved-out"), list.Count(s => s == "absent"));
    }

    public async Task<Progress> CommunityProgressAsync(Caller caller, string communityCode, CancellationToken ct = default)
    {
        if (!caller.Scope.Contains(communityCode)) throw new NotFoundException("community");
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await CommunityProgressAsync(db, communityCode, caller.Scope, ct);
    }

    /// <summary>The community's progress; a grid worker's is their grid's (the part of the community they walk).</summary>
    static async Task<Progress> CommunityProgressAsync(FrontlineDb db, string communityCode, JurisdictionScope scope, CancellationToken ct)
    {
        var byState = await Grids.InGrid(db.Persons.AsNoTracking().Where(p => p.CommunityCode == communityCode), db, scope)
            .GroupBy(p => p.Verification).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return ProgressOf(byState);
    }
}
