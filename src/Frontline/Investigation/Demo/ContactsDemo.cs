using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation.Demo;

/// <summary>
/// A believable cluster for the living demo: four cases of 松岗街道 linked by infector (an index case in 红星社区, two
/// cases it infected — one at home, one at work — and a third generation), each with its household and workplace close
/// contacts and a few secondary contacts through them, and one contact living in Guangzhou (an assist-check request).
/// Made through the module's services as the investigator; deterministic (persons chosen by id, times from today).
/// </summary>
public sealed class ContactsDemo(IDbContextFactory<FrontlineDb> dbs, Cases cases, Contacts contacts, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, PolicySets policies, TimeProvider clock, ILogger<ContactsDemo> log) : IDemoActivity
{
    const string Hongxing = "440306005002", Songgang = "440306005000";

    public int Order => 420;

    sealed record Resident(long Id, string Community, long Building, string? Room);

    public async Task SeedAsync(CancellationToken ct)
    {
        var user = await users.FindByNameAsync("investigator");
        if (user is null) return;
        var investigator = Caller.From(await principals.CreateAsync(user), "127.0.0.1");
        List<Resident> people;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var taken = await db.Cases.Select(c => c.PersonId).ToListAsync(ct);
            people = (await db.Persons.AsNoTracking().InScope(new JurisdictionScope(Songgang)).Where(p => !taken.Contains(p.Id) && p.Room != null)
                .OrderBy(p => p.Id).Take(3000).Select(p => new Resident(p.Id, p.CommunityCode, p.BuildingId, p.Room)).ToListAsync(ct));
        }
        var households = people.GroupBy(p => (p.Building, p.Room)).Where(g => g.Count() >= 3).Select(g => g.ToList()).ToList();
        var hongxing = households.Where(h => h[0].Community == Hongxing).ToList();
        var elsewhere = households.Where(h => h[0].Community != Hongxing).ToList();
        if (hongxing.Count < 3 || elsewhere.Count < 6) return;

        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);
        DateTimeOffset At(int daysAgo, int hour) => ChinaTime.FromChina(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, 0)));
        var secondary = policies.Active.SecondaryContact.Identified;

        // Generation 1: the index case, found at a fever clinic four days ago.
        var index = hongxing[0];
        var a = await cases.CreateAsync(investigator, new CaseInput(index[0].Id.ToString(), null, "confirmed", "fever-clinic", At(4, 9), today.AddDays(-5), null), ct);
        // Generation 2: a household member, and a colleague living in another community.
        var b = await cases.CreateAsync(investigator, new CaseInput(index[1].Id.ToString(), null, "asymptomatic", "report", At(2, 8), null, a.ToString()), ct);
        var colleague = elsewhere[0];
        var c = await cases.CreateAsync(investigator, new CaseInput(colleague[0].Id.ToString(), null, "confirmed", "report", At(2, 10), today.AddDays(-3), a.ToString()), ct);
        // Generation 3: the colleague's spouse.
        var d = await cases.CreateAsync(investigator, new CaseInput(colleague[1].Id.ToString(), null, "asymptomatic", "report", At(1, 7), null, c.ToString()), ct);

        var added = 0;
        async Task<long> Close(long caseId, Resident r, string setting, DateTimeOffset at)
        {
            added++;
            return await contacts.AddAsync(investigator, caseId, new ContactInput(r.Id.ToString(), null, null, null, "close", null, at, setting), ct);
        }
        async Task Secondary(long caseId, long via, Resident r, string setting, DateTimeOffset at)
        {
            if (!secondary) return;
            added++;
            await contacts.AddAsync(investigator, caseId, new ContactInput(r.Id.ToString(), null, null, null, "secondary", via.ToString(), at, setting), ct);
        }

        // The index case's household (the rest of it), two colleagues' households at work, a shared meal.
        foreach (var r in index.Skip(2)) await Close(a, r, "household", At(4, 8));
        var work1 = await Close(a, elsewhere[1][0], "workplace", At(4, 18));
        var work2 = await Close(a, elsewhere[2][0], "workplace", At(4, 18));
        await Close(a, elsewhere[3][1], "meal", At(5, 12));
        foreach (var r in elsewhere[1].Skip(1).Take(2)) await Secondary(a, work1, r, "household", At(4, 21));
        await Secondary(a, work2, elsewhere[2][1], "household", At(4, 21));
        // The household case's own contacts: a neighbour in the lift, a carer.
        var lift = await Close(b, hongxing[1][0], "lift", At(2, 7));
        await Close(b, hongxing[2][0], "carer", At(3, 15));
        foreach (var r in hongxing[1].Skip(1).Take(2)) await Secondary(b, lift, r, "household", At(2, 20));
        // The colleague's contacts: their other household members, a car pool, and a resident who now lives and works in
        // Guangzhou (人户分离), back for a meal (协查). A registered resident, so that the demo registers nobody new: a person
        // registered today would be untested in yesterday's round, which the demo shows complete.
        foreach (var r in colleague.Skip(2)) await Close(c, r, "household", At(2, 7));
        var car = await Close(c, elsewhere[3][0], "vehicle", At(3, 8));
        foreach (var r in elsewhere[3].Skip(2).Take(2)) await Secondary(c, car, r, "household", At(3, 20));
        added++;
        var away = elsewhere[Math.Min(5, elsewhere.Count - 1)][0];
        await contacts.AddAsync(investigator, c, new ContactInput(away.Id.ToString(), null, null, null, "close", null, At(3, 19), "meal",
            true, "广州市天河区"), ct);
        // The third generation's household is the colleague's: their contacts are the colleague's too; one more at work.
        if (elsewhere.Count > 4) await Close(d, elsewhere[4][0], "workplace", At(1, 12));
        log.LogInformation("Demo chain of transmission: 4 cases, {Contacts} contacts", added);
    }
}
