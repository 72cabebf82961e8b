using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

public sealed record SiteInput(
    [Required] string? Code, [Required] string? Name, [Required] string? CommunityCode,
    [MaxLength(SamplingSites.MaxTeam), Description("Sampler accounts whose jurisdiction covers the site.")] string[]? Samplers);
/// <summary>A change to a site: a field left out (or null) stays as it is; <c>"samplers": []</c> empties the team.</summary>
public sealed record SiteUpdate(
    [Description("Left out: unchanged.")] string? Name,
    [MaxLength(SamplingSites.MaxTeam), Description("The whole team (sampler accounts whose jurisdiction covers the site); left out: unchanged; [] empties it.")] string[]? Samplers);
public sealed record SiteView(string Id, string Code, string Name, string CommunityCode, string[] Samplers);
/// <summary>A sampler account that may be put on a site's team.</summary>
public sealed record SamplerOption(string UserName, string DisplayName, string JurisdictionCode);

/// <summary>
/// Sampling sites (采样点): a community's place where a team of samplers works, known by a code. The team is a list
/// of sampler accounts whose jurisdiction covers the site, so each of them can scan there; the sampler's page lists
/// its own sites first.
/// </summary>
public sealed class SamplingSites(IDbContextFactory<FrontlineDb> dbs, TestingDirectory directory, JurisdictionDirectory jurisdictions,
    AuditLog audit, TimeProvider clock)
{
    public const int MaxTeam = 50;

    public async Task<long> CreateAsync(Caller caller, SiteInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var code = FieldError.Required(errors, "code", input.Code, 64);
        var name = FieldError.Required(errors, "name", input.Name, 128);
        var community = string.IsNullOrWhiteSpace(input.CommunityCode) ? null : await jurisdictions.GetAsync(input.CommunityCode.Trim(), ct);
        if (community is not { Level: JurisdictionLevel.Community }) errors.Add(new("communityCode", "unknown-community", input.CommunityCode ?? ""));
        else if (!caller.Scope.Contains(community.Code)) errors.Add(new("communityCode", "out-of-scope"));
        await using var db = await dbs.CreateDbContextAsync(ct);
        var team = community is null ? [] : await TeamAsync(db, errors, input.Samplers, community.Code, ct);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        if (await db.Set<SamplingSite>().AnyAsync(x => x.Code == code, ct))
            throw new DomainException("duplicate-code", StatusCodes.Status409Conflict, "code", code!);
        var site = new SamplingSite
        {
            Code = code!, Name = name!, CommunityCode = community!.Code, CreatedAt = clock.GetUtcNow().UtcDateTime, Samplers = string.Join(",", team),
        };
        db.Add(site);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, TestingAuditActions.SiteCreate, $"site:{site.Id}", site.CommunityCode, detail: new { code, samplers = team }));
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return site.Id;
    }

    /// <summary>Renames a site or changes its team; its code (printed on the tube labels' batches) and community stay.</summary>
    public async Task UpdateAsync(Caller caller, long id, SiteUpdate input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var site = await db.Set<SamplingSite>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (site is null || !caller.Scope.Contains(site.CommunityCode)) throw new NotFoundException("site");
        var errors = new List<FieldError>();
        var name = input.Name is null ? site.Name : FieldError.Required(errors, "name", input.Name, 128);
        var team = input.Samplers is null ? null : await TeamAsync(db, errors, input.Samplers, site.CommunityCode, ct);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var before = site.Samplers;
        site.Name = name!;
        if (team is not null) site.Samplers = string.Join(",", team);
        db.Audit.Add(audit.Entry(caller, TestingAuditActions.SiteUpdate, $"site:{site.Id}", site.CommunityCode, detail: new { site.Code, before, after = site.Samplers }));
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
    }

    public async Task<IReadOnlyList<SiteView>> ListAsync(Caller caller, CancellationToken ct = default) =>
        (await directory.SitesAsync(ct)).Where(s => caller.Scope.Contains(s.CommunityCode)).OrderBy(s => s.CommunityCode).ThenBy(s => s.Code)
            .Select(s => new SiteView(s.Id.ToString(), s.Code, s.Name, s.CommunityCode, s.Samplers.Split(',', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();

    /// <summary>The sampler accounts that may work somewhere in the caller's scope: inside it, or covering it from a street or the district.</summary>
    public async Task<IReadOnlyList<SamplerOption>> SamplersAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var covering = Ancestors(caller.Scope.Code);
        return await Samplers(db).InScope(caller.Scope, nameof(AppUser.JurisdictionCode))
            .Concat(Samplers(db).Where(u => covering.Contains(u.JurisdictionCode)))
            .OrderBy(u => u.UserName).Select(u => new SamplerOption(u.UserName!, u.DisplayName, u.JurisdictionCode)).ToListAsync(ct);
    }

    static IQueryable<AppUser> Samplers(FrontlineDb db) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Sampler)));

    /// <summary>The street and district codes above a community or street code (a district has none).</summary>
    static List<string> Ancestors(string code)
    {
        var prefix = JurisdictionScope.PrefixOf(code);
        var codes = new List<string>();
        if (prefix.Length > 6) codes.Add(prefix[..6].PadRight(12, '0'));
        if (prefix.Length > 9) codes.Add(prefix[..9].PadRight(12, '0'));
        return codes;
    }

    /// <summary>The team as given, each a sampler account whose jurisdiction covers the site's community; one field error names every other.</summary>
    async Task<List<string>> TeamAsync(FrontlineDb db, List<FieldError> errors, string?[]? names, string community, CancellationToken ct)
    {
        if (names is not null && names.Any(n => n is null))
        {
            errors.Add(new("samplers", "invalid-item"));
            return [];
        }
        var team = (names ?? []).Select(n => n!.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (team.Count > MaxTeam)
        {
            errors.Add(new("samplers", "team-too-large", MaxTeam));
            return team;
        }
        if (team.Count == 0) return team;
        var found = await Samplers(db).Where(u => team.Contains(u.UserName!)).Select(u => new { u.UserName, u.JurisdictionCode }).ToListAsync(ct);
        var usable = found.Where(u => new JurisdictionScope(u.JurisdictionCode).Contains(community)).Select(u => u.UserName!).ToHashSet(StringComparer.Ordinal);
        var refused = team.Where(n => !usable.Contains(n)).ToList();
        if (refused.Count > 0) errors.Add(new("samplers", "unknown-sampler", string.Join("、", refused)));
        return team;
    }
}
