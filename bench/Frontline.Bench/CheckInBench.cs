using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Frontline.Bench;

sealed record CheckInOptions(long CheckIns, int Residents, int Places, int Clients, int Batch, int Repeats, bool Postgres, bool Keep)
{
    public static CheckInOptions? Parse(string[] args)
    {
        long checkIns = 20_000_000;
        int residents = 4_500_000, places = 0, clients = 8, batch = 1000, repeats = 50;
        bool postgres = false, keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--checkins" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out checkIns) && checkIns >= 1000:
                case "--residents" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out residents) && residents >= 1000:
                case "--places" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out places) && places >= 100:
                case "--clients" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out clients) && clients > 0:
                case "--batch" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out batch)
                                    && batch >= 10 && batch <= CheckInIngest.MaxBatch:
                case "--repeats" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out repeats) && repeats > 0:
                    i++;
                    break;
                case "--provider" when i + 1 < args.Length && args[i + 1] is "sqlite" or "postgres":
                    postgres = args[++i] == "postgres";
                    break;
                case "--keep": keep = true; break;
                default: return null;
            }
        }
        // About one registered place for every 90 residents (markets, shops, offices, stations): 50,000 in the model district.
        return new CheckInOptions(checkIns, residents, places > 0 ? places : Math.Max(100, residents / 90), clients, batch, repeats, postgres, keep);
    }
}

/// <summary>
/// The check-in and companion parts of the investigation benchmark. Seeds N residents and P places, then sends C check-ins
/// spread over the last 14 days through POST /api/checkins/batch from several clients on a real socket; beside it, the raw
/// insert (SQLite: prepared INSERT; PostgreSQL: binary COPY) of the same rows into a fresh database of the same schema.
/// Then a case with 20 trajectory entries at busy and ordinary places, and its companion search over HTTP, repeated.
/// </summary>
sealed class CheckInBench(CheckInOptions options)
{
    const string Password = "Bench-Feed-2022";
    const int Entries = 20;
    readonly string folder = Path.Combine(Path.GetTempPath(), "frontline-cbench-" + Guid.NewGuid().ToString("N")[..8]);
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
        var admin = options.Postgres ? Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES") : null;
        if (options.Postgres && string.IsNullOrEmpty(admin))
        {
            Console.Error.WriteLine("--provider postgres needs FRONTLINE_TEST_POSTGRES (a connection string to a server where a database may be created)");
            return 2;
        }
        Console.WriteLine($"Check-in benchmark: {options.CheckIns:N0} check-ins over 14 days, {options.Residents:N0} residents, {options.Places:N0} places, " +
            $"{options.Clients} clients, batches of {options.Batch}, {(options.Postgres ? "PostgreSQL" : "SQLite")}, {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, .NET {Environment.Version}");

