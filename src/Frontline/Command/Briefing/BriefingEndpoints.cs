using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Command.Dashboard;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Command.Briefing;

/// <summary>The daily briefings' API: list, read, make now (or re-run) and download as Word.</summary>
public static class BriefingEndpoints
{
    public static IServiceCollection AddBriefings(this IServiceCollection services, IConfiguration configuration) => services
        .AddVocabulary(BriefingVocabulary.Words)
        .AddScoped<Briefings>()
        .AddScoped<BriefingDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<BriefingDemo>())
        .AddScheduledWork<BriefingJob>(BriefingJob.Name, WorkSchedule.Daily(BriefingJob.At(configuration)));

    public static void MapBriefingEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        var group = api.MapGroup("/briefings").WithTags("Command");
        group.MapGet("", ListBriefings).RequirePermission(DashboardPermissions.Read)
            .WithSummary("The daily briefings kept for a jurisdiction (default the caller's own) between two days, newest first")
            .Answers(400, "briefing-bad-range", "briefing-range-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306000000" } });
        group.MapGet("/{date}", GetBriefing).RequirePermission(DashboardPermissions.Read)
            .WithSummary("A day's briefing: the figures frozen at its cut-off (the day and the day before, by street or community) and the sentences written from them")
            .Answers(404, "not-found").Example(Yesterday);
        group.MapPost("/{date}", MakeBriefing).RequirePermission(DashboardPermissions.Read)
            .WithSummary("Makes the day's briefing now (201); for a past day already made it is kept as it was (200): a re-run gives the same figures")
            .WithDescription("Today's briefing is made from the figures as they stand (cut-off: their last count) and replaced by a later run the same day; " +
                "a past day's from that day's closed figures (cut-off: the end of the day). Audited as briefing.make.")
            .Answers(400, "dashboard-future-date").Answers(404, "not-found").Example(Yesterday);
        group.MapGet("/{date}.docx", DownloadBriefing).RequirePermission(DashboardPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), Docx_)
            .WithSummary("The day's briefing as a Word document (title, sentences, tables by street or community, charts); each download audited")
            .Answers(404, "not-found").Example(Yesterday);
        // The page's download link: a browser sends the session cookie, not a bearer token.
        app.MapGet("/exports/briefings/{date}.docx", DownloadBriefing).RequirePermission(DashboardPermissions.Read).ExcludeFromDescription();
    }

    /// <summary>The examples' day: yesterday in Asia/Shanghai, a closed day the example's POST makes the briefing of.</summary>
    static ApiExample Yesterday(DateTimeOffset now) => new()
    {
        Path = { ["date"] = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
    };

    const string Docx_ = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    static async Task<Ok<Paged<BriefingListItem>>> ListBriefings([Description("yyyy-MM-dd; default 30 days before `to`.")] DateOnly? from,
        [Description("yyyy-MM-dd; default today.")] DateOnly? to, string? jurisdiction, int? page, int? pageSize, HttpContext http, Briefings briefings) =>
        TypedResults.Ok(await briefings.ListAsync(Caller.From(http), from, to, jurisdiction, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<BriefingView>> GetBriefing(DateOnly date, string? jurisdiction, HttpContext http, Briefings briefings) =>
        TypedResults.Ok(await briefings.GetAsync(Caller.From(http), date, jurisdiction, http.RequestAborted));

    static async Task<Results<Created<BriefingView>, Ok<BriefingView>>> MakeBriefing(DateOnly date, string? jurisdiction, HttpContext http, Briefings briefings)
    {
        var (view, made) = await briefings.MakeAsync(Caller.From(http), date, jurisdiction, http.RequestAborted);
        return made ? TypedResults.Created($"/api/briefings/{view.Date:yyyy-MM-dd}?jurisdiction={view.Jurisdiction}", view) : TypedResults.Ok(view);
    }

    static async Task<FileContentHttpResult> DownloadBriefing(DateOnly date, string? jurisdiction, HttpContext http, Briefings briefings)
    {
        var (content, name) = await briefings.DocxAsync(Caller.From(http), date, jurisdiction, http.RequestAborted);
        return TypedResults.File(content, Docx_, name);
    }
}
