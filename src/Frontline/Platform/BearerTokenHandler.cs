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
