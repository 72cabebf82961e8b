using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;

namespace Frontline.Bench;

sealed record OccupancyOptions(int Facilities, int Rooms, bool Postgres, bool Keep)
{
    public static OccupancyOptions? Parse(string[] args)
    {
        var (facilities, rooms, postgres, keep) = (100, 20_000, false, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--facilities" when i + 1 < args.Length && int.TryParse(args[i + 1], out var f) && f > 0: facilities = f; i++; break;
                case "--rooms" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r > 0: rooms = r; i++; break;
                case "--provider" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres": postgres = args[++i] == "postgres"; break;
                case "--keep": keep = true; break;
                default: return null;
            }
        }
        return new(facilities, rooms, postgres, keep);
    }
}

/// <summary>
/// The containment occupancy benchmark: F facilities with R rooms in all (70 % occupied by a guest's active stay, 10 % to
/// clean, 5 % out of service, a fever alert in one room of fifty) in a fresh database; the capacity of every facility and
/// the total across them (<see cref="Facilities.ListAsync"/>, what the facilities page and GET /api/facilities answer)
/// and one facility's room grid (<see cref="Facilities.OccupancyAsync"/>), beside a plain count of the rooms by state in
/// the same run.
/// </summary>
sealed class OccupancyBench(OccupancyOptions options)
{
    const int Runs = 21;
    const string Hongxing = "440306005002";

    public async Task<int> RunAsync()
    {
        var adminConnection = options.Postgres ? Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES") : null;
        if (options.Postgres && string.IsNullOrEmpty(adminConnection))
        {
            Console.Error.WriteLine("--provider postgres needs FRONTLINE_TEST_POSTGRES (a connection string to a server where a database may be created)");
            return 2;
        }
        var root = Path.Combine(Path.GetTempPath(), "frontline-bench-occupancy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            await using var database = await BenchDatabase.CreateAsync(root, "occupancy", adminConnection, Guid.NewGuid().ToString("N")[..8], options.Keep);
            return await RunOnAsync(database);
        }
        finally
        {
            if (!options.Keep) try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    async Task<int> RunOnAsync(BenchDatabase database)
    {
        await using var app = Frontline.Program.Build(["--applicationName=Frontline"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FRONTLINE_DATA"] = database.Folder,
                ["FRONTLINE_DEMO_RESIDENTS"] = "0",
                ["Frontline:Demo"] = "false",
                ["Database:Provider"] = database.Postgres ? "Postgres" : "Sqlite",
                ["ConnectionStrings:Frontline"] = database.ConnectionString ?? "",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            });
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
        await Database.MigrateAsync(app.Services);
        var seed = Stopwatch.StartNew();
        var guests = options.Rooms * 7 / 10;
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: guests);
        var firstFacility = await SeedAsync(app, guests);
        Console.WriteLine($"{(database.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores; load {LoadAverage()}");
        Console.WriteLine($"Seeded {options.Facilities:N0} facilities with {options.Rooms:N0} rooms and {guests:N0} active stays in {seed.Elapsed.TotalSeconds:0.0} s (not measured)");

        Caller admin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin") ?? throw new InvalidOperationException("no admin");
            admin = Caller.From(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user));
        }
        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();

