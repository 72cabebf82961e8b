using Frontline.Platform.Files;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Platform;

public static class PlatformModule
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];
    public const string SignInLimit = "sign-in";

    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration config)
    {
        services.AddVocabulary(PlatformVocabulary.Words);
        services.AddStoredFiles();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PolicySets>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<TableGrowth>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddFrontlineDatabase();
        services.AddIngestLimit();
        services.AddFrontlineAuth();
        services.AddDataProtection().SetApplicationName("Frontline").PersistKeysToDbContext<FrontlineDb>().ProtectKeysAtRest(config);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                // A window limiter knows when it reopens; a concurrency limiter frees up within seconds.
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(2);
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Of(429, "too-many-requests", seconds).ExecuteAsync(ctx.HttpContext);
            };
            // Password guessing from one address is slowed here; guessing one account is stopped by the lockout.
            o.AddPolicy(SignInLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("Frontline:SignInPerMinute", 30),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Status-only answers (401, 403, 404, 405 …) and unknown paths under /api get a stable code too.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiEdges.Describe);
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentUICultures = true;
            o.FallBackToParentCultures = true;
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }

    public static void MapPlatformEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" })).AllowAnonymous().WithTags("Health")
            .WithName("healthz").WithSummary("The process is alive").Example(new ApiExample());
        app.MapGet("/readyz", Ready).AllowAnonymous().WithTags("Health")
            .WithSummary("The database is reachable and migrated").Answers(503, "migrations-pending", "database-unreachable").Example(new ApiExample());
        api.MapGet("/policy", (PolicySets sets) => TypedResults.Ok(sets.Active)).RequirePermission(Permissions.PolicyRead)
            .WithName("getPolicy").WithSummary("The active policy set: periods, test days, windows, pool sizes, thresholds, deadlines")
            .Example(new ApiExample());
        api.MapGet("/policy/sets", (PolicySets sets) => TypedResults.Ok(sets.All)).RequirePermission(Permissions.PolicyRead)
            .WithName("listPolicySets").WithSummary("Every policy set shipped").Example(new ApiExample());
        api.MapGet("/audit", SearchAudit).RequirePermission(Permissions.AuditRead)
            .WithSummary("The audit trail in the caller's jurisdiction, newest first, paged")
            .Example(new ApiExample { Query = { ["action"] = "pii.view", ["page"] = 1, ["pageSize"] = 50 } });
    }

    static async Task<Results<Ok<object>, ProblemHttpResult>> Ready(IDbContextFactory<FrontlineDb> dbs, CancellationToken ct)
    {
        try
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                return TypedResults.Problem(ProblemDetailsExceptionHandler.Problem(503, "migrations-pending", string.Join(", ", pending)));
            return TypedResults.Ok<object>(new { status = "ready", provider = db.IsPostgres ? "postgres" : "sqlite" });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TypedResults.Problem(ProblemDetailsExceptionHandler.Problem(503, "database-unreachable", e.Message));
        }
    }

    public sealed record AuditView(string Id, DateTimeOffset At, string UserName, string Action, string? Subject,
        string? JurisdictionCode, string? Reason, string? Detail, string? Ip);

    static async Task<Ok<Paged<AuditView>>> SearchAudit(string? user, string? action, string? subject, DateTimeOffset? from,
        DateTimeOffset? to, int? page, int? pageSize, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await audit.SearchAsync(Caller.From(http), new AuditLog.Filter(user, action, subject, from?.UtcDateTime, to?.UtcDateTime),
            PageRequest.From(page, pageSize), ct);
        return TypedResults.Ok(new Paged<AuditView>(result.Total, result.Items.Select(View).ToList()));
    }

    public static AuditView View(AuditEntry a) => new(a.Id.ToString(),
        new DateTimeOffset(DateTime.SpecifyKind(a.At, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)),
        a.UserName, a.Action, a.Subject, a.JurisdictionCode, a.Reason, a.Detail, a.Ip);
}
