using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Frontline.Platform;

namespace Frontline.Testing;

public sealed record UntestedUnmaskInput(
    [Description("The jurisdiction whose list is unmasked (default: the caller's).")] string? Jurisdiction,
    [Required, Description("Why the full numbers are needed (at most 500 characters): recorded once in the audit log.")] string? Reason);

public sealed record UntestedUnmaskGrant(
    [Description("Pass as `grant` to the untested list and its export: full numbers for this caller, round and jurisdiction.")] string Grant,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Calling a door-knocking list of 44 people must not take 44 stated reasons: one reason, audited once, unmasks that
/// list (every page of it, and its export) for that worker, that round and that jurisdiction, for one working shift.
/// The grant is signed by the data-protection keys (any node can check it, nothing is stored), names its holder, and
/// still needs pii.view at each use: a permission taken away ends it.
/// </summary>
public sealed class UntestedUnmask(IDataProtectionProvider protection, Rounds rounds, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Frontline.Testing.UntestedUnmask").ToTimeLimitedDataProtector();

    public async Task<UntestedUnmaskGrant> GrantAsync(Caller caller, long roundId, string? jurisdiction, string? reason, CancellationToken ct = default)
    {
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
        await rounds.GetAsync(caller, roundId, ct);
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) throw new NotFoundException("community");
        var expires = clock.GetUtcNow() + Lifetime;
        await audit.RecordAsync(caller, AuditActions.PiiView, $"round:{roundId}:untested", scope.Code, reason.Trim(),
            new { list = "untested", until = expires }, ct);
        return new UntestedUnmaskGrant(protector.Protect(Payload(caller, roundId, scope.Code), expires), expires.ToOffset(ChinaTime.Offset));
    }

    /// <summary>Whether a grant unmasks this round's list of this (narrowed) jurisdiction for this caller now.</summary>
    public bool Allows(Caller caller, string? grant, long roundId, string jurisdictionCode)
    {
        if (string.IsNullOrEmpty(grant)) return false;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        string payload;
        try
        {
            payload = protector.Unprotect(grant, out var expires);
            if (expires < clock.GetUtcNow()) throw new DomainException("unmask-grant-invalid", StatusCodes.Status403Forbidden, "grant");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new DomainException("unmask-grant-invalid", StatusCodes.Status403Forbidden, "grant");
        }
        if (payload != Payload(caller, roundId, jurisdictionCode)) throw new DomainException("unmask-grant-invalid", StatusCodes.Status403Forbidden, "grant");
        return true;
    }

    static string Payload(Caller caller, long roundId, string jurisdictionCode) => $"{caller.UserName}\n{roundId}\n{jurisdictionCode}";
}
