using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Containment.Zones;

/// <summary>Zones and risk areas over HTTP (shared/api.md, Containment).</summary>
public static class ZoneEndpoints
{
    public static IServiceCollection AddZones(this IServiceCollection services) => services
        .AddVocabulary(ZonesVocabulary.Words)
        .AddScoped<Zones>()
        .AddSingleton<IDomainEventHandler, ZoneCaseCreatedHandler>()
        .AddSingleton<IDomainEventHandler, ZoneChangedHandler>()
        .AddSingleton<IDomainEventHandler, ZoneResultsAppliedHandler>()
        .AddSingleton<ZoneLevels>().AddSingleton<Frontline.Testing.IZoneLevels>(s => s.GetRequiredService<ZoneLevels>())
        .AddScoped<IDemoActivity, ZonesDemo>()
        .AddScheduledWork<ZoneReleaseEvaluation>(ZoneReleaseEvaluation.Name, WorkSchedule.Daily(new TimeOnly(0, 10)));

    public static void MapZoneEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapPost("/zones", Designate).RequirePermission(ContainmentPermissions.ZoneWrite)
            .WithSummary("Designates a zone (封控区/管控区/防范区, or 高/中/低风险区 as the active policy set says) over buildings or jurisdictions")
            .WithDescription("Answers the zone's id and its release-eligible date under the policy set's rule (null while a condition — an all-negative " +
                "round, close contacts' results — cannot be dated yet). Audited; the zone's history starts here.")
            .Answers(400, "missing-field", "invalid-zone-level", "zone-target-required", "unknown-building", "out-of-scope", "unknown-zone-case",
                "too-many-targets", "invalid-field", "field-too-long", "invalid-characters")
            .Example(new ApiExample { Body = new ZoneInput("sealed", ["1"], null, "病例1居住楼栋，封控管理", ["1"]) });
        api.MapGet("/zones", List).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("The zone board: zones in the caller's jurisdiction, active first, by level, soonest eligible first; paged")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["level"] = "sealed", ["status"] = "active", ["page"] = 1, ["pageSize"] = 50 } });
        api.MapGet("/zones/{id:long}", Get).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("A zone with its evidence evaluated now (last infection, last close contact, last all-negative round), buildings and history")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapGet("/zones/{id:long}/residents", Residents).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("The residents inside a zone, masked, paged")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["page"] = 1, ["pageSize"] = 50 } });
        api.MapPost("/zones/{id:long}/release", Release).RequirePermission(ContainmentPermissions.ZoneRelease)
            .WithSummary("Releases a zone on or after its eligible date (a risk area steps down one level); early only as an override")
            .WithDescription("409 `not-eligible` before the eligible date, naming what is missing. `override: true` releases early for a caller with " +
                "zone.override (else 403) and a non-empty reason (else 400 `override-reason-required`); audited as an override.")
            .Answers(400, "override-reason-required", "field-too-long").Answers(403, "forbidden")
            .Answers(409, "not-eligible", "zone-released", "zone-changed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ZoneReleaseInput("经专家研判，楼栋为误划，提前解封", true) });
        api.MapGet("/zones/proposals", Proposals).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("Zone proposals raised by new cases living outside any sealed/high zone, pending first; paged")
            .WithDescription("A pending proposal closes itself as `superseded` when a sealed/high zone covering its building is designated " +
                "otherwise (by hand, or by accepting another proposal); the zone is linked in `zoneId`.")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["status"] = "pending" } });
        api.MapPost("/zones/proposals/{id:long}/accept", Accept).RequirePermission(ContainmentPermissions.ZoneWrite)
            .WithSummary("Accepts a proposal: the zone is designated over the case's building, linked to the case (audited)")
            .Answers(400, "field-too-long").Answers(409, "proposal-decided")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ProposalDecision("同意封控") });
        api.MapPost("/zones/proposals/{id:long}/reject", Reject).RequirePermission(ContainmentPermissions.ZoneWrite)
            .WithSummary("Rejects a proposal with a reason (audited)")
            .Answers(400, "missing-field", "field-too-long").Answers(409, "proposal-decided")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ProposalDecision("病例已于外区集中隔离，楼栋无暴露") });
    }

    static async Task<Created<ZoneCreated>> Designate(ZoneInput input, HttpContext http, Zones zones)
    {
        var created = await zones.DesignateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/zones/{created.Id}", created);
    }

    static async Task<Ok<Paged<ZoneSummary>>> List([OneOf("sealed", "controlled", "precaution", "high", "medium", "low")] string? level,
        [OneOf("active", "released")] string? status, int? page, int? pageSize, HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.ListAsync(Caller.From(http), level, status, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<ZoneDetail>> Get(long id, HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<Paged<ZoneResident>>> Residents(long id, int? page, int? pageSize, HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.ResidentsAsync(Caller.From(http), id, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<ZoneReleased>> Release(long id, ZoneReleaseInput input, HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.ReleaseAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<Ok<Paged<ZoneProposalView>>> Proposals([OneOf("pending", "accepted", "rejected", "superseded")] string? status, int? page, int? pageSize,
        HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.ProposalsAsync(Caller.From(http), status, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<ZoneCreated>> Accept(long id, ProposalDecision input, HttpContext http, Zones zones) =>
        TypedResults.Ok(await zones.AcceptProposalAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<NoContent> Reject(long id, ProposalDecision input, HttpContext http, Zones zones)
    {
        await zones.RejectProposalAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
