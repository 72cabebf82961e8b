using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// Arrivals a facility could not take in are settled by its staff, on each provider: sent elsewhere or not arrived with a
/// note, taken in only when the person has a stay (and taking them in settles it by itself); who, when, how, audited.
/// </summary>
public abstract class IntakeFailuresApiTests(FrontlineApp app)
{
    static string Next(string prefix) => TransfersApiTests.Next(prefix);

    async Task<string> FacilityAsync(int rooms)
    {
        var commander = await app.As("commander");
        var created = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = Next("未入住测试酒店"), address = "松岗街道测试路2号", communityCode = TestData.Hongxing,
            rooms = Enumerable.Range(1, rooms).Select(i => new { number = $"{300 + i}", floor = 3 }),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> work)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>A transfer of everyone given arrives at a facility with fewer rooms: the last ones become its intake failures.</summary>
    async Task<JsonElement[]> ArriveAsync(string facility, params string[] people)
    {
        var arrival = new TransferArrivedEvent(Random.Shared.NextInt64(1_000_000_000, 2_000_000_000), long.Parse(facility),
            people.Select(p => new ArrivingPerson(long.Parse(p), null, DateTime.UtcNow.AddDays(-1), null, "密接转运")).ToList(), DateTime.UtcNow, "dispatcher");
        await WithDb(async db =>
        {
            Outbox.Add(db, ContainmentEvents.TransferArrived, arrival, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        return (await (await app.As("facility-staff")).GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("intakeFailures").EnumerateArray().ToArray();
    }

    static async Task Refused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(code, await response.ProblemCodes());
    }

    [SkippableFact]
    public async Task Staff_resolve_an_arrival_sent_elsewhere_with_a_note_once_and_it_leaves_the_facilitys_list()
    {
        var facility = await FacilityAsync(1);
        var staying = await TransfersApiTests.PersonAsync(app);
        var unplaced = await TransfersApiTests.PersonAsync(app);
        var failure = Assert.Single(await ArriveAsync(facility, staying, unplaced));
        Assert.Equal(unplaced, failure.Str("personId"));
        var url = $"/api/intake-failures/{failure.Str("id")}/resolve";
        var staff = await app.As("facility-staff");

        await Refused(await staff.PostAsJsonAsync(url, new { note = "x" }), HttpStatusCode.BadRequest, "missing-field");
        await Refused(await staff.PostAsJsonAsync(url, new { outcome = "lost" }), HttpStatusCode.BadRequest, "intake-invalid-outcome");
        await Refused(await staff.PostAsJsonAsync(url, new { outcome = "sent-elsewhere" }), HttpStatusCode.BadRequest, "intake-note-required");
        await Refused(await staff.PostAsJsonAsync(url, new { outcome = "not-arrived", note = new string('x', 501) }), HttpStatusCode.BadRequest, "field-too-long");
        // "Taken in" is only true of a person with a stay: this one has none.
        await Refused(await staff.PostAsJsonAsync(url, new { outcome = "taken-in" }), HttpStatusCode.Conflict, "intake-not-staying");
        // Reading the facility is not settling its arrivals.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("community-worker")).PostAsJsonAsync(url, new { outcome = "not-arrived", note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/intake-failures/987654321/resolve", new { outcome = "not-arrived", note = "x" })).StatusCode);

        var resolved = await staff.PostAsJsonAsync(url, new { outcome = "sent-elsewhere", note = "房间已满，改送福永街道集中隔离点" });
        Assert.True(resolved.StatusCode == HttpStatusCode.NoContent, await resolved.Content.ReadAsStringAsync());
        await Refused(await staff.PostAsJsonAsync(url, new { outcome = "not-arrived", note = "又一次" }), HttpStatusCode.Conflict, "intake-failure-resolved");

        var row = await WithDb(db => db.IntakeFailures.AsNoTracking().SingleAsync(f => f.Id == long.Parse(failure.Str("id"))));
        Assert.Equal(IntakeResolution.SentElsewhere, row.Resolution);
        Assert.Equal("房间已满，改送福永街道集中隔离点", row.ResolutionNote);
        Assert.Equal("facility-staff", row.ResolvedBy);
        Assert.NotNull(row.ResolvedAt);
        Assert.Empty((await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("intakeFailures").EnumerateArray());
        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(a => a.Subject == $"facility:{facility}" && a.Action == StayAuditActions.IntakeResolve).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("facility-staff", entry.UserName);
        Assert.Contains("sent-elsewhere", entry.Detail);
    }

    [SkippableFact]
    public async Task Taking_the_person_in_settles_their_failure_as_taken_in_by_whoever_took_them_in()
    {
        var facility = await FacilityAsync(1);
        var first = await TransfersApiTests.PersonAsync(app);
        var second = await TransfersApiTests.PersonAsync(app);
        var failure = Assert.Single(await ArriveAsync(facility, first, second));
        var commander = await app.As("commander");
        var added = await commander.PostAsJsonAsync($"/api/facilities/{facility}/rooms", new { rooms = new[] { new { number = "399", floor = 3 } } });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        var staff = await app.As("facility-staff");
        var stay = await staff.PostAsJsonAsync("/api/stays", new
        {
            personId = second, kind = "centralised", facilityId = facility, reason = "转运到达补办入住", lastExposureAt = DateTimeOffset.UtcNow.AddDays(-1),
        });
        Assert.True(stay.StatusCode == HttpStatusCode.Created, await stay.Content.ReadAsStringAsync());

        var row = await WithDb(db => db.IntakeFailures.AsNoTracking().SingleAsync(f => f.Id == long.Parse(failure.Str("id"))));
        Assert.Equal(IntakeResolution.TakenIn, row.Resolution);
        Assert.Equal("facility-staff", row.ResolvedBy);
        Assert.Contains((await stay.Body()).Str("id"), row.ResolutionNote);
        Assert.Empty((await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("intakeFailures").EnumerateArray());
        Assert.Equal(1, await WithDb(db => db.Audit.CountAsync(a => a.Subject == $"facility:{facility}" && a.Action == StayAuditActions.IntakeResolve)));
        await Refused(await staff.PostAsJsonAsync($"/api/intake-failures/{failure.Str("id")}/resolve", new { outcome = "taken-in" }),
            HttpStatusCode.Conflict, "intake-failure-resolved");
    }
}

public sealed class SqliteIntakeFailuresApiTests(SqliteApp app) : IntakeFailuresApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresIntakeFailuresApiTests(PostgresApp app) : IntakeFailuresApiTests(app), IClassFixture<PostgresApp>;
