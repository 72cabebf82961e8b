using Frontline.Platform;

namespace Frontline.Components;

/// <summary>The Blazor app: its components, the interactive render mode, AntDesign, and the sampler's offline page.</summary>
public static class FrontlineUi
{
    public static IServiceCollection AddFrontlineUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, CircuitSessionCheck>();
        services.AddAntDesign();
        services.AddScoped<CircuitClient>();
        services.AddScoped<Landing>();
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
}
