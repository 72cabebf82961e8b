using System.Reflection;
using System.Text.Json;

namespace Frontline.Command.Requests;

/// <summary>The kinds of resident request (民生诉求) the hotline and the communities log.</summary>
public static class RequestKinds
{
    public const string Medicine = "medicine";
    public const string Dialysis = "dialysis";
    public const string Pregnancy = "pregnancy";
    public const string Food = "food";
    public const string ElderlyCare = "elderly-care";
    public const string Complaint = "complaint";
    public const string PublicOpinion = "public-opinion";

    public static readonly string[] All = [Medicine, Dialysis, Pregnancy, Food, ElderlyCare, Complaint, PublicOpinion];

    /// <summary>Needs a doctor, a machine or a midwife: the ones a sealed building must not wait for.</summary>
    public static bool IsMedical(string kind) => kind is Medicine or Dialysis or Pregnancy;
}

public static class RequestUrgency
{
    public const string Urgent = "urgent";
    public const string Normal = "normal";
}

/// <summary>The hours allowed for one kind of request: by urgency, and tighter when the address is in a sealed zone.</summary>
public sealed class KindLimit
{
    public double Urgent { get; set; }
    public double Normal { get; set; }
    public double SealedUrgent { get; set; }
    public double SealedNormal { get; set; }
}

/// <summary>
/// The time limits of resident requests, as data: shipped in <c>RequestTimeLimits.json</c> (local practice of the hotline,
/// not a number of the national editions, so not in the policy set) and overridable per deployment in configuration under
/// <c>Frontline:Requests:TimeLimits</c>.
/// </summary>
public sealed class RequestTimeLimits
{
    public IReadOnlyDictionary<string, KindLimit> ByKind { get; }

    public RequestTimeLimits(IReadOnlyDictionary<string, KindLimit> byKind) => ByKind = byKind;

    public static RequestTimeLimits Load(IConfiguration? config = null)
    {
        var assembly = Assembly.GetExecutingAssembly();
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(".RequestTimeLimits.json", StringComparison.Ordinal)))!;
        using var json = JsonDocument.Parse(stream);
        var table = new Dictionary<string, KindLimit>(StringComparer.Ordinal);
        foreach (var kind in json.RootElement.EnumerateObject().Where(p => !p.Name.StartsWith('_')))
            table[kind.Name] = kind.Value.Deserialize<KindLimit>(JsonSerializerOptions.Web)!;
        config?.GetSection("Frontline:Requests:TimeLimits").Bind(table);
        foreach (var kind in RequestKinds.All)
            if (!table.TryGetValue(kind, out var limit) || limit.Urgent <= 0 || limit.Normal <= 0 || limit.SealedUrgent <= 0 || limit.SealedNormal <= 0)
                throw new InvalidOperationException($"Request time limits: kind '{kind}' needs four positive hours (urgent, normal, sealedUrgent, sealedNormal)");
        return new(table);
    }
}

/// <summary>Pure rules of resident requests: their time limit, their place in a queue, whether they are late.</summary>
public static class RequestRules
{
    public const int MaxText = 1000;
    public const int MaxAddress = 200;
    public const int MaxNote = 500;

    /// <summary>Hours allowed: the sealed column when the address lies in a sealed zone, never looser than outside one.</summary>
    public static double Hours(RequestTimeLimits limits, string kind, string urgency, bool sealedZone)
    {
        var limit = limits.ByKind[kind];
        var open = urgency == RequestUrgency.Urgent ? limit.Urgent : limit.Normal;
        var sealedHours = urgency == RequestUrgency.Urgent ? limit.SealedUrgent : limit.SealedNormal;
        return sealedZone ? Math.Min(open, sealedHours) : open;
    }

    public static DateTime DueBy(RequestTimeLimits limits, string kind, string urgency, bool sealedZone, DateTime loggedAt) =>
        loggedAt.AddMinutes(Math.Round(Hours(limits, kind, urgency, sealedZone) * 60));

    public static bool IsLate(RequestStatus status, DateTime dueBy, DateTime now) => status != RequestStatus.Closed && now >= dueBy;

    public static int MinutesLate(RequestStatus status, DateTime dueBy, DateTime now) =>
        IsLate(status, dueBy, now) ? (int)Math.Floor((now - dueBy).TotalMinutes) : 0;

    /// <summary>A queue's order: late first, then urgent, then the rest; closed last. Within each, the soonest due first.</summary>
    public static int Rank(RequestStatus status, string urgency, DateTime dueBy, DateTime now) =>
        status == RequestStatus.Closed ? 3 : now >= dueBy ? 0 : urgency == RequestUrgency.Urgent ? 1 : 2;

    /// <summary>A landline (0755-12345678, 12345678) or a mainland mobile; spaces, dashes and +86 dropped.</summary>
    public static string? NormalisePhone(string raw)
    {
        var digits = new string(raw.Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '(' and not ')').ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return null;
        if (digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9') return digits;
        if (digits[0] == '0' && digits.Length is >= 10 and <= 12) return digits;
        if (digits[0] != '0' && digits.Length is 7 or 8) return digits;
        // 12345 and the like: the service numbers a complaint may name are not a resident's phone.
        return null;
    }
}
