using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Command.Dashboard;
using Frontline.Platform;

namespace Frontline.Command.Epidemic;

public static class EpidemicEndpoints
{
    public static IServiceCollection AddEpidemic(this IServiceCollection services) => services.AddScoped<EpidemicCurve>();

    public static void MapEpidemicEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/epidemic-curve", GetCurve).WithTags("Command").RequirePermission(DashboardPermissions.Read)
            .WithSummary("The epidemic curve of a jurisdiction: new cases a day by report date and by onset date, by classification; 7-day growth, doubling time and Rt")
            .WithDescription("Rt by Cori et al. over the 7 days ending on `to`, on the report-date counts, with the serial interval of the policy set in force; " +
                "each estimate carries the cases it rests on and is null (rt) or not shown (growth.shown = false) with fewer than the policy's minCases.")
            .Answers(400, "dashboard-future-date", "invalid-field").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306000000", ["days"] = 30 } });
    }

    static async Task<Ok<CurveView>> GetCurve(string? jurisdiction, [Description("Last day, yyyy-MM-dd; default today.")] DateOnly? to,
        [Description("Days shown, 7–120; default 30.")] int? days, HttpContext http, EpidemicCurve curve) =>
        TypedResults.Ok(await curve.OfAsync(Caller.From(http), jurisdiction, to, days ?? 30, http.RequestAborted));
}
