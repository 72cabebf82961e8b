using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Containment.Demo;

/// <summary>
/// The dispatcher's morning in the living demo: three transfers of the demo cluster's close contacts (松岗街道) to the
/// quarantine hotel with the most free rooms — one arrived, one on the road, one requested eight hours ago and late, so
/// the board opens with a red card and the command sees its overdue task; the arrived one's last person could not be taken
/// in (their kept room went out of service), so the hotel's page lists one arrival to resolve. Made through the transfer and
/// facility services as the dispatcher and the hotel's staff; only the late one's request time is set back, as no one can
/// request in the past.
/// </summary>
public sealed class TransfersDemo(IDbContextFactory<FrontlineDb> dbs, Transfers transfers, TransferDeadlineSweep sweep, Facilities facilities, Outbox outbox,
    UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<TransfersDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000";

    public int Order => 520;

    public async Task SeedAsync(CancellationToken ct)
    {
        var user = await users.FindByNameAsync("dispatcher");
        if (user is null) return;
        var dispatcher = Caller.From(await principals.CreateAsync(user), "127.0.0.1");
        List<Contact> contacts;
        long? facilityId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            facilityId = await db.Rooms.AsNoTracking().Where(r => r.State == RoomState.Free).GroupBy(r => r.FacilityId)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (long?)g.Key).FirstOrDefaultAsync(ct);
            // Close contacts not yet in quarantine: the hotel's demo guests are already there.
            contacts = await db.Contacts.AsNoTracking().InScope(new JurisdictionScope(Songgang)).Where(c => c.Kind == ContactKind.Close)
                .Where(c => !db.Set<Stay>().Any(s => s.PersonId == c.PersonId && s.Status == StayStatus.Active))
                .OrderBy(c => c.Id).Take(50).ToListAsync(ct);
            contacts = contacts.DistinctBy(c => c.PersonId).Take(5).ToList();
        }
        if (facilityId is null || contacts.Count < 3)
        {
            log.LogInformation("No quarantine hotel with free rooms or fewer than three close contacts outside quarantine in the demo: no demo transfers");
            return;
        }
        TransferPersonInput Person(Contact c, string? room = null) => new(c.PersonId.ToString(), room, c.Id.ToString(), c.LastExposureAt.ToChina(), "密接集中隔离");
        async Task<long> Request(Contact[] people, string? note = null, string? lastRoom = null) => long.Parse((await transfers.RequestAsync(dispatcher,
            new TransferInput(null, people.Select((c, i) => Person(c, i == people.Length - 1 ? lastRoom : null)).ToArray(), "宝安区松岗街道红星路18号",
                facilityId.Value.ToString(), null, null, note), ct)).Id);
        async Task Step(long id, string status) =>
            await transfers.StepAsync(dispatcher, id, new TransferEventInput(status, null, "粤B·D" + (12300 + id % 100), "王师傅", "李医生", null), ct);

        // Five people when the cluster has them, at least one per transfer.
        var late = await Request(contacts.Count >= 5 ? [contacts[3], contacts[4]] : [contacts[2]], "老人随行，需轮椅");
        // The arrived transfer kept a top-floor room for its last person, which the hotel took out of service before they came
        // (the air conditioning broke): that person waits on the hotel's page as an arrival not taken in.
        Room? kept;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            kept = await db.Rooms.AsNoTracking().Where(r => r.FacilityId == facilityId && r.State == RoomState.Free)
                .OrderByDescending(r => r.Floor).ThenByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        var arrived = await Request(contacts.Count >= 5 ? [contacts[0], contacts[1]] : [contacts[0]], lastRoom: kept?.Number);
        foreach (var status in new[] { "dispatched", "picked-up" }) await Step(arrived, status);
        if (kept is not null && await users.FindByNameAsync("facility-staff") is { } staffUser)
            await facilities.SetRoomStateAsync(Caller.From(await principals.CreateAsync(staffUser), "127.0.0.1"), kept.Id, new RoomActionInput("out-of-service"), ct);
        await Step(arrived, "arrived");
        // The arrival's stays are started by its event: delivered now, so the demo opens with them in place.
        await outbox.DispatchPendingAsync(ct);
        var onTheRoad = await Request([contacts.Count >= 5 ? contacts[2] : contacts[1]]);
        await Step(onTheRoad, "dispatched");
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            await db.Transfers.Where(t => t.Id == late).ExecuteUpdateAsync(u => u.SetProperty(t => t.RequestedAt, now.AddHours(-8))
                .SetProperty(t => t.DueBy, now.AddHours(-2)), ct);
        // The scheduler runs the sweep every minute; run once here so the demo opens with the task already raised.
        await sweep.RunAsync(ct);
    }
}
