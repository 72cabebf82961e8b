using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Command.Dashboard;

/// <summary>The dashboard API: a jurisdiction's figures of a day with the day before and each child's, and each table as a spreadsheet.</summary>
public static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services
        .AddVocabulary(DashboardVocabulary.Words)
        .AddScoped<DailyFiguresRefresh>()
        .AddScoped<Dashboard>()
        .AddScoped<DashboardDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<DashboardDemo>())
        .AddScheduledWork<DailyFiguresRefresh>(DailyFiguresRefresh.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(1)));

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        var group = api.MapGroup("").WithTags("Command");
        group.MapGet("/dashboard", GetDashboard).RequirePermission(DashboardPermissions.Read)
            .WithSummary("The figures of a jurisdiction on a day (default today), with the day before and each child's (streets of a district, communities of a street)")
            .WithDescription("Counted from the records per day and jurisdiction by a job every minute (today) and once more after the day ends; " +
                "point-in-time figures (in quarantine, open, occupied) are as at the day's end, or at the last count for today (computedAt).")
            .Answers(400, "dashboard-future-date").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306000000" } });
        group.MapGet("/dashboard/export", Export).RequirePermission(DashboardPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("One table of the dashboard as .xlsx: a row per child and the total, each figure of the day and of the day before; audited")
            .Answers(400, "dashboard-future-date", "dashboard-unknown-table").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306000000", ["table"] = "cases" } });
        // The page's download link: a browser sends the session cookie, not a bearer token.
        app.MapGet("/exports/dashboard/{table}.xlsx", ExportForPage).RequirePermission(DashboardPermissions.Read).ExcludeFromDescription();
    }

    static async Task<Ok<DashboardView>> GetDashboard([Description("yyyy-MM-dd, Asia/Shanghai; default today.")] DateOnly? date, string? jurisdiction,
        HttpContext http, Dashboard dashboard, Epidemic.EpidemicCurve curve)
    {
        var caller = Caller.From(http);
        var sums = await dashboard.SumsAsync(caller, date, jurisdiction, http.RequestAborted);
        var rt = await curve.RtAsync(sums.Jurisdiction.Code, sums.Date, http.RequestAborted);
        return TypedResults.Ok(dashboard.View(sums, rt));
    }

    static async Task<FileContentHttpResult> Export(DateOnly? date, string? jurisdiction,
        [OneOf("cases", "testing", "contacts", "zones", "facilities", "transfers", "tasks", "requests")] string? table, HttpContext http, Dashboard dashboard)
    {
        var (content, name) = await dashboard.ExportAsync(Caller.From(http), date, jurisdiction, table, http.RequestAborted);
        return TypedResults.File(content, ApiDocument.Xlsx, name);
    }

    static Task<FileContentHttpResult> ExportForPage(string table, DateOnly? date, string? jurisdiction, HttpContext http, Dashboard dashboard) =>
        Export(date, jurisdiction, table, http, dashboard);
}
