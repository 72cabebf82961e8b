using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>
/// A sampler signed in on the web pages opens the scanning page (/sampler/) without typing the password again: the
/// page asks, with the browser's sign-in cookie, who is signed in (and gets a form token), then posts that form token
/// for a bearer token of its own. The cookie alone never gets a token: another site can make the browser send the
/// cookie, not read the form token. Only an account with the scan permission gets one; the issue is audited as any
/// token issue is, with the reason.
/// </summary>
public static class SamplerHandover
{
    public const string SessionPath = "/sampler/session";
    public const string TokenPath = "/sampler/session/token";
    public const string Reason = "handed to the sampler's page from the signed-in session";

    /// <summary>Who the cookie says is signed in, and whether they may scan; 204 when nobody is.</summary>
    public sealed record SamplerSession(string UserName, string DisplayName, bool MayScan, string FormToken, string FormTokenHeader);

    public static void MapSamplerHandover(this IEndpointRouteBuilder app)
    {
        // Answered here rather than by the cookie's challenge: the page must hear "nobody", not a redirect to /login.
        app.MapGet(SessionPath, Session).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(TokenPath, IssueToken).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>A bearer header means a device, not the browser's session: the hand-over is for cookies only.</summary>
    static bool SignedInWithCookie(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    static IResult Session(HttpContext http, IAntiforgery antiforgery)
    {
        // Never cached: the form token below makes the antiforgery service say no-store itself.
        if (!SignedInWithCookie(http)) return Results.NoContent();
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Ok(new SamplerSession(http.User.Identity!.Name!, http.User.FindFirst(Permissions.DisplayNameClaim)?.Value ?? http.User.Identity.Name!,
            http.User.Has(TestingPermissions.Sample), tokens.RequestToken!, tokens.HeaderName!));
    }

    static async Task<IResult> IssueToken(HttpContext http, IAntiforgery antiforgery, UserManager<AppUser> users, ApiTokens tokens)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (!SignedInWithCookie(http)) return Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials");
        // Checked here, for a body of any type (the page posts none), and answered in the API's words.
        if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Of(StatusCodes.Status400BadRequest, "invalid-form-token");
        if (!http.User.Has(TestingPermissions.Sample)) return Problems.Of(StatusCodes.Status403Forbidden, "forbidden");
        // The cookie was checked against the account's security stamp on this request: the account is the one signed in.
        if (await users.GetUserAsync(http.User) is not { } user) return Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials");
        return Results.Ok(await tokens.IssueAsync(user, Caller.From(http), Reason));
    }
}
