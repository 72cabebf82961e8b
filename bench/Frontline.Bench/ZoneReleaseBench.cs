using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Frontline.Containment.Zones;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Frontline.Testing;

namespace Frontline.Bench;

sealed record ZoneReleaseOptions(int Residents, int Zones, bool Postgres, bool Keep)
{
    public static ZoneReleaseOptions? Parse(string[] args)
    {
        var (residents, zones, postgres, keep) = (4_500_000, 2_000, false, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--residents" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r > 0: residents = r; i++; break;
                case "--zones" when i + 1 < args.Length && int.TryParse(args[i + 1], out var z) && z > 0: zones = z; i++; break;
                case "--provider" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres": postgres = args[i + 1] == "postgres"; i++; break;
                case "--keep": keep = true; break;
                default: return null;
            }
        }
        return new(residents, zones, postgres, keep);
    }
}

/// <summary>
/// The zones part of the containment benchmark: a district of N residents, Z sealed zones each over one building holding a
/// case from the last week, and three district rounds over the week (every resident of a zoned building sampled, one in
/// fifty zones with a positive tube in the last round). Times the nightly evaluation of every active zone
/// (<see cref="Zones.EvaluateAllAsync"/>: facts read, rule applied, evaluation stored), beside a same-run baseline: counting
/// each zone's residents by building, one query per zone, the least any per-zone evaluation must do.
/// </summary>
sealed class ZoneReleaseBench(ZoneReleaseOptions options)
{
    const int Runs = 3;

    public Task<int> RunAsync() => RunOnSeededWeekAsync(options, "zones", MeasureAsync);

