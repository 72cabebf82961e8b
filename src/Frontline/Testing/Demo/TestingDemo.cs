using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing.Demo;

/// <summary>
/// The mass testing a newcomer finds on a first start, as a street would have it on a real morning: yesterday's round
/// over 松岗街道 complete with its results (one positive pool in 红星社区 with its re-tests partly done — one of them
/// positive, which makes a case — and a conflicting result waiting for review), today's round partly sampled at several
/// sites, and a few exemptions. Everything goes through the module's services as the commander, the samplers and the lab.
/// </summary>
public sealed class TestingDemo(
    IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory jurisdictions, Rounds rounds, SamplingSites sites, SampleIngest samples,
    ResultIngest results, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock,
    ILogger<TestingDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000", Hongxing = "440306005002";
    const int Pool = 10;

    public int Order => 300;

    sealed record Resident(long Id, string Community);

    public async Task SeedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var commander = await CallerAsync("commander");
        var streetSampler = await CallerAsync("admin");
        var sampler = await CallerAsync("sampler");
        var lab = await CallerAsync("lab");
        var communities = (await jurisdictions.ChildrenAsync(Songgang, ct)).Select(c => c.Code).ToList();
        if (communities.Count == 0) return;
        var residents = await ResidentsAsync(communities, ct);

        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow();
        var yesterdayStart = ChinaTime.FromChina(today.AddDays(-1).ToDateTime(new TimeOnly(7, 0)));
        var yesterday = await rounds.CreateRoundAsync(commander, new RoundInput($"{today.AddDays(-1):M月d日} 松岗街道全员核酸检测", [Songgang],
            yesterdayStart, yesterdayStart.AddHours(15), Pool), ct);
        // Today's round opened at seven, or two hours ago when the server starts before seven.
        var todayStart = ChinaTime.FromChina(today.ToDateTime(new TimeOnly(7, 0))) is var seven && seven < now.AddHours(-2) ? seven : now.AddHours(-2);
        // It runs until ten at night, or on into the night when the server starts later: today's round is always under way.
        var todayEnd = todayStart.AddHours(15) is var ten && ten > now.AddHours(3) ? ten : now.AddHours(3);
        var current = await rounds.CreateRoundAsync(commander, new RoundInput($"{today:M月d日} 松岗街道全员核酸检测", [Songgang],
            todayStart, todayEnd, Pool), ct);

        // A site per community, three in 红星社区 staffed by its sampler.
        var siteOf = new Dictionary<string, List<string>>();
        foreach (var community in communities)
        {
            var name = (await jurisdictions.GetAsync(community, ct))!.Name;
            var count = community == Hongxing ? 3 : 1;
            siteOf[community] = [];
            for (var n = 1; n <= count; n++)
            {
                var code = $"SG{community[^3..]}-{n:00}";
                await sites.CreateAsync(commander, new SiteInput(code, count == 1 ? $"{name}核酸采样点" : $"{name}核酸采样点{n}", community,
                    community == Hongxing ? ["sampler"] : []), ct);
                siteOf[community].Add(code);
            }
        }

        // Two residents of 红星 are away or bedridden (home sampling arranged): exempt from yesterday on.
        var hongxing = residents.Where(r => r.Community == Hongxing).ToList();
        var exempt = hongxing.TakeLast(2).ToList();
        await rounds.ExemptAsync(commander, new ExemptionInput(exempt[0].Id.ToString(), "away", today.AddDays(-1), today.AddDays(6)), ct);
        await rounds.ExemptAsync(commander, new ExemptionInput(exempt[1].Id.ToString(), "bedridden", today.AddDays(-1), null), ct);
        var expected = residents.Except(exempt).ToList();

        // Yesterday: everyone expected sampled between 07:00 and 17:00, then every tube resulted.
        var yesterdayTubes = await ScanRoundAsync(yesterday, "D1", expected, siteOf, yesterdayStart, TimeSpan.FromHours(10), sampler, streetSampler, ct);
        var positiveTube = yesterdayTubes.First(t => t.Community == Hongxing);
        var conflictTube = yesterdayTubes.Last(t => t != positiveTube);
        var reported = yesterdayStart.AddHours(11);
        await PostResultsAsync(lab, yesterday, yesterdayTubes.Select((t, i) =>
            t == positiveTube ? Result(t.Code, "positive", 28.6, 30.1, reported) : Result(t.Code, "negative", null, null, reported.AddMinutes(i % 60))), ct);
        // A second laboratory's different result for one tube: kept for a decision under 结果冲突处理, never applied on its own.
        await PostResultsAsync(lab, yesterday, [Result(conflictTube.Code, "positive", 36.2, 37.0, reported.AddHours(2), eventSuffix: "-recheck")], ct);

        // The positive pool's individual re-tests: six in ten re-sampled in the evening, two thirds of those resulted (one positive: a case).
        var retested = positiveTube.People.Take(positiveTube.People.Count * 6 / 10).ToList();
        var retestTubes = new List<string>();
        var evening = yesterdayStart.AddHours(13);
        await samples.IngestAsync(sampler, retested.Select((p, i) =>
        {
            var tube = $"D1-RT-{i + 1:000}";
            retestTubes.Add(tube);
            return new SampleEvent($"demo-{yesterday}-rt-{i}", yesterday.ToString(), siteOf[Hongxing][0], tube, 1, null, p.Id.ToString(),
                evening.AddMinutes(5 * i), "sampler", null, null);
        }).ToList(), ct);
        await PostResultsAsync(lab, yesterday, retestTubes.Take(retestTubes.Count * 2 / 3).Select((tube, i) =>
            i == 1 ? Result(tube, "positive", 31.4, 32.0, evening.AddHours(1)) : Result(tube, "negative", null, null, evening.AddHours(1))), ct);

        // Today: the morning's work so far, about two in five sampled, the earliest tubes resulted. The positive pool's people
        // stay under temporary control at home: the four still due their single tube are not in a pooled queue.
        var morning = expected.Where((p, i) => i % 5 < 2 && !positiveTube.People.Contains(p)).ToList();
        var elapsed = now - todayStart - TimeSpan.FromMinutes(15);
        var todayTubes = await ScanRoundAsync(current, "D2", morning, siteOf, todayStart, elapsed > TimeSpan.Zero ? elapsed : TimeSpan.FromMinutes(1),
            sampler, streetSampler, ct);
        await PostResultsAsync(lab, current, todayTubes.Take(todayTubes.Count / 3)
            .Select(t => Result(t.Code, "negative", null, null, todayStart.Add(elapsed / 2))), ct);

        log.LogInformation("Demo mass testing: rounds {Yesterday} and {Today}, {Scans} scans, in {Ms:0} ms", yesterday, current,
            expected.Count + retested.Count + morning.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    sealed record DemoTube(string Code, string Community, List<Resident> People);

    /// <summary>Scans the residents community by community into tubes of ten, spread over the given time at the community's sites.</summary>
    async Task<List<DemoTube>> ScanRoundAsync(long round, string prefix, List<Resident> people, Dictionary<string, List<string>> siteOf,
        DateTimeOffset from, TimeSpan over, Caller sampler, Caller streetSampler, CancellationToken ct)
    {
        var tubes = new List<DemoTube>();
        foreach (var group in people.GroupBy(p => p.Community))
        {
            var list = group.ToList();
            var caller = group.Key == Hongxing ? sampler : streetSampler;
            var events = new List<SampleEvent>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                var sites = siteOf[group.Key];
                var tube = $"{prefix}-{group.Key[^3..]}-{i / Pool + 1:0000}";
                if (i % Pool == 0) tubes.Add(new DemoTube(tube, group.Key, []));
                tubes[^1].People.Add(list[i]);
                var at = from + over * ((double)i / list.Count);
                events.Add(new SampleEvent($"demo-{round}-{group.Key}-{i}", round.ToString(), sites[i / Pool % sites.Count], tube, Pool, null,
                    list[i].Id.ToString(), at, group.Key == Hongxing ? "sampler" : $"松岗采样队{group.Key[^2..]}", null, null));
            }
            foreach (var chunk in events.Chunk(SampleIngest.MaxBatch))
                Require(await samples.IngestAsync(caller, chunk, ct), chunk.Length, "scans");
        }
        return tubes;
    }

    static ResultEvent Result(string tube, string outcome, double? orf1ab, double? n, DateTimeOffset at, string eventSuffix = "") =>
        new($"demo-result-{tube}{eventSuffix}", null, tube, outcome, orf1ab, n, "松岗检测实验室", at);

    async Task PostResultsAsync(Caller lab, long round, IEnumerable<ResultEvent> items, CancellationToken ct)
    {
        foreach (var chunk in items.Select(r => r with { RoundId = round.ToString() }).Chunk(ResultIngest.MaxBatch))
        {
            var answer = await results.IngestAsync(lab, chunk, ct);
            // The one second opinion is answered as a conflict: kept, not applied. Anything else refused is a fault of the demo.
            if (answer.Rejected.Any(r => r.Code != "conflicting-result"))
                throw new InvalidOperationException($"Demo results refused: {string.Join(", ", answer.Rejected.Select(r => r.Code).Distinct())}");
        }
    }

    static void Require(BatchAnswer answer, int sent, string what)
    {
        if (answer.Accepted != sent)
            throw new InvalidOperationException($"Demo {what}: {answer.Accepted} of {sent} accepted ({string.Join(", ", answer.Rejected.Select(r => r.Code).Distinct())})");
    }

    async Task<List<Resident>> ResidentsAsync(List<string> communities, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Persons.AsNoTracking()
            .Where(p => communities.Contains(p.CommunityCode) && p.Verification != VerificationStatus.MovedOut)
            .OrderBy(p => p.CommunityCode).ThenBy(p => p.Id)
            .Select(p => new Resident(p.Id, p.CommunityCode)).ToListAsync(ct);
    }

    async Task<Caller> CallerAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"Demo user {userName} is missing");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return Caller.From(principal, "127.0.0.1");
    }
}
