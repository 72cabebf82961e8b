using System.Globalization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Frontline.Platform;

/// <summary>UI wording: Chinese first, English when the user switched to it. Terms follow the glossary of shared/domain-rules.md.</summary>
public static class Ui
{
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>An English count with its noun in the right number: "1 row", "2 rows", "1,200 rows".</summary>
    public static string Count(long n, string one, string many) => n == 1 ? $"1 {one}" : $"{n:N0} {many}";

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
