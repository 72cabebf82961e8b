using System.Globalization;

namespace Frontline.Registry;

public enum DocType { ResidentId, Passport, HkMacauPermit, TaiwanPermit }

public enum ResidentType { Registered, Resident, Floating }

/// <summary>
/// Validation of identity documents and mobile numbers: one validator for the roster import,
/// the API and the forms. Returns the normalised value or the stable error code.
/// </summary>
public static class IdentityDocuments
{
    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckChars = "10X98765432";

    // GB/T 2260 province-level prefixes; a resident ID never starts with anything else.
    static readonly HashSet<string> ProvincePrefixes =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ];

    public static string Code(this DocType type) => type switch
    {
        DocType.ResidentId => "resident-id",
        DocType.Passport => "passport",
        DocType.HkMacauPermit => "hk-macau-permit",
        DocType.TaiwanPermit => "taiwan-permit",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string ChineseName(this DocType type) => type switch
    {
        DocType.ResidentId => "居民身份证",
        DocType.Passport => "护照",
        DocType.HkMacauPermit => "港澳居民来往内地通行证",
        DocType.TaiwanPermit => "台湾居民来往大陆通行证",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Reads a document type given as its code or its Chinese name; blank means resident ID.</summary>
    public static DocType? ParseDocType(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return DocType.ResidentId;
        foreach (var type in Enum.GetValues<DocType>())
            if (t.Equals(type.Code(), StringComparison.OrdinalIgnoreCase) || t == type.ChineseName()) return type;
        return t switch
        {
            "身份证" or "居民身份证号" => DocType.ResidentId,
            "港澳通行证" or "回乡证" => DocType.HkMacauPermit,
            "台胞证" => DocType.TaiwanPermit,
            _ => null,
        };
    }

    public static string Code(this ResidentType type) => type switch
    {
        ResidentType.Registered => "registered",
        ResidentType.Resident => "resident",
        ResidentType.Floating => "floating",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string ChineseName(this ResidentType type) => type switch
    {
        ResidentType.Registered => "户籍",
        ResidentType.Resident => "常住",
        ResidentType.Floating => "流动",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Blank means 常住 (resident), the commonest case in a roster.</summary>
    public static ResidentType? ParseResidentType(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return ResidentType.Resident;
        foreach (var type in Enum.GetValues<ResidentType>())
            if (t.Equals(type.Code(), StringComparison.OrdinalIgnoreCase) || t == type.ChineseName()) return type;
        return t switch { "户籍人口" => ResidentType.Registered, "常住人口" => ResidentType.Resident, "流动人口" => ResidentType.Floating, _ => null };
    }

    /// <summary>A document number as it is stored and looked up: no spaces, upper case (a typed 'x' is the check character X).</summary>
    public static string Normalise(string? raw) => (raw ?? "").Trim().Replace(" ", "").ToUpperInvariant();

    /// <summary>Validates a document number of the given type; on success <paramref name="normalised"/> is the stored form.</summary>
    public static string? Validate(DocType type, string? raw, DateOnly today, out string normalised)
    {
        normalised = Normalise(raw);
        if (normalised.Length == 0) return "missing-field";
        return type switch
        {
            DocType.ResidentId => ValidateResidentId(normalised, today),
            DocType.Passport => IsAsciiAlnum(normalised, 5, 17) ? null : "invalid-id-format",
            // 回乡证: H or M then 8 digits (10-digit form of the older cards also accepted).
            DocType.HkMacauPermit => (normalised[0] is 'H' or 'M') && IsDigits(normalised.AsSpan(1)) && normalised.Length is 9 or 11 ? null : "invalid-id-format",
            // 台胞证: 8 digits since 2015; older cards 10 digits.
            DocType.TaiwanPermit => IsDigits(normalised) && normalised.Length is 8 or 10 ? null : "invalid-id-format",
            _ => "invalid-id-format",
        };
    }

    /// <summary>GB 11643-1999: 6-digit area, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.</summary>
    public static string? ValidateResidentId(string id, DateOnly today)
    {
        if (id.Length != 18 || !IsDigits(id.AsSpan(0, 17)) || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
            return "invalid-id-format";
        if (!ProvincePrefixes.Contains(id[..2])) return "invalid-id-format";
        if (BirthDate(id) is not { } birth || birth > today || birth.Year < 1890) return "invalid-birth-date";
        return CheckChar(id) == id[17] ? null : "invalid-id-checksum";
    }

    public static DateOnly? BirthDate(string residentId) =>
        DateOnly.TryParseExact(residentId.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static char CheckChar(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }

    /// <summary>Mainland mobile numbers: 11 digits, 1 then 3–9; spaces, dashes and a +86 prefix are dropped.</summary>
    public static string? ValidatePhone(string? raw, out string normalised)
    {
        var digits = new string((raw ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        normalised = digits;
        return digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9' && IsDigits(digits) ? null : "invalid-phone";
    }

    static bool IsDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    static bool IsAsciiAlnum(string s, int min, int max) =>
        s.Length >= min && s.Length <= max && s.All(char.IsAsciiLetterOrDigit);
}
