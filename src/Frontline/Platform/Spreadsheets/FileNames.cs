using System.Globalization;
using System.Text;

namespace Frontline.Platform;

/// <summary>
/// A file name from outside (an upload's name, or a name built from a record's text) made fit to be stored, logged,
/// shown and sent back in a <c>Content-Disposition</c>: without path separators, control characters
/// (CR/LF: a header or log line of its own), format characters (bidirectional overrides that show <c>xlsx.exe</c>
/// as <c>exe.xlsx</c>, zero-width characters), quotes or the characters Windows refuses in a name, and at most
/// <see cref="MaxLength"/> characters with its extension kept.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 100;

    /// <summary>An uploaded file's name: the last segment of the path a browser may send (C:\Users\…\名单.xlsx), made <see cref="Safe"/>.</summary>
    public static string OfUpload(string? name) => Safe(name?[(name.LastIndexOfAny(['/', '\\']) + 1)..]);

    /// <summary>A name made safe, as the summary says; a path separator becomes <c>_</c> (a round named 3/14 is no folder).</summary>
    public static string Safe(string? name, int maxLength = MaxLength, string fallback = "file")
    {
        name ??= "";
        var clean = new StringBuilder(Math.Min(name.Length, 4 * maxLength));
        foreach (var rune in name.EnumerateRunes())
        {
            if (clean.Length >= 4 * maxLength) break;
            if (rune == Rune.ReplacementChar) continue;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned:
                    continue;
                case UnicodeCategory.SpaceSeparator:
                    clean.Append(' ');
                    continue;
            }
            if (rune.Value is '"' or '<' or '>' or ':' or '|' or '?' or '*' or '/' or '\\') clean.Append('_');
            else clean.Append(rune.ToString());
        }
        var text = clean.ToString().Trim(' ', '.');
        if (text.Length > maxLength)
        {
            var extension = Path.GetExtension(text);
            if (extension.Length > 10 || extension.Length >= maxLength) extension = "";
            text = Cut(text[..^extension.Length], maxLength - extension.Length).TrimEnd(' ', '.') + extension;
        }
        return text.Length == 0 ? fallback : text;
    }

    /// <summary>At most <paramref name="length"/> characters, never half a surrogate pair.</summary>
    static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }
}
