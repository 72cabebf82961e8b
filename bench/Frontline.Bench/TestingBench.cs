using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Encodings.Web;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Frontline.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Frontline.Bench;

sealed record TestingOptions(int Residents, int Clients, int Batch, bool Postgres, bool WarmUp, bool Keep, bool Dashboard = false)
{
    public static TestingOptions? Parse(string[] args)
    {
        int residents = 4_500_000, clients = 8, batch = 500;
        bool postgres = false, warmUp = true, keep = false, dashboard = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--residents" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out residents) && residents >= 100:
                case "--clients" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out clients) && clients > 0:
                case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out batch)
                                    && batch >= 10 && batch <= SampleIngest.MaxBatch:
                    i++;
                    break;
                case "--provider" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres":
                    postgres = args[++i] == "postgres";
                    break;
                case "--no-warm-up": warmUp = false; break;
                case "--keep": keep = true; break;
                case "--dashboard": dashboard = true; break;
                default: return null;
            }
        }
        return new TestingOptions(residents, clients, batch, postgres, warmUp, keep, dashboard);
    }
}

/// <summary>
/// A whole testing round of a district over real HTTP: seeds N residents, opens a round (pool size 10) with a
/// sampling site per community, starts the real server on a loopback socket and has C concurrent clients post
/// every resident's scan once, in batches of whole tubes, as a sampler of the district. Then coverage reads,
/// positive-pool fan-out, and the raw insert rate of the same rows into a fresh database of the same schema.
/// </summary>
sealed class TestingBench(TestingOptions options)
{
    const string Password = "Bench-Sampler-2022";
    const int PoolSize = 10;
    const int CoverageCalls = 20, ChildrenCalls = 5, FanOutTubes = 9;

    readonly string folder = Path.Combine(Path.GetTempPath(), "frontline-tbench-" + Guid.NewGuid().ToString("N")[..8]);
    readonly string tag = Guid.NewGuid().ToString("N")[..8];

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
        var n = options.Residents;
        var admin = options.Postgres ? Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES") : null;
        if (options.Postgres && string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine("--provider postgres needs FRONTLINE_TEST_POSTGRES (a connection string to a server where a database may be created)");
            return 2;
        }
        Console.WriteLine($"Testing round benchmark: {n:N0} residents, {options.Clients} clients, batches of {options.Batch} scans (whole tubes of {PoolSize}), " +
            $"{(options.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, .NET {Environment.Version}");
        Console.WriteLine($"Working folder: {folder}");

        if (options.WarmUp)
        {
            var clock = Stopwatch.StartNew();
            await using (var warm = await BenchDatabase.CreateAsync(folder, "warm-up", admin, tag, options.Keep))
            {
                var run = await RoundRunAsync(warm, WarmUpResidents, quiet: true);
                if (!run.Correct) throw new InvalidOperationException("the warm-up round was not counted correctly");
            }
            Console.WriteLine($"Warmed up (a {WarmUpResidents:N0}-resident round over HTTP, coverage, fan-out, raw inserts, in throwaway databases) in {clock.Elapsed.TotalSeconds:0.0} s");
        }

