using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Frontline.Platform;

/// <summary>Masks personal data for every view that lacks <c>pii.view</c> or did not ask to unmask.</summary>
public static partial class Masking
{
    public static string? IdNumber(string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        if (value.Length == 18) return string.Concat(value.AsSpan(0, 6), "********", value.AsSpan(14));
        if (value.Length <= 4) return new string('*', value.Length);
        return string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 4), value.AsSpan(value.Length - 2));
    }

    /// <summary>
    /// An address (a pickup point, a home) as someone without pii.view sees it: the first part up to the street number (a driver's district
    /// and road), the rest starred — 宝安区松岗街道红星路12号3栋502 → 宝安区松岗街道红星路12号****.
    /// </summary>
    public static string Address(string address)
    {
        var text = address.Trim();
        if (text.Length == 0) return text;
        var cut = text.IndexOfAny(['号', '栋', '幢', '座']);
        var keep = cut >= 0 && cut < text.Length - 1 ? cut + 1 : Math.Min(6, text.Length / 2);
        return text[..keep] + "****";
    }

    public static string? Room(string? value) => string.IsNullOrEmpty(value) ? value : "***";

    public static string? Phone(string? value) =>
        string.IsNullOrEmpty(value) || value.Length < 7 ? value : string.Concat(value.AsSpan(0, 3), "****", value.AsSpan(value.Length - 4));

    /// <summary>
    /// The first character kept, one <c>*</c> for each of the others: 张三 → 张*, 欧阳小明 → 欧***. The common rule of
    /// Chinese notices, and the same length as the name so a reader can tell 张* from 张**. Characters, not UTF-16 units:
    /// a rare character outside the basic plane (𠮷) counts once and is never cut in half.
    /// </summary>
    public static string? Name(string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        var elements = StringInfo.GetNextTextElementLength(value);
        var others = new StringInfo(value).LengthInTextElements - 1;
        return others <= 0 ? value : new StringBuilder(elements + others).Append(value.AsSpan(0, elements)).Append('*', others).ToString();
    }

    /// <summary>
    /// Free text with every number in it that looks like a document or a mobile phone masked as <see cref="IdNumber"/>
    /// and <see cref="Phone"/> would show it: a resident ID (18 or 15 characters, spaces or dashes between its parts
    /// allowed), a mainland mobile (11 digits, +86/0086 and separators allowed), a passport or permit (one or two letters
    /// and 7–10 digits). Masking a masked text changes nothing. Jurisdiction codes (12 digits) and record ids stay.
    /// </summary>
    public static string? Text(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Count(char.IsAsciiDigit) < 7) return value;
        value = ResidentIdLike().Replace(value, m => IdNumber(Compact(m.Value))!);
        value = MobileLike().Replace(value, m => Phone(Compact(m.Value)[^11..])!);
        return DocumentLike().Replace(value, m => IdNumber(m.Value)!);
    }

    /// <summary>
    /// A JSON document (an audit entry's detail) with every string value in it masked as <see cref="Text"/>; numbers and
    /// names stay. Text that is not JSON is masked as text.
    /// </summary>
    public static string? Json(string? json)
    {
        if (string.IsNullOrEmpty(json) || json.Count(char.IsAsciiDigit) < 7) return json;
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException) { return Text(json); }
        if (root is null) return json;
        if (root is JsonValue) return MaskedString(root) is { } alone ? JsonSerializer.Serialize(alone, WebJson) : json;
        // Rewritten only when something was masked: an entry without numbers to hide keeps its text as written.
        return MaskStrings(root) ? root.ToJsonString(WebJson) : json;
    }

    static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>Masks the string values under an object or array in place; answers whether any changed.</summary>
    static bool MaskStrings(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                    if (child is JsonValue && MaskedString(child) is { } s) { o[key] = s; changed = true; }
                    else if (child is not null) changed |= MaskStrings(child);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is JsonValue value && MaskedString(value) is { } s) { a[i] = s; changed = true; }
                    else if (a[i] is { } child) changed |= MaskStrings(child);
                break;
        }
        return changed;
    }

    /// <summary>A string value masked, or null when it is no string or has nothing to mask.</summary>
    static string? MaskedString(JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String) return null;
        var text = node.GetValue<string>();
        var masked = Text(text)!;
        return masked == text ? null : masked;
    }

    static string Compact(string s) => string.Concat(s.Where(char.IsAsciiLetterOrDigit));

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[0-9Xx]|\d{15})(?![0-9A-Za-z])")]
    private static partial Regex ResidentIdLike();

    [GeneratedRegex(@"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?![0-9A-Za-z])")]
    private static partial Regex MobileLike();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[A-Za-z]{1,2}\d{7,10}(?![0-9A-Za-z])")]
    private static partial Regex DocumentLike();
}
