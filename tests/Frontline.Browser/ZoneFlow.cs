using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A commander on a phone designates a sealed zone over a building and sees its countdown on the board; an early release is
/// refused with the missing conditions named; a zone whose facts lie in the past (a case 20 days ago, an all-negative round
/// yesterday, arranged in the database: the server's clock cannot move) shows 可解封 and is released.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ZoneFlow(AppFixture app)
{
    async Task<(string Building, List<string> People)> BuildingAsync(HttpClient admin, int count)
    {
        var building = TestingData.Unique("封控流程楼");
        var people = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "封控居民" + i, idNumber = TestingData.NewResidentId(), phone = "139" + Random.Shared.Next(10_000_000, 99_999_999),
                communityCode = TestingData.Hongxing, building, room = $"{i + 1}02",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            people.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }
        var person = await admin.GetFromJsonAsync<JsonElement>($"/api/persons/{people[0]}");
        return (person.GetProperty("buildingId").GetString()!, people);
    }

    [BrowserFact]
    public async Task Commander_designates_a_zone_sees_its_countdown_is_refused_an_early_release_and_releases_an_eligible_one()
    {
        using var admin = await app.ApiAsync("admin");
        var (building, people) = await BuildingAsync(admin, 2);
        var caseMade = await admin.PostAsJsonAsync("/api/cases", new { personId = people[0], classification = "confirmed", sampledAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Equal(HttpStatusCode.Created, caseMade.StatusCode);

        var page = await app.SignInAsync("commander", 390, 844);
        await app.GoAsync(page, "/containment/zones");
        await page.Locator(".zone-designate summary").ClickAsync();
        await page.Locator("input.zone-buildings").FillAsync(building);
        await page.Locator("input.zone-reason").FillAsync("病例居住楼栋，足不出户");
        await page.Locator(".zone-submit").ClickAsync();
        await AppFixture.ArrivedAsync(page, new System.Text.RegularExpressions.Regex(@"/containment/zones/\d+$"));
        var zoneId = page.Url.Split('/')[^1];
        await Expect(page.Locator(".zone-status")).ToContainTextAsync("缺少全员核酸阴性轮次");

        // Refused early: a commander without the override sees why.
        await page.Locator(".release-submit").ClickAsync();
        await Expect(page.Locator(".zone-error")).ToContainTextAsync("尚未满足解封条件");
        // The refusal leaves no line; the case's pending proposal for this building (if its event was handled before the
        // designation) closed itself on the zone's history as superseded.
        await Expect(page.Locator(".zone-history li:not([data-action=took-proposal])")).ToHaveCountAsync(1);

        // The board: the new zone under 封控区 with what it waits for.
        await app.GoAsync(page, "/containment/zones");
        var card = page.Locator($".zone-card[data-zone='{zoneId}']");
        await Expect(card).ToContainTextAsync("待满足条件");
        await Expect(card).ToContainTextAsync("无新增感染天数未满");

        // A zone whose facts make it eligible today.
        var (eligibleBuilding, eligiblePeople) = await BuildingAsync(admin, 2);
        var old = await admin.PostAsJsonAsync("/api/cases", new { personId = eligiblePeople[0], classification = "confirmed", sampledAt = DateTimeOffset.UtcNow.AddDays(-20), positiveAt = DateTimeOffset.UtcNow.AddDays(-20).AddHours(5) });
        Assert.Equal(HttpStatusCode.Created, old.StatusCode);
        await NegativeRoundYesterdayAsync(eligiblePeople);
        var designated = await admin.PostAsJsonAsync("/api/zones", new { level = "sealed", buildingIds = new[] { eligibleBuilding }, reason = "病例居住楼栋（20天前）" });
        Assert.Equal(HttpStatusCode.Created, designated.StatusCode);
        var eligibleId = (await designated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await app.GoAsync(page, "/containment/zones");
        await Expect(page.Locator($".zone-card[data-zone='{eligibleId}']")).ToContainTextAsync("可解封");
        await AppFixture.ShotAsync(page, "zone-board-phone");

        await app.GoAsync(page, $"/containment/zones/{eligibleId}");
        await Expect(page.Locator(".zone-status")).ToContainTextAsync("今日可解封");
        await Expect(page.Locator(".ev-round")).ToContainTextAsync("全部阴性");
        await page.Locator("input.release-reason").FillAsync("连续14天无新增，全员核酸阴性");
        await page.Locator(".release-submit").ClickAsync();
        await Expect(page.Locator(".zone-message")).ToContainTextAsync("已解封");
        await Expect(page.Locator(".zone-history li[data-action=released]")).ToHaveCountAsync(1);
        await AppFixture.ShotAsync(page, "zone-released-phone");
        await page.Context.CloseAsync();
    }

    async Task NegativeRoundYesterdayAsync(List<string> people)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var ends = DateTime.UtcNow.AddDays(-1);
        var round = new TestingRound { Name = TestingData.Unique("解封前全员核酸"), ScopeCodes = TestingData.Hongxing, StartsAt = ends.AddHours(-12), EndsAt = ends, PoolSize = 1, State = RoundState.Closed, CreatedBy = "admin", CreatedAt = ends.AddHours(-13) };
        var site = new SamplingSite { Code = TestingData.Unique("ZF"), Name = "封控流程采样点", CommunityCode = TestingData.Hongxing, CreatedAt = ends };
        db.AddRange(round, site);
        await db.SaveChangesAsync();
        var ids = people.Select(long.Parse).ToList();
        var buildings = await db.Persons.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.BuildingId);
        foreach (var person in ids)
        {
            var tube = new Tube { Code = TestingData.Unique("ZFT"), RoundId = round.Id, SiteId = site.Id, CommunityCode = TestingData.Hongxing, PoolSize = 1, Count = 1, FirstScanAt = ends.AddHours(-6), Outcome = Outcome.Negative, ResultAt = ends.AddHours(-2) };
            db.Add(tube);
            await db.SaveChangesAsync();
            db.Add(new Sample { EventId = TestingData.Unique("zf-"), RoundId = round.Id, TubeId = tube.Id, PersonId = person, CommunityCode = TestingData.Hongxing, BuildingId = buildings[person], SiteId = site.Id, CollectedAt = ends.AddHours(-6), ReceivedAt = ends.AddHours(-6), Outcome = Outcome.Negative });
        }
        await db.SaveChangesAsync();
        // Written around the ingest (a round in the past): its per-building counts as the scans and results would have kept them.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await RoundBuildingCounts.RecountAsync(connection, null, round.Id, CancellationToken.None);
    }
}
