using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Testing;

/// <summary>
/// Counts the SQL commands EF Core sends inside a <see cref="Measure"/> (an async flow: other tests' commands on the same
/// host are not counted).
/// </summary>
public sealed class QueryCounter : DbCommandInterceptor
{
    public static readonly QueryCounter Instance = new();
    static readonly AsyncLocal<StrongBox?> counting = new();

    sealed class StrongBox { public int Count; }

    public static async Task<(T Result, int Commands)> Measure<T>(Func<Task<T>> work)
    {
        var box = new StrongBox();
        counting.Value = box;
        try { return (await work(), box.Count); }
        finally { counting.Value = null; }
    }

    static void Count()
    {
        if (counting.Value is { } box) Interlocked.Increment(ref box.Count);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>The app with the query counter on its database contexts.</summary>
static class Counting
{
    public static void AddQueryCounter(this IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.ConfigureDbContext<SqliteFrontlineDb>(o => o.AddInterceptors(QueryCounter.Instance));
        services.ConfigureDbContext<PostgresFrontlineDb>(o => o.AddInterceptors(QueryCounter.Instance));
    });
}

public sealed class CountingSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.AddQueryCounter();
    }
}

public sealed class CountingPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.AddQueryCounter();
    }
}

/// <summary>
/// The round page's data: the positive pools first with where to find each person, children worst-first, rooms as the
/// doors are numbered; the refresh's queries counted (a future N+1 fails here); the lab upload's answers.
/// </summary>
public abstract class RoundPageTests(FrontlineApp app)
{
    /// <summary>
    /// The most SQL commands one refresh of the round page may send, at any level and whatever the jurisdiction holds.
    /// Raise it only for a new fixed read, never for one per row.
    /// </summary>
    const int MaxCommandsPerRefresh = 12;

    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<(string Round, string Site)> RoundAndSiteAsync()
    {
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("第5轮全员核酸"), scope = new[] { TestData.Songgang }, startsAt = DateTimeOffset.UtcNow.AddHours(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync());
        var siteCode = Next("SITE");
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/testing/sites", new { code = siteCode, name = "红星社区采样点", communityCode = TestData.Hongxing })).StatusCode);
        return ((await round.Body()).Str("id"), siteCode);
    }

    /// <summary>Residents of one new building of 红星社区 in the given rooms.</summary>
    async Task<(string Building, List<string> IdNumbers)> ResidentsAsync(params string[] rooms)
    {
        var admin = await app.As("admin");
        var building = Next("复核楼");
        var ids = new List<string>();
        foreach (var room in rooms)
        {
            var id = TestData.NewResidentId();
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "复核" + room, idNumber = id, phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building, room,
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(id);
        }
        return (building, ids);
    }

