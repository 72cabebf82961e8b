using Frontline.Platform;

namespace Frontline.Tests.Platform;

/// <summary>The one rule for free text (issue 7, finding 11), character by character.</summary>
public class TextRulesTests
{
    [Theory]
    [InlineData("张三", null)]
    [InlineData("阿依古丽·买买提", null)]
    [InlineData("𠮷野家", null)]                 // a character outside the basic plane: a surrogate pair, whole
    [InlineData("A座（东）2单元", null)]
    [InlineData("O'Brien-Smith Jr.", null)]
    [InlineData("张\u0000三", "invalid-characters")]   // NUL
    [InlineData("张\u0007三", "invalid-characters")]   // BEL
    [InlineData("张\t三", "invalid-characters")]
    [InlineData("张\r三", "invalid-characters")]
    [InlineData("张\n三", "invalid-characters")]
    [InlineData("张\u001B[31m三", "invalid-characters")] // an escape sequence for a terminal
    [InlineData("张\u007F三", "invalid-characters")]   // DEL
    [InlineData("张\u0085三", "invalid-characters")]   // NEL, a C1 control
    [InlineData("\u202A张三", "invalid-characters")]   // LRE
    [InlineData("\u202B张三", "invalid-characters")]   // RLE
    [InlineData("\u202C张三", "invalid-characters")]   // PDF
    [InlineData("\u202D张三", "invalid-characters")]   // LRO
    [InlineData("\u202E张三", "invalid-characters")]   // RLO: "exe.txt" reads as "txt.exe"
    [InlineData("张\u2066三", "invalid-characters")]   // LRI
    [InlineData("张\u2067三", "invalid-characters")]   // RLI
    [InlineData("张\u2068三", "invalid-characters")]   // FSI
    [InlineData("张\u2069三", "invalid-characters")]   // PDI
    [InlineData("张\u200B三", "invalid-characters")]   // zero-width space
    [InlineData("张\u200C三", "invalid-characters")]   // zero-width non-joiner
    [InlineData("张\u200D三", "invalid-characters")]   // zero-width joiner
    [InlineData("张\u200E三", "invalid-characters")]   // LRM
    [InlineData("张\u2060三", "invalid-characters")]   // word joiner
    [InlineData("\uFEFF张三", "invalid-characters")]   // BOM / zero-width no-break space
    [InlineData("张\u2028三", "invalid-characters")]   // line separator
    public void A_single_line_text(string text, string? code) => Assert.Equal(code, TextRules.Check(text, 64));

    [Fact]
    public void A_lone_surrogate_is_not_text()
    {
        // Here rather than in the table: a test case's arguments are serialised, and a lone surrogate does not survive it.
        Assert.Equal("invalid-characters", TextRules.Check("张\uD800三", 64));  // a lone high surrogate
        Assert.Equal("invalid-characters", TextRules.Check("张\uDC00三", 64));  // a lone low surrogate
        Assert.Equal("invalid-characters", TextRules.Check("张三\uD842", 64));  // a pair cut in half at the end
        Assert.Null(TextRules.Check("张三\uD842\uDFB7", 64));                  // and whole: 𠮷
    }

    [Theory]
    [InlineData("第一行\n第二行", null)]
    [InlineData("第一行\r\n第二行", null)]
    [InlineData("第一行\t第二行", "invalid-characters")]
    [InlineData("第一行\n\u202E第二行", "invalid-characters")]
    [InlineData("第一行\u0000", "invalid-characters")]
    public void A_multi_line_text_may_break_lines_and_nothing_else(string text, string? code) =>
        Assert.Equal(code, TextRules.Check(text, 64, multiLine: true));

    [Theory]
    [InlineData(32, null)]
    [InlineData(33, "field-too-long")]
    [InlineData(1024 * 1024, "field-too-long")]
    public void A_text_has_a_length(int length, string? code) => Assert.Equal(code, TextRules.Check(new string('发', length), 32));

    [Fact]
    public void Bad_characters_are_told_before_the_length()
    {
        Assert.Equal("invalid-characters", TextRules.Check(new string('x', 100) + "\u0000", 32));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("   ", null, null)]
    [InlineData("  张三 ", "张三", null)]
    [InlineData("\u3000张三\u3000", "张三", null)]         // the ideographic space trims like any other
    [InlineData(" 张\u200B三 ", null, "invalid-characters")]
    [InlineData("张三张三张", null, "field-too-long")]
    public void An_optional_field_is_trimmed_and_reports_its_error_with_the_label(string? value, string? kept, string? code)
    {
        var errors = new List<FieldError>();
        Assert.Equal(kept, TextRules.Optional(errors, "name", value, 4, "姓名/name"));
        Assert.Equal(code, errors.SingleOrDefault()?.Code);
        if (code is not null) Assert.Equal("姓名/name", errors.Single().Args[0]);
    }
}
