using System.Globalization;
using Microsoft.AspNetCore.Components.Authorization;
using Frontline.Platform;

namespace Frontline.Components;

/// <summary>UI wording: Chinese first, English when the user switched to it. Terms follow the glossary of shared/domain-rules.md.</summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => IsEnglish ? en : zh;

    public static IServiceCollection AddFrontlineUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddAntDesign();
        services.AddScoped<CircuitClient>();
        return services;
    }

    public static void MapFrontlineUi(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        // MapStaticAssets serves files, never a folder's index, and the sampler's installable page must open
        // at /sampler/ (its service worker's scope and the manifest's start_url).
        app.MapGet("/sampler", SamplerPage).AllowAnonymous().ExcludeFromDescription();
    }

    static IResult SamplerPage(HttpContext http, IWebHostEnvironment env)
    {
        if (!http.Request.Path.Value!.EndsWith('/')) return Results.Redirect("/sampler/");
        var page = env.WebRootFileProvider.GetFileInfo("sampler/index.html");
        if (!page.Exists) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8", lastModified: page.LastModified);
    }

    public static async Task<Caller> CallerAsync(this AuthenticationStateProvider auth, CircuitClient client) =>
        Caller.From((await auth.GetAuthenticationStateAsync()).User, client.Ip);
}

/// <summary>
/// The address of the browser behind a circuit, for the audit trail: a circuit has no HttpContext after its
/// first request, so the static render hands it to the interactive root (Routes), which keeps it here.
/// </summary>
public sealed class CircuitClient
{
    public string? Ip { get; set; }
}
