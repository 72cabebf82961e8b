using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry.Demo;

public sealed record DemoUser(string UserName, string DisplayName, string Role, string JurisdictionCode);

/// <summary>Seeds the demo district: its divisions, its users (one per role) and its residents.</summary>
public sealed class DemoSeed(
    IDbContextFactory<FrontlineDb> dbs, UserManager<AppUser> users, RoleManager<IdentityRole> roles,
    JurisdictionDirectory directory, PersonRegistration registration, AuditLog audit, TimeProvider clock, IConfiguration config, ILogger<DemoSeed> log,
    RoleTable roleTable, Grids grids)
{
    public const string DefaultPassword = "Frontline2022";
    public const int DefaultResidents = 20_000;
    public const string District = "440306000000";
    const string Songgang = "440306005000", Hongxing = "440306005002", Haiyu = "440306001001";
    /// <summary>The grid the demo's grid worker walks; the seed draws it with the rest of 红星社区's grids.</summary>
    public const string HongxingFirstGrid = "440306005002001";
    /// <summary>Households a grid holds in the field (a few hundred, walked by one grid worker).</summary>
    public const int HouseholdsPerGrid = 300;

    public static readonly DemoUser[] Users =
    [
        new("admin", "系统管理员", Roles.Administrator, District),
        new("commander", "区指挥部值班长", Roles.DistrictCommander, District),
        new("street-commander", "松岗街道指挥部", Roles.StreetCommander, Songgang),
        new("community-worker", "红星社区网格员", Roles.CommunityWorker, Hongxing),
        new("sampler", "红星社区采样员", Roles.Sampler, Hongxing),
        new("lab", "松岗检测实验室", Roles.Lab, Songgang),
        new("investigator", "松岗流调组", Roles.Investigator, Songgang),
        new("dispatcher", "松岗转运调度", Roles.Dispatcher, Songgang),
        new("facility-staff", "松岗隔离酒店", Roles.FacilityStaff, Songgang),
        new("auditor", "松岗街道审计员", Roles.Auditor, Songgang),
        new("worker-haiyu", "海裕社区网格员", Roles.CommunityWorker, Haiyu),
        new("grid-worker", "红星社区第一网格网格员", Roles.CommunityWorker, HongxingFirstGrid),
        new("inspector", "松岗街道督导组", Roles.Inspector, Songgang),
        new("hotline", "区民生诉求热线", Roles.HotlineOperator, District),
    ];

    public string Password => config["FRONTLINE_DEMO_PASSWORD"] is { Length: > 0 } p ? p : DefaultPassword;

    public int ResidentCount =>
        int.TryParse(config["FRONTLINE_DEMO_RESIDENTS"], out var n) && n >= 0 ? n : DefaultResidents;

    /// <summary>Seeds an empty database; a database that has jurisdictions already is left as it is.</summary>
    public async Task<bool> SeedIfEmptyAsync(int? residents = null, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
            if (await db.Jurisdictions.AnyAsync(ct)) return false;
        await SeedDivisionsAsync(ct);
        await SeedUsersAsync(ct);
        await SeedResidentsAsync(residents ?? ResidentCount, progress, ct);
        await SeedGridsAsync(ct);
        return true;
    }

    /// <summary>
    /// Divides every community into grids of whole buildings, in building order, about <see cref="HouseholdsPerGrid"/>
    /// households each (a household: a building's room). A community smaller than three grids' worth (the small demo
    /// districts) is cut in three all the same, so that its grids and grid worker show. Drawn through <see cref="Grids"/>.
    /// </summary>
    public async Task SeedGridsAsync(CancellationToken ct = default)
    {
        var seeder = new Caller("system", new JurisdictionScope(District), new System.Security.Claims.ClaimsPrincipal());
        foreach (var community in await directory.CommunitiesAsync(new JurisdictionScope(District), ct))
        {
            List<(long Id, string Name, int Households)> buildings;
            await using (var db = await dbs.CreateDbContextAsync(ct))
            {
                var households = await db.Persons.AsNoTracking().Where(p => p.CommunityCode == community.Code)
                    .GroupBy(p => p.BuildingId).Select(g => new { g.Key, Households = g.Select(p => p.Room).Distinct().Count() })
                    .ToDictionaryAsync(x => x.Key, x => x.Households, ct);
                buildings = (await db.Buildings.AsNoTracking().Where(b => b.CommunityCode == community.Code).ToListAsync(ct))
                    .OrderBy(b => b.Name.Length).ThenBy(b => b.Name, StringComparer.Ordinal)
                    .Select(b => (b.Id, b.Name, households.GetValueOrDefault(b.Id))).ToList();
            }
            var total = buildings.Sum(b => b.Households);
            if (total == 0) continue;
            var perGrid = total >= 3 * HouseholdsPerGrid ? HouseholdsPerGrid : (total + 2) / 3;
            var number = 0;
            var current = new List<long>();
            var filled = 0;
            async Task DrawAsync()
            {
                var code = community.Code + (++number).ToString("000");
                await grids.CreateAsync(seeder, new GridInput(code, $"{community.Name}第{number}网格", community.Code), ct);
                await grids.SetBuildingsAsync(seeder, code, current, ct);
                current = [];
                filled = 0;
            }
            foreach (var b in buildings)
            {
                current.Add(b.Id);
                filled += b.Households;
                if (filled >= perGrid && number < 998) await DrawAsync();
            }
            if (current.Count > 0) await DrawAsync();
        }
    }

    async Task SeedDivisionsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Jurisdictions.AddRange(JurisdictionDirectory.DemoDivisions());
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
    }

    public async Task SeedUsersAsync(CancellationToken ct = default)
    {
        foreach (var role in roleTable.Roles)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
        foreach (var u in Users)
        {
            if (await users.FindByNameAsync(u.UserName) is not null) continue;
            var user = new AppUser { UserName = u.UserName, DisplayName = u.DisplayName, JurisdictionCode = u.JurisdictionCode };
            Check(await users.CreateAsync(user, Password), u.UserName);
            Check(await users.AddToRoleAsync(user, u.Role), u.UserName);
        }
    }

    static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo user {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>Streams the synthetic residents in with the import's writer (populations counted), committing every 100,000.</summary>
    public async Task SeedResidentsAsync(int count, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var communities = await directory.CommunitiesAsync(new JurisdictionScope(District), ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var started = clock.GetUtcNow();
        await using (var writer = registration.Writer(connection, started.UtcDateTime))
        {
            await writer.BeginAsync(ct);
            long done = 0;
            foreach (var person in new DemoPopulation(count).Generate(communities))
            {
                await writer.InsertAsync(person, await writer.BuildingIdAsync(person.CommunityCode, person.Building, ct), ct);
                if (++done % 100_000 == 0)
                {
                    await writer.CommitAsync(ct);
                    await writer.BeginAsync(ct);
                    progress?.Report((done, count));
                }
            }
            await writer.CommitAsync(ct);
            progress?.Report((done, count));
        }
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE buildings SET floors = COALESCE((SELECT MAX(p.floor) FROM persons p WHERE p.building_id = buildings.id), 0)
            """, ct);
        await Database.RefreshStatisticsAsync(db, full: true, ct);
        db.Audit.Add(audit.Entry(Caller.System, AuditActions.Seed, "demo-district", District, detail: new { residents = count }));
        await db.SaveChangesAsync(ct);
        log.LogInformation("Seeded {Count} demo residents in {Seconds:0.0} s", count, (clock.GetUtcNow() - started).TotalSeconds);
    }
}
