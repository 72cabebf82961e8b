namespace Frontline.Platform;

/// <summary>
/// The one rule for free text that people type and others read: names, addresses, notes, who collected a swab,
/// which lab reported. Trimmed; at most a given length; no characters that are invisible or that change what a
/// reader sees: control characters (NUL breaks PostgreSQL's text, CR/LF forge lines in logs and exports), the
/// bidirectional embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069 (a name that reads backwards),
/// zero-width U+200B–U+200F, U+2060–U+2064 and U+FEFF (two names that look alike but differ), line and paragraph
/// separators U+2028/U+2029, and a lone surrogate (not text at all). A multi-line field (a note) may hold line breaks.
/// </summary>
public static class TextRules
{
    /// <summary>The code for the text, or null when it may be stored: <c>invalid-characters</c> or <c>field-too-long</c>.</summary>
    public static string? Check(ReadOnlySpan<char> text, int maxLength, bool multiLine = false)
    {
        if (FirstInvalid(text, multiLine) >= 0) return "invalid-characters";
        return text.Length > maxLength ? "field-too-long" : null;
    }

    /// <summary>
    /// An optional text field, trimmed; null when blank. A broken rule adds its error (with the field's label for the
    /// words) and answers null.
    /// </summary>
    public static string? Optional(List<FieldError> errors, string field, string? value, int maxLength, string? label = null, bool multiLine = false)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        switch (Check(text, maxLength, multiLine))
        {
            case "invalid-characters": errors.Add(new(field, "invalid-characters", label ?? field)); return null;
            case "field-too-long": errors.Add(new(field, "field-too-long", label ?? field, maxLength)); return null;
            default: return text;
        }
    }

    /// <summary>The index of the first character the rule refuses, or -1.</summary>
    public static int FirstInvalid(ReadOnlySpan<char> text, bool multiLine = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (multiLine && c is '\n' or '\r') continue;
            if (IsRefused(c)) return i;
        }
        return -1;
    }

    static bool IsRefused(char c) =>
        char.IsControl(c) || char.IsSurrogate(c)
        || c is >= '\u200B' and <= '\u200F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2060' and <= '\u2064'
        || c is >= '\u2066' and <= '\u2069'
        || c is '\u2028' or '\u2029' or '\uFEFF';
}
