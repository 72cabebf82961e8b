using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record GridInput(
    [Required, Description("The community's 12 digits and 3 of the grid's own (440306005002001).")] string? Code,
    [Required] string? Name,
    [Description("The community's 12-digit code; when given it must be the grid code's first 12 digits.")] string? CommunityCode);

public sealed record GridBuildingsRequest([Required, Description("Every building of the grid (ids from /registry/buildings); buildings left out leave the grid.")] long[]? BuildingIds);

/// <summary>A grid with its buildings and the household check of its residents.</summary>
public sealed record GridView(string Code, string Name, string CommunityCode, string? CommunityName, int Buildings, Progress Verification);

/// <summary>
/// Grids (网格): a community divided into sets of buildings of a few hundred households, each walked, called and
/// reported by its grid worker (网格员). A grid is a jurisdiction under its community (level grid, 15-digit code);
/// a building belongs to at most one grid (<see cref="Building.GridCode"/>). A user whose jurisdiction is a grid sees
/// its buildings and their residents (<see cref="InGrid"/>), the rest of the community not.
/// </summary>
public sealed class Grids(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit)
{
    public const int MaxName = 64;
    /// <summary>A grid is a few hundred households: a few dozen buildings. A list past this is a mistake, not a grid.</summary>
    public const int MaxBuildings = 1000;

    /// <summary>
    /// Persons of the scope's grid, when it is one: residents of the grid's buildings, read as
    /// <c>building_id IN (SELECT id FROM buildings WHERE grid_code = …)</c> through both tables' indexes.
    /// </summary>
    public static IQueryable<Person> InGrid(IQueryable<Person> persons, FrontlineDb db, JurisdictionScope scope)
    {
        if (scope.Grid is not { } grid) return persons;
        var buildings = db.Buildings.Where(b => b.GridCode == grid).Select(b => b.Id);
        return persons.Where(p => buildings.Contains(p.BuildingId));
    }

