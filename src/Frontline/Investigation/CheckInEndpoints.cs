using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>Venue codes and check-ins, trajectories and space-time companions: their services and endpoints.</summary>
public static class CheckInEndpoints
{
    const string ExampleVenue = "HX-MARKET-01";

    public static IServiceCollection AddCheckIns(this IServiceCollection services)
    {
        services.AddVocabulary(CheckInsVocabulary.Words);
        // 15 M rows a day from an empty table: PostgreSQL must re-plan it as it fills (TableGrowth).
        services.AddGrowingTable(InvestigationTables.CheckIns);
        services.AddScoped<CheckInIngest>().AddScoped<Trajectories>().AddScoped<Companions>().AddScoped<VenuePosters>()
            .AddScoped<IDemoActivity, Demo.CheckInDemo>();
        services.AddSingleton(new CasePagePanel("trajectory", "轨迹", "Trajectory", typeof(Pages.TrajectoryPanel), 200));
        services.AddSingleton(new CasePagePanel("companions", "时空伴随", "Space-time companions", typeof(Pages.CompanionsPanel), 300));
        return services;
    }

    public static void MapCheckInEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/checkins/batch", IngestCheckIns).RequirePermission(InvestigationPermissions.CheckIn).AsIngest().WithTags("Investigation")
            .WithSummary("A batch of venue-code check-ins, answered item by item")
            .WithDescription("Idempotent by eventId: a retried item counts under `duplicates`, never twice. A refused item is in `rejected` with its code " +
                "(unknown-venue, unknown-person, invalid-id-checksum, invalid-id-format, invalid-birth-date, checkin-in-future, missing-field, invalid-item); " +
                "nothing is acknowledged before it is committed. 429 or 503 with Retry-After when the ingest queue is full.")
            .Answers(400, "batch-too-large")
            .Example(now => new ApiExample
            {
                Body = new CheckInBatch([new CheckInEvent("venue-hx-market-01-000001", ExampleVenue, RegistryModule.ExampleIdNumber, null, now.AddHours(-19).AddMinutes(-30))]),
            });
        api.MapGet("/places/{id:long}/poster", Poster).RequirePermission(RegistryPermissions.Read).WithTags("Investigation")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/html")
            .WithSummary("The printable venue-code poster of a registered place (A4, QR code with the place's code and name)")
            .Example(new ApiExample { Path = { ["id"] = 1 } });

