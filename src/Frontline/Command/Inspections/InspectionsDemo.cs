using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Command.Inspections;

/// <summary>
/// The 督导组's day in 松岗 for the living demo, made through the service as the inspector: a market with one finding open
/// and due tomorrow, the quarantine hotel all fine, and a sampling site whose finding a re-inspection found fixed.
/// </summary>
public sealed class InspectionsDemo(IDbContextFactory<FrontlineDb> dbs, Inspections inspections, UserManager<AppUser> users,
    IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock, ILogger<InspectionsDemo> log) : IDemoActivity
{
    const string Songgang = "440306005";

    public int Order => 610;

    static Dictionary<string, JsonElement> Answers(params (string Item, object Value)[] answers) =>
        answers.ToDictionary(a => a.Item, a => JsonSerializer.SerializeToElement(a.Value));

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await users.FindByNameAsync("inspector") is not { } user) return;
        var inspector = Caller.From(await principals.CreateAsync(user), "127.0.0.1");
        string? market, hotel, site;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var scope = new JurisdictionScope(Songgang + "000");
            market = await db.Places.AsNoTracking().InScope(scope).Where(p => p.Kind == PlaceKind.Market).OrderBy(p => p.Id).Select(p => "place:" + p.Id).FirstOrDefaultAsync(ct);
            hotel = await db.Facilities.AsNoTracking().InScope(scope).OrderBy(f => f.Id).Select(f => "facility:" + f.Id).FirstOrDefaultAsync(ct);
            site = await db.Set<SamplingSite>().AsNoTracking().InScope(scope).OrderBy(s => s.Id).Select(s => "site:" + s.Id).FirstOrDefaultAsync(ct);
        }
        var now = clock.GetUtcNow().ToOffset(ChinaTime.Offset);
        var tomorrowEvening = new DateTimeOffset(now.Date.AddDays(1).AddHours(18), ChinaTime.Offset);
        try
        {
            if (market is not null)
                await inspections.CreateAsync(inspector, new InspectionInput(market, InspectionPlaceKinds.Market,
                    Answers(("venue-code-scan", false), ("temperature-check", true), ("masks", true), ("masks-seen", 3), ("disinfection-log", true), ("staff-tested", true),
                        ("note", "东门入口场所码被货物遮挡，部分顾客未扫码进入")),
                    [new FindingInput("东门入口场所码被遮挡，未安排专人查验扫码", tomorrowEvening)], RequestId: $"demo:{market}"), null, ct);
            if (hotel is not null)
                await inspections.CreateAsync(inspector, new InspectionInput(hotel, InspectionPlaceKinds.QuarantineHotel,
                    Answers(("staffing-24h", true), ("closed-loop", true), ("temperature-check", true), ("masks", true), ("disinfection-log", true), ("guests", 12)),
                    [], RequestId: $"demo:{hotel}"), null, ct);
            if (site is not null)
            {
                var first = await inspections.CreateAsync(inspector, new InspectionInput(site, InspectionPlaceKinds.SamplingSite,
                    Answers(("venue-code-scan", true), ("one-metre", false), ("masks", true), ("disinfection-log", true), ("queue-length", 80)),
                    [new FindingInput("排队未保持一米间隔，缺少地面标识", now.AddHours(4))], RequestId: $"demo:{site}"), null, ct);
                await using var db = await dbs.CreateDbContextAsync(ct);
                var finding = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.InspectionId == long.Parse(first.Id)).Select(f => f.Id).FirstAsync(ct);
                await inspections.CreateAsync(inspector, new InspectionInput(site, InspectionPlaceKinds.SamplingSite,
                    Answers(("venue-code-scan", true), ("one-metre", true), ("masks", true), ("disinfection-log", true), ("queue-length", 35)),
                    [], [new RecheckInput(finding.ToString(), true, null, "已张贴一米线地贴，安排志愿者引导")], RequestId: $"demo:re:{site}"), null, ct);
            }
        }
        catch (DomainException e)
        {
            log.LogWarning("Inspections demo skipped: {Code}", e.Code);
        }
    }
}