    /// <summary>The grids under a jurisdiction (a grid worker: their own), each with its buildings and check progress.</summary>
    public async Task<IReadOnlyList<GridView>> ListAsync(Caller caller, string? jurisdiction, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) throw new NotFoundException("community");
        // By street or community: a district's grids counted at once would read every resident of the district.
        if (scope.Prefix.Length < 9) throw new DomainException("grid-scope-too-wide", field: "jurisdiction");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var grids = db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.Grid).InScope(scope, nameof(Jurisdiction.ParentCode));
        if (scope.Grid is { } own) grids = grids.Where(j => j.Code == own);
        var list = await grids.OrderBy(j => j.Code).ToListAsync(ct);
        if (list.Count == 0) return [];
        var codes = list.Select(g => g.Code).ToList();
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.GridCode != null && codes.Contains(b.GridCode))
            .GroupBy(b => b.GridCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        // Residents of the scope's communities through their buildings, counted by grid and check state: one pass over
        // the scope's persons (the community range of the persons index), the buildings joined by their key.
        var states = await InGrid(db.Persons.AsNoTracking().InScope(scope), db, scope)
            .Join(db.Buildings.Where(b => b.GridCode != null), p => p.BuildingId, b => b.Id, (p, b) => new { b.GridCode, p.Verification })
            .GroupBy(x => new { x.GridCode, x.Verification }).Select(g => new { g.Key.GridCode, g.Key.Verification, Count = g.Count() })
            .ToListAsync(ct);
        var names = new Dictionary<string, string>();
        await directory.AddNamesAsync(names, list.Select(g => g.ParentCode!), ct);
        return list.Select(g =>
        {
            var mine = states.Where(s => s.GridCode == g.Code).ToDictionary(s => s.Verification, s => s.Count);
            return new GridView(g.Code, g.Name, g.ParentCode!, names.GetValueOrDefault(g.ParentCode!), buildings.GetValueOrDefault(g.Code),
                HouseholdVerification.ProgressOf(mine));
        }).ToList();
    }

    /// <summary>One grid in the caller's scope (a grid worker: only their own), or not found.</summary>
    public async Task<Jurisdiction> GetAsync(Caller caller, string code, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var grid = JurisdictionScope.IsGridCode(code)
            ? await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Code == code && j.Level == JurisdictionLevel.Grid, ct)
            : null;
        if (grid is null || !caller.Scope.Contains(grid.ParentCode, grid.Code)) throw new NotFoundException("grid");
        return grid;
    }

    /// <summary>Grids are drawn by the community (or above): a grid worker works their grid and does not redraw it.</summary>
    static void RequireCommunityScope(Caller caller)
    {
        if (caller.Scope.Grid is not null) throw new DomainException("grid-worker-not-allowed", StatusCodes.Status403Forbidden);
    }

    public async Task<string> CreateAsync(Caller caller, GridInput input, CancellationToken ct = default)
    {
        RequireCommunityScope(caller);
        var errors = new List<FieldError>();
        var code = input.Code?.Trim();
        var name = FieldError.Required(errors, "name", input.Name, MaxName);
        Jurisdiction? community = null;
        if (string.IsNullOrEmpty(code)) errors.Add(new("code", "missing-field", "code"));
        else if (!JurisdictionScope.IsGridCode(code)) errors.Add(new("code", "invalid-grid-code", code));
        else if (input.CommunityCode is { Length: > 0 } given && given.Trim() != code[..12])
            errors.Add(new("communityCode", "grid-community-mismatch", code[..12]));
        else if ((community = await directory.GetAsync(code[..12], ct)) is not { Level: JurisdictionLevel.Community })
            errors.Add(new("code", "unknown-community", code[..12]));
        else if (!caller.Scope.Contains(community.Code)) errors.Add(new("code", "out-of-scope"));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Jurisdictions.AnyAsync(j => j.Code == code, ct))
            throw new DomainException("duplicate-code", StatusCodes.Status409Conflict, "code", code!);
        db.Jurisdictions.Add(new Jurisdiction { Code = code!, Name = name!, Level = JurisdictionLevel.Grid, ParentCode = community!.Code });
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.GridCreate, $"grid:{code}", community.Code, detail: new { name }));
        await db.SaveChangesAsync(ct);
        return code!;
    }

    /// <summary>
    /// Makes the given buildings the grid's whole set: listed ones join it, others leave it. A building of another grid is
    /// refused (a building belongs to at most one grid: it leaves that one first), and so is one of another community.
    /// </summary>
    public async Task<GridView> AssignBuildingsAsync(Caller caller, string code, IReadOnlyCollection<long>? buildingIds, CancellationToken ct = default)
    {
        var grid = await SetBuildingsAsync(caller, code, buildingIds, ct);
        return (await ListAsync(caller, grid.Code, ct)).Single();
    }

    /// <summary>What <see cref="AssignBuildingsAsync"/> writes, without reading the grid's progress back.</summary>
    public async Task<Jurisdiction> SetBuildingsAsync(Caller caller, string code, IReadOnlyCollection<long>? buildingIds, CancellationToken ct = default)
    {
        RequireCommunityScope(caller);
        var grid = await GetAsync(caller, code, ct);
        if (buildingIds is null) throw new DomainException("missing-field", field: "buildingIds", args: "buildingIds");
        var ids = buildingIds.Distinct().ToList();
        if (ids.Count > MaxBuildings) throw new DomainException("too-many-buildings", field: "buildingIds", args: MaxBuildings);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await db.Buildings.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var errors = new List<FieldError>();
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var b) || b.CommunityCode != grid.ParentCode) errors.Add(new("buildingIds", "no-such-building", id.ToString()));
            else if (b.GridCode is { } other && other != grid.Code) errors.Add(new("buildingIds", "building-in-other-grid", b.Name, other));
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var left = await db.Buildings.Where(b => b.GridCode == grid.Code && !ids.Contains(b.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.GridCode, (string?)null), ct);
        // Over the grid it was read without: a building another request put in another grid meanwhile stays there.
        var joined = await db.Buildings.Where(b => ids.Contains(b.Id) && b.GridCode == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.GridCode, grid.Code), ct);
        var before = ids.Count(id => found[id].GridCode == grid.Code);
        if (joined != ids.Count - before) throw new DomainException("grid-changed", StatusCodes.Status409Conflict, "buildingIds");
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.GridBuildings, $"grid:{grid.Code}", grid.ParentCode,
            detail: new { buildings = ids.Count, joined, left }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return grid;
    }
}
