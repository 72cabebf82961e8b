using Frontline.Command;
using Frontline.Components;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Containment;
using Frontline.Investigation;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Testing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;

namespace Frontline;

public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = verb == "serve" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..];
        var app = Build(rest);
        return verb switch
        {
            "serve" => await Serve(app),
            "seed" => await Cli.SeedAsync(app, rest),
            "import" => await Cli.ImportAsync(app, rest),
            "user" => await Cli.UserAsync(app, rest),
            _ => Cli.Usage(verb),
        };
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        // Serves AntDesign's and Blazor's assets from a plain build as well as from a publish.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);

        // First of the hosted services: nothing else may touch the database before it is migrated.
        builder.Services.AddHostedService<StartupPreparation>();
        builder.Services.AddSingleton(RolePermissions.Table);
        builder.Services.AddPlatform(builder.Configuration);
        builder.Services.AddRegistry();
        builder.Services.AddSupervision();
        builder.Services.AddTesting();
        builder.Services.AddInvestigation();
        builder.Services.AddContainment();
        builder.Services.AddCommand(builder.Configuration);
        // After StartupPreparation (hosted services start in order): the scheduler's tables come with the migrations.
        builder.Services.AddScheduler();
        builder.Services.AddFrontlineUi();
        builder.Services.AddApiDocument();
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = RegistryModule.MaxRosterBytes);
        // Bad JSON and unparsable parameters reach the problem-details handler, which names the field.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        var app = builder.Build();
        app.UseSecurityHeaders();
        // Localisation first: the error handler writes its problem details in the request's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapApiDocument();
        // The API takes bearer tokens only: pages call the services in-process, so no cookie can be replayed here.
        var api = app.MapGroup("/api").RequireAuthorization(p => p.AddAuthenticationSchemes(Auth.BearerScheme).RequireAuthenticatedUser())
            .DisableAntiforgery();
        app.MapAuthEndpoints(api);
        api.MapPlatformEndpoints(app);
        api.MapRegistryEndpoints(app);
        api.MapSupervisionEndpoints();
        api.MapTestingEndpoints(app);
        api.MapInvestigationEndpoints(app);
        api.MapContainmentEndpoints(app);
        api.MapCommandEndpoints(app);
        api.MapSchedulerEndpoints();
        app.MapFrontlineUi();
        return app;
    }

    static async Task<int> Serve(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() => Cli.PrintWelcome(app));
        await app.RunAsync();
        return 0;
    }
}

/// <summary>
/// Before the server listens: migrate, record the active policy set, and seed the demo district on an
/// empty database (unless Frontline:Demo=false). A hosted service, so test hosts get the same start.
/// </summary>
sealed class StartupPreparation(IServiceProvider services, IConfiguration config, ILogger<StartupPreparation> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await Database.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<FrontlineDb>();
        await sp.GetRequiredService<PolicySets>().RecordActivationAsync(db, sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TimeProvider>(), ct);
        if (config["Frontline:Demo"] is "false") return;
        var seed = sp.GetRequiredService<Registry.Demo.DemoSeed>();
        if (!await seed.SeedIfEmptyAsync(ct: ct)) return;
        if (config["Frontline:DemoActivity"] is "false") return;
        // Each module's work in progress, made through its own services, in the modules' order.
        foreach (var activity in sp.GetServices<IDemoActivity>().OrderBy(a => a.Order))
        {
            try
            {
                await activity.SeedAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The demo is a courtesy: a district whose demo work failed half-way still serves (the tests catch the fault).
                log.LogError(e, "The demo activity {Activity} failed; the district starts without the rest of it", activity.GetType().Name);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
