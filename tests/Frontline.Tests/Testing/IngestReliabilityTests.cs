using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Frontline.Tests.Testing;

/// <summary>An app whose ingest takes one batch at a time and queues none, so a flood reaches its limit.</summary>
public sealed class NarrowIngestApp : FrontlineApp
{
    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Frontline:IngestConcurrency", "1");
        builder.UseSetting("Frontline:IngestQueue", "0");
    }
}

/// <summary>The two promises of the ingest path: back-pressure instead of collapse, and no acknowledged scan ever lost.</summary>
public class IngestReliabilityTests(NarrowIngestApp app) : IClassFixture<NarrowIngestApp>
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    sealed record Batch(string Id, List<object> Events);

    static List<Batch> Batches(string round, string site, IReadOnlyList<string> personIds, int batchSize, string prefix)
    {
        var batches = new List<Batch>();
        for (var b = 0; b * batchSize < personIds.Count; b++)
        {
            var events = personIds.Skip(b * batchSize).Take(batchSize).Select((id, i) => (object)new
            {
                eventId = $"{prefix}-{b}-{i}", roundId = round, siteCode = site, tubeCode = $"{prefix}-T{(b * batchSize + i) / 10}",
                poolSize = 10, personId = id, collectedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            }).ToList();
            batches.Add(new Batch($"{prefix}-{b}", events));
        }
        return batches;
    }

    static async Task<(string Round, string Site)> RoundAndSiteAsync(HttpClient admin, string prefix)
    {
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = prefix, scope = new[] { TestData.District }, startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        var site = await admin.PostAsJsonAsync("/api/testing/sites", new { code = prefix + "-SITE", name = "采样点", communityCode = TestData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        return ((await round.Body()).Str("id"), prefix + "-SITE");
    }

    static async Task<List<string>> AllPersonIdsAsync(HttpClient admin)
    {
        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var items = (await admin.GetJson($"/api/persons?pageSize=500&page={page}")).GetProperty("items").EnumerateArray().Select(p => p.Str("id")).ToList();
            ids.AddRange(items);
            if (items.Count < 500) return ids;
        }
    }

    [SkippableFact]
    public async Task A_flood_past_capacity_gets_429_with_retry_after_quickly_keeps_serving_and_loses_nothing_acknowledged()
    {
        var admin = await app.As("admin");
        var (round, site) = await RoundAndSiteAsync(admin, "flood");
        var people = await AllPersonIdsAsync(admin);
        // The admin holds every permission, sampling included, and sees the whole district's residents.
        var collector = admin;
        var batches = Batches(round, site, people, 20, "flood");
        var acknowledged = new ConcurrentBag<string>();
        // The first batch's body is held back: the limiter gives it the one slot before the body is read, so it holds the
        // slot until released. Probes (batches of their own) are sent one after another until one is refused: from then on
        // the slot is known to be held, however slowly a loaded machine brought the first request in.
        var body = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Without the test client's redirect handler, which would read the whole body before sending anything.
        using var streaming = app.CreateClient(new() { AllowAutoRedirect = false });
        streaming.DefaultRequestHeaders.Authorization = collector.DefaultRequestHeaders.Authorization;
        Task<HttpResponseMessage> Hold() =>
            streaming.PostAsync("/api/testing/samples/batch", new HeldBackJson(new { events = batches[0].Events }, body.Task));
        var holder = Hold();
        var next = 1;
        while (true)
        {
            await Task.Delay(200);
            // A probe can reach the limiter before the held batch does, which is then turned away: it tries again.
            if (holder.IsCompleted)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, (await holder).StatusCode);
                holder = Hold();
                continue;
            }
            Assert.True(next < batches.Count / 2, $"the held batch never took the slot ({next - 1} probes accepted)");
            var probe = batches[next++];
            var response = await collector.PostAsJsonAsync("/api/testing/samples/batch", new { events = probe.Events });
            if (response.StatusCode != HttpStatusCode.TooManyRequests) await AcknowledgedAsync(probe, response);
            else if (!holder.IsCompleted) break;
        }
        // The flood, all at once while the slot is held: every batch is turned away at once with a time to come back.
        var flood = await Task.WhenAll(batches.Skip(next).Select(batch => collector.PostAsJsonAsync("/api/testing/samples/batch", new { events = batch.Events })));
        foreach (var response in flood)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
            Assert.Equal(["too-many-requests"], await response.ProblemCodes());
        }
        body.SetResult();
        await AcknowledgedAsync(batches[0], await holder);
        Assert.True(acknowledged.Count > 0);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/healthz")).StatusCode);

        // Re-sending everything (as collectors do after a 429) stores each scan once: the acknowledged come back as duplicates.
        var duplicates = 0;
        var accepted = 0;
        foreach (var batch in batches)
            while (true)
            {
                var response = await collector.PostAsJsonAsync("/api/testing/samples/batch", new { events = batch.Events });
                if (response.StatusCode == HttpStatusCode.TooManyRequests) { await Task.Delay(50); continue; }
                var answer = await response.Body();
                duplicates += answer.Int("duplicates");
                accepted += answer.Int("accepted");
                break;
            }
        Assert.Equal(acknowledged.Sum(id => batches.Single(b => b.Id == id).Events.Count), duplicates);
        Assert.Equal(people.Count, duplicates + accepted);
        var coverage = await admin.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(people.Count, coverage.GetProperty("sampled").GetInt64());

        async Task AcknowledgedAsync(Batch batch, HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(batch.Events.Count, (await response.Body()).Int("accepted"));
            acknowledged.Add(batch.Id);
        }
    }

    [SkippableFact]
    public async Task Killing_the_server_mid_ingest_loses_no_acknowledged_scan_and_stores_none_twice()
    {
        var data = Path.Combine(Path.GetTempPath(), "frontline-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            await KillMidIngestAsync(data, new Dictionary<string, string>(),
                () => new SqliteConnection($"Data Source={Path.Combine(data, "frontline.db")}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The same on PostgreSQL, where batches run side by side (no write gate) and samples arrive by COPY.</summary>
    [SkippableFact]
    public async Task Killing_the_server_mid_ingest_on_PostgreSQL_loses_no_acknowledged_scan_and_stores_none_twice()
    {
        var server = Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server), PostgresApp.NotConfigured);
        var database = "frontline_kill_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
        var data = Path.Combine(Path.GetTempPath(), "frontline-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            await KillMidIngestAsync(data,
                new Dictionary<string, string> { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Frontline"] = connectionString },
                () => new NpgsqlConnection(connectionString));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    static async Task KillMidIngestAsync(string data, Dictionary<string, string> environment, Func<DbConnection> openDatabase)
    {
        using var server = new ServerProcess(data, environment);
        await server.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var token = (await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = FrontlineApp.Password })).Body()).Str("token");
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (round, site) = await RoundAndSiteAsync(admin, "kill");
        var people = await AllPersonIdsAsync(admin);
        var batches = Batches(round, site, people, 10, "kill");
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var queue = new ConcurrentQueue<Batch>(batches);

        // Four collectors send until the server dies under them; a batch counts only when answered 200.
        async Task Collector(HttpClient client, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && queue.TryDequeue(out var batch))
            {
                try
                {
                    var response = await client.PostAsJsonAsync("/api/testing/samples/batch", new { events = batch.Events }, stop);
                    if (response.StatusCode == HttpStatusCode.OK && (await response.Body()).GetProperty("rejected").GetArrayLength() == 0)
                        acknowledged[batch.Id] = true;
                    else queue.Enqueue(batch);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    queue.Enqueue(batch);
                    return;
                }
            }
        }
        HttpClient Client()
        {
            var c = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        }
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(_ => Client()).ToList();
        var sending = clients.Select(c => Collector(c, stop.Token)).ToList();
        while (acknowledged.Count < batches.Count / 3) await Task.Delay(5);
        server.Kill();
        await Task.WhenAll(sending);
        var beforeRestart = acknowledged.Count;
        Assert.True(beforeRestart < batches.Count, "the kill came while scans were still being sent");

        await server.StartAsync();
        // Everything not acknowledged is sent again, the same event ids; the acknowledged ones are sent again too, as a phone unsure of its last answer would.
        foreach (var batch in batches) queue.Enqueue(batch);
        using var resent = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        resent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var duplicates = 0;
        while (queue.TryDequeue(out var batch))
        {
            var answer = await (await resent.PostAsJsonAsync("/api/testing/samples/batch", new { events = batch.Events })).Body();
            Assert.Equal(0, answer.GetProperty("rejected").GetArrayLength());
            duplicates += answer.Int("duplicates");
        }
        Assert.True(duplicates >= beforeRestart * 10, $"every acknowledged scan survived the kill ({duplicates} duplicates for {beforeRestart} acknowledged batches)");
        server.Kill();

        await using var db = openDatabase();
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(DISTINCT person_id) FROM samples WHERE event_id LIKE 'kill-%'";
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal(people.Count, Convert.ToInt32(reader.GetValue(0)));
            Assert.Equal(people.Count, Convert.ToInt32(reader.GetValue(1)));
            Assert.Equal(people.Count, Convert.ToInt32(reader.GetValue(2)));
        }
        cmd.CommandText = "SELECT SUM(sampled) FROM coverage_counts";
        Assert.Equal(people.Count, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
        cmd.CommandText = "SELECT COUNT(*) FROM tubes WHERE code LIKE 'kill-%' AND count <> (SELECT COUNT(*) FROM samples s WHERE s.tube_id = tubes.id)";
        Assert.Equal(0, Convert.ToInt32(await cmd.ExecuteScalarAsync()));
    }
}

/// <summary>A JSON request body that is sent only once <paramref name="release"/> completes.</summary>
sealed class HeldBackJson : HttpContent
{
    readonly byte[] json;
    readonly Task release;

    public HeldBackJson(object value, Task release)
    {
        this.release = release;
        json = JsonSerializer.SerializeToUtf8Bytes(value, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await release;
        await stream.WriteAsync(json);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
