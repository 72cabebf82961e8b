using System.Net;
using System.Net.Http.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Security;

/// <summary>
/// Each side's containment records for the transfers and self-report rows of the matrix: a hotel with rooms and two home
/// stays of fresh residents and an arrival not taken in written into the tables, and a dispatched transfer and a live self-report link made through the API.
/// </summary>
public static class ContainmentMatrixRecords
{
    public static async Task FillAsync(IServiceProvider services, HttpClient admin, MatrixSide side)
    {
        await using (var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var facility = new Facility { Name = MatrixRecords.Next(side.Name + "矩阵隔离酒店"), Address = "矩阵酒店地址", CommunityCode = side.Community, CreatedAt = DateTime.UtcNow };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            db.Rooms.AddRange(Enumerable.Range(1, 100).Select(i => new Room { FacilityId = facility.Id, Number = $"M{i:000}", Floor = 1, State = RoomState.Free, UpdatedAt = DateTime.UtcNow }));
            var today = ChinaTime.Today(TimeProvider.System);
            Stay Home(string person) => new()
            {
                PersonId = long.Parse(person), Kind = StayKind.HomeQuarantine, Status = StayStatus.Active, JurisdictionCode = side.Community,
                PersonCommunityCode = side.Community, Reason = "矩阵居家隔离", LastExposureAt = DateTime.UtcNow.AddDays(-2), PolicySet = PolicySets.DefaultName,
                StartsOn = today.AddDays(-1), EndsOn = today.AddDays(6), CheckedInAt = DateTime.UtcNow, CheckedInBy = "admin", UpdatedAt = DateTime.UtcNow,
            };
            // Two residents of their own: a person holds one active stay at a time (a unique index says so).
            var linkStay = Home((await MatrixRecords.PersonAsync(admin, side.Community)).Item1);
            var reportStay = Home((await MatrixRecords.PersonAsync(admin, side.Community)).Item1);
            db.Stays.AddRange(linkStay, reportStay);
            await db.SaveChangesAsync();
            var failure = new IntakeFailure { FacilityId = facility.Id, TransferId = 1, PersonId = linkStay.PersonId, Code = "facility-full", At = DateTime.UtcNow };
            db.IntakeFailures.Add(failure);
            await db.SaveChangesAsync();
            side.IntakeFailureId = failure.Id.ToString();
            side.FacilityId = facility.Id.ToString();
            side.LinkStayId = linkStay.Id.ToString();

            var link = await admin.PostAsync($"/api/stays/{reportStay.Id}/self-report-link", null);
            Assert.True(link.StatusCode == HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
            var url = (await link.Body()).Str("url");
            side.SelfReportToken = url[(url.LastIndexOf('/') + 1)..];
        }
        var (person, _, _) = await MatrixRecords.PersonAsync(admin, side.Community);
        side.TransferId = await MatrixRecords.CreatedAsync(admin, "/api/transfers", new { personIds = new[] { person }, pickupAddress = "矩阵接人地址", facilityId = side.FacilityId });
        var dispatched = await admin.PostAsJsonAsync($"/api/transfers/{side.TransferId}/events", new { status = "dispatched", vehicle = "粤B·矩阵", driver = "矩阵司机" });
        Assert.True(dispatched.StatusCode == HttpStatusCode.OK, await dispatched.Content.ReadAsStringAsync());
    }
}
