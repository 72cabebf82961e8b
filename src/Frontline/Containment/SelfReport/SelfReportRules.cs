using System.Security.Cryptography;
using System.Text;
using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>A half-day in which a person at home reports once: the morning (00:00–12:00) or the afternoon (12:00–24:00), China time.</summary>
public readonly record struct ReportSlot(DateOnly Day, bool Afternoon)
{
    public DateTime StartUtc => ChinaTime.FromChina(Day.ToDateTime(new TimeOnly(Afternoon ? 12 : 0, 0))).UtcDateTime;
    public DateTime EndUtc => StartUtc.AddHours(12);
    public string Key => $"{Day:yyyy-MM-dd}-{(Afternoon ? "pm" : "am")}";
    public ReportSlot Previous => Afternoon ? new(Day, false) : new(Day.AddDays(-1), true);
}

/// <summary>The self-report rules: the alert, the half-day slots, the link's lifetime and its token. Pure except the token's randomness.</summary>
public static class SelfReportRules
{
    /// <summary>The link lives as long as the stay: to the end of its last day, China time.</summary>
    public static DateTime ExpiresAt(DateOnly endsOn) => ChinaTime.FromChina(endsOn.AddDays(1).ToDateTime(TimeOnly.MinValue)).UtcDateTime;

    public static ReportSlot SlotOf(DateTime utc)
    {
        var china = utc.ToChina();
        return new(DateOnly.FromDateTime(china.DateTime), china.Hour >= 12);
    }

    /// <summary>
    /// The slots that ended in the last day before <paramref name="now"/> (the two before the current one): the sweep
    /// looks back that far, so a server down for a few hours still catches the missed ones.
    /// </summary>
    public static IReadOnlyList<ReportSlot> EndedSlots(DateTime now)
    {
        var last = SlotOf(now).Previous;
        return [last, last.Previous];
    }

    /// <summary>
    /// A slot counts against a stay only when the person held a live link for all of it and it lies within the stay's
    /// days: no one is chased for a morning before they were given the link.
    /// </summary>
    public static bool IsDue(ReportSlot slot, DateTime linkIssuedAt, DateOnly stayStartsOn, DateOnly stayEndsOn) =>
        linkIssuedAt <= slot.StartUtc && slot.Day >= stayStartsOn && slot.Day <= stayEndsOn;

    /// <summary>A missed half-day is a phone call for the person's community: due the policy's <c>SelfReportMissedDueHours</c> after it is raised.</summary>
    public static DateTime MissedReportDueBy(PolicySet policy, DateTime raisedAt) => raisedAt.AddHours(policy.SelfReportMissedDueHours);

    /// <summary>A reported fever or symptom: the community acts within the policy's <c>SelfReportAlertDueHours</c>.</summary>
    public static DateTime AlertDueBy(PolicySet policy, DateTime reportedAt) => reportedAt.AddHours(policy.SelfReportAlertDueHours);

    /// <summary>256 random bits, URL-safe base64 (43 characters): unguessable, so the link alone is the person's key.</summary>
    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Only the hash is stored: a copy of the database opens no one's form. SHA-256 suffices for 256 random bits (no dictionary to try).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Tokens have one shape; anything else is refused before the database is asked.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
