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

/// <summary>
/// Scale benchmarks. They print figures and ratios and assert nothing about time; they fail only when
/// a result is wrong (a row not imported, a row rejected).
/// </summary>
static class Program
{
    static async Task<int> Main(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = args.Skip(verb is null ? 0 : 1).ToArray();
        if (verb == "testing" && TestingOptions.Parse(rest) is { } testing) return await new TestingBench(testing).RunAsync();
        var options = verb == "import" ? Options.Parse(rest) : null;
        if (options is null)
        {
            Console.Error.WriteLine("""
                Usage: dotnet run -c Release --project bench/Frontline.Bench -- import [--rows 1000000] [--format csv|xlsx]
                         [--no-bom] [--profile] [--reimport|--no-reimport] [--keep]
                  --rows N      rows in the generated roster (default 1,000,000)
                  --format      csv (UTF-8, default) or xlsx (MiniExcel; use a smaller N)
                  --no-bom      write the CSV without a byte-order mark (the importer then scans the file for its encoding)
                  --reimport    import the same file a second time and check every row comes back unchanged
                                (the default up to 100,000 rows)
                  --profile     also time reading alone and reading + validation, to show where the import spends its time
                  --keep        keep the temporary folder (roster file and both databases)

                       dotnet run -c Release --project bench/Frontline.Bench -- testing [--residents 4500000] [--clients 8]
                         [--batch 500] [--provider sqlite|postgres] [--no-warm-up] [--keep]
                  --residents N residents of the seeded district, every one sampled once in the round (default 4,500,000)
                  --clients N   concurrent HTTP clients posting sample batches (default 8)
                  --batch N     scans per batch, whole tubes of 10 (default 500, at most 1,000)
                  --provider    sqlite (default; a fresh file in a temporary folder) or postgres (a fresh database on the
                                server of FRONTLINE_TEST_POSTGRES, dropped at the end)
                  --no-warm-up  skip the warm-up round on a throwaway 2,000-resident database
                  --keep        keep the temporary folder (and, on PostgreSQL, the databases)
                """);
            return 2;
        }
        return await new RosterImportBench(options).RunAsync();
    }
}

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

/// <summary>Process-wide measurements the benchmarks share.</summary>
static class Measure
{
    /// <summary>CPU time of the whole process (all threads, GC included).</summary>
    public static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) so it covers the measured part alone ("5" to clear_refs, Linux ≥ 4.0).</summary>
    public static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

readonly record struct Memory(long PeakWorkingSet, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan PauseTotal)
{
    public static Memory Now() => new(ReadPeakWorkingSet(), GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>VmHWM from /proc/self/status (kB), else the runtime's own peak.</summary>
    static long ReadPeakWorkingSet()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}

/// <summary>Samples the managed heap (GC.GetTotalMemory) every 50 ms; the largest value seen is the peak.</summary>
sealed class HeapSampler : IDisposable
{
    readonly Timer timer;
    long peak;

    public HeapSampler() => timer = new Timer(_ => Sample(), null, 0, 50);

    void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
    }

    public long Stop()
    {
        timer.Dispose();
        Sample();
        return Interlocked.Read(ref peak);
    }

    public void Dispose() => timer.Dispose();
}

/// <summary>Reports on the importer's own thread (no posting), every tenth of the rows, to stderr.</summary>
sealed class ConsoleProgress(int rows) : IProgress<ImportProgress>
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    int next = Math.Max(1, rows / 10);

    public void Report(ImportProgress value)
    {
        if (value.RowsRead < next) return;
        next = value.RowsRead + Math.Max(1, rows / 10);
        Console.Error.Write($"\r  importing … {value.RowsRead:N0} rows ({value.Fraction:P0} of the file) in {clock.Elapsed.TotalSeconds:0.0} s   ");
    }

    public void Done() => Console.Error.WriteLine();
}
