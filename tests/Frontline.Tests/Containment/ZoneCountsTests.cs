using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// The per-(round, building) counts Testing keeps for zones, kept right through scans, results, resends and reviews; the zones'
/// evidence read from them against the residents' samples on a week made through the real ingest; zones re-evaluated when
/// results land; and a pending proposal closed when its building is sealed otherwise — on each provider.
/// </summary>
public abstract class ZoneCountsTests(FrontlineApp app)
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    Task<FrontlineDb> Db() => app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();

    /// <summary>A fresh building in 红星 with <paramref name="residents"/> people: (building id, person ids).</summary>
    async Task<(long Building, List<string> People)> BuildingAsync(int residents)
    {
        var admin = await app.As("admin");
        var building = Next("计数测试楼");
        var people = new List<string>();
        for (var i = 0; i < residents; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "计数测试" + i, idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building, room = $"{i + 1}01",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            people.Add((await created.Body()).Str("id"));
        }
        await using var db = await Db();
        var id = await db.Persons.Where(p => p.Id == long.Parse(people[0])).Select(p => p.BuildingId).SingleAsync();
        return (id, people);
    }

    /// <summary>A round over 红星 (its window from <paramref name="starts"/> to <paramref name="ends"/>) and a site to scan at.</summary>
    async Task<(string Round, string Site)> RoundAsync(DateTimeOffset starts, DateTimeOffset ends, int pool = 5)
    {
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new { name = Next("楼栋计数全员核酸"), scope = new[] { TestData.Hongxing }, startsAt = starts, endsAt = ends, poolSize = pool });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync());
        var siteCode = Next("ZC");
        var site = await admin.PostAsJsonAsync("/api/testing/sites", new { code = siteCode, name = Next("楼栋计数采样点"), communityCode = TestData.Hongxing });
        Assert.True(site.StatusCode == HttpStatusCode.Created, await site.Content.ReadAsStringAsync());
        return ((await round.Body()).Str("id"), siteCode);
    }

    /// <summary>A scan with its tube's pool size given: zones in the test district would otherwise choose it (a sealed zone's is 1).</summary>
    static object Scan(string round, string site, string tube, string person, DateTimeOffset at, int pool, string? eventId = null) =>
        new { eventId = eventId ?? Next("zc"), roundId = round, siteCode = site, tubeCode = tube, personId = person, collectedAt = at, collector = "采样员01", poolSize = pool };

    static object Result(string round, string tube, string outcome, string? eventId = null) =>
        new { eventId = eventId ?? Next("zr"), roundId = round, tubeCode = tube, outcome, ctOrf1ab = outcome == "positive" ? 28.0 : (double?)null, ctN = outcome == "positive" ? 29.0 : (double?)null };

    static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    /// <summary>The round's rows as (building, sampled, negative, positive, invalid), in building order.</summary>
    async Task<List<(long Building, int Sampled, int Negative, int Positive, int Invalid)>> CountsAsync(string round)
    {
        await using var db = await Db();
        var roundId = long.Parse(round);
        return (await db.Set<RoundBuildingCount>().AsNoTracking().Where(c => c.RoundId == roundId).OrderBy(c => c.BuildingId).ToListAsync())
            .Select(c => (c.BuildingId, c.Sampled, c.Negative, c.Positive, c.Invalid)).ToList();
    }

    static List<(long Building, int Sampled, int Negative, int Positive, int Invalid)> Expected(params (long Building, int Sampled, int Negative, int Positive, int Invalid)[] rows) =>
        rows.OrderBy(r => r.Building).ToList();

    async Task<List<DomainEvent>> ResultEventsAsync(string round)
    {
        await using var db = await Db();
        return (await db.Set<DomainEvent>().AsNoTracking().Where(e => e.Type == TestingEvents.ResultsApplied).OrderBy(e => e.Id).ToListAsync())
            .Where(e => Outbox.Read<ResultsAppliedEvent>(e).Rounds.Any(r => r.RoundId == long.Parse(round))).ToList();
    }

    [SkippableFact]
    public async Task Building_counts_follow_scans_results_resends_reviews_and_leave_re_tests_out()
    {
        var (a, aPeople) = await BuildingAsync(3);
        var (b, bPeople) = await BuildingAsync(2);
        var (moveTo, _) = await BuildingAsync(1);
        var (round, site) = await RoundAsync(Now.AddHours(-2), Now.AddHours(6));
        var sampler = await app.As("sampler");
        var lab = await app.As("lab");
        var at = Now.AddMinutes(-30);
        var (t1, t2) = (Next("ZCT"), Next("ZCT"));
        var scans = new { events = new[]
        {
            Scan(round, site, t1, aPeople[0], at, 5), Scan(round, site, t1, aPeople[1], at, 5), Scan(round, site, t1, bPeople[0], at, 5),
            Scan(round, site, t2, aPeople[2], at, 5), Scan(round, site, t2, bPeople[1], at, 5),
        } };
        Assert.Equal(5, (await Post(sampler, "/api/testing/samples/batch", scans)).Int("accepted"));
        // The phone's resend of the same batch: all duplicates, nothing counted twice.
        Assert.Equal(5, (await Post(sampler, "/api/testing/samples/batch", scans)).Int("duplicates"));
        Assert.Equal(Expected((a, 3, 0, 0, 0), (b, 2, 0, 0, 0)), await CountsAsync(round));

        // A person moves house after being sampled: their result is still counted where they lived when sampled.
        await using (var db = await Db())
            await db.Persons.Where(p => p.Id == long.Parse(aPeople[0])).ExecuteUpdateAsync(s => s.SetProperty(p => p.BuildingId, moveTo));

        var results = new { results = new[] { Result(round, t1, "negative"), Result(round, t2, "positive") } };
        Assert.Equal(2, (await Post(lab, "/api/testing/results/batch", results)).Int("accepted"));
        Assert.Equal(2, (await Post(lab, "/api/testing/results/batch", results)).Int("duplicates"));
        Assert.Equal(Expected((a, 3, 2, 1, 0), (b, 2, 1, 1, 0)), await CountsAsync(round));
        // One event for the batch of two tubes (not one a tube), naming the buildings where the people were sampled.
        var applied = Outbox.Read<ResultsAppliedEvent>(Assert.Single(await ResultEventsAsync(round))).Rounds.Single();
        Assert.Equal(new[] { a, b }.Order(), applied.Buildings.Order());
        Assert.Equal(new[] { TestData.Hongxing }, applied.Communities);

        // A second lab's different result is kept for review and moves nothing; adopted, it moves the tube's people.
        var conflicting = await Post(lab, "/api/testing/results/batch", new { results = new[] { Result(round, t1, "invalid") } });
        Assert.Equal("conflicting-result", conflicting.GetProperty("rejected")[0].Str("code"));
        Assert.Equal(Expected((a, 3, 2, 1, 0), (b, 2, 1, 1, 0)), await CountsAsync(round));
        var admin = await app.As("admin");
        var reviews = await admin.GetJson($"/api/testing/result-reviews?roundId={round}");
        var waiting = reviews.GetProperty("items").EnumerateArray().Single(r => r.Str("tubeCode") == t1).GetProperty("waiting")[0].Str("id");
        var decided = await admin.PostAsJsonAsync($"/api/testing/result-reviews/{waiting}", new { decision = "adopt", note = "复核为无效，重新采样" });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        Assert.Equal(Expected((a, 3, 0, 1, 2), (b, 2, 0, 1, 1)), await CountsAsync(round));
        Assert.Equal(2, (await ResultEventsAsync(round)).Count);

        // The positive pool's individual re-tests are not the round's samples: the counts do not move.
        var retest = Next("ZCR");
        Assert.Equal(1, (await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, retest, aPeople[2], Now.AddMinutes(-5), 1) } })).Int("accepted"));
        await Post(lab, "/api/testing/results/batch", new { results = new[] { Result(round, retest, "negative") } });
        var running = await CountsAsync(round);
        Assert.Equal(Expected((a, 3, 0, 1, 2), (b, 2, 0, 1, 1)), running);

        // And the running counts are what the round's samples say.
        await using (var db = await Db())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await RoundBuildingCounts.RecountAsync(connection, null, long.Parse(round), CancellationToken.None);
        }
        Assert.Equal(running, await CountsAsync(round));
    }

    /// <summary>
    /// The reader before the running counts, kept as the reference: each zone's residents (by their building now, or by the
    /// jurisdiction's range on the samples) joined to each round's samples, re-tests left out.
    /// </summary>
    static async Task<Dictionary<long, (int Sampled, int Positive, int Pending)>> ReferenceRoundsAsync(FrontlineDb db, ZoneArea area, IReadOnlyCollection<long> rounds)
    {
        var rows = new List<(long Round, Outcome Outcome)>();
        if (area.BuildingIds.Count > 0)
        {
            var buildings = area.BuildingIds.ToList();
            rows.AddRange((await (from s in db.Set<Sample>().AsNoTracking()
                                  join p in db.Persons on s.PersonId equals p.Id
                                  where buildings.Contains(p.BuildingId) && rounds.Contains(s.RoundId) && s.RetestOrderId == null
                                  select new { s.RoundId, s.Outcome }).ToListAsync()).Select(r => (r.RoundId, r.Outcome)));
        }
        foreach (var code in area.JurisdictionCodes)
            rows.AddRange((await db.Set<Sample>().AsNoTracking().Where(s => rounds.Contains(s.RoundId) && s.RetestOrderId == null).InScope(new JurisdictionScope(code))
                .Select(s => new { s.RoundId, s.Outcome }).ToListAsync()).Select(r => (r.RoundId, r.Outcome)));
        return rows.GroupBy(r => r.Round).ToDictionary(g => g.Key, g =>
            (g.Count(), g.Count(r => r.Outcome == Outcome.Positive), g.Count(r => r.Outcome is Outcome.Pending or Outcome.Invalid)));
    }

    [SkippableFact]
    public async Task Zone_evidence_read_from_the_counts_is_the_residents_samples_on_a_known_week()
    {
        // A week made through the real ingest: three rounds over 红星, an all-negative one, one with a positive pool and an
        // invalid tube, and one with results still missing; three building zones and one over the whole community.
        var (a, aPeople) = await BuildingAsync(3);
        var (b, bPeople) = await BuildingAsync(2);
        var (c, cPeople) = await BuildingAsync(2);
        var commander = await app.As("commander");
        var sampler = await app.As("sampler");
        var lab = await app.As("lab");
        var zoneIds = new List<long>();
        foreach (var building in new[] { a, b, c })
        {
            var created = await commander.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { building.ToString() }, reason = "已知一周的对照" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            zoneIds.Add(long.Parse((await created.Body()).Str("id")));
        }
        var community = await commander.PostAsJsonAsync("/api/zones", new { level = "controlled", jurisdictionCodes = new[] { TestData.Hongxing }, reason = "已知一周的对照（社区）" });
        Assert.Equal(HttpStatusCode.Created, community.StatusCode);
        zoneIds.Add(long.Parse((await community.Body()).Str("id")));

        var roundIds = new List<long>();
        for (var r = 0; r < 3; r++)
        {
            var starts = Now.AddDays(-6 + 2 * r);
            var (round, site) = await RoundAsync(starts, starts.AddHours(10), pool: 5);
            roundIds.Add(long.Parse(round));
            var at = starts.AddHours(2);
            var tubes = new[] { (Next("ZK"), aPeople[0], aPeople[1]), (Next("ZK"), aPeople[2], bPeople[0]), (Next("ZK"), bPeople[1], cPeople[0]) };
            var events = tubes.SelectMany(t => new[] { Scan(round, site, t.Item1, t.Item2, at, 5), Scan(round, site, t.Item1, t.Item3, at, 5) })
                .Append(Scan(round, site, Next("ZK"), cPeople[1], at, 1)).ToArray();
            var answer = await Post(sampler, "/api/testing/samples/batch", new { events });
            Assert.True(answer.Int("accepted") == 7, answer.GetRawText());
            var outcomes = r switch
            {
                0 => new[] { "negative", "negative", "negative" },
                1 => ["negative", "negative"],
                // Last: a positive pool and an invalid tube order re-tests, which a later round's scans would have to be.
                _ => ["positive", "negative", "invalid"],
            };
            await Post(lab, "/api/testing/results/batch", new { results = outcomes.Select((o, i) => Result(round, tubes[i].Item1, o)).ToArray() });
        }

        await using var db = await Db();
        var policies = app.Services.GetRequiredService<PolicySets>();
        var zones = await db.Zones.AsNoTracking().Where(z => zoneIds.Contains(z.Id)).OrderBy(z => z.Id).ToListAsync();
        var areas = await ZoneFactsReader.AreasAsync(db, zoneIds, CancellationToken.None);
        var evidence = await ZoneFactsReader.ReadManyAsync(db, zones.Select(z => (z, policies.Find(z.PolicySet) ?? policies.Active, areas[z.Id])).ToList(), CancellationToken.None);
        var kinds = new HashSet<string>();
        foreach (var zone in zones)
        {
            var facts = evidence[zone].Facts.Rounds.Where(f => roundIds.Contains(f.RoundId)).ToList();
            Assert.Equal(3, facts.Count);
            var reference = await ReferenceRoundsAsync(db, areas[zone.Id], roundIds);
            foreach (var fact in facts)
            {
                Assert.Equal(reference[fact.RoundId], (fact.Sampled, fact.Positive, fact.Pending));
                kinds.Add(fact.AllNegative ? "all-negative" : fact.Positive > 0 ? "positive" : "pending");
            }
        }
        // The week is a real test of the reader: every kind of round appears among the zones.
        Assert.Equal(new[] { "all-negative", "pending", "positive" }, kinds.Order());
    }

    [SkippableFact]
    public async Task Results_landing_re_evaluate_the_zones_over_their_buildings_at_once_and_only_those()
    {
        var outbox = app.Services.GetRequiredService<Outbox>();
        var (a, aPeople) = await BuildingAsync(2);
        var (b, bPeople) = await BuildingAsync(2);
        var admin = await app.As("admin");
        var commander = await app.As("commander");
        var zoneIds = new Dictionary<long, string>();
        foreach (var (building, people) in new[] { (a, aPeople), (b, bPeople) })
        {
            var sampledAt = Now.AddDays(-20);
            var created = await admin.PostAsJsonAsync("/api/cases", new
            {
                personId = people[0], classification = "confirmed", detectedBy = "report", sampledAt,
                onsetDate = DateOnly.FromDateTime(sampledAt.ToOffset(TimeSpan.FromHours(8)).DateTime), positiveAt = sampledAt.AddHours(6),
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            var zone = await commander.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { building.ToString() }, reason = "病例居住楼栋", caseIds = new[] { (await created.Body()).Str("id") } });
            Assert.Equal(HttpStatusCode.Created, zone.StatusCode);
            zoneIds[building] = (await zone.Body()).Str("id");
        }
        var (round, site) = await RoundAsync(Now.AddHours(-2), Now.AddHours(2), pool: 5);
        var sampler = await app.As("sampler");
        var (ta, tb) = (Next("ZE"), Next("ZE"));
        var at = Now.AddMinutes(-20);
        await Post(sampler, "/api/testing/samples/batch", new { events = new[]
        {
            Scan(round, site, ta, aPeople[0], at, 5), Scan(round, site, ta, aPeople[1], at, 5), Scan(round, site, tb, bPeople[0], at, 5), Scan(round, site, tb, bPeople[1], at, 5),
        } });
        await outbox.DispatchPendingAsync();

        async Task<Zone> StoredAsync(long building)
        {
            await using var db = await Db();
            return await db.Zones.AsNoTracking().SingleAsync(z => z.Id == long.Parse(zoneIds[building]));
        }
        var before = await StoredAsync(b);
        Assert.Contains(ZoneRules.Missing.AllNegativeRound, (await StoredAsync(a)).Missing);

        // Building A's tube comes back negative: A's zone is dated now, without the nightly run; B's is not touched.
        await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[] { Result(round, ta, "negative") } });
        await outbox.DispatchPendingAsync();
        var after = await StoredAsync(a);
        Assert.Equal("", after.Missing);
        Assert.Equal(long.Parse(round), after.LastRoundId);
        Assert.True(after.LastRoundAllNegative);
        Assert.Equal(0, (await commander.GetJson("/api/zones?status=active&pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(z => z.Str("id") == zoneIds[a]).Int("daysLeft"));
        Assert.Equal(before.EvaluatedAt, (await StoredAsync(b)).EvaluatedAt);

        // Delivered again (at least once): the same evaluation is stored, and the history says the date moved once.
        var delivered = Assert.Single(await ResultEventsAsync(round));
        var handler = app.Services.GetServices<IDomainEventHandler>().Single(h => h.EventType == TestingEvents.ResultsApplied);
        for (var i = 0; i < 2; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await handler.HandleAsync(delivered, scope.ServiceProvider, CancellationToken.None);
        }
        var again = await StoredAsync(a);
        Assert.Equal((after.EligibleOn, after.Missing, after.LastRoundId), (again.EligibleOn, again.Missing, again.LastRoundId));
        var history = await commander.GetJson($"/api/zones/{zoneIds[a]}");
        Assert.Single(history.GetProperty("history").EnumerateArray(), s => s.Str("action") == "evaluated");
    }

    [SkippableFact]
    public async Task A_close_contact_s_negative_re_evaluates_the_case_s_zone_though_the_contact_lives_outside_it()
    {
        var outbox = app.Services.GetRequiredService<Outbox>();
        var (home, homePeople) = await BuildingAsync(1);
        var (away, awayPeople) = await BuildingAsync(1);
        var admin = await app.As("admin");
        var commander = await app.As("commander");
        var sampledAt = Now.AddDays(-20);
        var created = await admin.PostAsJsonAsync("/api/cases", new
        {
            personId = homePeople[0], classification = "confirmed", detectedBy = "report", sampledAt,
            onsetDate = DateOnly.FromDateTime(sampledAt.ToOffset(TimeSpan.FromHours(8)).DateTime), positiveAt = sampledAt.AddHours(6),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var caseId = (await created.Body()).Str("id");
        var contact = await admin.PostAsJsonAsync($"/api/cases/{caseId}/contacts", new
        {
            personId = awayPeople[0], type = "close", lastExposureAt = Now.AddDays(-16), setting = "workplace",
        });
        Assert.True(contact.StatusCode == HttpStatusCode.Created, await contact.Content.ReadAsStringAsync());
        var zone = await commander.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { home.ToString() }, reason = "病例居住楼栋", caseIds = new[] { caseId } });
        Assert.Equal(HttpStatusCode.Created, zone.StatusCode);
        var zoneId = long.Parse((await zone.Body()).Str("id"));
        await outbox.DispatchPendingAsync();

        async Task<Zone> StoredAsync()
        {
            await using var db = await Db();
            return await db.Zones.AsNoTracking().SingleAsync(z => z.Id == zoneId);
        }
        Assert.Contains(ZoneRules.Missing.CloseContactResults, (await StoredAsync()).Missing);

        // The contact, who lives in another building, is sampled alone and comes back negative: the zone over the case's
        // home no longer waits for that contact's result, without the nightly run.
        var (round, site) = await RoundAsync(Now.AddHours(-2), Now.AddHours(2), pool: 1);
        var tube = Next("ZK");
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, awayPeople[0], Now.AddMinutes(-20), 1) } });
        await outbox.DispatchPendingAsync();
        var before = await StoredAsync();
        Assert.Contains(ZoneRules.Missing.CloseContactResults, before.Missing);
        await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[] { Result(round, tube, "negative") } });
        await outbox.DispatchPendingAsync();
        var after = await StoredAsync();
        Assert.DoesNotContain(ZoneRules.Missing.CloseContactResults, after.Missing);
    }

    [SkippableFact]
    public async Task A_pending_proposal_closes_as_superseded_when_its_building_is_sealed_otherwise()
    {
        var outbox = app.Services.GetRequiredService<Outbox>();
        var admin = await app.As("admin");
        var commander = await app.As("commander");
        var (x, xPeople) = await BuildingAsync(2);
        var (y, yPeople) = await BuildingAsync(2);
        var cases = new Dictionary<string, string>();
        foreach (var person in xPeople.Concat(yPeople))
        {
            var created = await admin.PostAsJsonAsync("/api/cases", new
            {
                personId = person, classification = "confirmed", detectedBy = "report", sampledAt = Now.AddDays(-1),
                onsetDate = DateOnly.FromDateTime(Now.AddDays(-1).ToOffset(TimeSpan.FromHours(8)).DateTime), positiveAt = Now.AddHours(-12),
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            cases[person] = (await created.Body()).Str("id");
        }
        await outbox.DispatchPendingAsync();
        async Task<Dictionary<string, JsonElement>> ProposalsAsync() =>
            (await commander.GetJson("/api/zones/proposals?pageSize=500")).GetProperty("items").EnumerateArray()
                .Where(p => cases.ContainsValue(p.Str("caseId"))).ToDictionary(p => p.Str("caseId"));
        var proposals = await ProposalsAsync();
        Assert.Equal(4, proposals.Count);
        Assert.All(proposals.Values, p => Assert.Equal("pending", p.Str("status")));

        // A controlled zone over Y does not seal it: Y's proposals stay. A sealed zone over X by hand closes both of X's.
        Assert.Equal(HttpStatusCode.Created, (await commander.PostAsJsonAsync("/api/zones", new { level = "controlled", buildingIds = new[] { y.ToString() }, reason = "管控" })).StatusCode);
        var sealedX = await commander.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { x.ToString() }, reason = "指挥部研判直接封控" });
        Assert.Equal(HttpStatusCode.Created, sealedX.StatusCode);
        var xZone = (await sealedX.Body()).Str("id");
        proposals = await ProposalsAsync();
        foreach (var person in xPeople)
        {
            var p = proposals[cases[person]];
            Assert.Equal("superseded", p.Str("status"));
            Assert.Equal(xZone, p.Str("zoneId"));
            Assert.Equal("commander", p.Str("decidedBy"));
        }
        Assert.All(yPeople, person => Assert.Equal("pending", proposals[cases[person]].Str("status")));
        var zone = await commander.GetJson($"/api/zones/{xZone}");
        Assert.Equal(2, zone.GetProperty("history").EnumerateArray().Count(s => s.Str("action") == Zones.ProposalSupersededStep));
        var audit = await admin.GetJson("/api/audit?action=zone.proposal-superseded&pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("subject") == $"zone-proposal:{proposals[cases[xPeople[0]]].Str("id")}");
        // Closed, it can no longer be decided.
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsJsonAsync($"/api/zones/proposals/{proposals[cases[xPeople[1]]].Str("id")}/reject", new { reason = "已封控" })).StatusCode);

        // Accepting one of Y's proposals seals Y: the other closes itself; the accepted one stays accepted.
        var accepted = await commander.PostAsJsonAsync($"/api/zones/proposals/{proposals[cases[yPeople[0]]].Str("id")}/accept", new { reason = (string?)null });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var yZone = (await accepted.Body()).Str("id");
        proposals = await ProposalsAsync();
        Assert.Equal("accepted", proposals[cases[yPeople[0]]].Str("status"));
        Assert.Equal("superseded", proposals[cases[yPeople[1]]].Str("status"));
        Assert.Equal(yZone, proposals[cases[yPeople[1]]].Str("zoneId"));
        var superseded = await commander.GetJson("/api/zones/proposals?status=superseded&pageSize=500");
        Assert.Equal(3, superseded.GetProperty("items").EnumerateArray().Count(p => cases.ContainsValue(p.Str("caseId"))));
    }
}

public sealed class SqliteZoneCountsTests(SqliteApp app) : ZoneCountsTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresZoneCountsTests(PostgresApp app) : ZoneCountsTests(app), IClassFixture<PostgresApp>;
