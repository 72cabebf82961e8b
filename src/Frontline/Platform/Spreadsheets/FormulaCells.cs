namespace Frontline.Platform;

/// <summary>
/// Text a spreadsheet program could take for a formula (OWASP, "CSV Injection"). MiniExcel writes text as text, never
/// as a formula, so an .xlsx of ours is safe as it is; but a person who saves it as CSV and opens that again gets
/// whatever a cell starting with <c>=</c> says executed. So what we hand out is neutralised with the leading
/// apostrophe OWASP advises, and what we read has it taken off again, so a download of rejected rows can be fixed
/// and re-imported as it is.
/// </summary>
public static class FormulaCells
{
    /// <summary>
    /// Text starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a leading <c>'</c>
    /// (OWASP's list). A plain number such as <c>-5</c>, <c>-1.5</c> or <c>+8613800138000</c> is left as it is: read
    /// back from a CSV it is a number, never a formula.
    /// </summary>
    public static string Neutralise(string text) => StartsLikeAFormula(text) && !IsPlainNumber(text) ? "'" + text : text;

    /// <summary>
    /// The apostrophe of a neutralised cell taken off: <c>'=A1</c> reads as <c>=A1</c>. Only before the characters
    /// above: Excel itself never stores a typed apostrophe in the cell, so in a file such a cell was neutralised.
    /// </summary>
    public static string Restore(string text) => text.Length > 1 && text[0] == '\'' && StartsLikeAFormula(text.AsSpan(1)) ? text[1..] : text;

    static bool StartsLikeAFormula(ReadOnlySpan<char> text) => !text.IsEmpty && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    static bool IsPlainNumber(string text)
    {
        var number = text.AsSpan(text[0] is '+' or '-' ? 1 : 0);
        var point = number.IndexOf('.');
        return point < 0 ? IsDigits(number) : IsDigits(number[..point]) && IsDigits(number[(point + 1)..]);
    }

    static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
