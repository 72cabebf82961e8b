using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;

namespace Frontline;

/// <summary>The command-line verbs beside `serve`: seed, import, user.</summary>
static class Cli
{
    public static int Usage(string verb)
    {
        Console.Error.WriteLine($"""
            Unknown command '{verb}'. Usage:
              Frontline [serve] [--urls http://127.0.0.1:5080]     start the server (the default)
              Frontline seed --residents 4500000 [--reset]        seed the demo district (empty database, or --reset)
              Frontline import FILE --user NAME [--mode all-or-nothing|valid-rows]
                                                                  import a roster as that user
              Frontline user add NAME --role ROLE --jurisdiction CODE --password PASSWORD
            """);
        return 2;
    }

    static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    public static void PrintWelcome(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        using var scope = app.Services.CreateScope();
        var seed = scope.ServiceProvider.GetRequiredService<DemoSeed>();
        Console.WriteLine();
        Console.WriteLine($"  Frontline 疫情防控指挥平台 is running ({app.Environment.EnvironmentName}); Ctrl+C stops it");
        foreach (var a in addresses) Console.WriteLine($"  URL:       {a}");
        Console.WriteLine($"  Database:  {Database.Describe(app.Configuration)}");
        if (app.Configuration["Frontline:Demo"] is not "false")
        {
            Console.WriteLine($"  Sign in:   admin / {seed.Password}   (every demo user has this password)");
            Console.WriteLine($"  Users:     {string.Join(", ", DemoSeed.Users.Select(u => u.UserName))}");
        }
        Console.WriteLine();
    }

    public static async Task<int> SeedAsync(WebApplication app, string[] args)
    {
        var residents = int.TryParse(Option(args, "--residents"), out var n) && n >= 0 ? n : (int?)null;
        if (args.Contains("--reset"))
        {
            await using var scope0 = app.Services.CreateAsyncScope();
            await using var db0 = await scope0.ServiceProvider.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
            await db0.Database.EnsureDeletedAsync();
        }
        await Database.MigrateAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var seed = scope.ServiceProvider.GetRequiredService<DemoSeed>();
        var count = residents ?? seed.ResidentCount;
        var clock = Stopwatch.StartNew();
        var bar = new Progress<(long Done, long Total)>(p => DrawBar(p.Done, p.Total, clock.Elapsed));
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            if (await db.Persons.AnyAsync())
            {
                Console.Error.WriteLine($"The database already holds {await db.Persons.LongCountAsync():N0} residents. Use --reset to start again, or another FRONTLINE_DATA folder.");
                return 1;
            }
        }
        Console.WriteLine($"Seeding the demo district with {count:N0} residents …");
        if (!await seed.SeedIfEmptyAsync(count, bar))
        {
            await seed.SeedUsersAsync();
            await seed.SeedResidentsAsync(count, bar);
        }
        DrawBar(count, count, clock.Elapsed);
        Console.WriteLine();
        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0} s. Sign in as admin / {seed.Password}");
        return 0;
    }

    static void DrawBar(long done, long total, TimeSpan elapsed)
    {
        const int width = 40;
        var fraction = total == 0 ? 1 : (double)done / total;
        var filled = (int)(fraction * width);
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        Console.Write($"\r  [{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P1}  {done:N0}/{total:N0}  {rate:N0}/s   ");
    }

    public static async Task<int> ImportAsync(WebApplication app, string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Array.IndexOf(args, a) is var i && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal)));
        var userName = Option(args, "--user");
        var mode = RosterImporter.ParseMode(Option(args, "--mode"));
        if (file is null || userName is null || mode is null || !File.Exists(file)) return Usage("import");
        await Database.MigrateAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            Console.Error.WriteLine($"No user {userName}");
            return 1;
        }
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var caller = Caller.From(await factory.CreateAsync(user)) with { Ip = "cli" };
        if (!caller.Can(RegistryPermissions.Import))
        {
            Console.Error.WriteLine($"{userName} may not import rosters");
            return 1;
        }
        await using var stream = File.OpenRead(file);
        var clock = Stopwatch.StartNew();
        var progress = new Progress<ImportProgress>(p => Console.Write($"\r  {p.Fraction,6:P1}  {p.RowsRead:N0} rows   "));
        var result = await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportAsync(caller, stream, file, mode.Value, progress);
        Console.WriteLine();
        Console.WriteLine($"{result.Total:N0} rows in {clock.Elapsed.TotalSeconds:0.0} s: {result.Imported:N0} new, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected");
        foreach (var e in result.Errors.Take(20)) Console.WriteLine($"  row {e.Row}, {e.Column}: {e.Code} — {e.Message}");
        return result.Rejected > 0 ? 1 : 0;
    }

    public static async Task<int> UserAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || args[0] != "add") return Usage("user");
        var role = Option(args, "--role");
        var jurisdiction = Option(args, "--jurisdiction");
        var password = Option(args, "--password");
        if (role is null || jurisdiction is null || password is null || !RolePermissions.Table.ByRole.ContainsKey(role)) return Usage("user");
        await Database.MigrateAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var user = new AppUser { UserName = args[1], DisplayName = args[1], JurisdictionCode = jurisdiction };
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, role);
        if (!created.Succeeded)
        {
            Console.Error.WriteLine(string.Join("; ", created.Errors.Select(e => e.Description)));
            return 1;
        }
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await audit.RecordAsync(Caller.System with { UserName = "cli" }, AuditActions.UserCreate, $"user:{args[1]}", jurisdiction, detail: new { role });
        Console.WriteLine($"User {args[1]} ({role}, {jurisdiction}) created");
        return 0;
    }
}
