using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Command.Dashboard;
using Frontline.Containment;
using Frontline.Containment.Zones;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Command;

/// <summary>
/// Each figure of the dashboard against the record it comes from and the module's own page for the same jurisdiction and
/// day: a round's coverage (the round page's, with the exempt taken out), a past day's rooms in service and occupied (as at
/// its end, from the rooms' out-of-service spells), a past day's supervised tasks by level (from their escalation steps),
/// today's zones by level (the zone board), today's late transfers (the transfer board). A past day, once counted, is frozen.
/// </summary>
public abstract class DashboardFiguresTests(FrontlineApp app)
{
    const string Songgang = TestData.Songgang, Hongxing = TestData.Hongxing, Haiyu = TestData.Haiyu, District = TestData.District;
    const string Policy = "edition-8-three-zones";

    static DateOnly Today => ChinaTime.Today(TimeProvider.System);

    static DateTime At(DateOnly day, int hour, int minute = 0) => ChinaTime.FromChina(day.ToDateTime(new TimeOnly(hour, minute))).UtcDateTime;

    async Task WithDb(Func<FrontlineDb, Task> write)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        await write(db);
        await db.SaveChangesAsync();
    }

    async Task RecountAsync(DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DailyFiguresRefresh>().RefreshAsync(day);
    }

    static JsonElement Child(JsonElement view, string code) => view.GetProperty("byChild").EnumerateArray().Single(c => c.Str("code") == code);

    static string Section(JsonElement briefing, string code) =>
        briefing.GetProperty("sections").EnumerateArray().Single(s => s.Str("code") == code).Str("sentence");

    [SkippableFact]
    public async Task A_rounds_coverage_is_the_round_pages_in_every_community_with_the_exempt_taken_out_and_so_is_the_briefings()
    {
        app.SkipIfUnavailable();
        var d = Today.AddDays(-50);
        long roundId = 0;
        await WithDb(async db =>
        {
            var round = new TestingRound
            {
                Name = "看板覆盖率测试轮次", ScopeCodes = Songgang, StartsAt = At(d, 6), EndsAt = At(d, 22), PoolSize = 10, State = RoundState.Closed,
                CreatedBy = "test", CreatedAt = At(d, 5),
            };
            db.Set<TestingRound>().Add(round);
            await db.SaveChangesAsync();
            roundId = round.Id;
            db.Set<CoverageCount>().Add(new CoverageCount { RoundId = round.Id, CommunityCode = Hongxing, Sampled = 40, Negative = 30, Positive = 1, Invalid = 1, PositiveTubes = 1 });
            // Two grown-up residents of 红星 away for the round (a recorded exemption), not sampled.
            var adult = d.AddYears(-20);
            var away = await db.Persons.AsNoTracking()
                .Where(p => p.CommunityCode == Hongxing && p.Verification != VerificationStatus.MovedOut && p.BirthDate != null && p.BirthDate < adult)
                .OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            Assert.Equal(2, away.Count);
            db.Set<TestingExemption>().AddRange(away.Select(id => new TestingExemption
            {
                PersonId = id, CommunityCode = Hongxing, Reason = "away", From = d.AddDays(-1), Until = d.AddDays(1), CreatedBy = "test", CreatedAt = At(d, 5),
            }));
        });

        var admin = await app.As("admin");
        var dashboard = await admin.GetJson($"/api/dashboard?date={d:yyyy-MM-dd}&jurisdiction={Songgang}");
        var page = await admin.GetJson($"/api/testing/rounds/{roundId}/coverage?jurisdiction={Songgang}");
        var pageChildren = (await admin.GetJson($"/api/testing/rounds/{roundId}/coverage/children?jurisdiction={Songgang}")).EnumerateArray().ToList();
        Assert.NotEmpty(pageChildren);

        // 红星 has people exempt (the two away, and its infants): the dashboard's eligible is the round page's population less them.
        var hongxingPage = pageChildren.Single(c => c.Str("jurisdiction") == Hongxing);
        Assert.True(hongxingPage.GetProperty("exempt").GetInt64() >= 2, hongxingPage.ToString());
        foreach (var community in pageChildren)
        {
            var testing = Child(dashboard, community.Str("jurisdiction")).GetProperty("today").GetProperty("testing");
            var expected = community.GetProperty("population").GetInt64() - community.GetProperty("exempt").GetInt64();
            Assert.Equal(expected, testing.Int("eligible"));
            Assert.Equal(community.GetProperty("sampled").GetInt64(), testing.Int("sampled"));
            Assert.Equal(community.GetProperty("coverage").GetDouble(), testing.GetProperty("coverage").GetDouble());
        }
        var street = dashboard.GetProperty("testing");
        var eligible = page.GetProperty("population").GetInt64() - page.GetProperty("exempt").GetInt64();
        Assert.Equal(eligible, street.Int("eligible"));
        Assert.Equal(40, street.Int("sampled"));
        Assert.Equal(32, street.Int("resulted"));
        Assert.Equal(page.GetProperty("coverage").GetDouble(), street.GetProperty("coverage").GetDouble());

        // The briefing writes the round page's figures: 应检 is the population less the exempt.
        var made = await admin.PostAsync($"/api/briefings/{d:yyyy-MM-dd}?jurisdiction={Songgang}", null);
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        var briefing = await made.Body();
        var percent = page.GetProperty("coverage").GetDouble().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"全街道开展第", Section(briefing, "testing"));
        Assert.Contains($"应检{eligible}人，已采样40人，覆盖率{percent}%", Section(briefing, "testing"));
    }

    [SkippableFact]
    public async Task A_past_days_rooms_are_counted_as_they_were_at_its_end_and_today_as_the_facility_list_counts_them()
    {
        app.SkipIfUnavailable();
        var d = Today.AddDays(-60);
        var p = d.AddDays(-1);
        var admin = await app.As("admin");
        long facilityId = 0, goingOut = 0;
        await WithDb(async db =>
        {
            var facility = new Facility { Name = "看板房间测试酒店" + Guid.NewGuid().ToString("N")[..6], Address = "海裕路1号", CommunityCode = Haiyu, CreatedAt = At(d.AddDays(-10), 9) };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            facilityId = facility.Id;
            Room R(string number, RoomState state, DateTime created) => new()
            {
                FacilityId = facility.Id, Number = number, Floor = 3, State = state, CreatedAt = created, UpdatedAt = created,
            };
            // 301: a guest from two days before until the day after (to clean now); 302: out of service from the morning of the day
            // until two days after (in service now); 303: taken out of service now, through the facility's own service below;
            // 304: added three days after; 305: in service throughout.
            var rooms = new[]
            {
                R("301", RoomState.Cleaning, At(d.AddDays(-10), 9)), R("302", RoomState.Free, At(d.AddDays(-10), 9)), R("303", RoomState.Free, At(d.AddDays(-10), 9)),
                R("304", RoomState.Free, At(d.AddDays(3), 9)), R("305", RoomState.Free, At(d.AddDays(-10), 9)),
            };
            db.Rooms.AddRange(rooms);
            await db.SaveChangesAsync();
            goingOut = rooms[2].Id;
            db.RoomOutages.Add(new RoomOutage { RoomId = rooms[1].Id, Since = At(d, 9), Until = At(d.AddDays(2), 10) });
            db.Stays.Add(new Stay
            {
                PersonId = 8_600_001, Kind = StayKind.Centralised, Status = StayStatus.Released, FacilityId = facility.Id, RoomId = rooms[0].Id,
                JurisdictionCode = Haiyu, PersonCommunityCode = Haiyu, Reason = "close-contact", LastExposureAt = At(d.AddDays(-2), 10), PolicySet = Policy,
                StartsOn = d.AddDays(-2), EndsOn = d.AddDays(5), CheckedInAt = At(d.AddDays(-2), 10), CheckedInBy = "test", EndedAt = At(d.AddDays(1), 10),
                UpdatedAt = At(d.AddDays(1), 10),
            });
        });
        var outOfService = await admin.PostAsJsonAsync($"/api/rooms/{goingOut}/state", new { action = "out-of-service" });
        Assert.True(outOfService.IsSuccessStatusCode, await outOfService.Content.ReadAsStringAsync());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
            Assert.Single(await db.RoomOutages.AsNoTracking().Where(o => o.RoomId == goingOut && o.Until == null).ToListAsync());

        // At the day's end: 301 (occupied), 303 and 305 in service; 302 was out, 304 was not there yet.
        var day = await admin.GetJson($"/api/dashboard?date={d:yyyy-MM-dd}&jurisdiction={Haiyu}");
        var facilities = day.GetProperty("facilities");
        Assert.Equal(3, facilities.Int("rooms"));
        Assert.Equal(1, facilities.Int("occupied"));
        Assert.Equal(33.3, facilities.GetProperty("occupancy").GetDouble());
        var before = day.GetProperty("previousDay").GetProperty("facilities");
        Assert.Equal(4, before.Int("rooms"));
        Assert.Equal(1, before.Int("occupied"));
        var made = await admin.PostAsync($"/api/briefings/{d:yyyy-MM-dd}?jurisdiction={Haiyu}", null);
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        Assert.Equal("隔离场所可用房间3间，已入住1间，入住率33.3%，入住房间与前一日持平。", Section(await made.Body(), "facilities"));

        // Closed: a spell written later for that day (or any other record) does not move its figures, and a re-read is the same.
        await WithDb(async db =>
        {
            var room305 = await db.Rooms.Where(r => r.FacilityId == facilityId && r.Number == "305").Select(r => r.Id).SingleAsync();
            db.RoomOutages.Add(new RoomOutage { RoomId = room305, Since = At(d, 12), Until = At(d.AddDays(1), 8) });
        });
        await RecountAsync(d);
        var again = await admin.GetJson($"/api/dashboard?date={d:yyyy-MM-dd}&jurisdiction={Haiyu}");
        Assert.Equal(day.GetProperty("facilities").GetRawText(), again.GetProperty("facilities").GetRawText());
        Assert.Equal(day.GetProperty("tasks").GetRawText(), again.GetProperty("tasks").GetRawText());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            Assert.True((await db.FigureDays.AsNoTracking().SingleAsync(f => f.Day == d)).Closed);
            Assert.True((await db.FigureDays.AsNoTracking().SingleAsync(f => f.Day == p)).Closed);
        }

        // Today: the dashboard's rooms in service and occupied are the facility list's (rooms less out of service; occupied).
        await RecountAsync(Today);
        var list = await admin.GetJson("/api/facilities?pageSize=100");
        var total = list.GetProperty("total");
        var today = (await admin.GetJson($"/api/dashboard?jurisdiction={District}")).GetProperty("facilities");
        Assert.Equal(total.Int("rooms") - total.Int("outOfService"), today.Int("rooms"));
        Assert.Equal(total.Int("occupied"), today.Int("occupied"));

        // Back in service: the spell is closed, and the rooms in service now count the room again.
        var back = await admin.PostAsJsonAsync($"/api/rooms/{goingOut}/state", new { action = "back-in-service" });
        Assert.True(back.IsSuccessStatusCode, await back.Content.ReadAsStringAsync());
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
            Assert.Empty(await db.RoomOutages.AsNoTracking().Where(o => o.RoomId == goingOut && o.Until == null).ToListAsync());
        await RecountAsync(Today);
        var after = (await admin.GetJson($"/api/dashboard?jurisdiction={District}")).GetProperty("facilities");
        Assert.Equal(today.Int("rooms") + 1, after.Int("rooms"));
    }

    [SkippableFact]
    public async Task A_past_days_supervised_tasks_by_level_are_those_its_escalation_steps_had_reached_at_its_end()
    {
        app.SkipIfUnavailable();
        var d = Today.AddDays(-70);
        var p = d.AddDays(-1);
        await WithDb(async db =>
        {
            // Each task as the ladder leaves it: its recorded level now, and a step per level stamped when the rule put it there.
            async Task Raise(string code, DateTime created, DateTime due, DateTime? done)
            {
                var level = Escalation.Level(created, due, DateTime.UtcNow, done);
                var task = new SupervisedTask
                {
                    Title = "看板督办历史测试", Kind = TaskKinds.Manual, SubjectId = "", JurisdictionCode = code, CreatedAt = created, DueBy = due, DoneAt = done,
                    DoneBy = done is null ? null : "test", EscalationLevel = level, NextEscalationAt = done is null ? Escalation.NextAt(created, due, level) : null,
                    SourceKey = "dashboard-history:" + Guid.NewGuid().ToString("N"), CreatedBy = "test",
                };
                db.Set<SupervisedTask>().Add(task);
                await db.SaveChangesAsync();
                for (var step = 1; step <= level; step++)
                    db.Set<SupervisedTaskEvent>().Add(new SupervisedTaskEvent
                    {
                        TaskId = task.Id, Kind = TaskEventKinds.Escalated, Level = step, At = Escalation.ReachedAt(created, due, step), RecordedAt = DateTime.UtcNow, By = "system",
                    });
            }
            await Raise(Haiyu, At(d, 14), At(d, 20), null);                        // level 1 at 20:00 of the day, 2 and 3 after it: level 1 at its end
            await Raise(Haiyu, At(d, 9), At(d, 11), At(d, 15));                     // closed on the day
            await Raise(Haiyu, At(d, 9), At(d.AddDays(1), 9), At(d.AddDays(1), 10)); // open at the end, due the next morning: on time
            await Raise(Haiyu, At(d.AddDays(1), 8), At(d.AddDays(1), 9), null);     // raised the day after
            await Raise(Haiyu, At(p, 10), At(p, 12), null);                         // level 3 since the evening before
        });

        var admin = await app.As("admin");
        var view = await admin.GetJson($"/api/dashboard?date={d:yyyy-MM-dd}&jurisdiction={Haiyu}");
        var tasks = view.GetProperty("tasks");
        Assert.Equal(3, tasks.Int("open"));
        Assert.Equal(2, tasks.Int("overdue"));
        Assert.Equal(new[] { 0, 1, 0, 1 }, tasks.GetProperty("overdueByLevel").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        var before = view.GetProperty("previousDay").GetProperty("tasks");
        Assert.Equal(1, before.Int("open"));
        Assert.Equal(new[] { 0, 0, 0, 1 }, before.GetProperty("overdueByLevel").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        var made = await admin.PostAsync($"/api/briefings/{d:yyyy-MM-dd}?jurisdiction={Haiyu}", null);
        Assert.True(made.IsSuccessStatusCode, await made.Content.ReadAsStringAsync());
        Assert.Equal("在办督办事项3件，其中超时2件（升级至一级1件、升级至三级1件）。", Section(await made.Body(), "tasks"));

        // A task back-dated into the closed day changes nothing: a re-run for a past date gives the same figures.
        await WithDb(db =>
        {
            db.Set<SupervisedTask>().Add(new SupervisedTask
            {
                Title = "补录", Kind = TaskKinds.Manual, SubjectId = "", JurisdictionCode = Haiyu, CreatedAt = At(d, 10), DueBy = At(d, 12),
                SourceKey = "dashboard-history:" + Guid.NewGuid().ToString("N"), CreatedBy = "test",
            });
            return System.Threading.Tasks.Task.CompletedTask;
        });
        await RecountAsync(d);
        Assert.Equal(view.GetRawText(), (await admin.GetJson($"/api/dashboard?date={d:yyyy-MM-dd}&jurisdiction={Haiyu}")).GetRawText());

        // At the present moment the history's count is the inboxes' count.
        await using var services = app.Services.CreateAsyncScope();
        var supervision = services.ServiceProvider.GetRequiredService<SupervisedTasks>();
        var haiyu = new JurisdictionScope(Haiyu);
        var live = await supervision.CountsByJurisdictionAsync(haiyu);
        var history = await supervision.CountsByJurisdictionAtAsync(haiyu, DateTime.UtcNow);
        Assert.Equal(live.OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Level), history.OrderBy(c => c.JurisdictionCode).ThenBy(c => c.Level));
    }

    [SkippableFact]
    public async Task Todays_zones_by_level_and_late_transfers_are_the_zone_boards_and_the_transfer_boards()
    {
        app.SkipIfUnavailable();
        var now = DateTime.UtcNow;
        await WithDb(async db =>
        {
            Zone Z(string name, string level, DateTime created, DateTime? released) => new()
            {
                Name = name, Level = level, PolicySet = Policy, CommunityCode = Haiyu, Reason = "test", CreatedAt = created, CreatedBy = "test", LevelSince = created,
                Status = released is null ? ZoneStatus.Active : ZoneStatus.Released, ReleasedAt = released,
            };
            var sealedZone = Z("看板一号", "sealed", now.AddHours(-3), null);
            var steppedDown = Z("看板二号", "controlled", now.AddHours(-5), null);
            var released = Z("看板三号", "precaution", now.AddHours(-6), now.AddMinutes(-30));
            db.Zones.AddRange(sealedZone, steppedDown, released);
            await db.SaveChangesAsync();
            db.ZoneSteps.AddRange(
                new ZoneStep { ZoneId = sealedZone.Id, At = sealedZone.CreatedAt, Action = "designated", By = "test", ToLevel = "sealed" },
                new ZoneStep { ZoneId = steppedDown.Id, At = steppedDown.CreatedAt, Action = "designated", By = "test", ToLevel = "sealed" },
                new ZoneStep { ZoneId = steppedDown.Id, At = now.AddHours(-1), Action = "stepped-down", By = "test", FromLevel = "sealed", ToLevel = "controlled" },
                new ZoneStep { ZoneId = released.Id, At = released.CreatedAt, Action = "designated", By = "test", ToLevel = "precaution" },
                new ZoneStep { ZoneId = released.Id, At = now.AddMinutes(-30), Action = "released", By = "test", FromLevel = "precaution", ToLevel = "released" });

            var facility = new Facility { Name = "看板转运测试酒店" + Guid.NewGuid().ToString("N")[..6], Address = "海裕路2号", CommunityCode = Haiyu, CreatedAt = now.AddDays(-3) };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            Transfer T(DateTime requested, DateTime due, TransferStatus status, DateTime? arrived = null, DateTime? cancelled = null) => new()
            {
                FacilityId = facility.Id, JurisdictionCode = Haiyu, PickupAddress = "x", Urgency = TransferUrgency.CloseContact, Status = status,
                RequestedAt = requested, RequestedBy = "test", DueBy = due, ArrivedAt = arrived, CancelledAt = cancelled, UpdatedAt = requested,
            };
            db.Transfers.AddRange(
                T(now.AddHours(-4), now.AddHours(-2), TransferStatus.Requested),                            // late
                T(now.AddHours(-4), now.AddHours(-1), TransferStatus.Dispatched),                           // late, on its way
                T(now.AddHours(-1), now.AddHours(5), TransferStatus.Requested),                             // in time
                T(now.AddHours(-5), now.AddHours(-3), TransferStatus.Arrived, arrived: now.AddHours(-2)),   // arrived (late): closed
                T(now.AddHours(-5), now.AddHours(-3), TransferStatus.Cancelled, cancelled: now.AddHours(-2))); // cancelled: closed
        });
        await RecountAsync(Today);
        var admin = await app.As("admin");
        var view = await admin.GetJson($"/api/dashboard?jurisdiction={Haiyu}");

        var byLevel = view.GetProperty("zones").GetProperty("byLevel").EnumerateArray().ToDictionary(l => l.Str("level"), l => l.Int("count"));
        foreach (var level in new[] { "sealed", "controlled", "precaution" })
        {
            var board = await admin.GetJson($"/api/zones?status=active&level={level}&pageSize=100");
            var onBoard = board.GetProperty("items").EnumerateArray().Count(z => new JurisdictionScope(Haiyu).Contains(z.Str("communityCode")));
            Assert.Equal(onBoard, byLevel[level]);
        }
        Assert.Equal(new Dictionary<string, int> { ["sealed"] = 1, ["controlled"] = 1, ["precaution"] = 0 }, byLevel);

        var late = await admin.GetJson($"/api/transfers?status=late&jurisdiction={Haiyu}&pageSize=100");
        var transfers = view.GetProperty("transfers");
        Assert.Equal(late.GetProperty("total").GetInt64(), transfers.Int("overdue"));
        Assert.Equal(2, transfers.Int("overdue"));
    }
}

public sealed class SqliteDashboardFiguresTests(SqliteApp app) : DashboardFiguresTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresDashboardFiguresTests(PostgresApp app) : DashboardFiguresTests(app), IClassFixture<PostgresApp>;
