using System.Net;
using System.Net.Http.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>Self-report links through the HTTP contract and the phone page — on each provider.</summary>
public abstract class SelfReportApiTests(FrontlineApp app)
{
    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> work)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>A stay written straight into its table (the stays API is a colleague's part): at home in 红星, ending in a week.</summary>
    async Task<long> StayAsync(StayKind kind = StayKind.HomeQuarantine, int startedDaysAgo = 1)
    {
        var person = long.Parse(await TransfersApiTests.PersonAsync(app));
        var today = ChinaTime.Today(TimeProvider.System);
        return await WithDb(async db =>
        {
            var stay = new Stay
            {
                PersonId = person, Kind = kind, Status = StayStatus.Active, JurisdictionCode = TestData.Hongxing, PersonCommunityCode = TestData.Hongxing,
                Reason = "密接居家隔离", LastExposureAt = DateTime.UtcNow.AddDays(-startedDaysAgo - 1), PolicySet = PolicySets.DefaultName,
                StartsOn = today.AddDays(-startedDaysAgo), EndsOn = today.AddDays(6), CheckedInAt = DateTime.UtcNow.AddDays(-startedDaysAgo),
                CheckedInBy = "facility-staff", UpdatedAt = DateTime.UtcNow,
            };
            db.Stays.Add(stay);
            await db.SaveChangesAsync();
            return stay.Id;
        });
    }

    async Task<(string Url, string Token)> LinkAsync(long stay)
    {
        var staff = await app.As("facility-staff");
        var response = await staff.PostAsync($"/api/stays/{stay}/self-report-link", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Body();
        var url = body.Str("url");
        Assert.StartsWith("<svg", body.Str("qrSvg").TrimStart()[..4]);
        return (url, url[(url.LastIndexOf('/') + 1)..]);
    }

    [SkippableFact]
    public async Task A_fever_reported_through_the_link_is_an_alert_and_a_task_for_the_persons_community()
    {
        var stay = await StayAsync();
        var (url, token) = await LinkAsync(stay);
        Assert.Contains("/r/", url);
        Assert.Equal(43, token.Length);
        // Only the hash is kept.
        Assert.False(await WithDb(db => db.SelfReportLinks.AnyAsync(l => l.TokenHash.Contains(token))));

        var anonymous = app.Anonymous();
        var reported = await anonymous.PostAsJsonAsync($"/api/self-report/{token}", new { temperature = 38.1, symptoms = new[] { "cough" } });
        Assert.True(reported.StatusCode == HttpStatusCode.OK, await reported.Content.ReadAsStringAsync());
        Assert.True((await reported.Body()).GetProperty("alert").GetBoolean());
        // A retried post (a second tap) is the same report.
        await anonymous.PostAsJsonAsync($"/api/self-report/{token}", new { temperature = 38.1, symptoms = new[] { "cough" } });

        var check = Assert.Single(await WithDb(db => db.HealthChecks.AsNoTracking().Where(h => h.StayId == stay).ToListAsync()));
        Assert.Equal(HealthCheckSource.SelfReport, check.Source);
        Assert.Equal(38.1, check.Temperature);
        Assert.Equal("cough", check.Symptoms);
        Assert.True(check.Alert);
        var worker = await app.As("community-worker");
        var task = (await worker.GetJson("/api/tasks?status=open&pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(t => t.Str("subjectId") == $"health-check:{check.Id}");
        Assert.Equal("self-report", task.Str("kind"));
        Assert.Contains("38.1", task.Str("title"));
        var stored = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().SingleAsync(t => t.SubjectId == $"health-check:{check.Id}"));
        Assert.Equal(TimeSpan.FromHours(app.Services.GetRequiredService<PolicySets>().Active.SelfReportAlertDueHours), stored.DueBy - stored.CreatedAt);

        var normal = await (await anonymous.PostAsJsonAsync($"/api/self-report/{token}", new { temperature = 36.6, symptoms = Array.Empty<string>() })).Body();
        Assert.False(normal.GetProperty("alert").GetBoolean());
        var checks = await WithDb(db => db.HealthChecks.Where(h => h.StayId == stay).Select(h => "health-check:" + h.Id).ToListAsync());
        Assert.Equal(2, checks.Count);
        Assert.Equal(1, await WithDb(db => db.Set<SupervisedTask>().CountAsync(t => t.Kind == TaskKinds.SelfReport && checks.Contains(t.SubjectId))));
    }

    [SkippableFact]
    public async Task Unknown_revoked_and_expired_links_are_404_and_reveal_nothing()
    {
        var stay = await StayAsync(StayKind.HomeMonitoring);
        var (_, old) = await LinkAsync(stay);
        var (_, current) = await LinkAsync(stay);
        var anonymous = app.Anonymous();
        var body = new { temperature = 36.5 };
        foreach (var token in new[] { old, SelfReportRules.NewToken(), "x", new string('a', 43) })
        {
            var response = await anonymous.PostAsJsonAsync($"/api/self-report/{token}", body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(stay.ToString() + ",", text);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/r/{token}")).StatusCode);
        }
        // Bad input on a live link is a clear 400.
        var hot = await anonymous.PostAsJsonAsync($"/api/self-report/{current}", new { temperature = 73.0 });
        Assert.Contains("self-report-invalid-temperature", await hot.ProblemCodes());
        var odd = await anonymous.PostAsJsonAsync($"/api/self-report/{current}", new { temperature = 36.5, symptoms = new[] { "<script>" } });
        Assert.Contains("self-report-invalid-symptom", await odd.ProblemCodes());
        Assert.Equal(0, await WithDb(db => db.HealthChecks.CountAsync(h => h.StayId == stay)));

        await WithDb(db => db.SelfReportLinks.Where(l => l.StayId == stay).ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync($"/api/self-report/{current}", body)).StatusCode);
    }

    [SkippableFact]
    public async Task Links_are_for_home_stays_in_the_callers_jurisdiction_and_need_the_stay_permission()
    {
        var centralised = await StayAsync(StayKind.Centralised);
        var staff = await app.As("facility-staff");
        var refused = await staff.PostAsync($"/api/stays/{centralised}/self-report-link", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("self-report-not-at-home", await refused.ProblemCodes());
        var home = await StayAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("dispatcher")).PostAsync($"/api/stays/{home}/self-report-link", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync("/api/stays/999999999/self-report-link", null)).StatusCode);
        await WithDb(db => db.Stays.Where(s => s.Id == home).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, StayStatus.Released)));
        Assert.Contains("self-report-stay-ended", await (await staff.PostAsync($"/api/stays/{home}/self-report-link", null)).ProblemCodes());
    }

    [SkippableFact]
    public async Task The_phone_page_shows_only_the_form_and_thanks_after_a_report()
    {
        var stay = await StayAsync();
        var (_, token) = await LinkAsync(stay);
        var anonymous = app.Anonymous();
        var page = await anonymous.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("健康监测上报", html);
        Assert.Contains("name=\"temperature\"", html);
        Assert.DoesNotContain("转运测试", html);
        Assert.DoesNotContain("<script", html);

        var form = new FormUrlEncodedContent([new("temperature", "38.1"), new("symptoms", "fatigue")]);
        var thanks = await anonymous.PostAsync($"/r/{token}", form);
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        Assert.Contains("data-alert=\"true\"", await thanks.Content.ReadAsStringAsync());
        Assert.True(await WithDb(db => db.HealthChecks.AnyAsync(h => h.StayId == stay && h.Alert && h.Source == HealthCheckSource.SelfReport)));
    }

    [SkippableFact]
    public async Task A_missed_half_day_raises_one_task_for_the_community_however_often_the_sweep_runs()
    {
        var silent = await StayAsync(startedDaysAgo: 3);
        var reporting = await StayAsync(startedDaysAgo: 3);
        await LinkAsync(silent);
        await LinkAsync(reporting);
        await WithDb(db => db.SelfReportLinks.Where(l => l.StayId == silent || l.StayId == reporting)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.IssuedAt, DateTime.UtcNow.AddDays(-2))));
        var slots = SelfReportRules.EndedSlots(DateTime.UtcNow);
        await WithDb(async db =>
        {
            foreach (var slot in slots)
                db.HealthChecks.Add(new HealthCheck { StayId = reporting, At = slot.StartUtc.AddHours(1), Temperature = 36.5, Source = HealthCheckSource.Staff, RecordedBy = "facility-staff" });
            return await db.SaveChangesAsync();
        });
        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MissedReportSweep>().RunAsync(CancellationToken.None);
        }
        var tasks = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == TaskKinds.SelfReport && t.SubjectId.Contains(":missed:")).ToListAsync());
        Assert.Equal(slots.Select(s => $"stay:{silent}:missed:{s.Key}").Order(), tasks.Where(t => t.SubjectId.StartsWith($"stay:{silent}:", StringComparison.Ordinal)).Select(t => t.SubjectId).Order());
        Assert.DoesNotContain(tasks, t => t.SubjectId.StartsWith($"stay:{reporting}:", StringComparison.Ordinal));
        Assert.All(tasks, t => Assert.Equal(TestData.Hongxing, t.JurisdictionCode));
        var policy = app.Services.GetRequiredService<PolicySets>().Active;
        Assert.All(tasks, t => Assert.Equal(TimeSpan.FromHours(policy.SelfReportMissedDueHours), t.DueBy - t.CreatedAt));
    }
}

public sealed class SqliteSelfReportApiTests(SqliteApp app) : SelfReportApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresSelfReportApiTests(PostgresApp app) : SelfReportApiTests(app), IClassFixture<PostgresApp>;
