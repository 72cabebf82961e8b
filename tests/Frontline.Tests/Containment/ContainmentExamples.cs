using System.Net;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// What the OpenAPI examples of transfers and self-report links need before they run: a hotel with free rooms (the
/// rooms the room examples name by id), a home stay for the link ("home-stays"), an arrival not taken in ("intake-failures"), and another
/// home stay's live token for the anonymous report ("self-report").
/// </summary>
public static class ContainmentExamples
{
    public static async Task PrepareAsync(FrontlineApp app, HttpClient admin, Dictionary<string, string> ids)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var facility = new Facility { Name = TransfersApiTests.Next("示例隔离酒店"), Address = "宝安区松岗街道东方大道1号", CommunityCode = TestData.Hongxing, CreatedAt = DateTime.UtcNow };
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        // Made first, this hotel is facility 1 with room 1 (600, free) that the examples name by id; 301 and 302 are the rooms
        // the stay examples take and move to, the rest free for the transfer example.
        foreach (var number in new[] { "600" }.Concat(Enumerable.Range(1, 20).Select(i => $"{300 + i}")))
        {
            db.Rooms.Add(new Room { FacilityId = facility.Id, Number = number, Floor = int.Parse(number) / 100, State = RoomState.Free, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        // Two residents not in quarantine yet: a person holds one active stay at a time.
        var people = await db.Persons.Where(p => p.CommunityCode == TestData.Hongxing && !db.Set<Stay>().Any(s => s.PersonId == p.Id && s.Status == StayStatus.Active))
            .OrderByDescending(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        var today = ChinaTime.Today(TimeProvider.System);
        Stay Home(long person) => new()
        {
            PersonId = person, Kind = StayKind.HomeMonitoring, Status = StayStatus.Active, JurisdictionCode = TestData.Hongxing, PersonCommunityCode = TestData.Hongxing,
            Reason = "示例居家健康监测", LastExposureAt = DateTime.UtcNow.AddDays(-2), PolicySet = PolicySets.DefaultName, StartsOn = today.AddDays(-1),
            EndsOn = today.AddDays(5), CheckedInAt = DateTime.UtcNow, CheckedInBy = "admin", UpdatedAt = DateTime.UtcNow,
        };
        var (linked, reporting) = (Home(people[0]), Home(people[1]));
        db.Stays.AddRange(linked, reporting);
        await db.SaveChangesAsync();
        // The examples' own hotel and stay (made by POST /api/facilities and /api/stays) are the ones the ids name; a link is for
        // a stay at home, and the example's own stay is centralised.
        ids["home-stays"] = linked.Id.ToString();
        // An arrival the hotel could not take in, for the resolve example (sent elsewhere needs no stay).
        var failure = new IntakeFailure { FacilityId = facility.Id, TransferId = 1, PersonId = people[0], Code = "facility-full", At = DateTime.UtcNow };
        db.IntakeFailures.Add(failure);
        await db.SaveChangesAsync();
        ids["intake-failures"] = failure.Id.ToString();
        var link = await admin.PostAsync($"/api/stays/{reporting.Id}/self-report-link", null);
        Assert.True(link.StatusCode == HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        var url = (await link.Body()).Str("url");
        ids["self-report"] = url[(url.LastIndexOf('/') + 1)..];
    }
}
