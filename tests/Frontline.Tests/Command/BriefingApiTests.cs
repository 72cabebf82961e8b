using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Frontline.Command.Briefing;
using Frontline.Containment;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>
/// The daily briefing on each provider: a known day's figures, sentences and day-before differences; the Word document valid
/// under OpenXmlValidator; a re-run for a past day after new records gives the same figures; scope; the audited download.
/// </summary>
public abstract class BriefingApiTests(FrontlineApp app)
{
    const string Songgang = TestData.Songgang, Hongxing = TestData.Hongxing, Haiyu = TestData.Haiyu, District = TestData.District;
    const string Policy = "edition-8-three-zones";

    static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    /// <summary>The known day; <see cref="RerunDay"/> after it, so that the re-run test's new case never reaches it.</summary>
    static readonly DateOnly Day = Today.AddDays(-20), RerunDay = Today.AddDays(-10);

    static DateTime At(DateOnly day, int hour) => ChinaTime.FromChina(day.ToDateTime(new TimeOnly(hour, 0))).UtcDateTime;

    async Task WithDb(Func<FrontlineDb, Task> write)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        await write(db);
        await db.SaveChangesAsync();
    }

    static readonly SemaphoreSlim Gate = new(1, 1);
    static readonly HashSet<FrontlineApp> Seeded = [];
    static int number = 7000;

    static Case C(long person, string community, CaseClassification k, string detectedBy, DateTime reported) => new()
    {
        PersonId = person, CommunityCode = community, Classification = k, DetectedBy = detectedBy, ReportedAt = reported, UpdatedAt = reported,
        DistrictCode = District, Number = Interlocked.Increment(ref number),
    };

    /// <summary>
    /// The known day: one confirmed and two asymptomatic cases in 红星, all three close contacts traced two days before (under
    /// control); the day before one confirmed from a fever clinic; a new close contact on the day; a round over 松岗 open both days;
    /// a facility in 红星 with two rooms, one occupied since three days before. No zones, transfers, tasks or requests.
    /// </summary>
    async Task SeedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!Seeded.Add(app)) return;
            var d = Day;
            var p = d.AddDays(-1);
            await WithDb(async db =>
            {
                db.Cases.AddRange(
                    C(9_100_001, Hongxing, CaseClassification.Confirmed, "mass-testing", At(d, 9)),
                    C(9_100_002, Hongxing, CaseClassification.Asymptomatic, "mass-testing", At(d, 10)),
                    C(9_100_003, Hongxing, CaseClassification.Asymptomatic, "report", At(d, 16)),
                    C(9_100_004, Hongxing, CaseClassification.Confirmed, "fever-clinic", At(p, 20)));
                Contact K(long person, DateTime added) => new()
                {
                    CaseId = 1, PersonId = person, Kind = ContactKind.Close, LastExposureAt = added, Setting = "household", Source = "manual", CommunityCode = Hongxing,
                    AddedBy = "test", AddedAt = added,
                };
                db.Contacts.AddRange(K(9_100_001, At(d.AddDays(-2), 10)), K(9_100_002, At(d.AddDays(-2), 10)), K(9_100_003, At(d.AddDays(-2), 11)),
                    K(9_100_010, At(d, 10)));

                var facility = new Facility { Name = "简报测试隔离酒店" + Guid.NewGuid().ToString("N")[..6], Address = "红星路2号", CommunityCode = Hongxing, CreatedAt = At(d.AddDays(-10), 9) };
                db.Facilities.Add(facility);
                await db.SaveChangesAsync();
                var rooms = new[] { RoomState.Occupied, RoomState.Free }
                    .Select((state, i) => new Room { FacilityId = facility.Id, Number = $"20{i + 1}", Floor = 2, State = state, UpdatedAt = At(d, 8) }).ToList();
                db.Rooms.AddRange(rooms);
                await db.SaveChangesAsync();
                db.Stays.Add(new Stay
                {
                    PersonId = 9_100_020, Kind = StayKind.Centralised, Status = StayStatus.Active, FacilityId = facility.Id, RoomId = rooms[0].Id,
                    JurisdictionCode = Hongxing, PersonCommunityCode = Hongxing, Reason = "close-contact", LastExposureAt = At(d.AddDays(-3), 10), PolicySet = Policy,
                    StartsOn = d.AddDays(-3), EndsOn = d.AddDays(4), CheckedInAt = At(d.AddDays(-3), 10), CheckedInBy = "test", UpdatedAt = At(d.AddDays(-3), 10),
                });

                var round = new TestingRound
                {
                    Name = "简报测试轮次", ScopeCodes = Songgang, StartsAt = At(p, 6), EndsAt = At(d, 22), PoolSize = 10, State = RoundState.Closed, CreatedBy = "test",
                    CreatedAt = At(p, 5),
                };
                db.Set<TestingRound>().Add(round);
                await db.SaveChangesAsync();
                db.Set<CoverageCount>().Add(new CoverageCount { RoundId = round.Id, CommunityCode = Hongxing, Sampled = 100, Negative = 90, Positive = 2, Invalid = 0, PositiveTubes = 1 });
            });
        }
        finally { Gate.Release(); }
    }

    static JsonElement Sentence(JsonElement view, string code) => view.GetProperty("sections").EnumerateArray().Single(s => s.Str("code") == code);

    async Task<JsonElement> MakeAsync(HttpClient client, DateOnly day, string? jurisdiction = null, HttpStatusCode? expected = null)
    {
        var response = await client.PostAsync($"/api/briefings/{day:yyyy-MM-dd}" + (jurisdiction is null ? "" : $"?jurisdiction={jurisdiction}"), null);
        Assert.True(expected is null ? response.IsSuccessStatusCode : response.StatusCode == expected, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    [SkippableFact]
    public async Task The_known_day_has_its_figures_sentences_and_day_before_differences()
    {
        app.SkipIfUnavailable();
        await SeedAsync();
        var admin = await app.As("admin");
        var made = await MakeAsync(admin, Day, District);
        var view = await admin.GetJson($"/api/briefings/{Day:yyyy-MM-dd}?jurisdiction={District}");
        Assert.Equal(made.Str("generatedAt"), view.Str("generatedAt"));
        var name = view.Str("name");
        Assert.Equal($"{name}新冠肺炎疫情防控工作简报（{Day.Year}年{Day.Month}月{Day.Day}日）", view.Str("title"));
        // A past day's cut-off is its end.
        Assert.Equal(ChinaTime.FromChina(Day.AddDays(1).ToDateTime(TimeOnly.MinValue)), view.GetProperty("cutoffAt").GetDateTimeOffset());

        var snapshot = view.GetProperty("snapshot");
        var today = snapshot.GetProperty("today");
        var before = snapshot.GetProperty("previousDay");
        Assert.Equal(1, today.Int("newConfirmed"));
        Assert.Equal(2, today.Int("newAsymptomatic"));
        Assert.Equal(3, today.Int("newFoundInControl"));
        Assert.Equal(1, before.Int("newConfirmed"));
        Assert.Equal(1, before.Int("newFoundInCommunity"));
        Assert.Equal(4, today.Int("cumulativeCases"));
        Assert.Equal(1, snapshot.GetProperty("round").Int("number"));
        Assert.Equal("简报测试轮次", snapshot.GetProperty("round").Str("name"));

        Assert.Equal("今日新增确诊病例1例、无症状感染者2例，均在管控人员中发现；新增感染者较前一日增加2例；累计报告本土感染者4例（确诊病例2例、无症状感染者2例）。",
            Sentence(view, "cases").Str("sentence"));
        var eligible = today.Int("eligible");
        Assert.True(eligible > 100, $"eligible {eligible}");
        var coverage = Math.Round(100.0 * 100 / eligible, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"全区开展第1轮全员核酸检测，应检{eligible}人，已采样100人，覆盖率{coverage}%，与前一日持平；已出结果92人，发现阳性混管1管。",
            Sentence(view, "testing").Str("sentence"));
        Assert.Equal("今日新增判定密切接触者1人，累计判定密切接触者4人、次密接0人；现有集中隔离1人、居家隔离0人、居家健康监测0人，集中隔离人数与前一日持平。",
            Sentence(view, "contacts").Str("sentence"));
        Assert.Equal("辖区内现无风险区域，今日无调整。", Sentence(view, "zones").Str("sentence"));
        Assert.Equal("隔离场所可用房间2间，已入住1间，入住率50%，入住房间与前一日持平。", Sentence(view, "facilities").Str("sentence"));
        Assert.Equal("今日无完成的转运，无超时未转运人员。", Sentence(view, "transfers").Str("sentence"));
        Assert.Equal("今日无新增民生诉求，无未办结诉求。", Sentence(view, "requests").Str("sentence"));

        // By street: 松岗 holds every figure of the day.
        var songgang = snapshot.GetProperty("children").EnumerateArray().Single(c => c.Str("code") == Songgang);
        Assert.Equal(1, songgang.GetProperty("today").Int("newConfirmed"));
        Assert.Equal(1, songgang.GetProperty("previousDay").Int("newConfirmed"));
        // The curve's last day is the day, with its three cases.
        var last = snapshot.GetProperty("curve").EnumerateArray().Last();
        Assert.Equal(Day.ToString("yyyy-MM-dd"), last.Str("date"));
        Assert.Equal(3, last.Int("reportedConfirmed") + last.Int("reportedAsymptomatic"));

        var list = await admin.GetJson($"/api/briefings?from={Day.AddDays(-1):yyyy-MM-dd}&to={Day:yyyy-MM-dd}&jurisdiction={District}");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(3, item.Int("newCases"));
        Assert.Equal(1, item.Int("newCasesDayBefore"));
        Assert.Contains("briefing-bad-range", await (await admin.GetAsync($"/api/briefings?from={Day:yyyy-MM-dd}&to={Day.AddDays(-1):yyyy-MM-dd}")).ProblemCodes());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        Assert.True(await db.Audit.AnyAsync(a => a.Action == "briefing.make" && a.Subject == $"briefing:{Day:yyyy-MM-dd}" && a.UserName == "admin"));
    }

    [SkippableFact]
    public async Task The_word_document_is_valid_titled_with_tables_and_charts_and_each_download_is_audited()
    {
        app.SkipIfUnavailable();
        await SeedAsync();
        var admin = await app.As("admin");
        var view = await MakeAsync(admin, Day, District);
        var response = await admin.GetAsync($"/api/briefings/{Day:yyyy-MM-dd}.docx?jurisdiction={District}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var errors = new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            var text = doc.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains(view.Str("title"), text);
            Assert.Contains("今日新增确诊病例1例、无症状感染者2例，均在管控人员中发现", text);
            Assert.Contains("一、疫情概况", text);
            Assert.True(doc.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>().Count() >= 8);
            // The curve, the coverage by street and the occupancy by street, as PNG.
            var images = doc.MainDocumentPart.ImageParts.ToList();
            Assert.Equal(3, images.Count);
            using var png = images[0].GetStream();
            var signature = new byte[8];
            png.ReadExactly(signature);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, signature);
        }
        // The page's link, with the session cookie, gives the same document.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/exports/briefings/{Day:yyyy-MM-dd}.docx?jurisdiction={District}")).StatusCode);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        Assert.True(await db.Audit.CountAsync(a => a.Action == AuditActions.Export && a.Subject == $"briefing:{Day:yyyy-MM-dd}" && a.UserName == "admin") >= 2);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/briefings/{Day.AddDays(-300):yyyy-MM-dd}.docx?jurisdiction={District}")).StatusCode);
    }

    [SkippableFact]
    public async Task A_re_run_for_a_past_day_after_new_records_gives_the_same_figures()
    {
        app.SkipIfUnavailable();
        await SeedAsync();
        var admin = await app.As("admin");
        var first = await MakeAsync(admin, RerunDay, District, HttpStatusCode.Created);
        Assert.Equal("今日无新增本土感染者，累计报告本土感染者4例（确诊病例2例、无症状感染者2例）。", Sentence(first, "cases").Str("sentence"));

        // A case reported late, back-dated to the day: the briefing of that day stays as it was frozen.
        await WithDb(db => { db.Cases.Add(C(9_100_050, Hongxing, CaseClassification.Confirmed, "fever-clinic", At(RerunDay, 14))); return Task.CompletedTask; });
        var again = await MakeAsync(admin, RerunDay, District, HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("snapshot").GetRawText(), again.GetProperty("snapshot").GetRawText());
        Assert.Equal(Sentence(first, "cases").Str("sentence"), Sentence(again, "cases").Str("sentence"));
        Assert.Equal(first.Str("generatedAt"), again.Str("generatedAt"));
        var docx = await admin.GetAsync($"/api/briefings/{RerunDay:yyyy-MM-dd}.docx?jurisdiction={District}");
        using var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false);
        Assert.Contains("今日无新增本土感染者", doc.MainDocumentPart!.Document.Body!.InnerText);

        // Today's briefing is made from the figures as they stand, and a later run the same day replaces it.
        var todays = await MakeAsync(admin, Today, District, HttpStatusCode.Created);
        Assert.Equal(Today.ToString("yyyy-MM-dd"), todays.Str("date"));
        await MakeAsync(admin, Today, District, HttpStatusCode.Created);
        Assert.Contains("dashboard-future-date", await (await admin.PostAsync($"/api/briefings/{Today.AddDays(2):yyyy-MM-dd}", null)).ProblemCodes());
    }

    [SkippableFact]
    public async Task The_scheduled_work_runs_at_22_and_makes_the_districts_briefing_of_today()
    {
        app.SkipIfUnavailable();
        var work = app.Services.GetServices<Frontline.Platform.Scheduling.ScheduledWorkDefinition>().Single(w => w.Name == BriefingJob.Name);
        Assert.Equal(new TimeOnly(22, 0), work.Schedule.DailyAtChinaTime);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<BriefingJob>().RunAsync(CancellationToken.None);
        var admin = await app.As("admin");
        var todays = await admin.GetJson($"/api/briefings/{Today:yyyy-MM-dd}?jurisdiction={District}");
        Assert.Equal(District, todays.Str("jurisdiction"));
        Assert.Equal("system", todays.Str("generatedBy"));
    }

    [SkippableFact]
    public async Task A_street_commander_gets_their_street_by_community_and_nothing_beyond_it()
    {
        app.SkipIfUnavailable();
        await SeedAsync();
        var commander = await app.As("street-commander");
        var street = await MakeAsync(commander, Day);
        Assert.Equal(Songgang, street.Str("jurisdiction"));
        Assert.StartsWith("全街道开展第1轮全员核酸检测", Sentence(street, "testing").Str("sentence"));
        Assert.Contains(street.GetProperty("snapshot").GetProperty("children").EnumerateArray(), c => c.Str("code") == Hongxing);
        var docx = await commander.GetAsync($"/api/briefings/{Day:yyyy-MM-dd}.docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
            Assert.Contains("社区", doc.MainDocumentPart!.Document.Body!.InnerText);

        Assert.Equal(HttpStatusCode.NotFound, (await commander.GetAsync($"/api/briefings/{Day:yyyy-MM-dd}?jurisdiction={District}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.GetAsync($"/api/briefings/{Day:yyyy-MM-dd}.docx?jurisdiction={Haiyu}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.PostAsync($"/api/briefings/{Day:yyyy-MM-dd}?jurisdiction={District}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await commander.GetAsync($"/api/briefings?jurisdiction={District}")).StatusCode);
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/briefings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsync($"/api/briefings/{Day:yyyy-MM-dd}", null)).StatusCode);
    }
}

public sealed class SqliteBriefingApiTests(SqliteApp app) : BriefingApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBriefingApiTests(PostgresApp app) : BriefingApiTests(app), IClassFixture<PostgresApp>;
