using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;

namespace Frontline.Containment.Demo;

/// <summary>
/// A quarantine hotel in 松岗 for the living demo: 40 rooms on floors 2–5, a dozen guests taken in from the demo's close
/// contacts, their health checks (one with a fever, open for the medical staff), a counselling note, and one guest moved
/// so that a room waits for cleaning. Made through the module's services as the commander and the hotel's staff.
/// </summary>
public sealed class StaysDemo(IDbContextFactory<FrontlineDb> dbs, Facilities facilities, Stays stays, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<StaysDemo> log) : IDemoActivity
{
    public const string HotelName = "松岗街道集中隔离点（松湖酒店）";
    const string Hongxing = "440306005002";

    public int Order => 510;

    async Task<Caller?> As(string name) => await users.FindByNameAsync(name) is { } user ? Caller.From(await principals.CreateAsync(user), "127.0.0.1") : null;

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await As("commander") is not { } commander || await As("facility-staff") is not { } staff) return;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            if (await db.Facilities.AnyAsync(f => f.Name == HotelName, ct)) return;
        var rooms = Enumerable.Range(2, 4).SelectMany(floor => Enumerable.Range(1, 10).Select(n => new RoomInput($"{floor}{n:00}", floor))).ToList();
        var facilityId = await facilities.CreateAsync(commander, new FacilityInput(HotelName, "宝安区松岗街道松福大道松湖酒店", Hongxing, "0755-27712345", rooms), ct);

        List<Contact> contacts;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            contacts = await db.Contacts.AsNoTracking().Where(c => c.Kind == ContactKind.Close).OrderBy(c => c.Id).Take(40).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var guests = new List<string>();
        // Up to twelve guests, leaving the last few close contacts outside for the transfers demo to bring in (order 520).
        var people = contacts.DistinctBy(c => c.PersonId).ToList();
        foreach (var contact in people.Take(Math.Min(12, Math.Max(people.Count / 2, people.Count - 5))))
        {
            try
            {
                var started = await stays.StartAsync(staff, new StayInput(contact.PersonId.ToString(), null, "centralised", facilityId.ToString(), null,
                    $"密接（病例{contact.CaseId}）", contact.LastExposureAt.ToChina(), contact.Id.ToString()), ct);
                guests.Add(started.Id);
            }
            catch (DomainException e)
            {
                log.LogInformation("Demo intake of contact {Contact} skipped: {Code}", contact.Id, e.Code);
            }
        }
        for (var i = 0; i < guests.Count; i++)
        {
            var id = long.Parse(guests[i]);
            // One guest has a fever on the latest check: the alert waits on the hotel's page.
            var temperature = i == 2 ? 37.8 : 36.3 + i % 5 * 0.1;
            await stays.AddHealthCheckAsync(staff, id, new HealthCheckInput(now.AddMinutes(-30 + i), temperature, i == 2 ? ["cough"] : []), ct);
        }
        if (guests.Count > 1)
        {
            await stays.AddNoteAsync(staff, long.Parse(guests[1]), new NoteInput("担心家中老人无人照顾，已联系社区网格员上门探望，情绪平稳"), ct);
            // A guest moved upstairs (air conditioning broken): the old room waits for cleaning.
            await stays.MoveAsync(staff, long.Parse(guests[0]), new MoveInput("501"), ct);
        }
    }
}
