using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
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
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
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
        services.AddMemoryCache();
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

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
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
    }

    public sealed record TokenRequest([Required] string? Username, [Required] string? Password);
    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string[] Roles, string Jurisdiction);

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
        if (outcome.User is null)
        {
            var error = outcome.LockedFor is null ? "invalid-credentials" : "locked-out";
            return Results.Redirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(back)}");
        }
        await signIn.SignInAsync(outcome.User, isPersistent: false);
        return Results.Redirect(back);
    }

    static async Task<IResult> SignOut(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.Redirect("/login");
    }

    static IResult SetCulture(HttpContext http, string? culture, string? returnUrl)
    {
        var chosen = culture == "en" ? "en" : "zh-CN";
        http.Response.Cookies.Append(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName,
            Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.MakeCookieValue(new(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
        return Results.Redirect(SafeReturnUrl(returnUrl));
    }

    static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}

/// <summary>Adds the caller's jurisdiction and the permissions of their roles to the cookie's principal.</summary>
public sealed class FrontlineClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, RoleTable table)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var roleNames = await UserManager.GetRolesAsync(user);
        foreach (var claim in ApiTokens.ClaimsFor(user, roleNames, table)) identity.AddClaim(claim);
        return identity;
    }
}

/// <summary>Password checks with lockout, and the bearer tokens that devices, labs and scripts use.</summary>
public sealed class ApiTokens(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock)
{
    public sealed record PasswordOutcome(AppUser? User, TimeSpan? LockedFor);

    public async Task<PasswordOutcome> CheckPasswordAsync(string? userName, string? password, Caller origin)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.RecordAsync(origin with { UserName = userName ?? "" }, AuditActions.SignInFailed, reason: "unknown user or empty password");
            return new(null, null);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user) ?? clock.GetUtcNow().AddMinutes(5);
            await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignInFailed, reason: "locked out");
            return new(null, end - clock.GetUtcNow());
        }
        if (!result.Succeeded)
        {
            await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignInFailed, reason: "wrong password");
            return new(null, null);
        }
        await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignIn, jurisdiction: user.JurisdictionCode);
        return new(user, null);
    }

    public async Task<Auth.TokenResponse> IssueAsync(AppUser user, Caller origin)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var expires = now + Auth.TokenLifetime;
        await using var db = await dbs.CreateDbContextAsync();
        db.ApiTokens.Add(new ApiToken { TokenHash = Hash(secret), UserId = user.Id, CreatedAt = now.UtcDateTime, ExpiresAt = expires.UtcDateTime });
        db.Audit.Add(audit.Entry(origin with { UserName = user.UserName! }, AuditActions.TokenIssued, jurisdiction: user.JurisdictionCode));
        await db.SaveChangesAsync();
        var roleNames = await users.GetRolesAsync(user);
        return new(secret, expires.ToOffset(TimeSpan.FromHours(8)), roleNames.ToArray(), user.JurisdictionCode);
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static IEnumerable<Claim> ClaimsFor(AppUser user, IEnumerable<string> roleNames, RoleTable table)
    {
        yield return new Claim(Permissions.JurisdictionClaim, user.JurisdictionCode);
        yield return new Claim(Permissions.DisplayNameClaim, user.DisplayName);
        foreach (var permission in table.ForRoles(roleNames)) yield return new Claim(Permissions.ClaimType, permission);
    }
}

/// <summary>
/// Authenticates `Authorization: Bearer …` against the hashed tokens. A principal is cached for a
/// minute so that ingest batches do not each pay a database round trip; a revoked token therefore
/// stops working within that minute.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<FrontlineDb> dbs, IMemoryCache cache, TimeProvider clock, RoleTable table)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    sealed record Cached(ClaimsPrincipal Principal, DateTime ExpiresAt);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length == 0) return AuthenticateResult.Fail("empty token");
        var hash = ApiTokens.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!cache.TryGetValue(hash, out Cached? cached) || cached is null)
        {
            await using var db = await dbs.CreateDbContextAsync(Context.RequestAborted);
            var row = await (from t in db.ApiTokens
                             join u in db.Users on t.UserId equals u.Id
                             where t.TokenHash == hash && t.RevokedAt == null
                             select new { t.ExpiresAt, User = u }).FirstOrDefaultAsync(Context.RequestAborted);
            if (row is null) return AuthenticateResult.Fail("unknown token");
            var roleNames = await (from ur in db.UserRoles
                                   join r in db.Roles on ur.RoleId equals r.Id
                                   where ur.UserId == row.User.Id
                                   select r.Name!).ToListAsync(Context.RequestAborted);
            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, row.User.Id),
                new(ClaimTypes.Name, row.User.UserName!),
            };
            claims.AddRange(roleNames.Select(r => new Claim(ClaimTypes.Role, r)));
            claims.AddRange(ApiTokens.ClaimsFor(row.User, roleNames, table));
            cached = new Cached(new ClaimsPrincipal(new ClaimsIdentity(claims, Auth.BearerScheme)), row.ExpiresAt);
            cache.Set(hash, cached, TimeSpan.FromMinutes(1));
        }
        if (cached.ExpiresAt <= now) return AuthenticateResult.Fail("token expired");
        return AuthenticateResult.Success(new AuthenticationTicket(cached.Principal, Auth.BearerScheme));
    }
}
