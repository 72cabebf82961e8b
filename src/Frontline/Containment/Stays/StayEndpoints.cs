using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Registry;

namespace Frontline.Containment;

/// <summary>Facilities, rooms, stays and health checks over HTTP (shared/api.md, Containment).</summary>
public static class StayEndpoints
{
    static readonly string[] PersonCodes = ["missing-field", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "unknown-person"];

    public static IServiceCollection AddStays(this IServiceCollection services) => services
        .AddVocabulary(StaysVocabulary.Words)
        .AddScoped<Facilities>()
        .AddScoped<Stays>()
        .AddScoped<IntakeFailures>()
        .AddScoped<StayTests>()
        .AddScheduledWork<StayTestSweep>(StayTestSweep.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(15)))
        .AddSingleton<IDomainEventHandler, Stays.TransferArrivedHandler>()
        .AddSingleton<IDomainEventHandler, Stays.PositiveResultHandler>()
        .AddScoped<IPersonStatusSource, Stays.StayStatusSource>()
        .AddScoped<IDemoActivity, Demo.StaysDemo>();

    public static void MapStayEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapPost("/facilities", CreateFacility).RequirePermission(ContainmentPermissions.FacilityManage)
            .WithSummary("Sets up a quarantine facility (隔离酒店) with its rooms")
            .Answers(400, "missing-field", "field-too-long", "unknown-jurisdiction", "invalid-floor", "duplicate-room", "too-many-rooms")
            .Answers(409, "duplicate-facility")
            .Example(_ => new ApiExample
            {
                Body = new FacilityInput("松岗示例隔离酒店" + Guid.NewGuid().ToString("N")[..4], "宝安区松岗街道松福大道88号", null, "0755-27700000",
                    [new RoomInput("201", 2), new RoomInput("202", 2), new RoomInput("301", 3), new RoomInput("302", 3)]),
            });
        api.MapGet("/facilities", ListFacilities).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("Facilities in the caller's jurisdiction with their capacity, and the capacity across all of them")
            .Example(new ApiExample { Query = { ["page"] = 1, ["pageSize"] = 50 } });
        api.MapGet("/facilities/{id:long}/occupancy", GetOccupancy).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("A facility's room grid floor by floor (state, guest's day of stay), its open health alerts and arrivals not taken in")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapGet("/facilities/{id:long}/tests", GetFacilityTests).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("今日核酸: a facility's test orders of a day (default today) for its guests: room, masked name, day N, status; overdue first")
            .WithDescription("Each stay's test days are Testing's orders (GET /api/testing/test-orders, requester stay:{id}), made at intake; a scan " +
                "of the guest that day in a single tube takes the order and its tube's result comes back on it. Earlier tests not sampled are listed as overdue.")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/facilities/{id:long}/rooms", AddRooms).RequirePermission(ContainmentPermissions.FacilityManage)
            .WithSummary("Adds rooms to a facility (all or nothing)")
            .Answers(400, "missing-field", "field-too-long", "invalid-floor", "duplicate-room", "too-many-rooms")
            .Example(_ => new ApiExample { Path = { ["id"] = 1 }, Body = new RoomsInput([new RoomInput("B" + Random.Shared.Next(100, 999), 1)]) });
        api.MapPost("/facilities/{id:long}/rooms/import", ImportRooms).RequirePermission(ContainmentPermissions.FacilityManage)
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxRoomFileBytes))
            .WithSummary("Imports a facility's rooms from a spreadsheet (.xlsx, or .csv in UTF-8 or GB18030), all or nothing")
            .WithDescription("Multipart field `file`; columns 房间号 and 楼层. Errors come back in `errors` with their spreadsheet row number " +
                "(the header is row 1); any error means no room is added.")
            .Answers(400, "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column", "too-many-rooms")
            .Example(_ => new ApiExample { Path = { ["id"] = 1 }, File = $"房间号,楼层\r\nC{Random.Shared.Next(100, 999)},6\r\n" });
        api.MapPost("/rooms/{id:long}/state", SetRoomState).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("A room cleaned (待消杀 → 空闲), taken out of service, or back in service")
            .Answers(400, "missing-field", "invalid-field").Answers(409, "room-occupied", "room-state-change")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new RoomActionInput("out-of-service") });

        api.MapPost("/intake-failures/{id:long}/resolve", ResolveIntakeFailure).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("Settles an arrival the facility could not take in: taken in after all, sent elsewhere or not arrived, with a note")
            .WithDescription("taken-in needs the person's active stay (taking them in through POST /api/stays settles it by itself); sent-elsewhere " +
                "and not-arrived need a note of where they went or what happened. Who and when are recorded; audited.")
            .Answers(400, "missing-field", "field-too-long", "intake-invalid-outcome", "intake-note-required").Answers(404, "not-found")
            .Answers(409, "intake-failure-resolved", "intake-not-staying")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new IntakeResolutionInput("sent-elsewhere", "房间已满，改送福永街道集中隔离点") });
        api.MapPost("/stays", StartStay).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("Takes a person in: a centralised stay in a facility's room, or a home quarantine or home monitoring")
            .WithDescription("The end and test days come from the active policy set: day 1 is the day after the last exposure; `endsOn` is the last " +
                "day of this stay's own period (the centralised days of a close contact; home days follow as their own stay). Without `roomNumber` " +
                "the next free room is taken.")
            .Answers(400, [.. PersonCodes, "invalid-stay-kind", "facility-required", "facility-for-centralised-only", "not-found", "exposure-in-future",
                "field-too-long", "unknown-room"])
            .Answers(409, "room-occupied", "room-not-free", "facility-full", "stay-active")
            .Example(now => new ApiExample
            {
                // Exposed fourteen days ago: today is the final test day of edition 8's centralised period.
                Body = new StayInput(null, RegistryModule.ExampleIdNumber, "centralised", "1", "301", "病例1的密接", now.AddDays(-14)),
            });
        api.MapGet("/stays", ListStays).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("Stays in the caller's jurisdiction, newest first, paged; masked").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["facilityId"] = 1, ["status"] = "active" } });
        api.MapGet("/stays/{id:long}", GetStay).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("A stay with its test days (each with its test order in Testing, the swab that took it and its result), health checks, missed checks and notes")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/stays/{id:long}/health-checks", AddHealthCheck).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("Records a health check; a fever (≥ the policy's threshold) or any symptom raises an alert for the facility's medical staff")
            .Answers(400, "missing-field", "temperature-out-of-range", "unknown-symptom", "check-outside-stay").Answers(409, "stay-not-active")
            .Example(now => new ApiExample { Path = { ["id"] = 1 }, Body = new HealthCheckInput(now.AddMinutes(-5), 37.8, ["cough"]) });
        api.MapPost("/health-checks/{id:long}/handle", HandleAlert).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("Medical staff handle a health alert, with a note of what they did")
            .Answers(400, "missing-field", "field-too-long").Answers(409, "not-an-alert", "alert-handled")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new NoteInput("已复测体温37.0℃，继续观察") });
        api.MapPost("/stays/{id:long}/notes", AddNote).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("A counselling note (心理疏导) on a stay").Answers(400, "missing-field", "field-too-long")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new NoteInput("情绪焦虑，已电话疏导，约定明日再次沟通") });
        api.MapPost("/stays/{id:long}/move", MoveStay).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("Moves the guest to another free room of the facility; the old room goes to cleaning")
            .Answers(400, "missing-field", "field-too-long", "unknown-room", "facility-required")
            .Answers(409, "room-occupied", "room-not-free", "same-room", "stay-not-active")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new MoveInput("302") });
        api.MapPost("/stays/{id:long}/release", ReleaseStay).RequirePermission(ContainmentPermissions.Stay)
            .WithSummary("解除隔离: only when the final test day's order has a negative result; the room goes to cleaning and tests not sampled are withdrawn")
            .Answers(400, "field-too-long").Answers(409, "final-test-missing", "stay-not-active")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ReleaseInput("末次核酸阴性，解除隔离") });
    }

    static async Task<Created<RegistryModule.IdResponse>> CreateFacility(FacilityInput input, HttpContext http, Facilities facilities)
    {
        var id = await facilities.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/facilities/{id}/occupancy", new RegistryModule.IdResponse(id.ToString()));
    }

    static async Task<Ok<FacilityList>> ListFacilities(int? page, int? pageSize, HttpContext http, Facilities facilities) =>
        TypedResults.Ok(await facilities.ListAsync(Caller.From(http), PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<Occupancy>> GetOccupancy(long id, HttpContext http, Facilities facilities) =>
        TypedResults.Ok(await facilities.OccupancyAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<FacilityTests>> GetFacilityTests(long id, [Description("yyyy-MM-dd, Asia/Shanghai; default today.")] DateOnly? date, HttpContext http,
        StayTests tests) =>
        TypedResults.Ok(await tests.OfFacilityAsync(Caller.From(http), id, date, http.RequestAborted));

    public sealed record RoomsAdded(int Added);

    public const long MaxRoomFileBytes = 4L * 1024 * 1024;

    static async Task<Ok<RoomImportResult>> ImportRooms(long id, IFormFile? file, HttpContext http, Facilities facilities)
    {
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await facilities.ImportRoomsAsync(Caller.From(http), id, temp.Stream, file.FileName, http.RequestAborted));
    }

    static async Task<Ok<RoomsAdded>> AddRooms(long id, RoomsInput input, HttpContext http, Facilities facilities) =>
        TypedResults.Ok(new RoomsAdded(await facilities.AddRoomsAsync(Caller.From(http), id, input, http.RequestAborted)));

    static async Task<NoContent> SetRoomState(long id, RoomActionInput input, HttpContext http, Facilities facilities)
    {
        await facilities.SetRoomStateAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ResolveIntakeFailure(long id, IntakeResolutionInput input, HttpContext http, IntakeFailures failures)
    {
        await failures.ResolveAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Created<StayStarted>> StartStay(StayInput input, HttpContext http, Stays stays)
    {
        var started = await stays.StartAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/stays/{started.Id}", started);
    }

    static async Task<Ok<Paged<StayRow>>> ListStays(long? facilityId, [OneOf("active", "released", "to-hospital", "cancelled")] string? status,
        int? page, int? pageSize, HttpContext http, Stays stays) =>
        TypedResults.Ok(await stays.ListAsync(Caller.From(http), facilityId, status, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<StayView>> GetStay(long id, HttpContext http, Stays stays) =>
        TypedResults.Ok(await stays.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Created<HealthCheckRecorded>> AddHealthCheck(long id, HealthCheckInput input, HttpContext http, Stays stays)
    {
        var recorded = await stays.AddHealthCheckAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.Created($"/api/stays/{id}", recorded);
    }

    static async Task<NoContent> HandleAlert(long id, NoteInput input, HttpContext http, Stays stays)
    {
        await stays.HandleAlertAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Created<RegistryModule.IdResponse>> AddNote(long id, NoteInput input, HttpContext http, Stays stays)
    {
        var noteId = await stays.AddNoteAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.Created($"/api/stays/{id}", new RegistryModule.IdResponse(noteId));
    }

    static async Task<NoContent> MoveStay(long id, MoveInput input, HttpContext http, Stays stays)
    {
        await stays.MoveAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReleaseStay(long id, ReleaseInput input, HttpContext http, Stays stays)
    {
        await stays.ReleaseAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