        var cases = api.MapGroup("/cases/{id:long}").WithTags("Investigation");
        cases.MapGet("/trajectory", ListTrajectory).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("A case's trajectory, oldest first, paged, with its lookback period")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        cases.MapPost("/trajectory", AddTrajectory).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Appends trajectory entries: a venue code or an address, over a time span")
            .WithDescription("All or nothing: each wrong entry is named in the errors (entries[i].field). An entry wholly outside the lookback is " +
                "refused (trajectory-outside-lookback); one partly outside is kept and flagged, and only its part inside counts.")
            .Answers(400, "missing-field", "invalid-item", "venue-or-address", "unknown-venue", "trajectory-ends-before-start", "trajectory-too-long",
                "trajectory-outside-lookback", "trajectory-too-many", "field-too-long", "invalid-characters")
            .Example(now => new ApiExample
            {
                Path = { ["id"] = 1 },
                Body = new TrajectoryInput([new TrajectoryEntryInput(ExampleVenue, null, now.AddHours(-20), now.AddHours(-19), "买菜")]),
            });
        cases.MapGet("/trajectory/checkins", OwnCheckIns).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("The case's own venue check-ins inside the lookback, offered as trajectory entries")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        cases.MapPost("/trajectory/checkins", AcceptCheckIns).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Takes the case's own check-ins as trajectory entries (source checkin); one taken before is skipped")
            .Answers(400, "missing-field", "checkin-not-own", "trajectory-too-many")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new AcceptCheckInsInput(["1"]) });
        cases.MapGet("/companions", ListCompanions).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("Space-time companions: check-ins at the trajectory's places within the window either side, inside the lookback")
            .WithDescription("Not the case's own person, not its contacts, not those dismissed. Ordered by the longest overlap; paged. " +
                "windowMinutes defaults to the policy set's companion window.")
            .Answers(400, "invalid-window")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["windowMinutes"] = 30 } });
        cases.MapPost("/companions/{personId}/confirm", Confirm).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Confirms a companion as a close contact of the case (setting venue, last exposure the end of the overlap)")
            .WithDescription("Again for someone already a contact: that contact, created false.")
            .Answers(409, "not-a-companion").Answers(400, "invalid-window")
            .Example(new ApiExample { Path = { ["id"] = 1, ["personId"] = 2 } });
        cases.MapPost("/companions/{personId}/dismiss", Dismiss).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Rules a companion out for this case, with a reason (audited); not proposed again")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "invalid-window").Answers(409, "not-a-companion", "companion-already-contact")
            .Example(new ApiExample { Path = { ["id"] = 1, ["personId"] = 3 }, Body = new DismissInput("收银员，隔着玻璃，未近距离接触") });
        cases.MapDelete("/trajectory/{entryId}", DeleteEntry).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Deletes one trajectory entry (audited)")
            .Example(new ApiExample { Path = { ["id"] = 1, ["entryId"] = 1 } });
    }

    /// <summary>A batch of check-ins; an item the body cannot read is null here and refused on its own.</summary>
    public sealed record CheckInBatch(List<CheckInEvent?>? Events) : Microsoft.AspNetCore.Http.Metadata.IEndpointParameterMetadataProvider
    {
        public static async ValueTask<CheckInBatch?> BindAsync(HttpContext http) => new(await BatchItems.ReadAsync<CheckInEvent>(http, "events"));
        public static void PopulateMetadata(System.Reflection.ParameterInfo parameter, EndpointBuilder builder) => BatchItems.DeclareBody<CheckInBatch>(builder);
    }

    static async Task<Ok<BatchAnswer>> IngestCheckIns(CheckInBatch batch, HttpContext http, CheckInIngest ingest) =>
        TypedResults.Ok(await ingest.IngestAsync(Caller.From(http), batch.Events ?? [], http.RequestAborted));

    static async Task<ContentHttpResult> Poster(long id, HttpContext http, VenuePosters posters) =>
        TypedResults.Content(VenuePosters.Html(await posters.PosterAsync(Caller.From(http), id, http.RequestAborted)), "text/html; charset=utf-8");

    static async Task<Ok<TrajectoryPage>> ListTrajectory(long id, int? page, int? pageSize, HttpContext http, Trajectories trajectories) =>
        TypedResults.Ok(await trajectories.ListAsync(Caller.From(http), id, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Created<TrajectoryAdded>> AddTrajectory(long id, TrajectoryInput input, HttpContext http, Trajectories trajectories)
    {
        var added = await trajectories.AddAsync(Caller.From(http), id, input.Entries, http.RequestAborted);
        return TypedResults.Created($"/api/cases/{id}/trajectory", added);
    }

    static async Task<Ok<Paged<OwnCheckInView>>> OwnCheckIns(long id, int? page, int? pageSize, HttpContext http, Trajectories trajectories) =>
        TypedResults.Ok(await trajectories.OwnCheckInsAsync(Caller.From(http), id, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<TrajectoryAdded>> AcceptCheckIns(long id, AcceptCheckInsInput input, HttpContext http, Trajectories trajectories) =>
        TypedResults.Ok(await trajectories.AcceptCheckInsAsync(Caller.From(http), id, input.CheckInIds, http.RequestAborted));

    static async Task<NoContent> DeleteEntry(long id, long entryId, HttpContext http, Trajectories trajectories)
    {
        await trajectories.DeleteAsync(Caller.From(http), id, entryId, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<CompanionPage>> ListCompanions(long id, int? windowMinutes, int? page, int? pageSize, HttpContext http, Companions companions) =>
        TypedResults.Ok(await companions.SearchAsync(Caller.From(http), id, windowMinutes, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<CompanionConfirmed>> Confirm(long id, long personId, int? windowMinutes, HttpContext http, Companions companions) =>
        TypedResults.Ok(await companions.ConfirmAsync(Caller.From(http), id, personId, windowMinutes, http.RequestAborted));

    static async Task<NoContent> Dismiss(long id, long personId, int? windowMinutes, DismissInput input, HttpContext http, Companions companions)
    {
        await companions.DismissAsync(Caller.From(http), id, personId, input.Reason, windowMinutes, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
