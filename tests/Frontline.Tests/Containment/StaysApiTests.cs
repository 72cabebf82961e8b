using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>Facilities, rooms, stays, health checks, release, arrivals and positives through the HTTP contract — on each provider.</summary>
public abstract class StaysApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";
    static readonly TimeSpan China = TimeSpan.FromHours(8);
    static DateOnly ChinaDay(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(China).DateTime);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd");

    async Task<(string Id, string IdNumber)> PersonAsync(string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var idNumber = TestData.NewResidentId();
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "隔离测试" + idNumber[^4..], idNumber, phone = TestData.NewPhone(), communityCode = community, building = Next("隔离楼"), room = "101",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return ((await created.Body()).Str("id"), idNumber);
    }

    static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.Created)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return expected == HttpStatusCode.NoContent ? default : await response.Body();
    }

    static async Task Refused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Contains(code, await response.ProblemCodes());
    }

    async Task<string> FacilityAsync(int rooms, string community = TestData.Hongxing)
    {
        var commander = await app.As("commander");
        var body = await Ok(await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = Next("隔离酒店"), address = "松岗街道测试路1号", communityCode = community,
            rooms = Enumerable.Range(0, rooms).Select(i => new { number = $"{2 + i / 10}{i % 10 + 1:00}", floor = 2 + i / 10 }),
        }));
        return body.Str("id");
    }

    async Task<HttpResponseMessage> IntakeAsync(string facilityId, string personId, string? room, DateTimeOffset? exposure = null) =>
        await (await app.As("facility-staff")).PostAsJsonAsync("/api/stays", new
        {
            personId, kind = "centralised", facilityId, roomNumber = room, reason = "病例1的密接", lastExposureAt = exposure ?? DateTimeOffset.UtcNow.AddDays(-1),
        });

    static JsonElement Cell(JsonElement occupancy, string number) =>
        occupancy.GetProperty("floors").EnumerateArray().SelectMany(f => f.GetProperty("rooms").EnumerateArray()).Single(r => r.Str("number") == number);

    async Task<long> StayCountAsync(string personId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Stays.LongCountAsync(s => s.PersonId == long.Parse(personId));
    }

    [SkippableFact]
    public async Task A_facility_is_set_up_with_its_rooms_and_its_capacity_is_counted()
    {
        var facility = await FacilityAsync(12);
        var staff = await app.As("facility-staff");
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        Assert.Equal(12, grid.GetProperty("capacity").Int("rooms"));
        Assert.Equal(12, grid.GetProperty("capacity").Int("free"));
        // Floors top down, rooms in order.
        Assert.Equal(3, grid.GetProperty("floors")[0].Int("floor"));
        Assert.Equal("201", grid.GetProperty("floors")[1].GetProperty("rooms")[0].Str("number"));
        var list = await staff.GetJson("/api/facilities?pageSize=500");
        var row = list.GetProperty("items").EnumerateArray().Single(f => f.Str("id") == facility);
        Assert.Equal(12, row.GetProperty("capacity").Int("rooms"));
        Assert.True(list.GetProperty("total").Int("rooms") >= 12);

        var commander = await app.As("commander");
        var name = grid.Str("name");
        await Refused(await commander.PostAsJsonAsync("/api/facilities", new { name, address = "x", rooms = Array.Empty<object>() }), HttpStatusCode.Conflict, "duplicate-facility");
        var bad = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = Next("隔离酒店"), address = "x", communityCode = TestData.Hongxing, rooms = new object[] { new { number = "101", floor = 1 }, new { number = "101", floor = 1 }, new { number = "9", floor = 999 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var codes = await bad.ProblemCodes();
        Assert.Contains("duplicate-room", codes);
        Assert.Contains("invalid-floor", codes);
        // Rooms added later, all or nothing: one clash refuses the lot.
        await Refused(await commander.PostAsJsonAsync($"/api/facilities/{facility}/rooms", new { rooms = new object[] { new { number = "501", floor = 5 }, new { number = "201", floor = 2 } } }),
            HttpStatusCode.BadRequest, "duplicate-room");
        Assert.Equal(12, (await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("capacity").Int("rooms"));
        var added = await Ok(await commander.PostAsJsonAsync($"/api/facilities/{facility}/rooms", new { rooms = new object[] { new { number = "501", floor = 5 } } }), HttpStatusCode.OK);
        Assert.Equal(1, added.Int("added"));
        // Another street's facility is not found for 松岗's hotel staff.
        var haiyu = await FacilityAsync(2, TestData.Haiyu);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/facilities/{haiyu}/occupancy")).StatusCode);
    }

    [SkippableFact]
    public async Task Rooms_import_from_a_spreadsheet_all_or_nothing_with_row_numbered_errors()
    {
        var facility = await FacilityAsync(2);
        var commander = await app.As("commander");
        async Task<JsonElement> Import(byte[] file, string name)
        {
            var response = await commander.PostAsync($"/api/facilities/{facility}/rooms/import", TestData.Upload(file, name));
            return await Ok(response, HttpStatusCode.OK);
        }
        string[] header = ["房间号", "楼层"];
        // Row 3 repeats a room of the facility, row 4 has no floor a building has: nothing is added.
        var bad = await Import(TestData.Csv([["601", "6"], ["201", "2"], ["602", "999"]], header: header), "rooms.csv");
        Assert.Equal(0, bad.Int("added"));
        var errors = bad.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.Int("row") == 3 && e.Str("code") == "duplicate-room");
        Assert.Contains(errors, e => e.Int("row") == 4 && e.Str("code") == "invalid-floor");
        var staff = await app.As("facility-staff");
        Assert.Equal(2, (await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("capacity").Int("rooms"));
        var good = await Import(TestData.Xlsx([["601", "6F"], ["602", "6"]], header: header), "rooms.xlsx");
        Assert.Equal(2, good.Int("added"));
        Assert.Equal(4, (await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("capacity").Int("rooms"));
        await Refused(await commander.PostAsync($"/api/facilities/{facility}/rooms/import", TestData.Upload(TestData.Csv([["601"]], header: ["房间号"]), "rooms.csv")),
            HttpStatusCode.BadRequest, "missing-column");
    }

    [SkippableFact]
    public async Task A_night_intake_plans_the_stay_from_the_policy_and_an_occupied_room_is_refused_with_nothing_written()
    {
        var facility = await FacilityAsync(3);
        var (p1, _) = await PersonAsync();
        var (p2, idNumber2) = await PersonAsync();
        var exposure = DateTimeOffset.UtcNow.AddDays(-2);
        var started = await Ok(await IntakeAsync(facility, p1, "202", exposure));
        // edition 8: 14 centralised days, tests on days 1, 4, 7 and 14 after the last exposure.
        var exposed = ChinaDay(exposure);
        Assert.Equal(D(exposed.AddDays(14)), started.Str("endsOn"));
        Assert.Equal(new[] { 1, 4, 7, 14 }.Select(d => D(exposed.AddDays(d))), started.GetProperty("testDays").EnumerateArray().Select(d => d.GetString()));
        var staff = await app.As("facility-staff");
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        var cell = Cell(grid, "202");
        Assert.Equal("occupied", cell.Str("state"));
        Assert.Equal(2, cell.Int("day"));
        Assert.Equal(started.Str("id"), cell.Str("stayId"));
        Assert.Contains("*", cell.Str("guest"));

        // The same room again: 409 room-occupied, and no stay written for the second person.
        await Refused(await IntakeAsync(facility, p2, "202"), HttpStatusCode.Conflict, "room-occupied");
        Assert.Equal(0, await StayCountAsync(p2));
        // The same person again: a clear conflict.
        await Refused(await IntakeAsync(facility, p1, "203"), HttpStatusCode.Conflict, "stay-active");
        Assert.Equal("free", Cell(await staff.GetJson($"/api/facilities/{facility}/occupancy"), "203").Str("state"));
        // By ID number, no room named: the next free room (201).
        var byId = await Ok(await staff.PostAsJsonAsync("/api/stays", new
        {
            idNumber = idNumber2, kind = "centralised", facilityId = facility, reason = "转运入住", lastExposureAt = exposure,
        }));
        Assert.Equal("201", byId.Str("roomNumber"));
        var (p3, _) = await PersonAsync();
        await Ok(await IntakeAsync(facility, p3, null));
        var (p4, _) = await PersonAsync();
        await Refused(await IntakeAsync(facility, p4, null), HttpStatusCode.Conflict, "facility-full");
        await Refused(await IntakeAsync(facility, p4, "999"), HttpStatusCode.BadRequest, "unknown-room");
        // A home stay names no facility; a kind outside the three is refused.
        await Refused(await staff.PostAsJsonAsync("/api/stays", new { personId = p4, kind = "home-quarantine", facilityId = facility, reason = "x", lastExposureAt = exposure }),
            HttpStatusCode.BadRequest, "facility-for-centralised-only");
        await Refused(await staff.PostAsJsonAsync("/api/stays", new { personId = p4, kind = "hotel", reason = "x", lastExposureAt = exposure }),
            HttpStatusCode.BadRequest, "invalid-stay-kind");
        await Refused(await staff.PostAsJsonAsync("/api/stays", new { personId = p4, kind = "centralised", facilityId = facility, reason = "x", lastExposureAt = DateTimeOffset.UtcNow.AddDays(1) }),
            HttpStatusCode.BadRequest, "exposure-in-future");
        Assert.Equal(0, await StayCountAsync(p4));
        // Under quarantine for the registry's status.
        Assert.Equal("quarantine", (await (await app.As("admin")).GetJson($"/api/persons/{p1}/status")).Str("control"));
        // Audited.
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=stay:{started.Str("id")}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "stay.start");
    }

    [SkippableFact]
    public async Task A_fever_raises_an_alert_on_the_facility_page_until_medical_staff_handle_it()
    {
        var facility = await FacilityAsync(2);
        var (p1, _) = await PersonAsync();
        var stay = (await Ok(await IntakeAsync(facility, p1, "201"))).Str("id");
        var staff = await app.As("facility-staff");
        var normal = await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/health-checks", new { temperature = 36.5, symptoms = Array.Empty<string>() }));
        Assert.False(normal.GetProperty("alert").GetBoolean());
        var fever = await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/health-checks", new { temperature = 37.6, symptoms = new[] { "cough" } }));
        Assert.True(fever.GetProperty("alert").GetBoolean());
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        var alert = grid.GetProperty("alerts").EnumerateArray().Single();
        Assert.Equal(fever.Str("id"), alert.Str("checkId"));
        Assert.Equal("201", alert.Str("room"));
        Assert.True(Cell(grid, "201").GetProperty("alert").GetBoolean());

        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/health-checks", new { temperature = 45.0 }), HttpStatusCode.BadRequest, "temperature-out-of-range");
        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/health-checks", new { temperature = 36.5, symptoms = new[] { "headache-x" } }), HttpStatusCode.BadRequest, "unknown-symptom");
        await Refused(await staff.PostAsJsonAsync($"/api/health-checks/{normal.Str("id")}/handle", new { text = "看过" }), HttpStatusCode.Conflict, "not-an-alert");
        await Refused(await staff.PostAsJsonAsync($"/api/health-checks/{fever.Str("id")}/handle", new { text = " " }), HttpStatusCode.BadRequest, "missing-field");
        await Ok(await staff.PostAsJsonAsync($"/api/health-checks/{fever.Str("id")}/handle", new { text = "复测37.1℃，已上报医疗组" }), HttpStatusCode.NoContent);
        await Refused(await staff.PostAsJsonAsync($"/api/health-checks/{fever.Str("id")}/handle", new { text = "again" }), HttpStatusCode.Conflict, "alert-handled");
        Assert.Empty((await staff.GetJson($"/api/facilities/{facility}/occupancy")).GetProperty("alerts").EnumerateArray());

        var view = await staff.GetJson($"/api/stays/{stay}");
        Assert.Equal(2, view.GetProperty("checks").GetArrayLength());
        Assert.Equal(0, view.Int("openAlerts"));
        Assert.Equal("复测37.1℃，已上报医疗组", view.GetProperty("checks").EnumerateArray().Single(c => c.Str("id") == fever.Str("id")).Str("handledNote"));
        // 心理疏导.
        await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/notes", new { text = "情绪焦虑，已疏导" }));
        Assert.Equal("情绪焦虑，已疏导", (await staff.GetJson($"/api/stays/{stay}")).GetProperty("notes")[0].Str("text"));
    }

    [SkippableFact]
    public async Task Release_waits_for_a_negative_final_test_and_the_room_goes_to_cleaning()
    {
        var facility = await FacilityAsync(3);
        var (p1, idNumber) = await PersonAsync();
        // Exposed 14 days ago: today is the final test day (day 14) of edition 8's centralised period.
        var stay = (await Ok(await IntakeAsync(facility, p1, "201", DateTimeOffset.UtcNow.AddDays(-14)))).Str("id");
        var staff = await app.As("facility-staff");
        var before = await staff.GetJson($"/api/stays/{stay}");
        Assert.False(before.GetProperty("releasable").GetBoolean());
        var days = before.GetProperty("testDays").EnumerateArray().ToList();
        // Days 1, 4 and 7 were before check-in: only the final test is ordered, for today.
        Assert.Equal(["before-intake", "before-intake", "before-intake", "due"], days.Select(d => d.Str("state")));
        Assert.Equal(14, days[^1].Int("day"));
        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { }), HttpStatusCode.Conflict, "final-test-missing");
        Assert.Equal("active", (await staff.GetJson($"/api/stays/{stay}")).Str("status"));
        Assert.Equal("occupied", Cell(await staff.GetJson($"/api/facilities/{facility}/occupancy"), "201").Str("state"));

        await NegativeSampleAsync(idNumber);
        var after = await staff.GetJson($"/api/stays/{stay}");
        var final = after.GetProperty("testDays").EnumerateArray().Last();
        Assert.Equal("negative", final.Str("state"));
        Assert.False(string.IsNullOrEmpty(final.Str("sampleId")));
        Assert.True(after.GetProperty("releasable").GetBoolean());
        await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { note = "末次核酸阴性" }), HttpStatusCode.NoContent);
        Assert.Equal("released", (await staff.GetJson($"/api/stays/{stay}")).Str("status"));
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        var room = Cell(grid, "201");
        Assert.Equal("cleaning", room.Str("state"));
        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/release", new { }), HttpStatusCode.Conflict, "stay-not-active");
        // Cleaned → free; an occupied room cannot go out of service.
        await Ok(await staff.PostAsJsonAsync($"/api/rooms/{room.Str("id")}/state", new { action = "cleaned" }), HttpStatusCode.NoContent);
        Assert.Equal("free", Cell(await staff.GetJson($"/api/facilities/{facility}/occupancy"), "201").Str("state"));
        var (p2, _) = await PersonAsync();
        await Ok(await IntakeAsync(facility, p2, "202"));
        var occupied = Cell(await staff.GetJson($"/api/facilities/{facility}/occupancy"), "202");
        await Refused(await staff.PostAsJsonAsync($"/api/rooms/{occupied.Str("id")}/state", new { action = "out-of-service" }), HttpStatusCode.Conflict, "room-occupied");
        Assert.Equal("none", (await (await app.As("admin")).GetJson($"/api/persons/{p1}/status")).Str("control"));
    }

    /// <summary>One negative single-tube test of the person, now, in a round of its own.</summary>
    async Task NegativeSampleAsync(string idNumber)
    {
        var admin = await app.As("admin");
        var now = DateTimeOffset.UtcNow;
        var round = (await Ok(await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("隔离检测"), scope = new[] { TestData.Hongxing }, startsAt = now.AddHours(-1), endsAt = now.AddHours(23), poolSize = 1,
        }))).Str("id");
        var site = Next("SITE");
        await Ok(await admin.PostAsJsonAsync("/api/testing/sites", new { code = site, name = "隔离点检测", communityCode = TestData.Hongxing }));
        var tube = Next("T");
        var scan = await admin.PostAsJsonAsync("/api/testing/samples/batch", new
        {
            events = new[] { new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize = 1, idNumber, collectedAt = now.AddMinutes(-2), collector = "采样员" } },
        });
        Assert.Equal(1, (await scan.Body()).Int("accepted"));
        var result = await admin.PostAsJsonAsync("/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        Assert.Equal(1, (await result.Body()).Int("accepted"));
    }

    [SkippableFact]
    public async Task A_room_change_frees_the_old_room_to_cleaning()
    {
        var facility = await FacilityAsync(3);
        var (p1, _) = await PersonAsync();
        var (p2, _) = await PersonAsync();
        var stay = (await Ok(await IntakeAsync(facility, p1, "201"))).Str("id");
        await Ok(await IntakeAsync(facility, p2, "202"));
        var staff = await app.As("facility-staff");
        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/move", new { roomNumber = "202" }), HttpStatusCode.Conflict, "room-occupied");
        await Refused(await staff.PostAsJsonAsync($"/api/stays/{stay}/move", new { roomNumber = "201" }), HttpStatusCode.Conflict, "same-room");
        await Ok(await staff.PostAsJsonAsync($"/api/stays/{stay}/move", new { roomNumber = "203" }), HttpStatusCode.NoContent);
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        Assert.Equal("cleaning", Cell(grid, "201").Str("state"));
        Assert.Equal(stay, Cell(grid, "203").Str("stayId"));
        Assert.Equal("203", (await staff.GetJson($"/api/stays/{stay}")).Str("roomNumber"));
    }

    async Task<List<SupervisedTask>> CapacityTasksAsync(string facility)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Set<SupervisedTask>().Where(t => t.Kind == TaskKinds.FacilityCapacity && t.SubjectId.StartsWith(facility + "/")).OrderBy(t => t.Id).ToListAsync();
    }

    [SkippableFact]
    public async Task A_facility_reaching_ninety_percent_raises_a_supervised_task_closed_when_it_falls_below()
    {
        var facility = await FacilityAsync(10);
        for (var i = 0; i < 8; i++) await Ok(await IntakeAsync(facility, (await PersonAsync()).Id, null));
        Assert.Empty(await CapacityTasksAsync(facility));
        var ninth = (await Ok(await IntakeAsync(facility, (await PersonAsync()).Id, null))).Str("id");
        var open = Assert.Single(await CapacityTasksAsync(facility));
        Assert.Null(open.DoneAt);
        Assert.Equal(TestData.Hongxing, open.JurisdictionCode);
        // Due by the active policy set's hours for it, not a constant of the code.
        Assert.Equal(TimeSpan.FromHours(app.Services.GetRequiredService<PolicySets>().Active.FacilityCapacityTaskHours), open.DueBy - open.CreatedAt);
        var tasks = await (await app.As("commander")).GetJson($"/api/tasks?status=open&jurisdiction={TestData.Hongxing}&pageSize=500");
        Assert.Contains(tasks.GetProperty("items").EnumerateArray(), t => t.Str("kind") == "facility-capacity" && t.Str("subjectId") == open.SubjectId);
        // Five more rooms: 9 of 15, below the threshold: closed by the system.
        await Ok(await (await app.As("commander")).PostAsJsonAsync($"/api/facilities/{facility}/rooms",
            new { rooms = Enumerable.Range(1, 5).Select(i => new { number = $"60{i}", floor = 6 }) }), HttpStatusCode.OK);
        var closed = Assert.Single(await CapacityTasksAsync(facility));
        Assert.NotNull(closed.DoneAt);
        Assert.Equal("system", closed.DoneBy);
        // Filling up again is a new task.
        for (var i = 0; i < 5; i++) await Ok(await IntakeAsync(facility, (await PersonAsync()).Id, null));
        var again = await CapacityTasksAsync(facility);
        Assert.Equal(2, again.Count);
        Assert.Null(again[1].DoneAt);
        Assert.NotEqual(again[0].SubjectId, again[1].SubjectId);
        Assert.NotNull(ninth);
    }

    [SkippableFact]
    public async Task A_positive_during_the_stay_ends_it_for_hospital_and_the_room_goes_to_cleaning()
    {
        var facility = await FacilityAsync(2);
        var (p1, _) = await PersonAsync();
        var stay = (await Ok(await IntakeAsync(facility, p1, "201"))).Str("id");
        var sampleId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            Outbox.Add(db, TestingEvents.IndividualPositive, new IndividualPositiveResult(long.Parse(p1), sampleId, TestData.Hongxing, DateTime.UtcNow.AddHours(-2)), DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        var staff = await app.As("facility-staff");
        var view = await staff.GetJson($"/api/stays/{stay}");
        Assert.Equal("to-hospital", view.Str("status"));
        Assert.Contains(sampleId.ToString(), view.Str("endNote"));
        Assert.Equal("cleaning", Cell(await staff.GetJson($"/api/facilities/{facility}/occupancy"), "201").Str("state"));
        // The case outranks the ended stay.
        Assert.Equal("case", (await (await app.As("admin")).GetJson($"/api/persons/{p1}/status")).Str("control"));
    }

    [SkippableFact]
    public async Task An_arrived_transfer_starts_each_persons_stay_once_and_a_person_without_a_room_is_shown_to_the_staff()
    {
        var facility = await FacilityAsync(2);
        var people = new List<string>();
        for (var i = 0; i < 3; i++) people.Add((await PersonAsync()).Id);
        var transferId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        var arrival = new TransferArrivedEvent(transferId, long.Parse(facility),
            [
                new ArrivingPerson(long.Parse(people[0]), "202", DateTime.UtcNow.AddDays(-1), null, "密接转运"),
                new ArrivingPerson(long.Parse(people[1]), null, null, null, "密接转运"),
                new ArrivingPerson(long.Parse(people[2]), null, DateTime.UtcNow.AddDays(-1), null, "密接转运"),
            ], DateTime.UtcNow, "dispatcher");
        for (var delivery = 0; delivery < 2; delivery++)
        {
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
            {
                Outbox.Add(db, ContainmentEvents.TransferArrived, arrival, DateTime.UtcNow);
                await db.SaveChangesAsync();
            }
            await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        }
        var staff = await app.As("facility-staff");
        var grid = await staff.GetJson($"/api/facilities/{facility}/occupancy");
        Assert.Equal(2, grid.GetProperty("capacity").Int("occupied"));
        Assert.Equal("occupied", Cell(grid, "202").Str("state"));
        Assert.Equal(1, await StayCountAsync(people[0]));
        Assert.Equal(1, await StayCountAsync(people[1]));
        Assert.Equal(0, await StayCountAsync(people[2]));
        var failure = Assert.Single(grid.GetProperty("intakeFailures").EnumerateArray());
        Assert.Equal(people[2], failure.Str("personId"));
        Assert.Equal("facility-full", failure.Str("code"));
        Assert.Equal(transferId.ToString(), failure.Str("transferId"));
    }

    [SkippableFact]
    public async Task Hotel_staff_cannot_set_up_facilities_and_an_auditor_cannot_take_anyone_in()
    {
        var staff = await app.As("facility-staff");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/facilities", new { name = Next("x"), address = "x", rooms = Array.Empty<object>() })).StatusCode);
        var facility = await FacilityAsync(1);
        var (p1, _) = await PersonAsync();
        var auditor = await app.As("auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/stays", new { personId = p1, kind = "centralised", facilityId = facility, reason = "x", lastExposureAt = DateTimeOffset.UtcNow })).StatusCode);
        Assert.Equal(0, await StayCountAsync(p1));
    }
}

public sealed class SqliteStaysApiTests(SqliteApp app) : StaysApiTests(app), IClassFixture<SqliteApp>;


public sealed class PostgresStaysApiTests(PostgresApp app) : StaysApiTests(app), IClassFixture<PostgresApp>;