        await using var database = await BenchDatabase.CreateAsync(folder, "checkins", admin, tag, options.Keep);
        await using var app = BuildHost(database, listen: true);
        await Frontline.Platform.Database.MigrateAsync(app.Services);
        var seedClock = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: options.Residents);
        var (firstPerson, persons) = await PersonRangeAsync(app);
        var placeIds = await CreatePlacesAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
            await CreateUserAsync(scope.ServiceProvider, "bench-feed", "场所码平台", Roles.Investigator);
        Console.WriteLine($"Seeded {persons:N0} residents and {placeIds.Length:N0} places in {seedClock.Elapsed.TotalSeconds:0.0} s (not measured)");

        var end = DateTime.UtcNow.AddHours(-1);
        var plan = new CheckInPlan(options.CheckIns, firstPerson, persons, options.Places, end.AddDays(-14), end);
        await app.StartAsync();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var token = await TokenAsync(probe, "bench-feed", Password);

        // 1. Ingest over HTTP.
        Measure.Settle();
        var hwm = Measure.ResetPeakWorkingSet();
        using var heap = new HeapSampler();
        var before = Memory.Now();
        var cpu = Measure.Cpu();
        var wall = Stopwatch.StartNew();
        var sent = await SendAsync(baseUrl, token, plan);
        wall.Stop();
        cpu = Measure.Cpu() - cpu;
        var after = Memory.Now();
        var peakHeap = heap.Stop();
        Console.Error.WriteLine();
        var stored = await CountAsync(app);
        var correct = sent.Accepted == options.CheckIns && sent.Rejected == 0 && stored == options.CheckIns;
        Console.WriteLine($"Accepted {sent.Accepted:N0}, duplicates {sent.Duplicates:N0}, rejected {sent.Rejected:N0}; 429 × {sent.TooMany}, 503 × {sent.Busy}; " +
            $"{stored:N0} rows in checkins");

        // 2. Raw insert of the same rows into a fresh database of the same schema.
        await using var rawDatabase = await BenchDatabase.CreateAsync(folder, "raw", admin, tag, options.Keep);
        await using var rawApp = BuildHost(rawDatabase, listen: false);
        await Frontline.Platform.Database.MigrateAsync(rawApp.Services);
        Measure.Settle();
        var raw = await RawInsertAsync(rawApp, plan);

        // 3. The companion search of a case with 20 entries.
        var search = await CompanionSearchAsync(app, baseUrl, plan, placeIds);

        double Rate(TimeSpan t) => options.CheckIns / t.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| measure | value | target |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| check-ins | {options.CheckIns:N0} over 14 days, {options.Places:N0} places, {persons:N0} residents |  |");
        Console.WriteLine($"| ingest over HTTP ({options.Clients} clients, batches of {options.Batch}) | {wall.Elapsed.TotalSeconds:0.0} s (CPU {cpu.TotalSeconds:0.0} s) |  |");
        Console.WriteLine($"| ingest rate | {Rate(wall.Elapsed):N0} check-ins/s ({Rate(wall.Elapsed) * 86_400 / 1e6:0.0} M a day) | 15 M a day ≈ 174/s on average |");
        Console.WriteLine($"| raw write (same rows, a transaction per batch; {(options.Postgres ? "binary COPY" : "prepared INSERT")}) | {raw.Elapsed.TotalSeconds:0.0} s (CPU {raw.Cpu.TotalSeconds:0.0} s) |  |");
        Console.WriteLine($"| raw rate | {Rate(raw.Elapsed):N0} rows/s |  |");
        Console.WriteLine($"| ratio ingest / raw | {raw.Elapsed / wall.Elapsed:0.00} | ≥ 0.50 |");
        Console.WriteLine($"| peak working set during the ingest{(hwm ? "" : " (whole process: clear_refs unavailable)")} | {after.PeakWorkingSet / 1048576.0:N0} MiB |  |");
        Console.WriteLine($"| peak managed heap (sampled) / allocated | {peakHeap / 1048576.0:N0} MiB / {(after.Allocated - before.Allocated) / 1073741824.0:0.0} GiB |  |");
        Console.WriteLine($"| GCs gen0/gen1/gen2, pause | {after.Gen0 - before.Gen0}/{after.Gen1 - before.Gen1}/{after.Gen2 - before.Gen2}, {(after.PauseTotal - before.PauseTotal).TotalMilliseconds:N0} ms |  |");
        Console.WriteLine($"| companion search, {Entries} entries, {search.Candidates:N0} candidates ({search.Scanned:N0} check-ins in the windows) | " +
            $"p50 {search.P50:0.0} ms, p99 {search.P99:0.0} ms over {options.Repeats} (HTTP, first page of 50) | < 50 ms |");
        if (!correct) Console.WriteLine("WRONG: not every check-in was stored exactly once");
        return correct ? 0 : 1;
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
                // One account stands for the venue-code platform's feed: it may use every ingest slot.
                ["Frontline:IngestPerAccount"] = "1000",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            });
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
        if (listen) app.Urls.Add("http://127.0.0.1:0");
        return app;
    }

    static async Task<(long First, int Count)> PersonRangeAsync(WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var first = await db.Persons.MinAsync(p => p.Id);
        var last = await db.Persons.MaxAsync(p => p.Id);
        return (first, (int)(last - first + 1));
    }

    /// <summary>The places, spread over the communities, written in one go (Registry's service would audit each: 50,000 entries).</summary>
    async Task<long[]> CreatePlacesAsync(WebApplication app)
    {
        var communities = (await app.Services.GetRequiredService<JurisdictionDirectory>().CommunitiesAsync(new JurisdictionScope(DemoSeed.District))).ToList();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var kinds = Enum.GetValues<PlaceKind>();
        var now = DateTime.UtcNow;
        var rows = Enumerable.Range(0, options.Places).Select(i => new Place
        {
            Code = CheckInPlan.VenueCode(i), Name = $"基准场所{i}", Kind = kinds[i % kinds.Length], CommunityCode = communities[i % communities.Count].Code, CreatedAt = now,
        }).ToList();
        foreach (var chunk in rows.Chunk(5000))
        {
            db.Places.AddRange(chunk);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        return rows.Select(r => r.Id).ToArray();
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

    sealed class Sent
    {
        public long Accepted, Duplicates, Rejected, TooMany, Busy;
    }

    /// <summary>Every client takes the next batch until none is left; a 429/503 waits its Retry-After and sends the batch again.</summary>
    async Task<Sent> SendAsync(string baseUrl, string token, CheckInPlan plan)
    {
        var sent = new Sent();
        var next = -1L;
        var batches = (plan.Count + options.Batch - 1) / options.Batch;
        var progress = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
        {
            using var http = Client(baseUrl, token);
            var buffer = new ArrayBufferWriter<byte>(options.Batch * 160);
            while (true)
            {
                var b = Interlocked.Increment(ref next);
                if (b >= batches) return;
                buffer.ResetWrittenCount();
                plan.Write(buffer, b * options.Batch, Math.Min(plan.Count, (b + 1) * options.Batch));
                while (true)
                {
                    using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/api/checkins/batch", content);
                    if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref response.StatusCode == HttpStatusCode.TooManyRequests ? ref sent.TooMany : ref sent.Busy);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                        continue;
                    }
                    response.EnsureSuccessStatusCode();
                    using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                    Interlocked.Add(ref sent.Accepted, answer.RootElement.GetProperty("accepted").GetInt32());
                    Interlocked.Add(ref sent.Duplicates, answer.RootElement.GetProperty("duplicates").GetInt32());
                    Interlocked.Add(ref sent.Rejected, answer.RootElement.GetProperty("rejected").GetArrayLength());
                    break;
                }
                if (b % 200 == 0)
                    Console.Error.Write($"\r  ingesting … {Interlocked.Read(ref sent.Accepted):N0} in {progress.Elapsed.TotalSeconds:0} s   ");
            }
        }));
        return sent;
    }

    static async Task<long> CountAsync(WebApplication app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.CheckIns.LongCountAsync();
    }

    /// <summary>The same rows, a transaction per batch on one connection: SQLite's prepared INSERT, PostgreSQL's binary COPY.</summary>
    async Task<(TimeSpan Elapsed, TimeSpan Cpu)> RawInsertAsync(WebApplication app, CheckInPlan plan)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var insert = Sql.Command(connection, null,
            "INSERT INTO checkins (event_id, place_id, person_id, community_code, at) VALUES (@e, @place, @person, @c, @at)", "@e", "@place", "@person", "@c", "@at");
        var cpu = Measure.Cpu();
        var clock = Stopwatch.StartNew();
        for (var start = 0L; start < plan.Count; start += options.Batch)
        {
            var stop = Math.Min(plan.Count, start + options.Batch);
            await using var tx = await connection.BeginTransactionAsync();
            if (connection is NpgsqlConnection pg)
            {
                await using var copy = await pg.BeginBinaryImportAsync("COPY checkins (event_id, place_id, person_id, community_code, at) FROM STDIN (FORMAT BINARY)");
                for (var i = start; i < stop; i++)
                {
                    var (place, person, at) = plan.Row(i);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(CheckInPlan.EventId(i), NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync((long)place + 1, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync(person, NpgsqlTypes.NpgsqlDbType.Bigint);
                    await copy.WriteAsync("440306005002", NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync(at, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            else
            {
                insert.Transaction = tx;
                for (var i = start; i < stop; i++)
                {
                    var (place, person, at) = plan.Row(i);
                    insert.Set("@e", CheckInPlan.EventId(i));
                    insert.Set("@place", (long)place + 1);
                    insert.Set("@person", person);
                    insert.Set("@c", "440306005002");
                    insert.Set("@at", at);
                    await insert.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
        }
        return (clock.Elapsed, Measure.Cpu() - cpu);
    }

    sealed record SearchResult(long Candidates, long Scanned, double P50, double P99);

    /// <summary>
    /// A case of a resident, confirmed with onset yesterday, and 20 one-hour entries over its lookback: five at the busiest
    /// places, fifteen at ordinary ones. Timed over HTTP as the investigator's page would ask, after three warm-up calls.
    /// </summary>
    async Task<SearchResult> CompanionSearchAsync(WebApplication app, string baseUrl, CheckInPlan plan, long[] placeIds)
    {
        var caller = await CallerAsync(app, "bench-feed");
        long caseId;
        LookbackWindow lookback;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cases = scope.ServiceProvider.GetRequiredService<Cases>();
            var today = ChinaTime.Today(TimeProvider.System);
            caseId = await cases.CreateAsync(caller, new CaseInput(plan.FirstPerson.ToString(CultureInfo.InvariantCulture), null, "confirmed", "report",
                null, today.AddDays(-1), null));
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
            var c = await db.Cases.SingleAsync(x => x.Id == caseId);
            lookback = await scope.ServiceProvider.GetRequiredService<Trajectories>().LookbackAsync(db, c, default);
            var random = new Random(20);
            var last = lookback.To < plan.End ? lookback.To : plan.End;
            var entries = Enumerable.Range(0, Entries).Select(i =>
            {
                var place = i < 5 ? i : 100 + random.Next(options.Places - 100);
                var from = lookback.From.AddMinutes(random.NextDouble() * Math.Max(60, (last - lookback.From).TotalMinutes - 60));
                return new TrajectoryEntryInput(CheckInPlan.VenueCode(place), null, from.ToChina(), from.AddHours(1).ToChina(), null);
            }).ToList();
            await scope.ServiceProvider.GetRequiredService<Trajectories>().AddAsync(caller, caseId, entries);
        }
        using var http = Client(baseUrl, await TokenAsync(new HttpClient { BaseAddress = new Uri(baseUrl) }, "bench-feed", Password));
        var url = $"/api/cases/{caseId}/companions?pageSize=50";
        JsonElement first = default;
        for (var i = 0; i < 3; i++) first = await http.GetFromJsonAsync<JsonElement>(url);
        var times = new List<double>(options.Repeats);
        for (var i = 0; i < options.Repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        var scanned = 0L;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var w = TimeSpan.FromMinutes(first.GetProperty("windowMinutes").GetInt32());
            foreach (var e in await db.TrajectoryEntries.Where(t => t.CaseId == caseId).ToListAsync())
            {
                var (from, to) = (DateTime.SpecifyKind(e.From, DateTimeKind.Utc) - w, DateTime.SpecifyKind(e.To, DateTimeKind.Utc) + w);
                scanned += await db.CheckIns.LongCountAsync(k => k.PlaceId == e.PlaceId && k.At >= from && k.At <= to);
            }
        }
        return new SearchResult(first.GetProperty("total").GetInt64(), scanned, At(0.5), At(0.99));
    }

    static async Task<Caller> CallerAsync(WebApplication app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no {userName} user");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return Caller.From(principal) with { Ip = "bench" };
    }
}

/// <summary>
/// The check-ins, made on demand from their index (nothing held for 20 M rows): a resident, a place, a moment in the
/// 14 days. Places are skewed as footfall is: the share of check-ins at the k busiest of P places is √(k/P), so the
/// busiest sees about one in 200 of all scans (a metro station's day) and most see a few a day.
/// </summary>
sealed class CheckInPlan(long count, long firstPerson, int persons, int places, DateTime start, DateTime end)
{
    public long Count => count;
    public long FirstPerson => firstPerson;
    public DateTime End => end;

    public static string VenueCode(int place) => "BV" + place.ToString("000000", CultureInfo.InvariantCulture);
    public static string EventId(long i) => "bench-" + i.ToString(CultureInfo.InvariantCulture);

    static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    static double Unit(ulong x) => (x >> 11) * (1.0 / (1UL << 53));

    public (int Place, long Person, DateTime At) Row(long i)
    {
        var a = Mix((ulong)i);
        var b = Mix(a);
        var c = Mix(b);
        var u = Unit(a);
        var place = Math.Min(places - 1, (int)(places * u * u));
        var person = firstPerson + (long)(b % (ulong)persons);
        // Daytime: 07:00–22:00 China time on one of the 14 days.
        var day = (int)(c % 14);
        var minute = 7 * 60 + Unit(Mix(c)) * 15 * 60;
        var at = new DateTime(start.Year, start.Month, start.Day, 0, 0, 0, DateTimeKind.Utc).AddDays(day + 1).AddHours(-8).AddMinutes(minute);
        if (at > end) at = end.AddMinutes(-Unit(c) * 600);
        return (place, person, at);
    }

    /// <summary>The body of a batch: <c>{ "events": [ … ] }</c> for rows [from, to).</summary>
    public void Write(IBufferWriter<byte> buffer, long from, long to)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteStartArray("events");
        for (var i = from; i < to; i++)
        {
            var (place, person, at) = Row(i);
            json.WriteStartObject();
            json.WriteString("eventId", EventId(i));
            json.WriteString("venueCode", VenueCode(place));
            json.WriteString("personId", person.ToString(CultureInfo.InvariantCulture));
            json.WriteString("at", at);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
