using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Frontline.Platform;

public static class Auth
{
    public const string BearerScheme = "Bearer";
    public const string SmartScheme = "Frontline";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddFrontlineAuth(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                // Failed passwords slow the guessing address (SignInThrottle), they never lock the account; an
                // administrator's lock (LockoutEnd) still holds.
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<FrontlineDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<FrontlineClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/login";
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Cookie.Name = "frontline.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // The API answers status codes; only pages redirect to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            }));

        // One policy per permission of the role table, so pages can say [Authorize(Policy = SomePermissions.X)].
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<RoleTable>((o, table) =>
        {
            foreach (var permission in table.AllPermissions)
                o.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, permission));
        });
        // Sign-out and revocation change the stamp; every cookie request checks it (SessionStampValidator).
        services.AddScoped<ISecurityStampValidator, SessionStampValidator>();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddMemoryCache();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<TokenRevocations>();
        services.AddScoped<ApiTokens>();
        return services;
    }

    static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(permission);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        app.MapPost("/api/auth/token", IssueToken).WithTags("Auth").AllowAnonymous().DisableAntiforgery()
            .RequireRateLimiting(PlatformModule.SignInLimit)
            .WithSummary("A bearer token for the API, valid 12 hours")
            .WithDescription("Send it as `Authorization: Bearer <token>`. Repeated wrong passwords lock the account for a while " +
                "(429 locked-out with Retry-After); too many attempts from one address are refused the same way (too-many-requests).")
            .Produces<TokenResponse>().Answers(401, "invalid-credentials").Answers(429, "locked-out").Answers(503, "database-busy")
            .Example(new ApiExample { Body = new TokenRequest("admin", "Frontline2022") });
        app.MapPost("/account/login", SignInWithForm).AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(PlatformModule.SignInLimit);
        app.MapPost("/account/logout", SignOut).ExcludeFromDescription();
        app.MapGet("/account/culture", SetCulture).AllowAnonymous().ExcludeFromDescription();
        api.MapPost("/auth/logout", SignOutToken).WithTags("Auth")
            .WithSummary("Signs a device out: the bearer token this request carries stops working at once (audited)")
            .Example(new ApiExample());
        api.MapPost("/users/{name}/revoke-tokens", RevokeTokens).WithTags("Auth").RequirePermission(Permissions.UsersManage)
            .WithSummary("Revokes every token and browser session of a user in the caller's jurisdiction (audited)")
            .Example(new ApiExample { Path = { ["name"] = "facility-staff" } });
    }

    public sealed record TokenRequest([Required] string? Username, [Required] string? Password);
    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string[] Roles, string Jurisdiction);
    public sealed record RevokedTokens(int Revoked);

    static async Task<IResult> IssueToken(TokenRequest request, HttpContext http, ApiTokens tokens)
    {
        var outcome = await tokens.CheckPasswordAsync(request.Username, request.Password, Caller.From(http));
        if (outcome.LockedFor is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return Problems.Of(StatusCodes.Status429TooManyRequests, "locked-out", (int)Math.Ceiling(wait.TotalSeconds));
        }
        if (outcome.User is null) return Problems.Of(StatusCodes.Status401Unauthorized, "invalid-credentials");
        return TypedResults.Ok(await tokens.IssueAsync(outcome.User, Caller.From(http)));
    }

    static async Task<IResult> SignInWithForm(HttpContext http, [FromForm] string? username, [FromForm] string? password,
        [FromForm] string? returnUrl, ApiTokens tokens, SignInManager<AppUser> signIn)
    {
        var outcome = await tokens.CheckPasswordAsync(username, password, Caller.From(http));
        var back = SafeReturnUrl(returnUrl);
        if (outcome.LockedFor is { } wait)
            return Results.Redirect($"/login?error=locked-out&wait={(int)Math.Ceiling(wait.TotalSeconds)}&returnUrl={Uri.EscapeDataString(back)}");
        if (outcome.User is null) return Results.Redirect($"/login?error=invalid-credentials&returnUrl={Uri.EscapeDataString(back)}");
        await signIn.SignInAsync(outcome.User, isPersistent: false);
        return Results.Redirect(back);
    }

    /// <summary>
    /// The pages' sign-out form (it carries the antiforgery token, so another site cannot sign a user out). A new
    /// security stamp ends this cookie and every other one of the account, wherever it was copied to.
    /// </summary>
    static async Task<IResult> SignOut(HttpContext http, SignInManager<AppUser> signIn, IAntiforgery antiforgery, AuditLog audit)
    {
        if (http.User.Identity?.IsAuthenticated != true) return Results.Redirect("/login");
        if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Of(StatusCodes.Status400BadRequest, "invalid-form-token");
        if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            await audit.RecordAsync(Caller.From(http), AuditActions.SignOut, jurisdiction: user.JurisdictionCode, reason: "browser session");
        }
        await signIn.SignOutAsync();
        return Results.Redirect("/login");
    }

    /// <summary>A device's or script's sign-out: the token it is called with stops working at once.</summary>
    static async Task<NoContent> SignOutToken(HttpContext http, ApiTokens tokens, CancellationToken ct)
    {
        if (BearerTokenHandler.SecretOf(http.Request) is { Length: > 0 } secret) await tokens.RevokeAsync(secret, Caller.From(http), ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<RevokedTokens>> RevokeTokens(string name, HttpContext http, ApiTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(new RevokedTokens(await tokens.RevokeAllAsync(name, Caller.From(http), ct)));

    static IResult SetCulture(HttpContext http, string? culture, string? returnUrl)
    {
        var chosen = culture == "en" ? "en" : "zh-CN";
        http.Response.Cookies.Append(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName,
            Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.MakeCookieValue(new(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
        return Results.Redirect(SafeReturnUrl(returnUrl));
    }

    /// <summary>
    /// Where to go after signing in or switching language: a path of this site by the framework's local-URL rule
    /// (which also refuses control characters: browsers drop a tab, so "/\t/evil.example" is "//evil.example" to
    /// them, and a CR/LF cannot go into a header), in plain ASCII as a Location header must be; anything else goes home.
    /// </summary>
    public static string SafeReturnUrl(string? url) =>
        url is ['/', ..] && RedirectHttpResult.IsLocalUrl(url) && url.All(c => c is >= ' ' and <= '~') ? url : "/";
}
