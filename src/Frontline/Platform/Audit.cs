using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Platform;

/// <summary>Who is asking: the signed-in user of a page or the bearer of a token, with the scope of their jurisdiction.</summary>
public sealed record Caller(string UserName, JurisdictionScope Scope, ClaimsPrincipal Principal, string? Ip = null)
{
    public bool Can(string permission) => Principal.Has(permission);

    public static Caller From(ClaimsPrincipal principal, string? ip = null) =>
        new(principal.Identity?.Name ?? "anonymous", JurisdictionScope.Of(principal), principal, ip);

    public static Caller From(HttpContext http) => From(http.User, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>The system itself (seed, jobs, start-up), for audit entries that no person caused.</summary>
    public static readonly Caller System = new("system", new JurisdictionScope("000000000000"), new ClaimsPrincipal());
}

/// <summary>The append-only audit trail. Writes that change records add their entry to the same SaveChanges.</summary>
public sealed class AuditLog(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
{
    /// <summary>
    /// An entry for the caller's unit of work. Its action must be in a module's vocabulary: an action without
    /// words would be unreadable on the audit page and missing from its filter, so it fails where it is written.
    /// Its reason and detail are stored masked (<see cref="Masking.Text"/>): auditors read the trail without pii.view,
    /// so an unmasked search's query, or a note with a phone in it, must not keep the full number there.
    /// </summary>
    public AuditEntry Entry(Caller caller, string action, string? subject = null, string? jurisdiction = null,
        string? reason = null, object? detail = null)
    {
        if (!Vocabulary.TryAuditAction(action, out _))
            throw new InvalidOperationException($"Audit action '{action}' is not in any module's vocabulary");
        return new()
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserName = caller.UserName,
            Action = action,
            Subject = subject,
            JurisdictionCode = jurisdiction,
            Reason = Masking.Text(reason),
            Detail = Masking.Json(detail is null ? null : detail as string ?? JsonSerializer.Serialize(detail, JsonSerializerOptions.Web)),
            Ip = caller.Ip,
        };
    }

    public async Task RecordAsync(Caller caller, string action, string? subject = null, string? jurisdiction = null,
        string? reason = null, object? detail = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Audit.Add(Entry(caller, action, subject, jurisdiction, reason, detail));
        await db.SaveChangesAsync(ct);
    }

    public sealed record Filter(string? UserName = null, string? Action = null, string? Subject = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

    /// <summary>A district-wide auditor sees everything; a street's or community's sees the entries about its own jurisdiction.</summary>
    public async Task<Paged<AuditEntry>> SearchAsync(Caller caller, Filter filter, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (caller.Scope.Prefix.Length > 6) q = q.InScope(caller.Scope, nameof(AuditEntry.JurisdictionCode));
        if (!string.IsNullOrWhiteSpace(filter.UserName)) q = q.Where(a => a.UserName == filter.UserName.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Action)) q = q.Where(a => a.Action == filter.Action.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Subject)) q = q.Where(a => a.Subject == filter.Subject.Trim());
        if (filter.FromUtc is { } from) q = q.Where(a => a.At >= from);
        if (filter.ToUtc is { } to) q = q.Where(a => a.At < to);
        var total = await q.LongCountAsync(ct);
        var items = await q.OrderByDescending(a => a.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        // Entries written before details were masked are masked as they are read (masking a masked text changes nothing).
        foreach (var item in items)
        {
            item.Reason = Masking.Text(item.Reason);
            item.Detail = Masking.Json(item.Detail);
        }
        return new(total, items);
    }
}
