using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Command.Requests;

/// <summary>The resident requests API (民生诉求): log, the community's queue, one request with its steps, accept, progress, close.</summary>
public static class RequestEndpoints
{
    const string UnmaskText = "Full addresses, phones and texts (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";
    const string ExampleCommunity = "440306005002";

    public static IServiceCollection AddRequests(this IServiceCollection services) => services
        .AddVocabulary(RequestsVocabulary.Words)
        .AddSingleton(sp => RequestTimeLimits.Load(sp.GetRequiredService<IConfiguration>()))
        .AddScoped<Requests>()
        .AddScoped<RequestsDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<RequestsDemo>())
        .AddScheduledWork<RequestDeadlineSweep>(RequestDeadlineSweep.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(1)));

    public static void MapRequestEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Command");
        group.MapPost("/requests", LogRequest).RequirePermission(RequestPermissions.Write)
            .WithSummary("Logs a resident's request (民生诉求) or a public-opinion item (舆情), routed to the community of the address")
            .WithDescription("The community is the building's (buildingId), the one given (communityCode), or the one the address names (a community's or a " +
                "registered building's name in it); none → 400 request-address-unreachable, nothing written. Due by the time limit of its kind and urgency, " +
                "tighter when the address lies in a sealed zone (RequestTimeLimits.json, Frontline:Requests:TimeLimits). A retry with the same clientKey answers the same request.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "invalid-field", "request-invalid-phone", "unknown-community", "out-of-scope",
                "request-address-unreachable", "request-address-ambiguous", "request-unknown-building", "request-building-elsewhere")
            .Answers(409, "request-key-taken")
            .Example(new ApiExample
            {
                Body = new RequestInput(RequestKinds.Dialysis, RequestUrgency.Urgent, "宝安区松岗街道红星社区红星花园3栋502", ExampleCommunity, "13800138000",
                    "居民尿毒症，每周二、五透析，封控在家，需安排今天下午去医院透析"),
            });
        group.MapGet("/requests", ListRequests).RequirePermission(RequestPermissions.Read)
            .WithSummary("The requests of a jurisdiction: late first (most late on top), then urgent, then by due time; paged")
            .WithDescription("`open` (default): not closed; `late`: not closed and past due; `closed`; `all`. Addresses, phones and texts masked unless unmasked.")
            .Answers(400, "invalid-field", "reason-required", "field-too-long")
            .Example(new ApiExample { Query = { ["jurisdiction"] = ExampleCommunity, ["status"] = "open" } });
        group.MapGet("/requests/{id:long}", GetRequest).RequirePermission(RequestPermissions.Read)
            .WithSummary("A request with its steps (logged, accepted, progress notes, closed)")
            .Answers(400, "reason-required", "field-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapPost("/requests/{id:long}/accept", AcceptRequest).RequirePermission(RequestPermissions.Handle)
            .WithSummary("Accepts a request (受理); a second accept answers it as it is")
            .Answers(404, "not-found").Answers(409, "request-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapPost("/requests/{id:long}/progress", NoteRequest).RequirePermission(RequestPermissions.Handle)
            .WithSummary("Notes progress on a request (accepting it if it was not); audited")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters").Answers(404, "not-found").Answers(409, "request-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new RequestNoteInput("已联系社康中心，安排车辆14:00接送") });
        group.MapPost("/requests/{id:long}/close", CloseRequest).RequirePermission(RequestPermissions.Handle)
            .WithSummary("Closes a request with its outcome (办结); closes its late task; a second close answers it as it is")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new RequestCloseInput("已由专车送至松岗人民医院完成透析，居民已返家") });
    }

    static async Task<Created<RequestCreated>> LogRequest(RequestInput input, HttpContext http, Requests requests)
    {
        var created = await requests.LogAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/requests/{created.Id}", created);
    }

    static async Task<Ok<Paged<RequestView>>> ListRequests([OneOf("open", "late", "closed", "all")] string? status, string? jurisdiction,
        [OneOf(RequestKinds.Medicine, RequestKinds.Dialysis, RequestKinds.Pregnancy, RequestKinds.Food, RequestKinds.ElderlyCare, RequestKinds.Complaint, RequestKinds.PublicOpinion)] string? kind,
        int? page, int? pageSize, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, Requests requests) =>
        TypedResults.Ok(await requests.ListAsync(Caller.From(http), status, jurisdiction, kind, PageRequest.From(page, pageSize), unmask == true, reason, http.RequestAborted));

    static async Task<Ok<RequestDetail>> GetRequest(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, Requests requests) =>
        TypedResults.Ok(await requests.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));

    static async Task<Ok<RequestView>> AcceptRequest(long id, HttpContext http, Requests requests) =>
        TypedResults.Ok(await requests.AcceptAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<RequestView>> NoteRequest(long id, RequestNoteInput input, HttpContext http, Requests requests) =>
        TypedResults.Ok(await requests.NoteAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<Ok<RequestView>> CloseRequest(long id, RequestCloseInput input, HttpContext http, Requests requests) =>
        TypedResults.Ok(await requests.CloseAsync(Caller.From(http), id, input, http.RequestAborted));
}
