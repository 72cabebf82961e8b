using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
namespace Frontline.Bench;

sealed record Options(int Rows, SpreadsheetKind Format, bool Bom, bool Profile, bool Keep, bool Reimport)
{
    public static Options? Parse(string[] args)
    {
        var rows = 1_000_000;
        var format = SpreadsheetKind.Csv;
        bool bom = true, profile = false, keep = false;
        bool? reimport = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out rows) && rows > 0:
                    i++;
                    break;
                case "--format" when i + 1 < args.Length && args[i + 1] is "csv" or "xlsx":
                    format = args[++i] == "csv" ? SpreadsheetKind.Csv : SpreadsheetKind.Xlsx;
                    break;
                case "--no-bom": bom = false; break;
                case "--profile": profile = true; break;
                case "--keep": keep = true; break;
                case "--reimport": reimport = true; break;
                case "--no-reimport": reimport = false; break;
                default: return null;
            }
        }
        return new Options(rows, format, bom, profile, keep, reimport ?? rows <= 100_000);
    }
}

/// <summary>
/// The roster import at scale: generates a roster of N demo residents, imports it into a fresh SQLite
/// database exactly as an upload does (RosterImporter, all-or-nothing, as the district admin), and
/// compares the rate with raw prepared inserts of the same rows into a second fresh database.
/// </summary>
sealed class RosterImportBench(Options options)
{
    static readonly string[] Header = ["姓名", "证件类型", "证件号码", "手机号码", "社区", "楼栋", "房号", "人员类型", "备注"];

    readonly string folder = Path.Combine(Path.GetTempPath(), "frontline-bench-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(folder);
        try { return await RunInAsync(); }
        finally
        {
            if (options.Keep) Console.WriteLine($"Kept {folder}");
            else Directory.Delete(folder, recursive: true);
        }
    }

