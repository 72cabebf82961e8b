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

/// <summary>Zones through the HTTP contract — designation, evidence, release and its refusals, proposals, the nightly evaluation — on each provider.</summary>
public abstract class ZonesApiTests(FrontlineApp app)
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A fresh building in 红星 with <paramref name="residents"/> people: (building id, person ids).</summary>
    async Task<(long Building, List<string> People)> BuildingAsync(int residents = 2)
    {
        var admin = await app.As("admin");
        var building = Unique("封控测试楼");
        var people = new List<string>();
        for (var i = 0; i < residents; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "区域测试" + i, idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = TestData.Hongxing, building, room = $"{i + 1}01",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            people.Add((await created.Body()).Str("id"));
        }
        await using var db = await Db();
        var id = await db.Persons.Where(p => p.Id == long.Parse(people[0])).Select(p => p.BuildingId).SingleAsync();
        return (id, people);
    }

    Task<FrontlineDb> Db() => app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();

    async Task<string> CaseAsync(string personId, int daysAgo)
    {
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/cases", new
        {
            personId, classification = "confirmed", detectedBy = "report", sampledAt = Now.AddDays(-daysAgo),
            onsetDate = DateOnly.FromDateTime(Now.AddDays(-daysAgo).ToOffset(TimeSpan.FromHours(8)).DateTime), positiveAt = Now.AddDays(-daysAgo).AddHours(6),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    async Task<string> DesignateAsync(long building, string? caseId, string level = "sealed")
    {
        var commander = await app.As("commander");
        var created = await commander.PostAsJsonAsync("/api/zones", new { level, buildingIds = new[] { building.ToString() }, reason = "病例居住楼栋", caseIds = caseId is null ? Array.Empty<string>() : [caseId] });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    /// <summary>A round that ended a day ago over 红星, with a negative single tube for each of the people: the zone's all-negative round.</summary>
    async Task NegativeRoundAsync(IEnumerable<string> people, Outcome outcome = Outcome.Negative)
    {
        await using var db = await Db();
        var ends = DateTime.UtcNow.AddDays(-1);
        var round = new TestingRound { Name = Unique("区域解封前全员核酸"), ScopeCodes = TestData.Hongxing, StartsAt = ends.AddHours(-12), EndsAt = ends, PoolSize = 1, State = RoundState.Closed, CreatedBy = "admin", CreatedAt = ends.AddHours(-13) };
        db.Add(round);
        var site = await db.Set<SamplingSite>().FirstOrDefaultAsync(s => s.CommunityCode == TestData.Hongxing);
        if (site is null)
        {
            site = new SamplingSite { Code = Unique("ZS"), Name = "区域测试采样点", CommunityCode = TestData.Hongxing, CreatedAt = ends };
            db.Add(site);
        }
        await db.SaveChangesAsync();
        var ids = people.Select(long.Parse).ToList();
        var buildings = await db.Persons.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.BuildingId);
        foreach (var person in ids)
        {
            var tube = new Tube { Code = Unique("ZT"), RoundId = round.Id, SiteId = site.Id, CommunityCode = TestData.Hongxing, PoolSize = 1, Count = 1, FirstScanAt = ends.AddHours(-6), Outcome = outcome, ResultAt = ends.AddHours(-2) };
            db.Add(tube);
            await db.SaveChangesAsync();
            db.Add(new Sample { EventId = Unique("ze-"), RoundId = round.Id, TubeId = tube.Id, PersonId = person, CommunityCode = TestData.Hongxing, BuildingId = buildings[person], SiteId = site.Id, CollectedAt = ends.AddHours(-6), ReceivedAt = ends.AddHours(-6), Outcome = outcome });
        }
        await db.SaveChangesAsync();
        // Written around the ingest (a round in the past): its per-building counts as the scans and results would have kept them.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await RoundBuildingCounts.RecountAsync(connection, null, round.Id, CancellationToken.None);
    }

    static JsonElement? OnBoard(JsonElement page, string id) =>
        page.GetProperty("items").EnumerateArray().Where(z => z.Str("id") == id).Select(z => (JsonElement?)z).FirstOrDefault();

    [SkippableFact]
    public async Task A_new_zone_shows_its_evidence_and_an_early_release_is_refused_unless_overridden_with_a_reason()
    {
        var (building, people) = await BuildingAsync(3);
        var caseId = await CaseAsync(people[0], daysAgo: 2);
        var zoneId = await DesignateAsync(building, caseId);
        var commander = await app.As("commander");

        var zone = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.Equal("sealed", zone.GetProperty("zone").Str("level"));
        Assert.Equal(3, zone.GetProperty("zone").Int("residents"));
        Assert.Equal(JsonValueKind.Null, zone.GetProperty("releaseEligibleOn").ValueKind);
        Assert.Equal(DateOnly.FromDateTime(Now.AddDays(-2).ToOffset(TimeSpan.FromHours(8)).DateTime),
            DateOnly.FromDateTime(zone.GetProperty("lastInfectionAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).DateTime));
        Assert.Contains("no-new-infection-days", zone.GetProperty("zone").GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("designated", zone.GetProperty("history")[0].Str("action"));
        Assert.Contains(caseId, zone.GetProperty("caseIds").EnumerateArray().Select(c => c.GetString()));
        var residents = await commander.GetJson($"/api/zones/{zoneId}/residents");
        Assert.Equal(3, residents.Int("total"));
        Assert.All(residents.GetProperty("items").EnumerateArray(), r => Assert.Contains("*", r.Str("idNumber")));

        var board = await commander.GetJson("/api/zones?level=sealed&status=active&pageSize=500");
        Assert.NotNull(OnBoard(board, zoneId));

        var refused = await commander.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = "想解封", @override = false });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(["not-eligible"], await refused.ProblemCodes());
        var street = await app.As("street-commander");
        var forbidden = await street.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = "提前解封", @override = true });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var noReason = await commander.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = " ", @override = true });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["override-reason-required"], await noReason.ProblemCodes());
        // Nothing changed by the refusals.
        var still = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.Equal("active", still.GetProperty("zone").Str("status"));
        Assert.Single(still.GetProperty("history").EnumerateArray());

        var early = await commander.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = "经专家研判，楼栋为误划", @override = true });
        Assert.True(early.StatusCode == HttpStatusCode.OK, await early.Content.ReadAsStringAsync());
        Assert.Equal("released", (await early.Body()).Str("status"));
        var released = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.Equal("override", released.GetProperty("history")[1].Str("action"));
        var again = await commander.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = "再次", @override = true });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = await (await app.As("admin")).GetJson("/api/audit?action=zone.override&pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("subject") == $"zone:{zoneId}");
    }

    [SkippableFact]
    public async Task A_zone_whose_facts_make_it_eligible_is_dated_by_the_nightly_evaluation_and_released_by_the_commander()
    {
        var (building, people) = await BuildingAsync(2);
        var caseId = await CaseAsync(people[0], daysAgo: 20);
        var zoneId = await DesignateAsync(building, caseId);
        var commander = await app.As("commander");
        var board = await commander.GetJson("/api/zones?status=active&pageSize=500");
        var before = OnBoard(board, zoneId)!.Value;
        Assert.Equal(JsonValueKind.Null, before.GetProperty("daysLeft").ValueKind);
        Assert.Equal(["all-negative-round"], before.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToArray());

        // A positive round is no evidence; an all-negative one a day ago is.
        await NegativeRoundAsync(people, Outcome.Positive);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ZoneReleaseEvaluation>().RunAsync(CancellationToken.None);
        Assert.Equal(JsonValueKind.Null, OnBoard(await commander.GetJson("/api/zones?status=active&pageSize=500"), zoneId)!.Value.GetProperty("daysLeft").ValueKind);
        await NegativeRoundAsync(people);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ZoneReleaseEvaluation>().RunAsync(CancellationToken.None);
        var after = OnBoard(await commander.GetJson("/api/zones?status=active&pageSize=500"), zoneId)!.Value;
        Assert.Equal(0, after.Int("daysLeft"));
        Assert.Empty(after.GetProperty("missing").EnumerateArray());
        var detail = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.True(detail.GetProperty("lastRoundAllNegative").GetBoolean());
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), s => s.Str("action") == "evaluated");

        var released = await commander.PostAsJsonAsync($"/api/zones/{zoneId}/release", new { reason = "连续14天无新增，全员核酸阴性", @override = false });
        Assert.True(released.StatusCode == HttpStatusCode.OK, await released.Content.ReadAsStringAsync());
        var audit = await (await app.As("admin")).GetJson("/api/audit?action=zone.release&pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("subject") == $"zone:{zoneId}");
        Assert.NotNull(OnBoard(await commander.GetJson("/api/zones?status=released&pageSize=500"), zoneId));
    }

    [SkippableFact]
    public async Task Zones_evaluated_together_each_read_their_own_residents_cases_and_rounds()
    {
        // Three zones in one page of the nightly evaluation, side by side in 红星 and in the same rounds: what one zone's
        // residents did must not count for another.
        var (quietBuilding, quietPeople) = await BuildingAsync(2);
        var (positiveBuilding, positivePeople) = await BuildingAsync(2);
        var (recentBuilding, recentPeople) = await BuildingAsync(2);
        var quiet = await DesignateAsync(quietBuilding, await CaseAsync(quietPeople[0], daysAgo: 20));
        var positive = await DesignateAsync(positiveBuilding, await CaseAsync(positivePeople[0], daysAgo: 20));
        var recent = await DesignateAsync(recentBuilding, await CaseAsync(recentPeople[0], daysAgo: 2));
        await NegativeRoundAsync(quietPeople.Concat(recentPeople));
        await NegativeRoundAsync(positivePeople, Outcome.Positive);

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ZoneReleaseEvaluation>().RunAsync(CancellationToken.None);
        var board = await (await app.As("commander")).GetJson("/api/zones?status=active&pageSize=500");
        string[] Missing(string id) => OnBoard(board, id)!.Value.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.Empty(Missing(quiet));
        Assert.Equal(0, OnBoard(board, quiet)!.Value.Int("daysLeft"));
        Assert.Equal(["all-negative-round"], Missing(positive));
        // Its own case two days ago (not the others' of twenty) keeps it waiting for the infection-free days.
        Assert.Contains("no-new-infection-days", Missing(recent));
        Assert.All(new[] { quiet, positive, recent }, id => Assert.Equal(2, OnBoard(board, id)!.Value.Int("residents")));
    }

    [SkippableFact]
    public async Task A_new_case_outside_a_sealed_zone_raises_one_proposal_which_the_commander_rejects_or_accepts()
    {
        var outbox = app.Services.GetRequiredService<Outbox>();
        var (sealedBuilding, sealedPeople) = await BuildingAsync(2);
        await DesignateAsync(sealedBuilding, null);
        var (building, people) = await BuildingAsync(1);
        var (other, otherPeople) = await BuildingAsync(1);
        var insideCase = await CaseAsync(sealedPeople[1], 1);
        var rejectedCase = await CaseAsync(people[0], 1);
        var acceptedCase = await CaseAsync(otherPeople[0], 1);
        await outbox.DispatchPendingAsync();
        await outbox.DispatchPendingAsync();
        // Delivered twice: still one proposal per case.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Zones>().ProposeForCaseAsync(long.Parse(people[0]));

        var commander = await app.As("commander");
        var pending = (await commander.GetJson("/api/zones/proposals?status=pending&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(pending, p => p.Str("caseId") == insideCase);
        var toReject = Assert.Single(pending, p => p.Str("caseId") == rejectedCase);
        var toAccept = Assert.Single(pending, p => p.Str("caseId") == acceptedCase);
        Assert.Equal(building.ToString(), toReject.Str("buildingId"));
        Assert.Equal("sealed", toAccept.Str("level"));

        var noReason = await commander.PostAsJsonAsync($"/api/zones/proposals/{toReject.Str("id")}/reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await commander.PostAsJsonAsync($"/api/zones/proposals/{toReject.Str("id")}/reject", new { reason = "病例已在外区隔离，楼栋无暴露" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsJsonAsync($"/api/zones/proposals/{toReject.Str("id")}/reject", new { reason = "again" })).StatusCode);

        var accepted = await commander.PostAsJsonAsync($"/api/zones/proposals/{toAccept.Str("id")}/accept", new { reason = (string?)null });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var zoneId = (await accepted.Body()).Str("id");
        var zone = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.Equal([acceptedCase], zone.GetProperty("caseIds").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(other.ToString(), zone.GetProperty("buildings")[0].Str("id"));
        Assert.Equal(HttpStatusCode.Conflict, (await commander.PostAsJsonAsync($"/api/zones/proposals/{toAccept.Str("id")}/accept", new { reason = "x" })).StatusCode);
        var audit = await (await app.As("admin")).GetJson("/api/audit?action=zone.proposal-accept&pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("subject") == $"zone-proposal:{toAccept.Str("id")}");
    }

    [SkippableFact]
    public async Task Bad_designations_are_refused_with_their_codes_and_nothing_is_written()
    {
        var commander = await app.As("commander");
        await using var db = await Db();
        var before = await db.Zones.CountAsync();
        async Task<string[]> Refused(object body)
        {
            var r = await commander.PostAsJsonAsync("/api/zones", body);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return await r.ProblemCodes();
        }
        var (building, _) = await BuildingAsync(1);
        Assert.Contains("invalid-zone-level", await Refused(new { level = "high", buildingIds = new[] { building.ToString() }, reason = "r" }));
        Assert.Contains("zone-target-required", await Refused(new { level = "sealed", reason = "r" }));
        Assert.Contains("unknown-building", await Refused(new { level = "sealed", buildingIds = new[] { "999999999" }, reason = "r" }));
        Assert.Contains("missing-field", await Refused(new { level = "sealed", buildingIds = new[] { building.ToString() } }));
        Assert.Contains("unknown-zone-case", await Refused(new { level = "sealed", buildingIds = new[] { building.ToString() }, reason = "r", caseIds = new[] { "999999999" } }));
        Assert.Equal(before, await db.Zones.CountAsync());
        // A community worker reads the board but does not designate.
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { building.ToString() }, reason = "r" })).StatusCode);
    }

    [SkippableFact]
    public async Task A_zone_over_a_community_counts_its_residents_and_gives_its_level_to_new_tubes()
    {
        var commander = await app.As("commander");
        var (building, _) = await BuildingAsync(1);
        var created = await commander.PostAsJsonAsync("/api/zones", new { level = "controlled", jurisdictionCodes = new[] { TestData.Hongxing }, reason = "封控楼栋所在社区" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var zoneId = (await created.Body()).Str("id");
        await using var db = await Db();
        var population = await db.Persons.CountAsync(p => p.CommunityCode == TestData.Hongxing);
        var zone = await commander.GetJson($"/api/zones/{zoneId}");
        Assert.Equal(population, zone.GetProperty("zone").Int("residents"));
        var sealedId = await DesignateAsync(building, null);
        var levels = app.Services.GetRequiredService<ZoneLevels>();
        levels.Invalidate();
        var map = await levels.CurrentAsync(CancellationToken.None);
        Assert.Equal("sealed", map.LevelOf(building, TestData.Hongxing));
        Assert.Equal("controlled", map.LevelOf(-1, TestData.Hongxing));
        // Released zones leave the map; the community's stays controlled until it is released too.
        foreach (var id in new[] { sealedId, zoneId })
            Assert.Equal(HttpStatusCode.OK, (await commander.PostAsJsonAsync($"/api/zones/{id}/release", new { reason = "测试结束", @override = true })).StatusCode);
        levels.Invalidate();
        Assert.Null((await levels.CurrentAsync(CancellationToken.None)).LevelOf(building, TestData.Hongxing));
    }
}

public sealed class SqliteZonesApiTests(SqliteApp app) : ZonesApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresZonesApiTests(PostgresApp app) : ZonesApiTests(app), IClassFixture<PostgresApp>;
