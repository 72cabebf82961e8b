using System.Net;
using System.Text.Json;
using Frontline.Command.Dashboard;
using Frontline.Command.Requests;
using Frontline.Containment;
using Frontline.Containment.Zones;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>
/// The dashboard on each provider: a known day (and the day before) written as records, its figures read back through the API
/// for the district, a street and a community, with the day-before differences; scope, dates and the spreadsheets.
/// </summary>
public abstract class DashboardApiTests(FrontlineApp app)
{
    const string Songgang = TestData.Songgang, Hongxing = TestData.Hongxing, Haiyu = TestData.Haiyu, District = TestData.District;
    const string Policy = "edition-8-three-zones";

    /// <summary>The known day: far enough back that nothing else in this fixture's district happened on it.</summary>
    static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-40);

    static DateTime At(DateOnly day, int hour, int minute = 0) => ChinaTime.FromChina(day.ToDateTime(new TimeOnly(hour, minute))).UtcDateTime;

    async Task WithDb(Func<FrontlineDb, Task> write)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        await write(db);
        await db.SaveChangesAsync();
    }

    static readonly SemaphoreSlim Gate = new(1, 1);
    static readonly HashSet<FrontlineApp> Seeded = [];

    /// <summary>Writes the known day once per fixture.</summary>
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
                // Cases: on the day two confirmed in 红星 (one by mass testing among people not under control, one a known close contact)
                // and one asymptomatic in 海裕 in quarantine; the day before one confirmed in 红星 from a fever clinic; earlier one asymptomatic.
                var number = 9000;
                Case C(long person, string community, CaseClassification k, string detectedBy, DateTime reported) => new()
                {
                    PersonId = person, CommunityCode = community, Classification = k, DetectedBy = detectedBy, ReportedAt = reported, UpdatedAt = reported,
                    DistrictCode = District, Number = ++number,
                };
                db.Cases.AddRange(
                    C(8_000_001, Hongxing, CaseClassification.Confirmed, "mass-testing", At(d, 9)),
                    C(8_000_002, Hongxing, CaseClassification.Confirmed, "report", At(d, 15)),
                    C(8_000_003, Haiyu, CaseClassification.Asymptomatic, "mass-testing", At(d, 11)),
                    C(8_000_004, Hongxing, CaseClassification.Confirmed, "fever-clinic", At(p, 20)),
                    C(8_000_005, Haiyu, CaseClassification.Asymptomatic, "report", At(d.AddDays(-5), 10)));

                // Contacts: the second case's person two days before; two close contacts on the day in 红星, one secondary in 海裕.
                Contact K(long person, ContactKind kind, string community, DateTime added) => new()
                {
                    CaseId = 1, PersonId = person, Kind = kind, LastExposureAt = added, Setting = "household", Source = "manual", CommunityCode = community,
                    AddedBy = "test", AddedAt = added,
                };
                db.Contacts.AddRange(
                    K(8_000_002, ContactKind.Close, Hongxing, At(d.AddDays(-2), 10)),
                    K(8_000_011, ContactKind.Close, Hongxing, At(d, 10)),
                    K(8_000_012, ContactKind.Close, Hongxing, At(d, 11)),
                    K(8_000_013, ContactKind.Secondary, Haiyu, At(d, 12)));

                // A facility in 红星 with three rooms, one out of service.
                var facility = new Facility { Name = "测试隔离酒店" + Guid.NewGuid().ToString("N")[..6], Address = "红星路1号", CommunityCode = Hongxing, CreatedAt = At(d.AddDays(-10), 9) };
                db.Facilities.Add(facility);
                await db.SaveChangesAsync();
                var rooms = new[] { RoomState.Occupied, RoomState.Free, RoomState.OutOfService }
                    .Select((state, i) => new Room { FacilityId = facility.Id, Number = $"10{i + 1}", Floor = 1, State = state, UpdatedAt = At(d, 8) }).ToList();
                db.Rooms.AddRange(rooms);
                await db.SaveChangesAsync();

                // Stays: the 海裕 case's person in room 101 since three days before; a 红星 contact at home from the day; someone in room 102 who left on the day.
                Stay S(long person, StayKind kind, string community, DateTime checkedIn, DateTime? ended, long? room) => new()
                {
                    PersonId = person, Kind = kind, Status = ended is null ? StayStatus.Active : StayStatus.Released, FacilityId = room is null ? null : facility.Id,
                    RoomId = room, JurisdictionCode = community, PersonCommunityCode = community, Reason = "close-contact", LastExposureAt = checkedIn,
                    PolicySet = Policy, StartsOn = DateOnly.FromDateTime(checkedIn), EndsOn = DateOnly.FromDateTime(checkedIn).AddDays(7),
                    CheckedInAt = checkedIn, CheckedInBy = "test", EndedAt = ended, UpdatedAt = checkedIn,
                };
                db.Stays.AddRange(
                    S(8_000_003, StayKind.Centralised, Haiyu, At(d.AddDays(-3), 10), null, rooms[0].Id),
                    S(8_000_011, StayKind.HomeQuarantine, Hongxing, At(d, 10), null, null),
                    S(8_000_021, StayKind.Centralised, Hongxing, At(d.AddDays(-4), 10), At(d, 8), rooms[1].Id));

                // Zones: 封控区 in 红星 since two days before; a 管控区 designated in 海裕 on the day; a 封控区 in 红星 stepped down to 管控区 on the day;
                // a 防范区 in 海裕 released on the day.
                Zone Z(string name, string level, string community, DateTime created, DateTime? released) => new()
                {
                    Name = name, Level = level, PolicySet = Policy, CommunityCode = community, Reason = "test", CreatedAt = created, CreatedBy = "test",
                    LevelSince = created, Status = released is null ? ZoneStatus.Active : ZoneStatus.Released, ReleasedAt = released,
                };
                var z1 = Z("一号", "sealed", Hongxing, At(d.AddDays(-2), 9), null);
                var z2 = Z("二号", "controlled", Haiyu, At(d, 9), null);
                var z3 = Z("三号", "controlled", Hongxing, At(d.AddDays(-6), 9), null);
                var z4 = Z("四号", "released", Haiyu, At(d.AddDays(-6), 9), At(d, 11));
                z4.Level = "precaution";
                db.Zones.AddRange(z1, z2, z3, z4);
                await db.SaveChangesAsync();
                db.ZoneSteps.AddRange(
                    new ZoneStep { ZoneId = z1.Id, At = z1.CreatedAt, Action = "designated", By = "test", ToLevel = "sealed" },
                    new ZoneStep { ZoneId = z2.Id, At = z2.CreatedAt, Action = "designated", By = "test", ToLevel = "controlled" },
                    new ZoneStep { ZoneId = z3.Id, At = z3.CreatedAt, Action = "designated", By = "test", ToLevel = "sealed" },
                    new ZoneStep { ZoneId = z3.Id, At = At(d, 10), Action = "stepped-down", By = "test", FromLevel = "sealed", ToLevel = "controlled" },
                    new ZoneStep { ZoneId = z4.Id, At = z4.CreatedAt, Action = "designated", By = "test", ToLevel = "precaution" },
                    new ZoneStep { ZoneId = z4.Id, At = At(d, 11), Action = "released", By = "test", FromLevel = "precaution", ToLevel = "released" });

                // Transfers on the day: one in time, one late (both 红星), one in 海裕 past due and never arrived.
                Transfer T(string community, DateTime requested, DateTime due, DateTime? arrived) => new()
                {
                    FacilityId = facility.Id, JurisdictionCode = community, PickupAddress = "x", Urgency = TransferUrgency.CloseContact,
                    Status = arrived is null ? TransferStatus.Requested : TransferStatus.Arrived, RequestedAt = requested, RequestedBy = "test", DueBy = due,
                    ArrivedAt = arrived, UpdatedAt = requested,
                };
                db.Transfers.AddRange(T(Hongxing, At(d, 8), At(d, 14), At(d, 12)), T(Hongxing, At(d, 6), At(d, 10), At(d, 11)), T(Haiyu, At(d, 7), At(d, 13), null));

                // A round over 松岗 open the day before and the day, with 红星's running counts.
                var round = new TestingRound
                {
                    Name = "看板测试轮次", ScopeCodes = Songgang, StartsAt = At(p, 6), EndsAt = At(d, 22), PoolSize = 10, State = RoundState.Closed, CreatedBy = "test",
                    CreatedAt = At(p, 5),
                };
                db.Set<TestingRound>().Add(round);
                await db.SaveChangesAsync();
                db.Set<CoverageCount>().Add(new CoverageCount { RoundId = round.Id, CommunityCode = Hongxing, Sampled = 100, Negative = 90, Positive = 2, Invalid = 1, PositiveTubes = 1 });

                // Re-tests: one ordered on the day and not taken (overdue by the evening), one ordered the day before and taken on the day.
                db.Set<RetestOrder>().AddRange(
                    new RetestOrder { PersonId = 8_000_031, RoundId = round.Id, SourceTubeId = 1, Reason = "positive-pool", CommunityCode = Hongxing, CreatedAt = At(d, 9), DueBy = At(d, 15) },
                    new RetestOrder { PersonId = 8_000_032, RoundId = round.Id, SourceTubeId = 1, Reason = "positive-pool", CommunityCode = Hongxing, CreatedAt = At(p, 10), DueBy = At(p, 16), SampledAt = At(d, 8) });

                // Requests: one logged on the day in 红星 (due 21:00, still open); one logged the day before in 海裕, late, closed on the day.
                ResidentRequest Q(string community, DateTime logged, DateTime due, DateTime? closed) => new()
                {
                    Kind = RequestKinds.Medicine, Urgency = RequestUrgency.Normal, CommunityCode = community, Address = "x", Text = "x",
                    Status = closed is null ? RequestStatus.Open : RequestStatus.Closed, LoggedAt = logged, LoggedBy = "test", DueBy = due, ClosedAt = closed, UpdatedAt = logged,
                };
                db.ResidentRequests.AddRange(Q(Hongxing, At(d, 9), At(d, 21), null), Q(Haiyu, At(p, 10), At(p, 12), At(d, 10)));
            });
        }
        finally { Gate.Release(); }
    }

    static JsonElement Of(JsonElement e, string section) => e.GetProperty(section);

    [SkippableFact]
    public async Task The_known_day_reads_back_figure_by_figure_for_the_district_with_the_day_before()
    {
        await SeedAsync();
        var admin = await app.As("admin");
        var view = await admin.GetJson($"/api/dashboard?date={Day:yyyy-MM-dd}&jurisdiction={District}");
        Assert.Equal(Day.ToString("yyyy-MM-dd"), view.Str("date"));

        var cases = Of(view, "cases");
        Assert.Equal(2, cases.Int("newConfirmed"));
        Assert.Equal(1, cases.Int("newAsymptomatic"));
        Assert.Equal(0, cases.Int("newPending"));
        Assert.Equal(1, cases.Int("foundByScreening"));
        Assert.Equal(2, cases.Int("foundInControl"));
        Assert.Equal(0, cases.Int("foundInCommunity"));
        Assert.Equal(3, cases.Int("cumulativeConfirmed"));
        Assert.Equal(2, cases.Int("cumulativeAsymptomatic"));
        Assert.Equal(5, cases.Int("cumulative"));
        var before = Of(Of(view, "previousDay"), "cases");
        Assert.Equal(1, before.Int("newConfirmed"));
        Assert.Equal(1, before.Int("foundInCommunity"));
        Assert.Equal(2, before.Int("cumulative"));

        var testing = Of(view, "testing");
        Assert.Equal(100, testing.Int("sampled"));
        Assert.Equal(93, testing.Int("resulted"));
        Assert.Equal(1, testing.Int("positivePools"));
        Assert.Equal(1, testing.Int("retestsPending"));
        Assert.Equal(1, testing.Int("retestsOverdue"));
        var eligible = testing.Int("eligible");
        Assert.True(eligible > 100, $"eligible {eligible}");
        Assert.Equal(Math.Round(100.0 * 100 / eligible, 1), testing.GetProperty("coverage").GetDouble());
        Assert.Equal(1, Of(Of(view, "previousDay"), "testing").Int("retestsPending"));

        var contacts = Of(view, "contacts");
        Assert.Equal(2, contacts.Int("newClose"));
        Assert.Equal(1, contacts.Int("newSecondary"));
        Assert.Equal(3, contacts.Int("close"));
        Assert.Equal(1, contacts.Int("secondary"));
        Assert.Equal(1, contacts.Int("inCentralisedQuarantine"));
        Assert.Equal(1, contacts.Int("inHomeQuarantine"));
        var contactsBefore = Of(Of(view, "previousDay"), "contacts");
        Assert.Equal(1, contactsBefore.Int("close"));
        Assert.Equal(2, contactsBefore.Int("inCentralisedQuarantine"));
        Assert.Equal(0, contactsBefore.Int("inHomeQuarantine"));

        var zones = Of(view, "zones");
        var levels = zones.GetProperty("byLevel").EnumerateArray().ToDictionary(l => l.Str("level"), l => l.Int("count"));
        Assert.Equal(new Dictionary<string, int> { ["sealed"] = 1, ["controlled"] = 2, ["precaution"] = 0 }, levels);
        Assert.Equal(1, zones.Int("designated"));
        Assert.Equal(1, zones.Int("steppedDown"));
        Assert.Equal(1, zones.Int("released"));
        var zonesBefore = Of(Of(view, "previousDay"), "zones");
        Assert.Equal(new Dictionary<string, int> { ["sealed"] = 2, ["controlled"] = 0, ["precaution"] = 1 },
            zonesBefore.GetProperty("byLevel").EnumerateArray().ToDictionary(l => l.Str("level"), l => l.Int("count")));
        Assert.Equal(0, zonesBefore.Int("designated"));

        var facilities = Of(view, "facilities");
        Assert.Equal(2, facilities.Int("rooms"));
        Assert.Equal(1, facilities.Int("occupied"));
        Assert.Equal(50.0, facilities.GetProperty("occupancy").GetDouble());
        Assert.Equal(2, Of(Of(view, "previousDay"), "facilities").Int("occupied"));

        var transfers = Of(view, "transfers");
        Assert.Equal(2, transfers.Int("done"));
        Assert.Equal(1, transfers.Int("doneLate"));
        Assert.Equal(1, transfers.Int("overdue"));
        Assert.Equal(0, Of(Of(view, "previousDay"), "transfers").Int("done"));

        var requests = Of(view, "requests");
        Assert.Equal(1, requests.Int("new"));
        Assert.Equal(1, requests.Int("open"));
        Assert.Equal(1, requests.Int("late"));
        var requestsBefore = Of(Of(view, "previousDay"), "requests");
        Assert.Equal(1, requestsBefore.Int("new"));
        Assert.Equal(1, requestsBefore.Int("open"));
        Assert.Equal(1, requestsBefore.Int("late"));

        // By street: 松岗 holds 红星's figures, 海裕's street the rest.
        var streets = view.GetProperty("byChild").EnumerateArray().ToDictionary(c => c.Str("code"));
        var songgang = streets[Songgang].GetProperty("today");
        Assert.Equal(2, Of(songgang, "cases").Int("newConfirmed"));
        Assert.Equal(0, Of(songgang, "cases").Int("newAsymptomatic"));
        Assert.Equal(1, Of(streets[Songgang].GetProperty("previousDay"), "cases").Int("newConfirmed"));
        var haiyuStreet = streets[Haiyu[..9] + "000"].GetProperty("today");
        Assert.Equal(1, Of(haiyuStreet, "cases").Int("newAsymptomatic"));
        Assert.Equal(1, Of(haiyuStreet, "transfers").Int("overdue"));
        Assert.Equal(JsonValueKind.Null, view.GetProperty("rt").ValueKind);   // five cases: too few for Rt
    }

    [SkippableFact]
    public async Task A_street_sees_its_communities_and_a_street_commander_nothing_beyond_it()
    {
        await SeedAsync();
        var commander = await app.As("street-commander");
        var street = await commander.GetJson($"/api/dashboard?date={Day:yyyy-MM-dd}&jurisdiction={Songgang}");
        Assert.Equal(Songgang, street.Str("jurisdiction"));
        Assert.Equal(2, Of(street, "cases").Int("newConfirmed"));
        Assert.Equal(0, Of(street, "cases").Int("newAsymptomatic"));
        var hongxing = street.GetProperty("byChild").EnumerateArray().Single(c => c.Str("code") == Hongxing);
        Assert.Equal(2, Of(hongxing.GetProperty("today"), "contacts").Int("newClose"));
        Assert.Equal(1, Of(hongxing.GetProperty("today"), "zones").GetProperty("byLevel")[0].Int("count"));

        Assert.Equal(HttpStatusCode.NotFound, (await commander.GetAsync($"/api/dashboard?date={Day:yyyy-MM-dd}&jurisdiction={Haiyu}")).StatusCode);
        // Without a jurisdiction the caller's own.
        Assert.Equal(Songgang, (await commander.GetJson($"/api/dashboard?date={Day:yyyy-MM-dd}")).Str("jurisdiction"));
        var future = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(2);
        Assert.Contains("dashboard-future-date", await (await commander.GetAsync($"/api/dashboard?date={future:yyyy-MM-dd}")).ProblemCodes());
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/api/dashboard")).StatusCode);
    }

    [SkippableFact]
    public async Task Every_table_downloads_as_a_spreadsheet_with_a_row_per_street_and_the_total_and_each_download_is_audited()
    {
        await SeedAsync();
        var admin = await app.As("admin");
        foreach (var table in DashboardVocabulary.Tables)
        {
            var response = await admin.GetAsync($"/api/dashboard/export?date={Day:yyyy-MM-dd}&jurisdiction={District}&table={table.Code}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{table.Code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var stream = new MemoryStream(bytes);
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(2 + 2 * table.Figures.Count, rows[0].Count);
            Assert.Contains(rows, r => Equals(r["B"]?.ToString(), Songgang));
            Assert.Contains(rows, r => Equals(r["B"]?.ToString(), District));
        }
        var cases = await admin.GetAsync($"/api/dashboard/export?date={Day:yyyy-MM-dd}&jurisdiction={District}&table=cases");
        using (var stream = new MemoryStream(await cases.Content.ReadAsByteArrayAsync()))
        {
            var total = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).Cast<IDictionary<string, object?>>().Single(r => Equals(r["B"]?.ToString(), District));
            Assert.Equal(2, Convert.ToInt32(total["C"]));   // new confirmed
            Assert.Equal(1, Convert.ToInt32(total["L"]));   // new confirmed the day before
        }
        Assert.Contains("dashboard-unknown-table", await (await admin.GetAsync("/api/dashboard/export?table=nothing")).ProblemCodes());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        Assert.True(await db.Audit.AnyAsync(a => a.Action == AuditActions.Export && a.Subject == $"dashboard:cases:{Day:yyyy-MM-dd}" && a.UserName == "admin"));
    }

    [SkippableFact]
    public async Task Today_counts_the_supervised_tasks_overdue_by_level()
    {
        var now = DateTime.UtcNow;
        await WithDb(db =>
        {
            SupervisedTask Task(string code, int level, DateTime due) => new()
            {
                Title = "看板测试", Kind = "manual", SubjectId = "", JurisdictionCode = code, CreatedAt = now.AddHours(-6), DueBy = due, EscalationLevel = level,
                SourceKey = "dashboard-test:" + Guid.NewGuid().ToString("N"), CreatedBy = "test",
            };
            db.Set<SupervisedTask>().AddRange(Task(Hongxing, 2, now.AddHours(-3)), Task(Hongxing, 0, now.AddHours(5)), Task(Haiyu, 0, now.AddHours(-1)), Task(Songgang, 1, now.AddHours(-2)));
            return System.Threading.Tasks.Task.CompletedTask;
        });
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DailyFiguresRefresh>().RefreshAsync(ChinaTime.Today(TimeProvider.System));
        var admin = await app.As("admin");
        var tasks = Of(await admin.GetJson($"/api/dashboard?jurisdiction={District}"), "tasks");
        Assert.True(tasks.Int("open") >= 4);
        var byLevel = tasks.GetProperty("overdueByLevel").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.True(byLevel[0] >= 1 && byLevel[1] >= 1 && byLevel[2] >= 1, string.Join(",", byLevel));
        var street = await admin.GetJson($"/api/dashboard?jurisdiction={Songgang}");
        var songgangTasks = Of(street, "tasks");
        // The street's own task counts in the street's figures but in none of its communities'.
        var communities = street.GetProperty("byChild").EnumerateArray().Sum(c => Of(c.GetProperty("today"), "tasks").Int("overdue"));
        Assert.Equal(songgangTasks.Int("overdue") - 1, communities);
    }
}

public sealed class SqliteDashboardApiTests(SqliteApp app) : DashboardApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresDashboardApiTests(PostgresApp app) : DashboardApiTests(app), IClassFixture<PostgresApp>;
