using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// A person in home quarantine opens their self-report link on a phone (no account), reports 38.1 °C with a cough, and
/// sees the page tell them the community will call; the alert is stored and is a task for their community worker.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SelfReportFlow(AppFixture app)
{
    [BrowserFact]
    public async Task A_person_at_home_reports_a_fever_from_the_link_and_the_alert_reaches_the_community()
    {
        var idNumber = (await TestingData.ResidentsAsync(app, 1))[0];
        using var admin = await app.ApiAsync("admin");
        var personId = long.Parse((await admin.GetFromJsonAsync<JsonElement>($"/api/persons?q={idNumber}")).GetProperty("items")[0].GetProperty("id").GetString()!);
        long stayId;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            // The stay as the stays part writes it at intake (its API is a colleague's part).
            var today = ChinaTime.Today(TimeProvider.System);
            var stay = new Stay
            {
                PersonId = personId, Kind = StayKind.HomeQuarantine, Status = StayStatus.Active, JurisdictionCode = TestingData.Hongxing,
                PersonCommunityCode = TestingData.Hongxing, Reason = "密接居家隔离", LastExposureAt = DateTime.UtcNow.AddDays(-2), PolicySet = PolicySets.DefaultName,
                StartsOn = today.AddDays(-1), EndsOn = today.AddDays(5), CheckedInAt = DateTime.UtcNow, CheckedInBy = "facility-staff", UpdatedAt = DateTime.UtcNow,
            };
            db.Stays.Add(stay);
            await db.SaveChangesAsync();
            stayId = stay.Id;
        }
        using var staff = await app.ApiAsync("facility-staff");
        var issued = await staff.PostAsync($"/api/stays/{stayId}/self-report-link", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var url = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        var context = await app.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await AppFixture.OpenAsync(page, url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("健康监测上报");
        // Nothing of the person: the link may be seen over a shoulder.
        await Expect(page.Locator("body")).Not.ToContainTextAsync("受检");
        await page.Locator("#temperature").FillAsync("38.1");
        await page.Locator(".symptoms label", new() { HasText = "干咳" }).ClickAsync();
        await AppFixture.ShotAsync(page, "self-report-phone-form");
        await page.Locator("button.submit").ClickAsync();
        await Expect(page.Locator(".thanks")).ToHaveAttributeAsync("data-alert", "true");
        await Expect(page.Locator(".thanks")).ToContainTextAsync("社区工作人员将尽快与您联系");
        await AppFixture.ShotAsync(page, "self-report-phone-thanks");
        await context.CloseAsync();

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var check = await db.HealthChecks.AsNoTracking().SingleAsync(h => h.StayId == stayId);
            Assert.Equal((HealthCheckSource.SelfReport, 38.1, "cough", true), (check.Source, check.Temperature!.Value, check.Symptoms, check.Alert));
        }
        using var worker = await app.ApiAsync("community-worker");
        var tasks = (await worker.GetFromJsonAsync<JsonElement>("/api/tasks?status=open&pageSize=500")).GetProperty("items").EnumerateArray();
        Assert.Contains(tasks, t => t.GetProperty("kind").GetString() == "self-report" && t.GetProperty("title").GetString()!.Contains("38.1") &&
            t.GetProperty("title").GetString()!.Contains(stayId.ToString()));
    }
}
