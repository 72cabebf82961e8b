using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record PlaceInput(
    [Required, Description("What the venue QR code carries; unique.")] string? Code, [Required] string? Name,
    [Required, OneOf(typeof(PlaceKind))] string? Kind, [Required] string? CommunityCode);
public sealed record PlaceView(string Id, string Code, string Name, [OneOf(typeof(PlaceKind))] string Kind, string CommunityCode);

/// <summary>Registered places (markets, checkpoints, venues …); a place's code is what its venue QR code carries.</summary>
public sealed class Places(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit, TimeProvider clock)
{
    public static string KindCode(PlaceKind k) => k.ToString().ToLowerInvariant();

    public async Task<long> CreateAsync(Caller caller, PlaceInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var code = FieldError.Required(errors, "code", input.Code, 64);
        var name = FieldError.Required(errors, "name", input.Name, 128);
        PlaceKind? kind = Enum.TryParse<PlaceKind>(input.Kind, ignoreCase: true, out var k) && !int.TryParse(input.Kind, out _) ? k : null;
        if (kind is null) errors.Add(new("kind", "invalid-kind", input.Kind ?? ""));
        var community = string.IsNullOrWhiteSpace(input.CommunityCode) ? null : await directory.GetAsync(input.CommunityCode.Trim(), ct);
        if (string.IsNullOrWhiteSpace(input.CommunityCode)) errors.Add(new("communityCode", "missing-field", "communityCode"));
        else if (community is not { Level: JurisdictionLevel.Community }) errors.Add(new("communityCode", "unknown-community", input.CommunityCode));
        else if (!caller.Scope.Contains(community.Code)) errors.Add(new("communityCode", "out-of-scope"));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Places.AnyAsync(p => p.Code == code, ct))
            throw new DomainException("duplicate-code", StatusCodes.Status409Conflict, "code", code!);
        var place = new Place { Code = code!, Name = name!, Kind = kind!.Value, CommunityCode = community!.Code, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Places.Add(place);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.PlaceCreate, $"place:{place.Id}", place.CommunityCode, detail: new { code }));
        await db.SaveChangesAsync(ct);
        return place.Id;
    }

    public async Task<Paged<PlaceView>> ListAsync(Caller caller, string? jurisdiction, string? kind, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Places.AsNoTracking().InScope(scope);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (!Enum.TryParse<PlaceKind>(kind, ignoreCase: true, out var k)) throw new DomainException("invalid-kind", field: "kind", args: kind);
            q = q.Where(p => p.Kind == k);
        }
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderBy(p => p.CommunityCode).ThenBy(p => p.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, items.Select(p => new PlaceView(p.Id.ToString(), p.Code, p.Name, KindCode(p.Kind), p.CommunityCode)).ToList());
    }
}
