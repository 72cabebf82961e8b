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
        return services;
    }

    public static void MapFrontlineUi(this WebApplication app) =>
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

    public static async Task<Caller> CallerAsync(this AuthenticationStateProvider auth) =>
        Caller.From((await auth.GetAuthenticationStateAsync()).User);
}