    async Task PositivePoolAsync(string round, string site, string tube, IEnumerable<string> idNumbers)
    {
        var sampler = await app.As("sampler");
        var scans = await sampler.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = idNumbers.Select(id => new
            {
                eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, idNumber = id,
                collectedAt = DateTimeOffset.UtcNow.AddMinutes(-30), collector = "采样员01",
            }).ToArray(),
        });
        Assert.True(scans.IsSuccessStatusCode, await scans.Content.ReadAsStringAsync());
        var lab = await app.As("lab");
        var result = await lab.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "positive", ctOrf1ab = 27.5, ctN = 29.0, lab = "松岗检测实验室" } },
        });
        Assert.True(result.IsSuccessStatusCode, await result.Content.ReadAsStringAsync());
    }

    static Caller Commander(string scope = TestData.District) => new("commander", new JurisdictionScope(scope), new ClaimsPrincipal());

    async Task<(RoundPageView View, int Commands)> RefreshAsync(long round, string jurisdiction, JurisdictionLevel level)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var page = scope.ServiceProvider.GetRequiredService<RoundPage>();
        return await QueryCounter.Measure(() => page.ReadAsync(Commander(), round, jurisdiction, level, new PageRequest(1, 20), new PageRequest(1, 20), []));
    }

    [Fact]
    public void Rooms_and_buildings_sort_as_their_doors_are_numbered()
    {
        string?[] rooms = ["1203", "201", "2-101", "12-101", "1栋", "12栋", "2栋", null, "0201", "201A"];
        Assert.Equal(new string?[] { null, "1栋", "2-101", "2栋", "12-101", "12栋", "0201", "201", "201A", "1203" },
            rooms.Order(NaturalOrder.Instance).ToArray());
    }

    [SkippableFact]
    public async Task A_refresh_reads_the_page_in_a_fixed_number_of_queries_at_every_level()
    {
        app.SkipIfUnavailable();
        var (roundText, site) = await RoundAndSiteAsync();
        var round = long.Parse(roundText);
        var (_, first) = await ResidentsAsync("1203", "201", "302");
        await PositivePoolAsync(roundText, site, Next("T"), first);

        var counts = new List<int>();
        foreach (var (code, level) in new[] { (TestData.District, JurisdictionLevel.District), (TestData.Songgang, JurisdictionLevel.Street),
                     (TestData.Hongxing, JurisdictionLevel.Community) })
        {
            var (view, commands) = await RefreshAsync(round, code, level);
            Assert.Equal(3, view.RetestFigures.Total);
            Assert.InRange(commands, 1, MaxCommandsPerRefresh);
            counts.Add(commands);
        }

        // Three more positive pools, more re-tests, more buildings: the same number of queries (no query per row).
        for (var i = 0; i < 3; i++)
        {
            var (_, more) = await ResidentsAsync("101", "2001");
            await PositivePoolAsync(roundText, site, Next("T"), more);
        }
        var (after, again) = await RefreshAsync(round, TestData.Hongxing, JurisdictionLevel.Community);
        Assert.Equal(9, after.RetestFigures.Total);
        Assert.Equal(counts[^1], again);
    }

    [SkippableFact]
    public async Task The_positive_pools_come_with_building_room_and_a_masked_phone_in_door_order_and_export_audited()
    {
        app.SkipIfUnavailable();
        var (round, site) = await RoundAndSiteAsync();
        var (building, people) = await ResidentsAsync("1203", "201", "302");
        var tube = Next("T");
        await PositivePoolAsync(round, site, tube, people);

        var (view, _) = await RefreshAsync(long.Parse(round), TestData.Hongxing, JurisdictionLevel.Community);
        var mine = view.Retests.Where(r => r.TubeCode == tube).ToList();
        Assert.Equal(3, mine.Count);
        Assert.All(mine, r =>
        {
            Assert.Equal(building, r.Building);
            Assert.Matches(@"^1\d{2}\*{4}\d{4}$", r.Phone);
            Assert.Equal("due", r.Status);
            // The room is the household's address: shown only to a caller with pii.view (this one has none).
            Assert.Equal("***", r.Room);
        });
        // Children worst-first: the round's lowest coverage on top.
        var (street, _) = await RefreshAsync(long.Parse(round), TestData.Songgang, JurisdictionLevel.Street);
        Assert.Equal(street.Children.OrderBy(c => c.Coverage).Select(c => c.Coverage), street.Children.Select(c => c.Coverage));

        // The export for the door-to-door team: rooms in door order (201, 302, 1203) for whoever may see them, phones masked.
        var worker = await app.As("community-worker");
        var response = await worker.GetAsync($"/api/testing/rounds/{round}/retests.xlsx?jurisdiction={TestData.Hongxing}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await response.Content.ReadAsStreamAsync(), useHeaderRow: true)
            .Cast<IDictionary<string, object?>>().Where(r => r["原采样管"]?.ToString() == tube).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Matches(@"\*{4}", r["手机号码"]?.ToString() ?? ""));
        var audit = await (await app.As("auditor")).GetJson($"/api/audit?subject=round:{round}:retests&pageSize=10");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == AuditActions.Export);

        // Full phones need a reason.
        var missing = await worker.GetAsync($"/api/testing/rounds/{round}/retests.xlsx?unmask=true");
        Assert.Contains("reason-required", await missing.ProblemCodes());
    }

    [SkippableFact]
    public async Task A_lab_file_with_its_own_headers_is_read_and_its_answer_names_columns_tubes_conflicts_and_positives()
    {
        app.SkipIfUnavailable();
        var (round, site) = await RoundAndSiteAsync();
        var (_, people) = await ResidentsAsync("501", "502", "503");
        string positive = Next("T"), negative = Next("T"), conflicting = Next("T");
        var sampler = await app.As("sampler");
        var scans = await sampler.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = new[] { (positive, people[0]), (negative, people[1]), (conflicting, people[2]) }.Select(x => new
            {
                eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = x.Item1, idNumber = x.Item2,
                collectedAt = DateTimeOffset.UtcNow.AddMinutes(-30), collector = "采样员01",
            }).ToArray(),
        });
        Assert.True(scans.IsSuccessStatusCode);
        var lab = await app.As("lab");
        Assert.True((await lab.PostAsJsonAsync("/api/testing/results/batch", new
        {
            results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = conflicting, outcome = "negative", lab = "松岗检测实验室" } },
        })).IsSuccessStatusCode);

        // A header the template does not print: refused with every name the column goes by.
        var wrong = TestData.Csv([[positive, "阳性"]], header: ["样品号", "检测结果"]);
        var refused = await lab.PostAsync($"/api/testing/results/upload?roundId={round}", TestData.Upload(wrong, "wrong-header.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("missing-column", problem);
        Assert.Contains("条码号", problem);
        Assert.Contains("试管编码", problem);

        // 条码号 (a common lab header) is read; each error names its column and tube; the conflict is counted apart.
        var csv = TestData.Csv(
        [
            [positive, "阳性", "27.1", "28.0"],
            [negative, "阴性", "", ""],
            [conflicting, "阳性", "30.2", "31.0"],
            [negative, "也许", "", ""],
            ["NO-SUCH-TUBE", "阴性", "", ""],
        ], header: ["条码号", "核酸结果", "ORF1ab", "N"]);
        var answer = await (await lab.PostAsync($"/api/testing/results/upload?roundId={round}", TestData.Upload(csv, "lab-export.csv"))).Body();
        Assert.Equal((5, 2, 1, 2), (answer.Int("total"), answer.Int("accepted"), answer.Int("conflicts"), answer.Int("rejected")));
        var errors = answer.GetProperty("errors").EnumerateArray()
            .Select(e => (e.Int("row"), e.Str("column"), e.GetProperty("tubeCode").GetString(), e.Str("code"))).ToList();
        Assert.Equal([(4, "条码号", conflicting, "conflicting-result"), (5, "核酸结果", negative, "invalid-outcome"),
            (6, "条码号", "NO-SUCH-TUBE", "unknown-tube")], errors);
        var positives = answer.GetProperty("positives").EnumerateArray().ToList();
        var reported = Assert.Single(positives);
        Assert.Equal((round, positive, 1), (reported.Str("roundId"), reported.Str("tubeCode"), reported.Int("people")));

        // The errors' download carries the tube code too.
        var file = await lab.GetAsync($"/api/testing/results/uploads/{answer.Str("uploadId")}/errors.xlsx");
        var listed = MiniExcelLibs.MiniExcel.Query(await file.Content.ReadAsStreamAsync(), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["NO-SUCH-TUBE"], listed.Where(r => r["错误代码"]?.ToString() == "unknown-tube").Select(r => r["采样管编号"]?.ToString()));
    }
}

public sealed class SqliteRoundPageTests(CountingSqliteApp app) : RoundPageTests(app), IClassFixture<CountingSqliteApp>;

public sealed class PostgresRoundPageTests(CountingPostgresApp app) : RoundPageTests(app), IClassFixture<CountingPostgresApp>;
