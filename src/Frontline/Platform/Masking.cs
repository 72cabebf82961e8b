using System.Globalization;
using System.Text;

namespace Frontline.Platform;

/// <summary>Masks personal data for every view that lacks <c>pii.view</c> or did not ask to unmask.</summary>
public static class Masking
{
    public static string? IdNumber(string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        if (value.Length == 18) return string.Concat(value.AsSpan(0, 6), "********", value.AsSpan(14));
        if (value.Length <= 4) return new string('*', value.Length);
        return string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 4), value.AsSpan(value.Length - 2));
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
}
