using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>Transfers (转运) through the HTTP contract — on each provider: the order of steps, capacity, masking, the deadline sweep.</summary>
public abstract class TransfersApiTests(FrontlineApp app)
{
    internal static string Next(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    internal static async Task<string> PersonAsync(FrontlineApp app, string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var idNumber = TestData.NewResidentId();
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "转运测试" + idNumber[^4..], idNumber, phone = TestData.NewPhone(), communityCode = community, building = Next("转运楼"), room = "502",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    /// <summary>A hotel with free rooms, written straight into the tables (the facilities API is a colleague's part).</summary>
    internal static async Task<long> FacilityAsync(FrontlineApp app, int rooms)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        var facility = new Facility { Name = Next("松岗隔离酒店"), Address = "宝安区松岗街道东方大道1号", CommunityCode = TestData.Hongxing, CreatedAt = DateTime.UtcNow };
        db.Facilities.Add(facility);
        await db.SaveChangesAsync();
        db.Rooms.AddRange(Enumerable.Range(1, rooms).Select(i => new Room { FacilityId = facility.Id, Number = $"{800 + i}", Floor = 8, State = RoomState.Free, UpdatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        return facility.Id;
    }

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> read)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await read(db);
    }

    static async Task<string> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    const string Address = "宝安区松岗街道红星路12号3栋502";

    [SkippableFact]
    public async Task A_transfer_goes_requested_dispatched_picked_up_arrived_and_its_arrival_is_published_once()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await FacilityAsync(app, 3);
        var a = await PersonAsync(app);
        var b = await PersonAsync(app);
        var before = DateTimeOffset.UtcNow;
        var created = await dispatcher.PostAsJsonAsync("/api/transfers", new
        {
            people = new object[] { new { personId = a, roomNumber = "801", lastExposureAt = before.AddHours(-10), reason = "密接" }, new { personId = b } },
            pickupAddress = Address, facilityId = facility.ToString(),
        });
        var id = await Created(created);
        // Due by the policy's six hours from the request.
        var due = (await created.Body()).GetProperty("dueBy").GetDateTimeOffset();
        Assert.InRange(due - before, TimeSpan.FromHours(6) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1));

        // Retried request: the same transfer.
        Assert.Equal(id, await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { a, b }, pickupAddress = Address, facilityId = facility.ToString() })));

        var wrong = await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "arrived" });
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("transfer-wrong-order", await wrong.ProblemCodes());
        var noVehicle = await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "dispatched" });
        Assert.Equal(HttpStatusCode.BadRequest, noVehicle.StatusCode);

        var dispatched = await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "dispatched", vehicle = "粤B·D12345", driver = "王师傅", escort = "李医生" }));
        Assert.Equal("dispatched", dispatched.Str("status"));
        // A double tap: answered as it is, nothing changes.
        var again = await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "dispatched", vehicle = "粤B·X00000", driver = "别人" }));
        Assert.Equal("粤B·D12345", again.Str("vehicle"));
        Assert.Equal("picked-up", (await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "picked-up" }))).Str("status"));
        var cancel = await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "cancelled", note = "人员拒绝" });
        Assert.Contains("transfer-wrong-order", await cancel.ProblemCodes());
        Assert.Equal("arrived", (await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "arrived" }))).Str("status"));
        await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "arrived" }));

        var events = await WithDb(db => db.Set<DomainEvent>().AsNoTracking().Where(e => e.Type == ContainmentEvents.TransferArrived).ToListAsync());
        var mine = events.Select(Outbox.Read<TransferArrivedEvent>).Where(e => e.TransferId.ToString() == id).ToList();
        var arrived = Assert.Single(mine);
        Assert.Equal(facility, arrived.FacilityId);
        Assert.Equal([long.Parse(a), long.Parse(b)], arrived.People.Select(p => p.PersonId));
        Assert.Equal("801", arrived.People[0].RoomNumber);
        Assert.Null(arrived.People[1].RoomNumber);
        Assert.Equal("dispatcher", arrived.ArrivedBy);

        var detail = await dispatcher.GetJson($"/api/transfers/{id}");
        Assert.Equal("arrived", detail.GetProperty("transfer").Str("status"));
        Assert.Equal(2, detail.GetProperty("people").GetArrayLength());
        var audit = await WithDb(db => db.Audit.AsNoTracking().Where(x => x.Subject == "transfer:" + id).Select(x => x.Action).ToListAsync());
        Assert.Equal(["transfer.arrive", "transfer.dispatch", "transfer.pick-up", "transfer.request"], audit.Order());
    }

    [SkippableFact]
    public async Task Pickup_addresses_and_people_are_masked_unless_unmasked_with_a_reason()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await FacilityAsync(app, 2);
        var person = await PersonAsync(app);
        var id = await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { person }, pickupAddress = Address, facilityId = facility.ToString() }));

        var masked = await dispatcher.GetJson($"/api/transfers/{id}");
        Assert.Equal("宝安区松岗街道红星路12号****", masked.GetProperty("transfer").Str("pickupAddress"));
        Assert.Contains("********", masked.GetProperty("people")[0].Str("idNumber"));
        Assert.True(masked.GetProperty("masked").GetBoolean());
        var board = await dispatcher.GetJson($"/api/transfers?facilityId={facility}");
        Assert.Equal("宝安区松岗街道红星路12号****", board.GetProperty("items")[0].Str("pickupAddress"));

        var noReason = await dispatcher.GetAsync($"/api/transfers/{id}?unmask=true");
        Assert.Contains("reason-required", await noReason.ProblemCodes());
        var full = await dispatcher.GetJson($"/api/transfers/{id}?unmask=true&reason={Uri.EscapeDataString("司机接人需要门牌号")}");
        Assert.Equal(Address, full.GetProperty("transfer").Str("pickupAddress"));
        Assert.Equal(1, await WithDb(db => db.Audit.CountAsync(x => x.Subject == "transfer:" + id && x.Action == AuditActions.PiiView)));
        // The community worker may ask for a transfer (a retry of this one answers it), never dispatch one.
        var worker = await app.As("community-worker");
        Assert.Equal(id, await Created(await worker.PostAsJsonAsync("/api/transfers", new { personIds = new[] { person }, pickupAddress = Address, facilityId = facility.ToString() })));
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync($"/api/transfers/{id}/events", new { status = "dispatched", vehicle = "粤B·D1", driver = "王师傅" })).StatusCode);
    }

    [SkippableFact]
    public async Task A_facility_without_enough_free_rooms_refuses_the_transfer_and_nothing_is_written()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await FacilityAsync(app, 2);
        var first = await PersonAsync(app);
        await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { first }, pickupAddress = Address, facilityId = facility.ToString() }));
        // One room is kept for the open transfer: two more people do not fit in the one left.
        var (c, d) = (await PersonAsync(app), await PersonAsync(app));
        var before = await WithDb(db => db.Transfers.CountAsync());
        var full = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { c, d }, pickupAddress = Address, facilityId = facility.ToString() });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("facility-full", await full.ProblemCodes());
        Assert.Equal(before, await WithDb(db => db.Transfers.CountAsync()));

        var taken = await dispatcher.PostAsJsonAsync("/api/transfers", new { people = new[] { new { personId = c, roomNumber = "999" } }, pickupAddress = Address, facilityId = facility.ToString() });
        Assert.Contains("transfer-unknown-room", await taken.ProblemCodes());
        var onTwo = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { first, c }, pickupAddress = Address, facilityId = facility.ToString() });
        Assert.Contains("already-on-transfer", await onTwo.ProblemCodes());
        var late = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { c }, pickupAddress = Address, facilityId = facility.ToString(), dueBy = DateTimeOffset.UtcNow.AddHours(9) });
        Assert.Contains("transfer-due-beyond-policy", await late.ProblemCodes());
        var past = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { c }, pickupAddress = Address, facilityId = facility.ToString(), dueBy = DateTimeOffset.UtcNow.AddHours(-1) });
        Assert.Contains("transfer-due-in-past", await past.ProblemCodes());
        // Someone of another street is no one the 松岗 dispatcher may move.
        var haiyu = await PersonAsync(app, TestData.Haiyu);
        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { haiyu }, pickupAddress = Address, facilityId = facility.ToString() })).StatusCode);
        Assert.Equal(before, await WithDb(db => db.Transfers.CountAsync()));
    }

    [SkippableFact]
    public async Task A_late_transfer_is_first_on_the_board_becomes_one_overdue_task_and_the_arrival_closes_it()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await FacilityAsync(app, 4);
        var onTime = await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { await PersonAsync(app) }, pickupAddress = Address, facilityId = facility.ToString() }));
        var late = await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { await PersonAsync(app) }, pickupAddress = Address, facilityId = facility.ToString() }));
        // Seven hours ago, due an hour ago.
        await WithDb(db => db.Transfers.Where(t => t.Id == long.Parse(late))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RequestedAt, DateTime.UtcNow.AddHours(-7)).SetProperty(t => t.DueBy, DateTime.UtcNow.AddHours(-1))));

        var board = (await dispatcher.GetJson($"/api/transfers?facilityId={facility}")).GetProperty("items");
        Assert.Equal([late, onTime], board.EnumerateArray().Select(i => i.Str("id")));
        Assert.True(board[0].GetProperty("late").GetBoolean());
        Assert.InRange(board[0].GetProperty("minutesLate").GetInt32(), 59, 61);
        Assert.Equal(late, (await dispatcher.GetJson($"/api/transfers?status=late&facilityId={facility}")).GetProperty("items")[0].Str("id"));

        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TransferDeadlineSweep>().RunAsync(CancellationToken.None);
            // The escalation job records the level the list shows (it runs every minute beside the sweep).
            await scope.ServiceProvider.GetRequiredService<EscalationLadder>().RunAsync(CancellationToken.None);
        }
        var tasks = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == TaskKinds.Transfer && (t.SubjectId == late || t.SubjectId == onTime)).ToListAsync());
        var task = Assert.Single(tasks);
        Assert.Equal(late, task.SubjectId);
        var listed = (await dispatcher.GetJson("/api/tasks?status=overdue&pageSize=500")).GetProperty("items").EnumerateArray().Single(t => t.Str("subjectId") == late);
        Assert.Equal("transfer", listed.Str("kind"));
        Assert.Equal(1, listed.GetProperty("escalationLevel").GetInt32());

        await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{late}/events", new { status = "dispatched", vehicle = "粤B·D1", driver = "王师傅" }));
        await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{late}/events", new { status = "cancelled", note = "已由他人送达" }));
        var closed = await WithDb(db => db.Set<SupervisedTask>().AsNoTracking().SingleAsync(t => t.Id == task.Id));
        Assert.NotNull(closed.DoneAt);
        Assert.Equal("system", closed.DoneBy);
    }

    [SkippableFact]
    public async Task The_sweep_closes_a_task_raised_as_the_transfer_arrived()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await FacilityAsync(app, 1);
        var id = await Created(await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { await PersonAsync(app) }, pickupAddress = Address, facilityId = facility.ToString() }));
        foreach (var status in new[] { "dispatched", "picked-up", "arrived" })
            await Ok(await dispatcher.PostAsJsonAsync($"/api/transfers/{id}/events", new { status, vehicle = "粤B·D2", driver = "赵师傅" }));
        // The sweep read the transfer as late just before it arrived, and wrote its task after.
        await WithDb(async db =>
        {
            await SupervisedTasks.RaiseAsync(db, TaskKinds.Transfer, id, TestData.Hongxing, "转运超时", DateTime.UtcNow.AddHours(-7), DateTime.UtcNow.AddHours(-1), default);
            return await db.SaveChangesAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<TransferDeadlineSweep>().RunAsync(CancellationToken.None);
        Assert.NotNull(await WithDb(db => db.Set<SupervisedTask>().Where(t => t.Kind == TaskKinds.Transfer && t.SubjectId == id).Select(t => t.DoneAt).SingleAsync()));
    }
}

public sealed class SqliteTransfersApiTests(SqliteApp app) : TransfersApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTransfersApiTests(PostgresApp app) : TransfersApiTests(app), IClassFixture<PostgresApp>;
