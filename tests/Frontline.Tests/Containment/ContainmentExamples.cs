using System.Net;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// What the OpenAPI examples of transfers and self-report links need before they run: a hotel with free rooms (its id
/// under "facilitys", as the examples' facilityId is looked up), a home stay for the link ("stays"), and another home
/// stay's live token for the anonymous report ("self-report").
/// </summary>
public static class ContainmentExamples
{
    public static async Task PrepareAsync(FrontlineApp app, HttpClient admin, Dictionary<string, string> ids)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var facility = new Facility { Name = TransfersApiTests.Next("示例隔离酒店"), Address = "宝安区松岗街道东方大道1号", CommunityCode = TestData.Hongxing, CreatedAt = DateTime.UtcNow };
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        db.Rooms.AddRange(Enumerable.Range(1, 20).Select(i => new Room { FacilityId = facility.Id, Number = $"{600 + i}", Floor = 6, State = RoomState.Free, UpdatedAt = DateTime.UtcNow }));
        var person = await db.Persons.Where(p => p.CommunityCode == TestData.Hongxing).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var today = ChinaTime.Today(TimeProvider.System);
        Stay Home() => new()
        {
            PersonId = person, Kind = StayKind.HomeMonitoring, Status = StayStatus.Active, JurisdictionCode = TestData.Hongxing, PersonCommunityCode = TestData.Hongxing,
            Reason = "示例居家健康监测", LastExposureAt = DateTime.UtcNow.AddDays(-2), PolicySet = PolicySets.DefaultName, StartsOn = today.AddDays(-1),
            EndsOn = today.AddDays(5), CheckedInAt = DateTime.UtcNow, CheckedInBy = "admin", UpdatedAt = DateTime.UtcNow,
        };
        var (linked, reporting) = (Home(), Home());
        db.Stays.AddRange(linked, reporting);
        await db.SaveChangesAsync();
        ids["facilitys"] = facility.Id.ToString();
        ids["stays"] = linked.Id.ToString();
        var link = await admin.PostAsync($"/api/stays/{reporting.Id}/self-report-link", null);
        Assert.True(link.StatusCode == HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        var url = (await link.Body()).Str("url");
        ids["self-report"] = url[(url.LastIndexOf('/') + 1)..];
    }
}
