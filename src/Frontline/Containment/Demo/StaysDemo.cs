using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Testing;

namespace Frontline.Containment.Demo;

/// <summary>
/// A quarantine hotel in 松岗 for the living demo: 40 rooms on floors 2–5, a dozen guests taken in from the demo's close
/// contacts, their health checks (one with a fever, open for the medical staff), a counselling note, and one guest moved
/// so that a room waits for cleaning. The guests' test days are Testing's orders from their intake (今日核酸): two of today's are
/// sampled at the hotel's own sampling site in today's round, one of them with its negative result, the rest wait for the sampler.
/// Made through the modules' services as the commander, the hotel's staff, the sampler and the lab.
/// </summary>
public sealed class StaysDemo(IDbContextFactory<FrontlineDb> dbs, Facilities facilities, Stays stays, StayTests tests, SamplingSites sites,
    SampleIngest samples, ResultIngest results, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock,
    ILogger<StaysDemo> log) : IDemoActivity
{
    public const string HotelName = "松岗街道集中隔离点（松湖酒店）";
    public const string HotelSiteCode = "SG-SHJD-GL";
    const string Hongxing = "440306005002", Songgang = "440306005000";

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
        await SampleTodayAsync(commander, facilityId, ct);
    }

    /// <summary>
    /// The hotel's sampler takes two of today's due tests (single tubes, in today's round of the street) and the lab reports the
    /// first negative: the list shows a result, a swab waiting for the lab, and the guests still to be sampled.
    /// </summary>
    async Task SampleTodayAsync(Caller commander, long facilityId, CancellationToken ct)
    {
        if (await As("sampler") is not { } sampler || await As("lab") is not { } lab) return;
        var now = clock.GetUtcNow();
        TestingRound? round;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            round = (await db.Set<TestingRound>().AsNoTracking().Where(r => r.State != RoundState.Closed && r.StartsAt <= now.UtcDateTime.AddMinutes(-15)
                    && r.EndsAt > now.UtcDateTime).OrderByDescending(r => r.Id).ToListAsync(ct)).FirstOrDefault(r => r.Covers(Hongxing) && r.Covers(Songgang));
        var due = (await tests.OfFacilityAsync(commander, facilityId, null, ct)).Items.Where(t => t.Status == "due").ToList();
        if (round is null || due.Count == 0) return;
        await sites.CreateAsync(commander, new SiteInput(HotelSiteCode, "松湖酒店隔离点采样点", Hongxing, ["sampler"]), ct);
        var stayPersons = new Dictionary<string, long>();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var ids = due.Select(t => long.Parse(t.StayId)).ToList();
            foreach (var s in await db.Stays.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.PersonId }).ToListAsync(ct))
                stayPersons[s.Id.ToString()] = s.PersonId;
            // A guest still due a re-test of the testing demo's positive pool would have the swab taken for that (a re-test comes
            // first): the demo's sampler takes two guests without one, and the re-tests' story stays the testing demo's.
            var persons = stayPersons.Values.ToList();
            var retesting = (await db.Set<RetestOrder>().AsNoTracking().Where(o => persons.Contains(o.PersonId) && o.SampleId == null && o.CancelledAt == null
                && o.Reason != TestOrderReasons.StayTest).Select(o => o.PersonId).ToListAsync(ct)).ToHashSet();
            due = due.Where(t => !retesting.Contains(stayPersons[t.StayId])).Take(2).ToList();
        }
        if (due.Count == 0) return;
        var scans = due.Select((t, i) => (SampleEvent?)new SampleEvent($"demo-stay-test-{t.OrderId}", round.Id.ToString(), HotelSiteCode, $"GL{t.OrderId}", 1, null,
            stayPersons[t.StayId].ToString(), now.AddMinutes(-10 + i * 4), "sampler", null, null)).ToList();
        var answer = await samples.IngestAsync(sampler, scans, ct);
        if (answer.Accepted < scans.Count) log.LogInformation("Demo stay tests: {Accepted} of {Count} scans taken", answer.Accepted, scans.Count);
        await results.IngestAsync(lab, [new ResultEvent($"demo-stay-result-{due[0].OrderId}", round.Id.ToString(), $"GL{due[0].OrderId}", "negative", null, null,
            "深圳市宝安区疾控中心实验室", now.AddMinutes(-5))], ct);
    }
}
