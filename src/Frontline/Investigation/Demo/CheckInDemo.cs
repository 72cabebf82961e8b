using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation.Demo;

/// <summary>
/// Venue codes at work around the demo's case: eight registered places of 松岗街道 with their posters, about two thousand
/// check-ins by the street's residents over the case's lookback, the case's own scans among them — four taken into its
/// trajectory, with a relative's flat as a free address — so that its space-time companions are there to confirm or
/// dismiss; one is confirmed already. Deterministic (a fixed seed), made through the module's services.
/// </summary>
public sealed class CheckInDemo(
    IDbContextFactory<FrontlineDb> dbs, Places places, CheckInIngest checkIns, Trajectories trajectories, Companions companions, Cases cases,
    Outbox outbox, JurisdictionDirectory jurisdictions, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider clock, ILogger<CheckInDemo> log) : IDemoActivity
{
    const string Songgang = "440306005000", Hongxing = "440306005002";

    public int Order => 410;

    static readonly (string Suffix, string Name, string Kind, bool Hongxing)[] Venues =
    [
        ("V01", "红星农贸市场", "market", true),
        ("V02", "红星社区党群服务中心", "venue", true),
        ("V03", "松岗天虹购物中心", "venue", false),
        ("V04", "华润万家松岗店", "market", false),
        ("V05", "地铁11号线松岗站B口", "checkpoint", false),
        ("V06", "松岗人民医院门诊楼", "facility", false),
        ("V07", "红星小学", "school", true),
        ("V08", "松岗街道办事处", "workplace", false),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var admin = await CallerAsync("admin");
        var investigator = await CallerAsync("investigator");
        var communities = (await jurisdictions.ChildrenAsync(Songgang, ct)).Select(c => c.Code).Where(c => c != Hongxing).Order(StringComparer.Ordinal).ToList();
        if (communities.Count == 0) return;

        var codes = new List<string>();
        foreach (var (suffix, name, kind, inHongxing) in Venues)
        {
            var code = $"SG-{suffix}";
            await places.CreateAsync(admin, new PlaceInput(code, name, kind, inHongxing ? Hongxing : communities[codes.Count % communities.Count]), ct);
            codes.Add(code);
        }

        // The case the mass testing found yesterday, its event delivered now; a reported one when the testing demo made none.
        await outbox.DispatchPendingAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var theCase = await db.Cases.AsNoTracking().Where(c => c.CommunityCode.StartsWith("440306005"))
            .OrderBy(c => c.DetectedBy != "mass-testing").ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (theCase is null)
        {
            var person = await db.Persons.AsNoTracking().Where(p => p.CommunityCode == Hongxing).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(ct);
            var today = ChinaTime.Today(clock);
            var id = await cases.CreateAsync(investigator, new CaseInput(person.ToString(CultureInfo.InvariantCulture), null, "confirmed", "fever-clinic",
                clock.GetUtcNow().AddHours(-6), today.AddDays(-1), null), ct);
            theCase = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        }
        var lookback = await trajectories.LookbackAsync(db, theCase, ct);
        var residents = await db.Persons.AsNoTracking().Where(p => p.CommunityCode.StartsWith("440306005") && p.Id != theCase.PersonId)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(800).ToListAsync(ct);

        // The case's own day: the market in the morning, the mall at noon, the metro, the community centre, the school gate.
        var random = new Random(410);
        var days = Math.Max(1, (int)Math.Ceiling((lookback.To - lookback.From).TotalDays));
        var own = new List<(string Venue, DateTime At)>();
        for (var d = 0; d < days; d++)
        {
            var day = lookback.From.AddDays(d);
            foreach (var (venue, hour) in new[] { (0, 8.5), (2, 12.25), (4, 18.0) })
            {
                var at = day.AddHours(hour + random.NextDouble());
                if (at >= lookback.From && at <= lookback.To) own.Add((codes[(venue + d) % codes.Count], at));
            }
        }
        var events = new List<CheckInEvent>();
        var serial = 0;
        CheckInEvent Event(string venue, long person, DateTime at) =>
            new($"demo-checkin-{++serial:000000}", venue, null, person.ToString(CultureInfo.InvariantCulture), new DateTimeOffset(at, TimeSpan.Zero));
        foreach (var (venue, at) in own)
        {
            events.Add(Event(venue, theCase.PersonId, at));
            // People around the case at the same place: a few to a dozen within three quarters of an hour either side.
            for (var n = random.Next(3, 13); n > 0; n--)
                events.Add(Event(venue, residents[random.Next(residents.Count)], at.AddMinutes(random.Next(-45, 46))));
        }
        // Everyone else's ordinary days at the eight places, between seven and nine in the evening.
        var span = lookback.To - lookback.From;
        while (events.Count < 2000)
        {
            var at = lookback.From.AddMinutes(random.NextDouble() * span.TotalMinutes);
            var hour = at.ToChina().Hour;
            if (hour is < 7 or > 21) continue;
            events.Add(Event(codes[random.Next(codes.Count)], residents[random.Next(residents.Count)], at));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in events.Where(e => e.At!.Value.UtcDateTime <= now).Chunk(CheckInIngest.MaxBatch))
            await checkIns.IngestAsync(investigator, chunk, ct);

        // The trajectory: four of the case's own scans, and an evening at a relative's flat, which has no venue code.
        var offered = await trajectories.OwnCheckInsAsync(investigator, theCase.Id, new PageRequest(1, 100), ct);
        if (offered.Items.Count > 0)
            await trajectories.AcceptCheckInsAsync(investigator, theCase.Id, offered.Items.Take(4).Select(c => c.Id).ToList(), ct);
        var evening = lookback.From.AddHours(11);
        if (evening.AddHours(2) <= lookback.To)
            await trajectories.AddAsync(investigator, theCase.Id,
                [new TrajectoryEntryInput(null, "松岗街道红星社区亲戚家（楼栋待核实）", evening.ToChina(), evening.AddHours(2).ToChina(), "与家人聚餐")], ct);
        var found = await companions.SearchAsync(investigator, theCase.Id, null, new PageRequest(1, 10), ct);
        if (found.Items.Count > 0)
            await companions.ConfirmAsync(investigator, theCase.Id, long.Parse(found.Items[0].PersonId, CultureInfo.InvariantCulture), null, ct);

        log.LogInformation("Demo check-ins: {Places} places, {CheckIns} check-ins, case {Case} with {Companions} companions, in {Ms:0} ms",
            codes.Count, events.Count, theCase.Id, found.Total, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    async Task<Caller> CallerAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"Demo user {userName} is missing");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return Caller.From(principal, "127.0.0.1");
    }
}
