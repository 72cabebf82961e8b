using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation.Demo;

/// <summary>
/// The case files a newcomer finds: the case the testing demo's positive re-test made (classified here, if the outbox
/// delivered it by now), and four cases reported by hand in 松岗街道 — a confirmed case from the fever clinic with its
/// trajectory, an asymptomatic case later reclassified as confirmed, an asymptomatic close contact, and a fresh case still
/// pending whose reporting deadline runs. One notice approved, one drafted. Through the module's services, as the
/// investigator and the commander would.
/// </summary>
public sealed class CasesDemo(
    IDbContextFactory<FrontlineDb> dbs, Cases cases, CaseWork work, TrajectoryNotices notices, Places places, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<CasesDemo> log) : IDemoActivity
{
    const string Hongxing = "440306005002";

    public int Order => 400;

    public async Task SeedAsync(CancellationToken ct)
    {
        var investigator = await CallerAsync("investigator");
        var commander = await CallerAsync("commander");
        var admin = await CallerAsync("admin");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var taken = await db.Cases.Select(c => c.PersonId).ToListAsync(ct);
        var people = await db.Persons.AsNoTracking()
            .Where(p => p.CommunityCode.StartsWith("440306005") && p.DocType == DocType.ResidentId && p.BirthDate != null && !taken.Contains(p.Id))
            .OrderBy(p => p.CommunityCode == Hongxing ? 0 : 1).ThenBy(p => p.Id).Take(40).ToListAsync(ct);
        if (people.Count < 4) return;
        var now = clock.GetUtcNow();
        var today = ChinaTime.Today(clock);

        // The testing demo's positive re-test made a pending case: the clinician found no symptoms.
        foreach (var fromTesting in await db.Cases.AsNoTracking().Where(c => c.DetectedBy == "mass-testing" && c.Classification == CaseClassification.Pending).ToListAsync(ct))
        {
            await work.ReclassifyAsync(investigator, fromTesting.Id, new ClassificationInput("asymptomatic", "无发热、咳嗽等症状，胸部CT未见异常"), ct);
            await work.RecordMilestoneAsync(investigator, fromTesting.Id, new MilestoneInput("notified", null), ct);
        }

        // 病例: the fever clinic's confirmed case, with its trajectory over the lookback.
        var first = await cases.CreateAsync(investigator, new CaseInput(people[0].Id.ToString(), null, "confirmed", "fever-clinic",
            now.AddHours(-9), today.AddDays(-1), null, now.AddHours(-5)), ct);
        await work.RecordMilestoneAsync(investigator, first, new MilestoneInput("notified", now.AddHours(-4)), ct);
        await work.RecordMilestoneAsync(investigator, first, new MilestoneInput("core-facts", now.AddHours(-2)), ct);
        await work.UpdateClinicalAsync(investigator, first, new ClinicalInput("mild", "shelter-hospital"), ct);
        await work.UpdateDatesAsync(investigator, first, new CaseDatesInput(now.AddHours(-9), today.AddDays(-1), now.AddHours(-4)), ct);
        await TrajectoryAsync(db, admin, first, today, ct);

        // An asymptomatic case who reported a positive antigen test, reclassified as confirmed when a fever appeared; infected by the first.
        var second = await cases.CreateAsync(investigator, new CaseInput(people[1].Id.ToString(), null, "asymptomatic", "report",
            now.AddHours(-30), null, first.ToString(), now.AddHours(-26)), ct);
        await work.RecordMilestoneAsync(investigator, second, new MilestoneInput("notified", now.AddHours(-25)), ct);
        await work.ReclassifyAsync(investigator, second, new ClassificationInput("confirmed", "出现发热（37.8℃）、咽痛"), ct);
        await work.UpdateDatesAsync(investigator, second, new CaseDatesInput(now.AddHours(-30), today, null), ct);

        // A close contact of the first who turned positive in quarantine: asymptomatic.
        var third = await cases.CreateAsync(investigator, new CaseInput(people[2].Id.ToString(), null, "asymptomatic", "close-contact",
            now.AddHours(-8), null, first.ToString(), now.AddHours(-3)), ct);
        await work.RecordMilestoneAsync(investigator, third, new MilestoneInput("notified", now.AddHours(-2.5)), ct);

        // Just found: pending, its reporting deadline running.
        await cases.CreateAsync(investigator, new CaseInput(people[3].Id.ToString(), null, null, "report", now.AddHours(-4), null, null, now.AddMinutes(-50)), ct);

        var approved = await notices.DraftAsync(investigator, first, ct);
        await notices.ApproveAsync(commander, long.Parse(approved.Id), ct);
        await notices.DraftAsync(investigator, second, ct);
        log.LogInformation("Demo cases: {First}, {Second}, {Third} and a pending one; one notice approved, one drafted", first, second, third);
    }

    /// <summary>The first case's movements: home, the market, work, a meal — places of 红星社区 registered for it when the district has none.</summary>
    async Task TrajectoryAsync(FrontlineDb db, Caller admin, long caseId, DateOnly today, CancellationToken ct)
    {
        var known = await db.Places.AsNoTracking().Where(p => p.CommunityCode == Hongxing).OrderBy(p => p.Id).Take(3).ToListAsync(ct);
        if (known.Count < 3)
        {
            foreach (var (code, name, kind) in new[] { ("HX-MKT-01", "红星农贸市场", "market"), ("HX-WRK-01", "松岗智造产业园A座", "workplace"), ("HX-RST-01", "红星路老码头餐馆", "venue") })
                if (!await db.Places.AnyAsync(p => p.Code == code, ct))
                    await places.CreateAsync(admin, new PlaceInput(code, name, kind, Hongxing), ct);
            known = await db.Places.AsNoTracking().Where(p => p.CommunityCode == Hongxing).OrderBy(p => p.Id).Take(3).ToListAsync(ct);
        }
        DateTime At(int daysAgo, int hour, int minute) => ChinaTime.FromChina(today.AddDays(-daysAgo).ToDateTime(new TimeOnly(hour, minute))).UtcDateTime;
        var entries = new List<TrajectoryEntry>();
        void Add(int daysAgo, int fromH, int fromM, int toH, int toM, Place? place, string? address) => entries.Add(new TrajectoryEntry
        {
            CaseId = caseId, PlaceId = place?.Id, Address = place is null ? address : null, From = At(daysAgo, fromH, fromM), To = At(daysAgo, toH, toM),
            Source = TrajectorySource.Manual, CreatedBy = "investigator", CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        Add(3, 7, 40, 8, 20, known.ElementAtOrDefault(0), null);
        Add(3, 9, 0, 18, 0, known.ElementAtOrDefault(1), null);
        Add(2, 12, 10, 13, 5, known.ElementAtOrDefault(2), null);
        Add(2, 19, 0, 20, 30, null, "松岗街道东方大道沃尔玛超市");
        Add(1, 8, 30, 10, 0, null, "松岗人民医院发热门诊");
        db.TrajectoryEntries.AddRange(entries);
        await db.SaveChangesAsync(ct);
    }

    async Task<Caller> CallerAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"Demo user {userName} is missing");
        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return Caller.From(principal, "127.0.0.1");
    }
}
