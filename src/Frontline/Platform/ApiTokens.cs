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

/// <summary>Password checks, throttled per account and address, and the bearer tokens that devices, labs and scripts use.</summary>
public sealed class ApiTokens(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock,
    SignInThrottle throttle, TokenRevocations revocations)
{
    public sealed record PasswordOutcome(AppUser? User, TimeSpan? LockedFor);

    static readonly AppUser NoSuchUser = new() { UserName = "", Id = "" };
    // Made by the configured hasher, so it carries that hasher's iteration count: checking a password against it
    // costs what checking a real user's does, and an unknown name answers no faster than a known one.
    static string? noSuchUsersHash;

    public async Task<PasswordOutcome> CheckPasswordAsync(string? userName, string? password, Caller origin)
    {
        var name = userName?.Trim() ?? "";
        if (throttle.WaitFor(name, origin.Ip) is { } wait)
        {
            await audit.RecordAsync(origin with { UserName = name }, AuditActions.SignInFailed, reason: "too many failures from this address");
            return new(null, wait);
        }
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        if (user is null || string.IsNullOrEmpty(password))
        {
            if (!string.IsNullOrEmpty(password))
            {
                noSuchUsersHash ??= users.PasswordHasher.HashPassword(NoSuchUser, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
                users.PasswordHasher.VerifyHashedPassword(NoSuchUser, noSuchUsersHash, password);
            }
            throttle.Failed(name, origin.Ip);
            await audit.RecordAsync(origin with { UserName = name }, AuditActions.SignInFailed, reason: "unknown user or empty password");
            return new(null, null);
        }
        // Identity's own lockout would let anyone lock any account from anywhere: the throttle above slows the
        // guessing address instead. A lock an administrator sets on the account (LockoutEnd) still holds.
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user) ?? clock.GetUtcNow().AddMinutes(5);
            await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignInFailed, reason: "locked out");
            return new(null, end - clock.GetUtcNow());
        }
        if (!result.Succeeded)
        {
            throttle.Failed(name, origin.Ip);
            await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignInFailed, reason: "wrong password");
            return new(null, null);
        }
        throttle.Succeeded(name, origin.Ip);
        await audit.RecordAsync(origin with { UserName = user.UserName! }, AuditActions.SignIn, jurisdiction: user.JurisdictionCode);
        return new(user, null);
    }

    /// <summary>The caller's own sign-out: the token they present stops working at once.</summary>
    public async Task RevokeAsync(string secret, Caller caller, CancellationToken ct = default)
    {
        var hash = Hash(secret);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct);
        if (token is null) return;
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        db.Audit.Add(audit.Entry(caller, AuditActions.SignOut, jurisdiction: caller.Scope.Code, reason: "api token"));
        await db.SaveChangesAsync(ct);
        revocations.Revoked([(hash, token.ExpiresAt)]);
    }

    /// <summary>
    /// An administrator ends everything a user holds: every bearer token, at once on this node, and every
    /// browser session (the cookie's security stamp no longer matches). The account itself stays usable.
    /// </summary>
    public async Task<int> RevokeAllAsync(string userName, Caller caller, CancellationToken ct = default)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null || !caller.Scope.Contains(user.JurisdictionCode)) throw new NotFoundException("user");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var live = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var token in live) token.RevokedAt = now;
        db.Audit.Add(audit.Entry(caller, AuditActions.TokensRevoked, subject: user.UserName, jurisdiction: user.JurisdictionCode,
            detail: new { tokens = live.Count }));
        await db.SaveChangesAsync(ct);
        revocations.Revoked(live.Select(t => (t.TokenHash, t.ExpiresAt)));
        await users.UpdateSecurityStampAsync(user);
        return live.Count;
    }

    /// <param name="reason">Why a token was issued other than for a password (a signed-in page handing one to a device page), for the audit.</param>
    public async Task<Auth.TokenResponse> IssueAsync(AppUser user, Caller origin, string? reason = null)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var expires = now + Auth.TokenLifetime;
        await using var db = await dbs.CreateDbContextAsync();
        db.ApiTokens.Add(new ApiToken { TokenHash = Hash(secret), UserId = user.Id, CreatedAt = now.UtcDateTime, ExpiresAt = expires.UtcDateTime });
        db.Audit.Add(audit.Entry(origin with { UserName = user.UserName! }, AuditActions.TokenIssued, jurisdiction: user.JurisdictionCode, reason: reason));
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
