using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Containment;

public sealed record FacilityTestRow(string OrderId, string StayId, string? Room, [Description("Masked (张*).")] string Guest,
    [Description("The stay's day number of the test (day 1 = the day after the last exposure).")] int? Day,
    [OneOf("overdue", "due", "sampled", "invalid", "positive", "negative", "planned", "cancelled")] string Status,
    [Description("The order's day; absent for a re-sampling after an invalid tube.")] DateOnly? OrderedFor, DateTimeOffset DueBy,
    string? TubeCode, DateTimeOffset? SampledAt);

public sealed record FacilityTests(string FacilityId, string FacilityName, DateOnly Date,
    [Description("Still to be sampled that day.")] int Due, [Description("Not sampled by the end of their day (any earlier day too).")] int Overdue,
    [Description("Sampled, waiting for the lab.")] int Sampled, [Description("With a result.")] int Resulted,
    IReadOnlyList<FacilityTestRow> Items);

/// <summary>
/// A stay's tests as Testing's orders (核酸检测任务): the stay's name for them, each test day's current order, and a facility's
/// list of a day (今日核酸) for the sampler and the hotel's medical staff: who is due, in which room, what is overdue.
/// </summary>
public sealed class StayTests(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
{
    /// <summary>The requester a stay's orders carry in Testing.</summary>
    public static string Requester(long stayId) => TestOrders.RequesterOf("stay", stayId);

    /// <summary>Each test day's current order of a stay, by the day's number.</summary>
    internal static async Task<Dictionary<int, RequestedTest>> OrdersAsync(FrontlineDb db, long stayId, TimeProvider clock, CancellationToken ct) =>
        StayRules.CurrentOrders(await TestOrders.OfRequestersAsync(db, [Requester(stayId)], clock.GetUtcNow().UtcDateTime, ChinaTime.Today(clock), ct));

    static readonly string[] WorkOrder = ["overdue", "due", "sampled", "invalid", "positive", "negative", "planned", "cancelled"];

    /// <summary>
    /// A facility's tests of a day (default today), for the guests staying now: the day's orders, the re-samplings ordered that
    /// day, and every earlier test still not sampled (overdue). Overdue and due first, then room by room. Bounded by the
    /// facility's rooms: the stays in two queries, their orders in one.
    /// </summary>
    public async Task<FacilityTests> OfFacilityAsync(Caller caller, long facilityId, DateOnly? date, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var facility = await Facilities.FacilityInScopeAsync(db, caller, facilityId, ct);
        var today = ChinaTime.Today(clock);
        var day = date ?? today;
        var stays = await (from s in db.Stays.AsNoTracking() join p in db.Persons on s.PersonId equals p.Id
                           join r in db.Rooms on s.RoomId equals r.Id into rooms
                           from r in rooms.DefaultIfEmpty()
                           where s.FacilityId == facilityId && s.Status == StayStatus.Active
                           select new { s.Id, s.PersonId, p.Name, Room = r == null ? null : r.Number }).ToListAsync(ct);
        var byRequester = stays.ToDictionary(s => Requester(s.Id));
        var now = clock.GetUtcNow().UtcDateTime;
        var orders = await TestOrders.OfRequestersAsync(db, byRequester.Keys, now, today, ct);
        var (start, end) = (TestingRules.EndOfChinaDay(day.AddDays(-1)), TestingRules.EndOfChinaDay(day));
        // A re-sampling after an invalid tube has no day of its own: it is on the list while it is due, and on the day it was sampled.
        var rows = orders.Where(o => o.Day == day || o.Status == "overdue"
                || (o.Day is null && (o.SampledAt is { } at ? at >= start && at < end : o.Status == "due" && day == today)))
            .Select(o =>
            {
                var stay = byRequester[o.Requester];
                return new FacilityTestRow(o.Id.ToString(), stay.Id.ToString(), stay.Room, Masking.Name(stay.Name)!, o.DayNumber, o.Status, o.Day, o.DueBy.ToChina(),
                    o.TubeCode, o.SampledAt?.ToChina());
            })
            .OrderBy(r => Array.IndexOf(WorkOrder, r.Status)).ThenBy(r => r.Room ?? "", NaturalOrder.Instance).ThenBy(r => r.OrderId).ToList();
        return new FacilityTests(facility.Id.ToString(), facility.Name, day, rows.Count(r => r.Status == "due"), rows.Count(r => r.Status == "overdue"),
            rows.Count(r => r.Status == "sampled"), rows.Count(r => r.Status is "negative" or "positive" or "invalid"), rows);
    }
}