        FacilityList list = null!;
        var capacity = await TimeAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            list = await scope.ServiceProvider.GetRequiredService<Facilities>().ListAsync(admin, new PageRequest(1, Math.Min(options.Facilities, PageRequest.MaxPageSize)));
        });
        if (list.Total.Rooms != options.Rooms || list.Total.Occupied != guests)
            throw new InvalidOperationException($"the total counts {list.Total.Rooms} rooms and {list.Total.Occupied} occupied");
        Occupancy grid = null!;
        var oneGrid = await TimeAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            grid = await scope.ServiceProvider.GetRequiredService<Facilities>().OccupancyAsync(admin, firstFacility);
        });
        var baseline = await TimeAsync(async () =>
        {
            await using var db = await dbs.CreateDbContextAsync();
            _ = await db.Rooms.GroupBy(r => r.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        });

        Console.WriteLine();
        Console.WriteLine($"Occupancy of {options.Facilities:N0} facilities, {options.Rooms:N0} rooms (total {list.Total.OccupancyPercent} % occupied)");
        Console.WriteLine($"  capacity of every facility + total   median {Median(capacity):0.0} ms  (min {capacity.Min():0.0}, max {capacity.Max():0.0})   aim < 100 ms");
        Console.WriteLine($"  one facility's room grid ({grid.Capacity.Rooms} rooms, {grid.Alerts.Count} alerts)   median {Median(oneGrid):0.0} ms");
        Console.WriteLine($"  baseline: rooms counted by state     median {Median(baseline):0.0} ms   capacity / baseline = {Median(capacity) / Median(baseline):0.0}");
        return 0;
    }

    /// <summary>Facilities in 红星社区, rooms on floors of twenty, a guest's active stay in 70 % of them, straight into the tables.</summary>
    async Task<long> SeedAsync(WebApplication app, int guests)
    {
        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        var now = DateTime.UtcNow;
        List<long> people;
        await using (var db = await dbs.CreateDbContextAsync())
            people = await db.Persons.OrderBy(p => p.Id).Select(p => p.Id).Take(guests).ToListAsync();
        if (people.Count < guests) throw new InvalidOperationException($"only {people.Count} residents for {guests} guests");
        var perFacility = options.Rooms / options.Facilities;
        long first = 0;
        var guest = 0;
        for (var f = 0; f < options.Facilities; f++)
        {
            await using var db = await dbs.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var facility = new Facility { Name = $"隔离酒店{f + 1:000}", Address = "宝安区松岗街道", CommunityCode = Hongxing, CreatedAt = now };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            if (f == 0) first = facility.Id;
            var count = f == options.Facilities - 1 ? options.Rooms - perFacility * (options.Facilities - 1) : perFacility;
            var rooms = Enumerable.Range(0, count).Select(i => new Room
            {
                FacilityId = facility.Id, Number = $"{2 + i / 20}{i % 20 + 1:00}", Floor = 2 + i / 20, UpdatedAt = now,
                State = (i % 20) switch { < 14 => RoomState.Occupied, < 16 => RoomState.Cleaning, 16 => RoomState.OutOfService, _ => RoomState.Free },
            }).ToList();
            db.Rooms.AddRange(rooms);
            await db.SaveChangesAsync();
            var stays = new List<Stay>();
            foreach (var room in rooms.Where(r => r.State == RoomState.Occupied && guest < guests))
            {
                var exposure = now.AddDays(-(guest % 14) - 1);
                stays.Add(new Stay
                {
                    PersonId = people[guest++], Kind = StayKind.Centralised, Status = StayStatus.Active, FacilityId = facility.Id, RoomId = room.Id,
                    JurisdictionCode = Hongxing, PersonCommunityCode = Hongxing, Reason = "密接", LastExposureAt = exposure, PolicySet = PolicySets.DefaultName,
                    StartsOn = DateOnly.FromDateTime(exposure).AddDays(1), EndsOn = DateOnly.FromDateTime(exposure).AddDays(14), CheckedInAt = now,
                    CheckedInBy = "bench", UpdatedAt = now,
                });
            }
            db.Stays.AddRange(stays);
            await db.SaveChangesAsync();
            db.HealthChecks.AddRange(stays.Where((_, i) => i % 50 == 0).Select(s => new HealthCheck
            {
                StayId = s.Id, At = now.AddHours(-1), Temperature = 37.9, Source = HealthCheckSource.Staff, RecordedBy = "bench", Alert = true,
            }));
            await db.SaveChangesAsync();
        }
        if (guest != guests) throw new InvalidOperationException($"{guest} guests seated of {guests}: the rooms' shares do not add up");
        return first;
    }

    static async Task<List<double>> TimeAsync(Func<Task> call)
    {
        await call();
        var times = new List<double>(Runs);
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }
}