    async Task<int> RunInAsync()
    {
        var n = options.Rows;
        var communities = DemoCommunities();
        Console.WriteLine($"Roster import benchmark: {n:N0} rows, {(options.Format == SpreadsheetKind.Csv ? options.Bom ? "CSV (UTF-8 with BOM)" : "CSV (UTF-8, no BOM)" : "xlsx")}, " +
            $"{communities.Count} communities, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, .NET {Environment.Version}");
        Console.WriteLine($"Working folder: {folder}");

        // 1. The roster file (not measured as part of the import).
        var file = Path.Combine(folder, "roster" + (options.Format == SpreadsheetKind.Csv ? ".csv" : ".xlsx"));
        var generation = Stopwatch.StartNew();
        WriteRoster(file, new DemoPopulation(n).Generate(communities), communities);
        generation.Stop();
        var fileBytes = new FileInfo(file).Length;
        Console.WriteLine($"Generated {file} ({fileBytes / 1048576.0:0.0} MiB) in {generation.Elapsed.TotalSeconds:0.0} s");

        if (options.Profile) await ProfileAsync(file, communities);

        // A first import in a throwaway database, so that a small N measures warm code, as a running server has.
        await WarmUpAsync(communities);

        // 2–3. The real import into a fresh database with the real schema.
        await using var importHost = await HostAsync("import", seed: true);
        var caller = await AdminAsync(importHost);
        var importer = importHost.Services.GetRequiredService<RosterImporter>();

        Measure.Settle();
        var hwmReset = Measure.ResetPeakWorkingSet();
        var before = Memory.Now();
        using var sampler = new HeapSampler();
        var progress = new ConsoleProgress(n);
        var importCpu = Measure.Cpu();
        var import = Stopwatch.StartNew();
        ImportResult result;
        await using (var stream = File.OpenRead(file))
            result = await importer.ImportAsync(caller, stream, Path.GetFileName(file), ImportMode.AllOrNothing, progress);
        import.Stop();
        importCpu = Measure.Cpu() - importCpu;
        var after = Memory.Now();
        var peakHeap = sampler.Stop();
        progress.Done();

        var stored = await CountPersonsAsync(importHost);
        Console.WriteLine($"Import: {result.Total:N0} rows, {result.Imported:N0} new, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, " +
            $"{result.Rejected:N0} rejected; {stored:N0} persons stored");
        foreach (var e in result.Errors.Take(10)) Console.WriteLine($"  row {e.Row}, {e.Column}: {e.Code} — {e.Message}");
        var correct = result.Total == n && result.Imported == n && result.Rejected == 0 && stored == n;

        // The same file again: every row found in the registry and unchanged (the existence lookup's other path).
        TimeSpan? reimport = null;
        if (options.Reimport)
        {
            var again = Stopwatch.StartNew();
            await using (var stream = File.OpenRead(file))
                result = await importer.ImportAsync(caller, stream, Path.GetFileName(file), ImportMode.AllOrNothing);
            reimport = again.Elapsed;
            Console.WriteLine($"Re-import: {result.Total:N0} rows, {result.Imported:N0} new, {result.Updated:N0} updated, {result.Unchanged:N0} unchanged, {result.Rejected:N0} rejected");
            correct &= result.Total == n && result.Unchanged == n && result.Imported == 0 && result.Updated == 0 && result.Rejected == 0;
        }

        // 4. The baseline: the same rows, parsed in memory, through the importer's prepared INSERT.
        var people = new DemoPopulation(n).Generate(communities).ToList();
        Measure.Settle();
        await using var baselineHost = await HostAsync("baseline", seed: false);
        var baseline = await BaselineAsync(baselineHost, people);
        var baselineStored = await CountPersonsAsync(baselineHost);
        correct &= baselineStored == n;

        // 5. The figures.
        var importRate = n / import.Elapsed.TotalSeconds;
        var baselineRate = n / baseline.Elapsed.TotalSeconds;
        var ratio = importRate / baselineRate;
        var peakMiB = after.PeakWorkingSet / 1048576.0;
        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Row("rows", $"{n:N0}");
        Row("file", $"{fileBytes / 1048576.0:0.0} MiB {(options.Format == SpreadsheetKind.Csv ? "CSV" : "xlsx")}");
        Row("generation (not measured)", $"{generation.Elapsed.TotalSeconds:0.0} s");
        Row("import", $"{import.Elapsed.TotalSeconds:0.00} s (CPU {importCpu.TotalSeconds:0.00} s)");
        Row("import rate", $"{importRate:N0} rows/s");
        Row("baseline (raw prepared INSERT, one transaction)", $"{baseline.Elapsed.TotalSeconds:0.00} s (CPU {baseline.Cpu.TotalSeconds:0.00} s)");
        Row("baseline rate", $"{baselineRate:N0} rows/s");
        Row("ratio import / baseline", $"{ratio:0.00}", "≥ 0.50" + (ratio >= 0.5 ? "" : "  ← below target"));
        Row("CPU-time ratio (baseline CPU / import CPU, all threads)", $"{baseline.Cpu / importCpu:0.00}");
        if (reimport is { } r) Row("re-import of the same file (all unchanged)", $"{r.TotalSeconds:0.00} s ({n / r.TotalSeconds:N0} rows/s)");
        Row("peak working set during import (VmHWM)", $"{peakMiB:0} MiB{(hwmReset ? "" : " (process peak; reset refused)")}",
            "< 500 MiB" + (peakMiB < 500 ? "" : "  ← above target"));
        Row("peak managed heap during import (sampled)", $"{peakHeap / 1048576.0:0} MiB");
        Row("allocated during import", $"{(after.Allocated - before.Allocated) / 1048576.0:N0} MiB ({(after.Allocated - before.Allocated) / (double)n:N0} B/row)");
        Row("GCs during import (gen0/gen1/gen2)", $"{after.Gen0 - before.Gen0}/{after.Gen1 - before.Gen1}/{after.Gen2 - before.Gen2}");
        Row("GC pause time during import", $"{(after.PauseTotal - before.PauseTotal).TotalSeconds:0.00} s");
        Console.WriteLine();
        if (!correct)
        {
            Console.Error.WriteLine($"FAILED: expected {n:N0} rows imported, none rejected, {n:N0} persons stored in each database" +
                $"{(options.Reimport ? ", all unchanged on re-import" : "")} (stored {stored:N0}, baseline stored {baselineStored:N0}; see the lines above)");
            return 1;
        }
        Console.WriteLine("Counts correct.");
        return 0;
    }

