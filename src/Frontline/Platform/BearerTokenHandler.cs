using System.Collections.Concurrent;
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

/// <summary>
/// Authenticates `Authorization: Bearer …` against the hashed tokens. A principal is cached for a
/// minute so that ingest batches do not each pay a database round trip. A token revoked on this node
/// stops at once (<see cref="TokenRevocations"/>); one revoked on another node stops here when its
/// cache entry ends, within the minute.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<FrontlineDb> dbs, IMemoryCache cache, TimeProvider clock, RoleTable table, TokenRevocations revocations)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    sealed record Cached(ClaimsPrincipal Principal, DateTime ExpiresAt);

    public static string CacheKey(string hash) => "bearer:" + hash;

    /// <summary>The secret of an `Authorization: Bearer …` header, or null when there is none.</summary>
    public static string? SecretOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SecretOf(Request) is not { } secret) return AuthenticateResult.NoResult();
        if (secret.Length == 0) return AuthenticateResult.Fail("empty token");
        var hash = ApiTokens.Hash(secret);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!cache.TryGetValue(CacheKey(hash), out Cached? cached) || cached is null)
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
            cache.Set(CacheKey(hash), cached, TimeSpan.FromMinutes(1));
        }
        // Checked on every request, cached or not: a revocation that lands while this request loads the
        // principal from the database still stops it (and the ones after it) here.
        if (revocations.IsRevoked(hash)) return AuthenticateResult.Fail("token revoked");
        if (cached.ExpiresAt <= now) return AuthenticateResult.Fail("token expired");
        return AuthenticateResult.Success(new AuthenticationTicket(cached.Principal, Auth.BearerScheme));
    }
}

/// <summary>
/// The tokens revoked by this node (sign-out, an administrator's revocation) until they would have expired
/// anyway, so that a revocation takes effect at once here despite the principal cache.
/// </summary>
/// <remarks>
/// Several nodes: each learns of another's revocation from the database when its cache entry ends (a minute).
/// To make it immediate everywhere, publish the revoked hashes on the shared backplane (Redis pub/sub) and add
/// them here on every node, or keep the principals in a shared cache that the revoking node evicts.
/// </remarks>
public sealed class TokenRevocations(IMemoryCache cache, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, DateTime> revoked = new(StringComparer.Ordinal);

    public bool IsRevoked(string hash) => !revoked.IsEmpty && revoked.ContainsKey(hash);

    public void Revoked(IEnumerable<(string Hash, DateTime ExpiresAt)> tokens)
    {
        foreach (var (hash, expiresAt) in tokens)
        {
            revoked[hash] = expiresAt;
            cache.Remove(BearerTokenHandler.CacheKey(hash));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (hash, expiresAt) in revoked)
            if (expiresAt <= now) revoked.TryRemove(hash, out _);
    }
}