        await using var main = await BenchDatabase.CreateAsync(folder, "round", admin, tag, options.Keep);
        var result = await RoundRunAsync(main, n, quiet: false);
        return result.Correct ? 0 : 1;
    }

    /// <summary>
    /// Enough batches (100) that the per-batch code reaches its final tier of compilation before the measured round:
    /// with 4 batches, a fifth of the round's CPU went to the JIT recompiling hot methods, which a server that has
    /// been up for an hour no longer pays.
    /// </summary>
    const int WarmUpResidents = 50_000;

    sealed record RunResult(bool Correct);

    async Task<RunResult> RoundRunAsync(BenchDatabase database, int n, bool quiet)
    {
        void Say(string line) { if (!quiet) Console.WriteLine(line); }

        // 1. Seed the district (timed apart; not part of any figure).
        await using var app = BuildHost(database, listen: true);
        await Database.MigrateAsync(app.Services);
        var seedClock = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
            if (!await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: n))
                throw new InvalidOperationException($"{database.Describe} was not empty");
        seedClock.Stop();
        Say($"Seeded {n:N0} residents (DemoSeed, as `frontline seed`) in {seedClock.Elapsed.TotalSeconds:0.0} s");

        // 2. The round over the district, a sampling site per community, the bench's users.
        var communities = (await app.Services.GetRequiredService<JurisdictionDirectory>().CommunitiesAsync(new JurisdictionScope(DemoSeed.District)))
            .ToList();
        var commander = await CallerAsync(app, "commander");
        var now = DateTimeOffset.UtcNow;
        var roundStart = now.AddHours(-2);
        long roundId, siteCount = 0;
        var siteIds = new Dictionary<string, long>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var rounds = scope.ServiceProvider.GetRequiredService<Rounds>();
            var sites = scope.ServiceProvider.GetRequiredService<SamplingSites>();
            roundId = await rounds.CreateRoundAsync(commander,
                new RoundInput("基准测试轮次", [DemoSeed.District], roundStart, roundStart.AddHours(24), PoolSize));
            // The team must be real sampler accounts covering the site: the users come first.
            await CreateUserAsync(scope.ServiceProvider, "bench-sampler", "基准采样员", Roles.Sampler);
            await CreateUserAsync(scope.ServiceProvider, "bench-lab", "基准实验室", Roles.Lab);
            foreach (var c in communities)
            {
                siteIds[c.Code] = await sites.CreateAsync(commander, new SiteInput(SiteCode(c.Code), c.Name + "采样点", c.Code, ["bench-sampler"]));
                siteCount++;
            }
        }

        // The scans: every resident once, in seed order (community by community), 10 to a tube.
        var plan = ScanPlan.Build(n, communities, options.Batch, PoolSize);
        await plan.CheckAgainstAsync(app);
        Say($"Round {roundId} over {DemoSeed.District} (pool size {PoolSize}), {siteCount} sampling sites; " +
            $"plan: {n:N0} scans in {plan.TubeCount:N0} tubes, {plan.BatchCount:N0} batches");

        // 3. The real server on a loopback socket; bearer tokens through POST /api/auth/token.
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var samplerToken = await TokenAsync(probe, "bench-sampler", Password);
        var labToken = await TokenAsync(probe, "bench-lab", Password);
        var commanderToken = await TokenAsync(probe, "commander", app.Services.CreateScope().ServiceProvider.GetRequiredService<DemoSeed>().Password);
        Say($"Server on {baseUrl}");

        Measure.Settle();
        var hwmReset = Measure.ResetPeakWorkingSet();
        var before = Memory.Now();
        using var heap = new HeapSampler();
        var cpu = Measure.Cpu();
        var drive = new Driver(baseUrl, samplerToken, plan, roundId.ToString(CultureInfo.InvariantCulture), roundStart, quiet);
        using var closeDashboard = new CancellationTokenSource();
        var dashboardOpen = options.Dashboard && !quiet
            ? DashboardOpenAsync(app, baseUrl, commanderToken, closeDashboard.Token) : Task.FromResult((Reads: 0, Recounts: 0));
        var wall = Stopwatch.StartNew();
        await drive.RunAsync(options.Clients);
        wall.Stop();
        await closeDashboard.CancelAsync();
        var dashboard = await dashboardOpen;
        cpu = Measure.Cpu() - cpu;
        var after = Memory.Now();
        var peakHeap = heap.Stop();
        if (!quiet) Console.Error.WriteLine();

        // Verification.
        var (samples, tubes, tubeSwabs, coverageSum) = await CountsAsync(app, roundId);
        using var asCommander = Client(baseUrl, commanderToken);
        var district = await GetJsonAsync(asCommander, $"/api/testing/rounds/{roundId}/coverage?jurisdiction={DemoSeed.District}");
        var districtSampled = district.GetProperty("sampled").GetInt64();
        Say($"Accepted {drive.Accepted:N0}, duplicates {drive.Duplicates:N0}, rejected {drive.Rejected:N0}" +
            (drive.RejectedCodes.IsEmpty ? "" : $" ({string.Join(", ", drive.RejectedCodes.Select(kv => $"{kv.Key} × {kv.Value}"))})") +
            $"; 429 × {drive.TooMany}, 503 × {drive.Busy}, other failures {drive.Failures}");
        Say($"Stored: {samples:N0} samples, {tubes:N0} tubes holding {tubeSwabs:N0} swabs; coverage counts sum {coverageSum:N0}; " +
            $"district coverage (API) sampled {districtSampled:N0} of {district.GetProperty("population").GetInt64():N0}");
        var correct = drive.Accepted == n && drive.Duplicates == 0 && drive.Rejected == 0 && drive.Failures == 0
            && samples == n && tubes == plan.TubeCount && tubeSwabs == n && coverageSum == n && districtSampled == n;

        // 4. Coverage reads: a community of about 30,000 residents (scaled to N), and the district's streets.
        var target = 30_000.0 * n / 4_500_000;
        var (community, population) = plan.Populations(communities).MinBy(c => Math.Abs(c.Population - target));
        var coverageUrl = $"/api/testing/rounds/{roundId}/coverage?jurisdiction={community.Code}";
        var communityCoverage = await GetJsonAsync(asCommander, coverageUrl);
        correct &= communityCoverage.GetProperty("sampled").GetInt64() == population;
        var coverageTimes = await TimeCallsAsync(CoverageCalls, () => GetJsonAsync(asCommander, coverageUrl));
        var childrenUrl = $"/api/testing/rounds/{roundId}/coverage/children?jurisdiction={DemoSeed.District}";
        var streets = (await GetJsonAsync(asCommander, childrenUrl)).EnumerateArray().ToList();
        correct &= streets.Sum(s => s.GetProperty("sampled").GetInt64()) == n;
        var childrenTimes = await TimeCallsAsync(ChildrenCalls, () => GetJsonAsync(asCommander, childrenUrl));

        // Positive-pool fan-out: a positive result for one full tube, one call each, spread over the district.
        using var asLab = Client(baseUrl, labToken);
        var fanOutTubes = plan.FullTubes(FanOutTubes);
        var fanOutTimes = new List<double>();
        foreach (var tube in fanOutTubes)
        {
            var body = new
            {
                results = new[]
                {
                    new { eventId = $"r-{tag}-{tube}", roundId = roundId.ToString(CultureInfo.InvariantCulture), tubeCode = ScanPlan.TubeCode(tube),
                          outcome = "positive", ctOrf1ab = 28.4, ctN = 30.2, lab = "基准实验室" },
                },
            };
            var clock = Stopwatch.StartNew();
            using var response = await asLab.PostAsJsonAsync("/api/testing/results/batch", body);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            fanOutTimes.Add(clock.Elapsed.TotalMilliseconds);
            correct &= response.IsSuccessStatusCode && answer.GetProperty("accepted").GetInt32() == 1;
        }
        var (orders, controls) = await FanOutCountsAsync(app, fanOutTubes.Select(ScanPlan.TubeCode).ToList());
        correct &= orders == fanOutTubes.Count * PoolSize && controls == fanOutTubes.Count * PoolSize;
        Say($"Fan-out: {fanOutTubes.Count} positive tubes → {orders} re-test orders, {controls} temporary controls");
        await app.StopAsync();

        // 5. The raw insert rate: the same rows, prepared INSERTs, one transaction per batch, into a fresh database of the same schema.
        var (firstPerson, lastPerson) = await PersonIdsAsync(app);
        correct &= lastPerson - firstPerson + 1 == n;
        Measure.Settle();
        await using var rawDatabase = await BenchDatabase.CreateAsync(folder, database.Name + "-raw", database.AdminConnection, tag, options.Keep);
        await using var rawApp = BuildHost(rawDatabase, listen: false);
        await Database.MigrateAsync(rawApp.Services);
        var raw = await RawInsertAsync(rawApp, plan, roundId, siteIds, firstPerson, roundStart);
        var (rawSamples, rawTubes, rawSwabs, _) = await CountsAsync(rawApp, roundId);
        correct &= rawSamples == n && rawTubes == plan.TubeCount && rawSwabs == n;

        if (quiet) return new RunResult(correct);

        // 6. The figures.
        var rate = n / wall.Elapsed.TotalSeconds;
        var rawRate = n / raw.Elapsed.TotalSeconds;
        var ratio = rate / rawRate;
        var latencies = drive.Latencies();
        var coverageMs = Median(coverageTimes);
        var childrenMs = Median(childrenTimes);
        var fanOutMs = Median(fanOutTimes);
        var peakMiB = after.PeakWorkingSet / 1048576.0;
        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Row("residents = scans", $"{n:N0} in {plan.TubeCount:N0} tubes, {plan.BatchCount:N0} batches");
        Row("seed (not measured)", $"{seedClock.Elapsed.TotalSeconds:0.0} s");
        Row("round over HTTP", $"{wall.Elapsed.TotalSeconds:0.00} s (CPU {cpu.TotalSeconds:0.00} s, server and clients)");
        Row("end-to-end rate", $"{rate:N0} scans/s", "≥ 25,000" + (rate >= 25_000 ? "" : "  ← below target"));
        Row("batch latency p50 / p99 / max", $"{Percentile(latencies, 0.50):0} / {Percentile(latencies, 0.99):0} / {latencies[^1]:0} ms");
        Row("429 / 503 answers (waited Retry-After, re-sent)", $"{drive.TooMany} / {drive.Busy}");
        Row("raw write (same rows, one transaction per batch, one connection; SQLite prepared INSERT, PostgreSQL binary COPY)", $"{raw.Elapsed.TotalSeconds:0.00} s (CPU {raw.Cpu.TotalSeconds:0.00} s)");
        Row("raw rate", $"{rawRate:N0} scans/s");
        Row("ratio end-to-end / raw", $"{ratio:0.00}", "≥ 0.50" + (ratio >= 0.5 ? "" : "  ← below target"));
        if (options.Dashboard)
            Row("dashboard open during the round (GET /api/dashboard every 2 s, the daily figures recounted every 10 s)",
                $"{dashboard.Reads:N0} reads, {dashboard.Recounts:N0} recounts");
        Row("peak working set during the round (VmHWM)", $"{peakMiB:0} MiB{(hwmReset ? "" : " (process peak; reset refused)")}");
        Row("peak managed heap during the round (sampled)", $"{peakHeap / 1048576.0:0} MiB");
        Row("allocated during the round", $"{(after.Allocated - before.Allocated) / 1048576.0:N0} MiB ({(after.Allocated - before.Allocated) / (double)n:N0} B/scan)");
        Row("GCs (gen0/gen1/gen2), pause", $"{after.Gen0 - before.Gen0}/{after.Gen1 - before.Gen1}/{after.Gen2 - before.Gen2}, {(after.PauseTotal - before.PauseTotal).TotalSeconds:0.00} s");
        Row($"coverage of {community.Name} ({population:N0} residents), median of {CoverageCalls}", $"{coverageMs:0.0} ms (max {coverageTimes.Max():0.0})",
            "< 20 ms" + (coverageMs < 20 ? "" : "  ← above target"));
        Row($"coverage of the district by street ({streets.Count} streets), median of {ChildrenCalls}", $"{childrenMs:0.0} ms (max {childrenTimes.Max():0.0})",
            "< 1,000 ms" + (childrenMs < 1000 ? "" : "  ← above target"));
        Row($"positive pool of {PoolSize} → results batch, median of {fanOutTubes.Count}", $"{fanOutMs:0.0} ms (max {fanOutTimes.Max():0.0})",
            "< 20 ms" + (fanOutMs < 20 ? "" : "  ← above target"));
        Console.WriteLine();
        if (!correct)
        {
            Console.Error.WriteLine($"FAILED: expected {n:N0} accepted, no duplicates, rejections or failures, {n:N0} samples and coverage {n:N0} " +
                $"(district and streets), {plan.TubeCount:N0} tubes, {PoolSize} re-test orders and controls per positive tube, {n:N0} raw rows; see the lines above");
            return new RunResult(false);
        }
        Console.WriteLine("Counts correct.");
        return new RunResult(true);
    }

    /// <summary>
    /// A commander's dashboard left open while the round runs, harder than the page is on the server: it reads every 2 s (the
    /// page every 30 s), and the daily figures are recounted every 10 s (the job every minute).
    /// </summary>
    static async Task<(int Reads, int Recounts)> DashboardOpenAsync(WebApplication app, string baseUrl, string token, CancellationToken ct)
    {
        using var client = Client(baseUrl, token);
        var (reads, recounts) = (0, 0);
        try
        {
            for (var tick = 0; !ct.IsCancellationRequested; tick++)
            {
                if (tick % 5 == 0)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<Frontline.Command.Dashboard.DailyFiguresRefresh>()
                        .RefreshAsync(ChinaTime.Today(TimeProvider.System), ct);
                    recounts++;
                }
                using var answer = await client.GetAsync("/api/dashboard", ct);
                answer.EnsureSuccessStatusCode();
                reads++;
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        return (reads, recounts);
    }

    static void Row(string measure, string value, string target = "") => Console.WriteLine($"| {measure} | {value} | {target} |");

    static string SiteCode(string community) => "S" + community;

    static double Median(List<double> values) => Percentile(values.Order().ToList(), 0.5);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    static async Task<List<double>> TimeCallsAsync(int calls, Func<Task> call)
    {
        await call();
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    WebApplication BuildHost(BenchDatabase database, bool listen)
    {
        var app = Frontline.Program.Build(["--applicationName=Frontline"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FRONTLINE_DATA"] = database.Folder,
                ["FRONTLINE_DEMO_RESIDENTS"] = "0",
                ["Frontline:Demo"] = "false",
                ["Database:Provider"] = database.Postgres ? "Postgres" : "Sqlite",
                ["ConnectionStrings:Frontline"] = database.ConnectionString ?? "",
                ["Logging:LogLevel:Default"] = "Warning",
                // One account stands for every device of the district here: it may use every ingest slot, as all of them would.
                ["Frontline:IngestPerAccount"] = "1000",
                // Throwaway databases: keys unencrypted at rest is expected, not worth a warning per host.
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            });
            // Throwaway databases: the users' passwords need not cost 100,000 PBKDF2 rounds each.
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
        if (listen) app.Urls.Add("http://127.0.0.1:0");
        return app;
    }

    static async Task<Caller> CallerAsync(WebApplication app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no {userName} user");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return Caller.From(principal) with { Ip = "bench" };
    }

    static async Task CreateUserAsync(IServiceProvider services, string userName, string displayName, string role)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = displayName, JurisdictionCode = DemoSeed.District };
        foreach (var result in new[] { await users.CreateAsync(user, Password), await users.AddToRoleAsync(user, role) })
            if (!result.Succeeded) throw new InvalidOperationException($"{userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    static async Task<string> TokenAsync(HttpClient http, string userName, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    static HttpClient Client(string baseUrl, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<T> WithConnectionAsync<T>(WebApplication app, Func<DbConnection, Task<T>> work)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        return await work(connection);
    }

    static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() is { } v and not DBNull ? v : 0L, CultureInfo.InvariantCulture);
    }

    static Task<(long Samples, long Tubes, long Swabs, long CoverageSum)> CountsAsync(WebApplication app, long roundId) =>
        WithConnectionAsync(app, async c => (
            await ScalarAsync(c, "SELECT COUNT(*) FROM samples"),
            await ScalarAsync(c, "SELECT COUNT(*) FROM tubes"),
            await ScalarAsync(c, "SELECT SUM(count) FROM tubes"),
            await ScalarAsync(c, $"SELECT SUM(sampled) FROM coverage_counts WHERE round_id = {roundId}")));

    static Task<(long Orders, long Controls)> FanOutCountsAsync(WebApplication app, List<string> tubeCodes)
    {
        var list = string.Join(",", tubeCodes.Select(c => $"'{c}'"));
        return WithConnectionAsync(app, async c => (
            await ScalarAsync(c, $"SELECT COUNT(*) FROM retest_orders WHERE source_tube_id IN (SELECT id FROM tubes WHERE code IN ({list}))"),
            await ScalarAsync(c, $"SELECT COUNT(*) FROM temporary_controls WHERE lifted_at IS NULL AND source_tube_id IN (SELECT id FROM tubes WHERE code IN ({list}))")));
    }

    static Task<(long First, long Last)> PersonIdsAsync(WebApplication app) =>
        WithConnectionAsync(app, async c => (await ScalarAsync(c, "SELECT MIN(id) FROM persons"), await ScalarAsync(c, "SELECT MAX(id) FROM persons")));

    /// <summary>
    /// The floor the ingest is compared with: the same rows as the round (same tubes, persons, sites, times), written with
    /// each provider's fastest plain path, no validation and no lookups: per batch one transaction with an INSERT per tube,
    /// then an INSERT per sample on SQLite or one binary COPY of the batch's samples on PostgreSQL.
    /// </summary>
    static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> RawInsertAsync(WebApplication app, ScanPlan plan, long roundId,
        Dictionary<string, long> siteIds, long firstPerson, DateTimeOffset roundStart)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var insertTube = Command(connection, """
            INSERT INTO tubes (code, round_id, site_id, community_code, pool_size, count, first_scan_at, outcome, needs_review)
            VALUES (@code, @round, @site, @community, @pool, @count, @at, 0, @false) RETURNING id
            """, "@code", "@round", "@site", "@community", "@pool", "@count", "@at", "@false");
        await using var insertSample = Command(connection, """
            INSERT INTO samples (event_id, round_id, tube_id, person_id, community_code, building_id, site_id, collected_at, collector, retest_order_id, received_at, outcome)
            VALUES (@event, @round, @tube, @person, @community, 0, @site, @collected, @collector, NULL, @received, 0)
            """, "@event", "@round", "@tube", "@person", "@community", "@site", "@collected", "@collector", "@received");
        var cpu = Measure.Cpu();
        var clock = Stopwatch.StartNew();
        var prepared = false;
        for (var b = 0; b < plan.BatchCount; b++)
        {
            await using var tx = await connection.BeginTransactionAsync();
            insertTube.Transaction = tx;
            insertSample.Transaction = tx;
            if (!prepared)
            {
                await insertTube.PrepareAsync();
                await insertSample.PrepareAsync();
                prepared = true;
            }
            var received = DateTime.UtcNow;
            var tubeRows = new List<(long TubeId, int First, int End, string Community, long Site)>();
            for (var t = plan.BatchTubes[b]; t < plan.BatchTubes[b + 1]; t++)
            {
                var first = plan.TubeStarts[t];
                var community = plan.Communities[plan.CommunityOf[first]].Code;
                var site = siteIds[community];
                insertTube.Parameters["@code"].Value = ScanPlan.TubeCode(t);
                insertTube.Parameters["@round"].Value = roundId;
                insertTube.Parameters["@site"].Value = site;
                insertTube.Parameters["@community"].Value = community;
                insertTube.Parameters["@pool"].Value = PoolSize;
                insertTube.Parameters["@count"].Value = plan.TubeStarts[t + 1] - first;
                insertTube.Parameters["@at"].Value = plan.CollectedAt(first, roundStart).UtcDateTime;
                insertTube.Parameters["@false"].Value = false;
                var tubeId = Convert.ToInt64(await insertTube.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                if (connection is Npgsql.NpgsqlConnection npgsql)
                {
                    tubeRows.Add((tubeId, first, plan.TubeStarts[t + 1], community, site));
                    continue;
                }
                for (var i = first; i < plan.TubeStarts[t + 1]; i++)
                {
                    insertSample.Parameters["@event"].Value = ScanPlan.EventId(i);
                    insertSample.Parameters["@round"].Value = roundId;
                    insertSample.Parameters["@tube"].Value = tubeId;
                    insertSample.Parameters["@person"].Value = firstPerson + i;
                    insertSample.Parameters["@community"].Value = community;
                    insertSample.Parameters["@site"].Value = site;
                    insertSample.Parameters["@collected"].Value = plan.CollectedAt(i, roundStart).UtcDateTime;
                    insertSample.Parameters["@collector"].Value = ScanPlan.Collector;
                    insertSample.Parameters["@received"].Value = received;
                    await insertSample.ExecuteNonQueryAsync();
                }
            }
            if (connection is Npgsql.NpgsqlConnection pg && tubeRows.Count > 0)
            {
                // PostgreSQL's fastest path for the same rows: binary COPY, as the ingest itself uses.
                await using var copy = await pg.BeginBinaryImportAsync("""
                    COPY samples (event_id, round_id, tube_id, person_id, community_code, building_id, site_id, collected_at, collector, received_at, outcome)
                    FROM STDIN (FORMAT BINARY)
                    """);
                foreach (var (tubeId, first, end, community, site) in tubeRows)
                    for (var i = first; i < end; i++)
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(ScanPlan.EventId(i), NpgsqlTypes.NpgsqlDbType.Text);
                        await copy.WriteAsync(roundId, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await copy.WriteAsync(tubeId, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await copy.WriteAsync(firstPerson + i, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await copy.WriteAsync(community, NpgsqlTypes.NpgsqlDbType.Text);
                        // The same width of row as the ingest writes; which building does not matter to the floor.
                        await copy.WriteAsync(0L, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await copy.WriteAsync(site, NpgsqlTypes.NpgsqlDbType.Bigint);
                        await copy.WriteAsync(plan.CollectedAt(i, roundStart).UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await copy.WriteAsync(ScanPlan.Collector, NpgsqlTypes.NpgsqlDbType.Text);
                        await copy.WriteAsync(received, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                        await copy.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
                    }
                await copy.CompleteAsync();
                tubeRows.Clear();
            }
            await tx.CommitAsync();
        }
        return (clock.Elapsed, Measure.Cpu() - cpu);
    }

    static DbCommand Command(DbConnection connection, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            // Typed once so that PostgreSQL can prepare the statement (types from the first values).
            p.Value = name switch
            {
                "@code" or "@community" or "@event" or "@collector" => "",
                "@at" or "@collected" or "@received" => DateTime.UtcNow,
                "@false" => false,
                "@pool" or "@count" => 0,
                _ => 0L,
            };
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

/// <summary>
/// What the samplers scan: every resident of the seed once, in the seed's order (community by community), ten to a
/// tube (a community's last tube may hold fewer), batches made of whole tubes. Kept compact: the ID number as its
/// first 17 digits and check character, the community as an index; strings are made when a batch is sent.
/// </summary>
sealed class ScanPlan
{
    public const string Collector = "采样员07";
    public required List<Jurisdiction> Communities { get; init; }
    public required long[] IdDigits { get; init; }
    public required char[] IdCheck { get; init; }
    public required ushort[] CommunityOf { get; init; }
    /// <summary>Index of each tube's first scan, and the count at the end.</summary>
    public required int[] TubeStarts { get; init; }
    /// <summary>Index of each batch's first tube, and the tube count at the end.</summary>
    public required int[] BatchTubes { get; init; }
    public int Count => IdDigits.Length;
    public int TubeCount => TubeStarts.Length - 1;
    public int BatchCount => BatchTubes.Length - 1;

    public static string TubeCode(int tube) => $"T{tube:D8}";
    public static string EventId(int scan) => $"ev-{scan:D8}";

    /// <summary>Collection times spread over the first hour of the round (it opened two hours ago).</summary>
    public DateTimeOffset CollectedAt(int scan, DateTimeOffset roundStart) => roundStart.AddSeconds(3600.0 * scan / Count);

    public static ScanPlan Build(int n, List<Jurisdiction> communities, int batch, int pool)
    {
        var index = communities.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => (ushort)x.i);
        var digits = new long[n];
        var check = new char[n];
        var communityOf = new ushort[n];
        var tubes = new List<int>(n / pool + communities.Count + 1);
        var i = 0;
        foreach (var person in new DemoPopulation(n).Generate(communities))
        {
            digits[i] = long.Parse(person.DocNumber.AsSpan(0, 17), NumberStyles.None, CultureInfo.InvariantCulture);
            check[i] = person.DocNumber[17];
            communityOf[i] = index[person.CommunityCode];
            if (i == 0 || communityOf[i] != communityOf[i - 1] || i - tubes[^1] == pool) tubes.Add(i);
            i++;
        }
        if (i != n) throw new InvalidOperationException($"the demo population gave {i} residents, not {n}");
        tubes.Add(n);
        var batches = new List<int> { 0 };
        var scans = 0;
        for (var t = 0; t < tubes.Count - 1; t++)
        {
            var size = tubes[t + 1] - tubes[t];
            if (scans + size > batch) { batches.Add(t); scans = 0; }
            scans += size;
        }
        batches.Add(tubes.Count - 1);
        return new ScanPlan
        {
            Communities = communities, IdDigits = digits, IdCheck = check, CommunityOf = communityOf, TubeStarts = tubes.ToArray(), BatchTubes = batches.ToArray(),
        };
    }

    public string IdNumber(int scan) => IdDigits[scan].ToString("D17", CultureInfo.InvariantCulture) + IdCheck[scan];

    /// <summary>The plan must be the seeded district: the first and last residents' ID numbers, by id.</summary>
    public async Task CheckAgainstAsync(WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var first = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => p.DocNumber).FirstAsync();
        var last = await db.Persons.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.DocNumber).FirstAsync();
        if (first != IdNumber(0) || last != IdNumber(Count - 1))
            throw new InvalidOperationException($"the scan plan does not match the seeded residents ({first} / {IdNumber(0)}, {last} / {IdNumber(Count - 1)})");
    }

    public IEnumerable<(Jurisdiction Community, int Population)> Populations(List<Jurisdiction> communities)
    {
        var counts = new int[communities.Count];
        foreach (var c in CommunityOf) counts[c]++;
        return communities.Select((c, i) => (c, counts[i])).Where(x => x.Item2 > 0);
    }

    /// <summary>Up to <paramref name="count"/> tubes holding a full pool, spread evenly over the round.</summary>
    public List<int> FullTubes(int count)
    {
        var full = Enumerable.Range(0, TubeCount).Where(t => TubeStarts[t + 1] - TubeStarts[t] == 10).ToList();
        return Enumerable.Range(0, Math.Min(count, full.Count)).Select(k => full[(int)((k + 0.5) * full.Count / Math.Min(count, full.Count))]).Distinct().ToList();
    }
}

/// <summary>
/// The samplers' devices: C clients, each with its own connection, taking the next batch until none is left.
/// A 429 or 503 is answered by waiting its Retry-After and sending the same batch again (same event ids).
/// </summary>
sealed class Driver(string baseUrl, string token, ScanPlan plan, string roundId, DateTimeOffset roundStart, bool quiet)
{
    static readonly JsonEncodedText Events = JsonEncodedText.Encode("events"), EventIdName = JsonEncodedText.Encode("eventId"),
        RoundIdName = JsonEncodedText.Encode("roundId"), SiteCodeName = JsonEncodedText.Encode("siteCode"), TubeCodeName = JsonEncodedText.Encode("tubeCode"),
        IdNumberName = JsonEncodedText.Encode("idNumber"), CollectedAtName = JsonEncodedText.Encode("collectedAt"),
        CollectorName = JsonEncodedText.Encode("collector");

    readonly double[] latencies = new double[plan.BatchCount];
    int next = -1;
    long accepted, duplicates, rejected, tooMany, busy, failures, done;

    public long Accepted => accepted;
    public long Duplicates => duplicates;
    public long Rejected => rejected;
    public long TooMany => tooMany;
    public long Busy => busy;
    public long Failures => failures;
    public ConcurrentDictionary<string, int> RejectedCodes { get; } = new();

    /// <summary>Latencies of the batches' successful calls in milliseconds, sorted.</summary>
    public List<double> Latencies() => latencies.Where(l => l > 0).Order().ToList();

    public async Task RunAsync(int clients)
    {
        var progress = Stopwatch.StartNew();
        using var reporter = quiet ? null : new Timer(_ =>
            Console.Error.Write($"\r  sampling … {Interlocked.Read(ref done):N0} of {plan.Count:N0} scans in {progress.Elapsed.TotalSeconds:0} s   "), null, 5000, 5000);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));
    }

    async Task ClientAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var writerOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        int b;
        while ((b = Interlocked.Increment(ref next)) < plan.BatchCount)
        {
            buffer.ResetWrittenCount();
            var scans = Write(buffer, b, writerOptions);
            while (true)
            {
                using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync("/api/testing/samples/batch", content);
                var body = await response.Content.ReadAsByteArrayAsync();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    if (response.StatusCode == HttpStatusCode.TooManyRequests) Interlocked.Increment(ref tooMany);
                    else Interlocked.Increment(ref busy);
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait);
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                    if (Interlocked.Read(ref failures) <= 5)
                        Console.Error.WriteLine($"\nbatch {b}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                    break;
                }
                latencies[b] = elapsed;
                using var answer = JsonDocument.Parse(body);
                Interlocked.Add(ref accepted, answer.RootElement.GetProperty("accepted").GetInt32());
                Interlocked.Add(ref duplicates, answer.RootElement.GetProperty("duplicates").GetInt32());
                foreach (var r in answer.RootElement.GetProperty("rejected").EnumerateArray())
                {
                    Interlocked.Increment(ref rejected);
                    RejectedCodes.AddOrUpdate(r.GetProperty("code").GetString() ?? "?", 1, (_, c) => c + 1);
                }
                break;
            }
            Interlocked.Add(ref done, scans);
        }
    }

    int Write(ArrayBufferWriter<byte> buffer, int batch, JsonWriterOptions writerOptions)
    {
        using var json = new Utf8JsonWriter(buffer, writerOptions);
        Span<char> id = stackalloc char[18];
        var scans = 0;
        json.WriteStartObject();
        json.WriteStartArray(Events);
        for (var t = plan.BatchTubes[batch]; t < plan.BatchTubes[batch + 1]; t++)
        {
            var tube = ScanPlan.TubeCode(t);
            for (var i = plan.TubeStarts[t]; i < plan.TubeStarts[t + 1]; i++)
            {
                plan.IdDigits[i].TryFormat(id, out _, "D17", CultureInfo.InvariantCulture);
                id[17] = plan.IdCheck[i];
                json.WriteStartObject();
                json.WriteString(EventIdName, ScanPlan.EventId(i));
                json.WriteString(RoundIdName, roundId);
                json.WriteString(SiteCodeName, "S" + plan.Communities[plan.CommunityOf[i]].Code);
                json.WriteString(TubeCodeName, tube);
                json.WriteString(IdNumberName, id);
                json.WriteString(CollectedAtName, plan.CollectedAt(i, roundStart).ToOffset(TimeSpan.FromHours(8)));
                json.WriteString(CollectorName, ScanPlan.Collector);
                json.WriteEndObject();
                scans++;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return scans;
    }
}

/// <summary>A fresh database for one host: a SQLite folder under the bench's folder, or a new PostgreSQL database (dropped on dispose).</summary>
sealed class BenchDatabase : IAsyncDisposable
{
    public required string Name { get; init; }
    public required string Folder { get; init; }
    public string? AdminConnection { get; init; }
    public string? ConnectionString { get; init; }
    public bool Postgres => AdminConnection is not null;
    bool keep;
    string? database;

    public string Describe => Postgres ? $"PostgreSQL database {database}" : Folder;

    public static async Task<BenchDatabase> CreateAsync(string root, string name, string? adminConnection, string tag, bool keep)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        if (adminConnection is null) return new BenchDatabase { Name = name, Folder = folder, keep = keep };
        var database = $"frontline_bench_{tag}_{name.Replace('-', '_')}";
        await using (var admin = new NpgsqlConnection(adminConnection))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(adminConnection) { Database = database }.ToString();
        return new BenchDatabase { Name = name, Folder = folder, AdminConnection = adminConnection, ConnectionString = cs, keep = keep, database = database };
    }

    public async ValueTask DisposeAsync()
    {
        if (!Postgres || keep) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnection);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
        await cmd.ExecuteNonQueryAsync();
    }
}