    /// <summary>
    /// The week the containment and command benches measure on: a fresh database (SQLite file or PostgreSQL database), the
    /// district of N residents seeded, Z zones with their cases and three rounds; then <paramref name="measure"/>.
    /// </summary>
    internal static async Task<int> RunOnSeededWeekAsync(ZoneReleaseOptions options, string name, Func<WebApplication, int, Task<int>> measure)
    {
        var root = Path.Combine(Path.GetTempPath(), $"frontline-bench-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var admin = options.Postgres ? Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES") : null;
        if (options.Postgres && string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine("--provider postgres needs FRONTLINE_TEST_POSTGRES");
            return 2;
        }
        await using var database = await BenchDatabase.CreateAsync(root, name, admin, Guid.NewGuid().ToString("N")[..8], options.Keep);
        try
        {
            await using var app = Frontline.Program.Build(["--applicationName=Frontline"], b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["FRONTLINE_DATA"] = database.Folder,
                    ["FRONTLINE_DEMO_RESIDENTS"] = "0",
                    ["Frontline:Demo"] = "false",
                    ["Frontline:Scheduler:Enabled"] = "false",
                    ["Database:Provider"] = database.Postgres ? "Postgres" : "Sqlite",
                    ["ConnectionStrings:Frontline"] = database.ConnectionString ?? "",
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
                });
                b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
            });
            await Frontline.Platform.Database.MigrateAsync(app.Services);
            var seed = Stopwatch.StartNew();
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: options.Residents);
            var (zones, samples) = await new ZoneReleaseBench(options).SeedZonesAsync(app.Services);
            Console.WriteLine($"{(database.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores; load average {LoadAverage()}");
            Console.WriteLine($"Seeded {options.Residents:N0} residents, {zones:N0} zones with their cases, 3 rounds ({samples:N0} samples) in {seed.Elapsed.TotalSeconds:0} s (not measured)");
            return await measure(app, zones);
        }
        finally
        {
            if (!options.Keep) try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    async Task<int> MeasureAsync(WebApplication app, int zones)
    {
        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        var evaluation = new List<double>();
        var baseline = new List<double>();
        var evaluated = 0;
        for (var i = 0; i <= Runs; i++)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var clock = Stopwatch.StartNew();
                evaluated = await scope.ServiceProvider.GetRequiredService<Zones>().EvaluateAllAsync();
                if (i > 0) evaluation.Add(clock.Elapsed.TotalMilliseconds);
            }
            var plain = Stopwatch.StartNew();
            await using (var db = await dbs.CreateDbContextAsync())
            {
                var targets = await db.ZoneTargets.AsNoTracking().Where(t => t.BuildingId != null).Select(t => t.BuildingId!.Value).ToListAsync();
                var sum = 0;
                foreach (var building in targets) sum += await db.Persons.CountAsync(p => p.BuildingId == building);
                if (sum == 0) throw new InvalidOperationException("no residents in the zones");
            }
            if (i > 0) baseline.Add(plain.Elapsed.TotalMilliseconds);
        }
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var eligible = await db.Zones.CountAsync(z => z.Missing == "" && z.EligibleOn != null);
            var blocked = await db.Zones.CountAsync(z => z.Missing != "");
            if (evaluated != zones || eligible + blocked != zones) throw new InvalidOperationException($"{evaluated} evaluated, {eligible} eligible + {blocked} waiting of {zones}");
            Console.WriteLine($"  {eligible:N0} zones dated, {blocked:N0} waiting on a condition (a positive tube in the last round, a case within 14 days)");
        }
        var median = evaluation.Order().ElementAt(evaluation.Count / 2);
        var baseMedian = baseline.Order().ElementAt(baseline.Count / 2);
        Console.WriteLine($"  release evaluation of {zones:N0} zones   median {median:N0} ms (min {evaluation.Min():N0}, max {evaluation.Max():N0})   aim < 2,000 ms");
        Console.WriteLine($"  baseline: count residents per zone   median {baseMedian:N0} ms   evaluation / baseline = {median / baseMedian:0.0}");
        return 0;
    }

    internal async Task<(int Zones, int Samples)> SeedZonesAsync(IServiceProvider services)
    {
        var dbs = services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        await using var db = await dbs.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var buildings = await db.Buildings.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Id, b.CommunityCode }).Take(options.Zones).ToListAsync();
        var ids = buildings.Select(b => b.Id).ToList();
        var residents = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.BuildingId)).Select(p => new { p.Id, p.BuildingId, p.CommunityCode }).ToListAsync();
        var byBuilding = residents.ToLookup(r => r.BuildingId);
        var now = DateTime.UtcNow;
        var number = 0;
        var zoneCount = 0;
        foreach (var b in buildings)
        {
            var person = byBuilding[b.Id].FirstOrDefault();
            if (person is null) continue;
            // Cases spread over the week before: the oldest zones are dated, the newest wait out their 14 days.
            var infected = now.AddDays(-7 - 14 * (zoneCount % 3) / 2.0);
            var @case = new Case
            {
                PersonId = person.Id, CommunityCode = person.CommunityCode, Classification = CaseClassification.Confirmed, DetectedBy = "report",
                SampledAt = infected, ReportedAt = infected, PositiveAt = infected, UpdatedAt = infected, Number = ++number, DistrictCode = "440306000000",
            };
            db.Add(@case);
            var zone = new Zone
            {
                Name = "基准封控区" + b.Id, Level = "sealed", PolicySet = PolicySets.DefaultName, CommunityCode = b.CommunityCode, Reason = "基准",
                Status = ZoneStatus.Active, CreatedAt = infected, CreatedBy = "bench", LevelSince = infected, BuildingCount = 1, ResidentCount = byBuilding[b.Id].Count(),
            };
            db.Add(zone);
            await db.SaveChangesAsync();
            db.Add(new ZoneTarget { ZoneId = zone.Id, BuildingId = b.Id });
            db.Add(new ZoneCase { ZoneId = zone.Id, CaseId = @case.Id });
            zoneCount++;
        }
        await db.SaveChangesAsync();

        var positiveBuildings = ids.Where((_, i) => i % 50 == 0).ToHashSet();
        var samples = 0;
        for (var r = 0; r < 3; r++)
        {
            var ends = now.AddDays(-6 + 2.5 * r);
            var round = new TestingRound { Name = $"基准全员核酸{r + 1}", ScopeCodes = "440306000000", StartsAt = ends.AddHours(-12), EndsAt = ends, PoolSize = 10, State = RoundState.Closed, CreatedBy = "bench", CreatedAt = ends.AddHours(-13) };
            var site = new SamplingSite { Code = $"BENCH-Z{r}", Name = "基准采样点", CommunityCode = buildings[0].CommunityCode, CreatedAt = ends };
            db.AddRange(round, site);
            await db.SaveChangesAsync();
            var tubes = new List<(Tube Tube, (long Id, string CommunityCode, long BuildingId)[] People)>();
            foreach (var group in residents.Chunk(10))
            {
                // One zone in fifty has a positive tube in the last round: not all negative.
                var positive = r == 2 && group.Any(p => positiveBuildings.Contains(p.BuildingId));
                var outcome = positive ? Outcome.Positive : Outcome.Negative;
                tubes.Add((new Tube { Code = $"BZ{r}-{tubes.Count}", RoundId = round.Id, SiteId = site.Id, CommunityCode = group[0].CommunityCode, PoolSize = 10, Count = group.Length, FirstScanAt = ends.AddHours(-6), Outcome = outcome, ResultAt = ends.AddHours(-2) },
                    group.Select(p => (p.Id, p.CommunityCode, p.BuildingId)).ToArray()));
            }
            foreach (var chunk in tubes.Chunk(2_000))
            {
                db.AddRange(chunk.Select(t => t.Tube));
                await db.SaveChangesAsync();
                foreach (var (tube, people) in chunk)
                    foreach (var (person, community, building) in people)
                    {
                        db.Add(new Sample { EventId = $"bz{r}-{person}", RoundId = round.Id, TubeId = tube.Id, PersonId = person, CommunityCode = community, BuildingId = building, SiteId = site.Id, CollectedAt = ends.AddHours(-6), ReceivedAt = ends.AddHours(-6), Outcome = tube.Outcome });
                        samples++;
                    }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
            // Written around the ingest: the round's per-building counts as the scans and results would have kept them.
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
            await RoundBuildingCounts.RecountAsync(connection, null, round.Id, CancellationToken.None);
        }
        return (zoneCount, samples);
    }

    internal static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