    static void Row(string measure, string value, string target = "") => Console.WriteLine($"| {measure} | {value} | {target} |");

    /// <summary>The demo district's communities in the order the demo seed walks them.</summary>
    static List<Jurisdiction> DemoCommunities() =>
        JurisdictionDirectory.DemoDivisions().Where(j => j.Level == JurisdictionLevel.Community).OrderBy(j => j.Code, StringComparer.Ordinal).ToList();

    /// <summary>The columns a community worker uploads. Communities by name, as people write them; by code where two share a name.</summary>
    void WriteRoster(string path, IEnumerable<ValidPerson> people, List<Jurisdiction> communities)
    {
        var duplicated = communities.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var label = communities.ToDictionary(c => c.Code, c => duplicated.Contains(c.Name) ? c.Code : c.Name);
        string?[] Cells(ValidPerson p) =>
            [p.Name, p.DocType.ChineseName(), p.DocNumber, p.Phone, label[p.CommunityCode], p.Building, p.Room, p.ResidentType.ChineseName(), p.Note];

        if (options.Format == SpreadsheetKind.Xlsx)
        {
            var rows = people.Select(p =>
            {
                var cells = Cells(p);
                var row = new Dictionary<string, object?>(Header.Length);
                for (var i = 0; i < Header.Length; i++) row[Header[i]] = cells[i];
                return row;
            });
            MiniExcel.SaveAs(path, rows, excelType: ExcelType.XLSX);
            return;
        }
        using var writer = new StreamWriter(path, false, new UTF8Encoding(options.Bom), 1 << 16);
        writer.Write(string.Join(',', Header));
        writer.Write("\r\n");
        foreach (var p in people)
        {
            var cells = Cells(p);
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) writer.Write(',');
                writer.Write(Csv(cells[i]));
            }
            writer.Write("\r\n");
        }
    }

    static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    /// <summary>
    /// An app host on its own fresh SQLite file, migrated (the real schema). With <paramref name="seed"/> it also
    /// gets the demo divisions and users and no residents, as Frontline:Demo with FRONTLINE_DEMO_RESIDENTS=0 gives.
    /// </summary>
    async Task<WebApplication> HostAsync(string name, bool seed)
    {
        var data = Path.Combine(folder, name);
        // The application is Frontline (its static-asset manifests sit beside it in this output); only the data folder is ours.
        var app = Frontline.Program.Build(["--applicationName=Frontline"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FRONTLINE_DATA"] = data,
                ["FRONTLINE_DEMO_RESIDENTS"] = "0",
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Frontline"] = "",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            // Throwaway databases: the demo users' passwords need not cost 100,000 PBKDF2 rounds each.
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
        await Database.MigrateAsync(app.Services);
        if (seed)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: 0))
                throw new InvalidOperationException($"{data} was not empty");
        }
        return app;
    }

    static async Task<Caller> AdminAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = await users.FindByNameAsync("admin") ?? throw new InvalidOperationException("no admin user");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(admin);
        var caller = Caller.From(principal) with { Ip = "bench" };
        if (!caller.Can(RegistryPermissions.Import) || caller.Scope.Code != DemoSeed.District)
            throw new InvalidOperationException("admin may not import rosters for the district");
        return caller;
    }

    static async Task<long> CountPersonsAsync(WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Persons.LongCountAsync();
    }

    async Task WarmUpAsync(List<Jurisdiction> communities)
    {
        var clock = Stopwatch.StartNew();
        var file = Path.Combine(folder, "warm-up" + (options.Format == SpreadsheetKind.Csv ? ".csv" : ".xlsx"));
        WriteRoster(file, new DemoPopulation(2_000, seed: 1).Generate(communities), communities);
        await using var host = await HostAsync("warm-up", seed: true);
        await using (var stream = File.OpenRead(file))
        {
            var result = await host.Services.GetRequiredService<RosterImporter>()
                .ImportAsync(await AdminAsync(host), stream, Path.GetFileName(file), ImportMode.AllOrNothing);
            if (result.Imported != 2_000) throw new InvalidOperationException($"warm-up imported {result.Imported} of 2,000");
        }
        await using (var baselineHost = await HostAsync("warm-up-baseline", seed: false))
            await BaselineAsync(baselineHost, new DemoPopulation(2_000, seed: 1).Generate(communities).ToList());
        Console.WriteLine($"Warmed up (2,000 rows imported and inserted in throwaway databases) in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The importer's own INSERT (Registry's PersonWriter) for rows already parsed and valid, buildings created beforehand, one transaction.</summary>
    static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> BaselineAsync(WebApplication app, List<ValidPerson> people)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var writer = app.Services.GetRequiredService<PersonRegistration>().Writer(connection, DateTime.UtcNow);
        await writer.BeginAsync(CancellationToken.None);
        var buildingIds = new long[people.Count];
        for (var i = 0; i < people.Count; i++)
            buildingIds[i] = await writer.BuildingIdAsync(people[i].CommunityCode, people[i].Building, CancellationToken.None);
        var cpu = Measure.Cpu();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < people.Count; i++)
            await writer.InsertAsync(people[i], buildingIds[i], CancellationToken.None);
        await writer.CommitAsync(CancellationToken.None);
        return (clock.Elapsed, Measure.Cpu() - cpu);
    }

    /// <summary>
    /// Where the import's time goes without a database: reading the file alone (SpreadsheetFile.Read), then
    /// reading and validating every row as the importer does. Printed before the import.
    /// </summary>
    static async Task ProfileAsync(string file, List<Jurisdiction> communities)
    {
        var kind = SpreadsheetFile.KindOf(file)!.Value;
        Measure.Settle();
        var clock = Stopwatch.StartNew();
        var rows = 0;
        await using (var stream = File.OpenRead(file))
            foreach (var _ in SpreadsheetFile.Read(stream, kind)) rows++;
        var read = clock.Elapsed;

        var byName = communities.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.ToList());
        var byCode = communities.ToDictionary(c => c.Code);
        (JurisdictionDirectory.Match, Jurisdiction?) Find(string key) =>
            byCode.TryGetValue(key, out var c) ? (JurisdictionDirectory.Match.Found, c)
            : byName.TryGetValue(key, out var named) && named.Count == 1 ? (JurisdictionDirectory.Match.Found, named[0])
            : (JurisdictionDirectory.Match.Unknown, null);
        var scope = new JurisdictionScope(DemoSeed.District);
        var today = ChinaTime.Today(TimeProvider.System);
        Measure.Settle();
        clock.Restart();
        var valid = 0;
        await using (var stream = File.OpenRead(file))
            foreach (var row in SpreadsheetFile.Read(stream, kind).Skip(1))
            {
                var c = row.Cells;
                var (person, _) = PersonRules.Validate(new PersonInput(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]), Find, scope, today);
                if (person is not null) valid++;
            }
        var validated = clock.Elapsed;
        Console.WriteLine($"Profile: reading {rows - 1:N0} rows {read.TotalSeconds:0.00} s ({(rows - 1) / read.TotalSeconds:N0} rows/s); " +
            $"reading + validating {validated.TotalSeconds:0.00} s ({valid / validated.TotalSeconds:N0} rows/s, {valid:N0} valid)");
    }
}
