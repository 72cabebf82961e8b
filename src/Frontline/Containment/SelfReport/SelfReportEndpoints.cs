using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Containment;

/// <summary>
/// Self-report links. The anonymous surface is three routes and nothing more: the JSON report and the phone page's GET
/// and form POST, all keyed by the token, all rate-limited per address, all mapped outside the /api group (which
/// demands a bearer token) with AllowAnonymous on each route alone. Issuing a link needs a token and containment.stay.
/// </summary>
public static class SelfReportEndpoints
{
    public const string Limit = "self-report";

    public static IServiceCollection AddSelfReport(this IServiceCollection services)
    {
        services.AddVocabulary(SelfReportVocabulary.Words)
            .AddScoped<SelfReports>()
            .AddScheduledWork<MissedReportSweep>(MissedReportSweep.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(15)));
        // Two reports a day per person; a household on one phone a few more. Guessing tokens (256 bits) is hopeless
        // anyway: this keeps a scanner from using the page to load the database.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(Limit, http => RateLimitPartition.GetFixedWindowLimiter(
            "self-report:" + (http.Connection.RemoteIpAddress?.ToString() ?? "local"),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Frontline:SelfReportPerMinute", 30),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
        return services;
    }

    public static void MapSelfReportEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapPost("/stays/{id:long}/self-report-link", IssueSelfReportLink).RequirePermission(ContainmentPermissions.Stay).WithTags("Containment")
            .WithSummary("Issues a home stay's personal self-report link and its QR code; the link before it stops working")
            .WithDescription("For home quarantine and home health monitoring only (409 self-report-not-at-home); expires with the stay's last day. " +
                "The token (256 random bits) is shown once and stored only as its hash.")
            .Answers(404, "not-found").Answers(409, "self-report-not-at-home", "self-report-stay-ended")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        app.MapPost("/api/self-report/{token}", ReportOwnHealth).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(Limit).WithTags("Containment")
            .WithSummary("A person's own report through their link: temperature and symptoms (no account)")
            .WithDescription("A fever (at or above the policy's threshold) or any symptom is an alert and raises a task for the person's community. " +
                "An unknown, revoked or expired link is 404 and nothing else is said. The same values again within two minutes are the same report.")
            .Answers(400, "missing-field", "self-report-invalid-temperature", "self-report-invalid-symptom").Answers(404, "not-found")
            .Answers(429, "too-many-requests")
            .Example(new ApiExample { Path = { ["token"] = "q3Vt8kzP0dYw1xR5mN7bC2aL9eF4hJ6sT0uV8yZ1wQk" }, Body = new SelfReportInput(36.6, []) });
        app.MapGet(SelfReports.PagePath + "{token}", Page).AllowAnonymous().RequireRateLimiting(Limit).ExcludeFromDescription();
        app.MapPost(SelfReports.PagePath + "{token}", PageSubmit).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(Limit).ExcludeFromDescription();
    }

    static async Task<Ok<SelfReportLinkIssued>> IssueSelfReportLink(long id, HttpContext http, SelfReports reports, IConfiguration config)
    {
        var (token, expiresAt) = await reports.IssueAsync(Caller.From(http), id, http.RequestAborted);
        var url = LinkUrl(http, config, token);
        return TypedResults.Ok(new SelfReportLinkIssued(url, expiresAt.ToChina(), SelfReports.QrSvg(url)));
    }

    /// <summary>Frontline:PublicUrl when the server sits behind a proxy whose address people reach; else the request's own.</summary>
    public static string LinkUrl(HttpContext http, IConfiguration config, string token)
    {
        var root = config["Frontline:PublicUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";
        return root + SelfReports.PagePath + token;
    }

    static async Task<Ok<SelfReportRecorded>> ReportOwnHealth(string token, SelfReportInput input, HttpContext http, SelfReports reports) =>
        TypedResults.Ok(await reports.ReportAsync(token, input, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted));

    static async Task<IResult> Page(string token, HttpContext http, SelfReports reports)
    {
        var form = await reports.FormAsync(token, http.RequestAborted);
        return form is null ? Html(SelfReportPage.Gone(), 404) : Html(SelfReportPage.Form(token, form, null), 200);
    }

    static async Task<IResult> PageSubmit(string token, HttpContext http, SelfReports reports)
    {
        var posted = await http.Request.ReadFormAsync(http.RequestAborted);
        double? temperature = double.TryParse(posted["temperature"], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null;
        var input = new SelfReportInput(temperature, posted["symptoms"].Where(s => s is not null).Select(s => s!).ToArray());
        try
        {
            var recorded = await reports.ReportAsync(token, input, http.Connection.RemoteIpAddress?.ToString(), http.RequestAborted);
            return Html(SelfReportPage.Thanks(recorded), 200);
        }
        catch (NotFoundException)
        {
            return Html(SelfReportPage.Gone(), 404);
        }
        catch (ValidationFailed invalid)
        {
            var form = await reports.FormAsync(token, http.RequestAborted);
            return form is null ? Html(SelfReportPage.Gone(), 404) : Html(SelfReportPage.Form(token, form, ErrorCatalog.Describe(invalid)), 400);
        }
    }

    static IResult Html(string page, int status)
    {
        return Results.Content(page, "text/html; charset=utf-8", statusCode: status);
    }
}

/// <summary>
/// The phone page of a self-report link: plain HTML, no script, no menu, no account; big controls for a 390×844 screen.
/// It shows nothing about the person (the link may be forwarded or seen over a shoulder): only the form.
/// </summary>
static class SelfReportPage
{
    static string E(string s) => WebUtility.HtmlEncode(s);

    const string Style = """
        <style>
          html, body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", sans-serif; background: #f5f7fa; color: #1f1f1f; }
          main { max-width: 480px; margin: 0 auto; padding: 20px 18px 40px; }
          h1 { font-size: 24px; margin: 8px 0 6px; }
          .sub { color: #595959; font-size: 15px; margin: 0 0 18px; }
          label.temp { display: block; font-size: 18px; font-weight: 600; margin: 18px 0 8px; }
          input[type=number] { box-sizing: border-box; width: 100%; font-size: 34px; padding: 12px 14px; border: 2px solid #1677ff; border-radius: 12px; text-align: center; }
          fieldset { border: 0; padding: 0; margin: 22px 0 0; }
          legend { font-size: 18px; font-weight: 600; margin-bottom: 8px; }
          .symptoms { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
          .symptoms label { display: flex; align-items: center; gap: 8px; min-height: 52px; padding: 0 12px; font-size: 17px; background: #fff; border: 1px solid #d9d9d9; border-radius: 10px; }
          .symptoms input { width: 24px; height: 24px; }
          button { width: 100%; height: 60px; margin-top: 26px; font-size: 22px; font-weight: 600; color: #fff; background: #1677ff; border: 0; border-radius: 12px; }
          .error { background: #fff1f0; border: 1px solid #ffa39e; color: #a8071a; padding: 12px; border-radius: 10px; font-size: 16px; }
          .done { background: #f6ffed; border: 1px solid #b7eb8f; padding: 18px; border-radius: 12px; font-size: 18px; line-height: 1.6; }
          .alert { background: #fff7e6; border: 1px solid #ffd591; padding: 18px; border-radius: 12px; font-size: 18px; line-height: 1.6; }
          .note { color: #8c8c8c; font-size: 14px; margin-top: 16px; }
        </style>
        """;

    static string Shell(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{E(title)}}</title>
        {{Style}}
        </head>
        <body><main>{{body}}</main></body>
        </html>
        """;

    public static string Form(string token, SelfReportForm form, string? error)
    {
        var symptoms = string.Concat(StayRules.Symptoms.Select(s =>
            $"""<label><input type="checkbox" name="symptoms" value="{E(s.Key)}">{E(s.Value.Zh)}</label>"""));
        var status = form.ReportedThisHalfDay ? "本时段已上报，如有变化可再次上报。" : "请每天上午、下午各上报一次。";
        var errorBlock = error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""";
        return Shell("健康监测上报", $"""
            <h1>健康监测上报</h1>
            <p class="sub">{E(status)}监测至 {form.EndsOn:yyyy年M月d日}。</p>
            {errorBlock}
            <form method="post" action="{SelfReports.PagePath}{E(token)}">
              <label class="temp" for="temperature">体温（°C）</label>
              <input id="temperature" name="temperature" type="number" inputmode="decimal" step="0.1" min="34" max="43" required placeholder="36.5">
              <fieldset>
                <legend>今天有以下症状吗？（没有就不选）</legend>
                <div class="symptoms">{symptoms}</div>
              </fieldset>
              <button type="submit" class="submit">提交</button>
            </form>
            <p class="note">本页仅用于您本人上报健康状况，请勿转发。</p>
            """);
    }

    public static string Thanks(SelfReportRecorded recorded) => Shell("已上报", recorded.Alert
        ? """
          <h1>已上报</h1>
          <div class="alert thanks" data-alert="true">您的体温或症状异常，社区工作人员将尽快与您联系。请留在家中，不要外出；如感觉严重不适，请拨打 120。</div>
          """
        : """
          <h1>已上报</h1>
          <div class="done thanks" data-alert="false">谢谢，您的健康状况已上报。请下一个时段（上午/下午）再次上报。</div>
          """);

    public static string Gone() => Shell("链接无效", """
        <h1>链接无效或已过期</h1>
        <p class="sub">请联系您所在社区的工作人员获取新的上报链接。</p>
        """);
}
