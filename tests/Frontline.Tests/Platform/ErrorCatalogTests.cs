using System.Globalization;
using Frontline.Platform;
using Frontline.Tests.Support;

namespace Frontline.Tests.Platform;

public class ErrorCatalogTests
{
    // Every code of shared/api.md, plus the ones Frontline adds.
    public static TheoryData<string> Codes => new()
    {
        "missing-field", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "invalid-phone", "unknown-community",
        "ambiguous-community", "out-of-scope", "duplicate-in-file", "conflicts-with-existing", "unknown-round", "round-closed",
        "unknown-site", "unknown-person", "tube-full", "tube-in-other-round", "already-sampled", "tube-resulted", "unknown-tube",
        "conflicting-result", "retest-needs-single-tube", "invalid-pool-size", "invalid-outcome", "invalid-ct", "inconsistent-ct",
        "reason-required", "locked-out", "too-many-requests", "database-busy", "invalid-json", "empty-file", "missing-column",
        "already-reviewed", "invalid-characters", "invalid-paging", "invalid-parameter", "unknown-endpoint", "method-not-allowed",
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_code_has_words_in_chinese_and_english(string code)
    {
        TestVocabulary.EnsureRegistered();
        var zh = ErrorCatalog.Message(code, new CultureInfo("zh-CN"), "x", "y");
        var en = ErrorCatalog.Message(code, new CultureInfo("en"), "x", "y");
        Assert.NotEqual(code, zh);
        Assert.NotEqual(code, en);
        Assert.NotEqual(zh, en);
        Assert.Contains(zh, c => c >= '\u4e00' && c <= '\u9fff');
    }

    [Fact]
    public void A_conflicting_result_names_the_outcome_in_force_in_the_callers_words()
    {
        TestVocabulary.EnsureRegistered();
        Assert.Contains("（阴性）", ErrorCatalog.Message("conflicting-result", new CultureInfo("zh-CN"), "negative"));
        Assert.Contains("(positive)", ErrorCatalog.Message("conflicting-result", new CultureInfo("en"), "positive"));
        Assert.Equal("找不到该检测结果", ErrorCatalog.Message("not-found", new CultureInfo("zh-CN"), "lab-result"));
    }

    [Fact]
    public void A_missing_or_wrong_field_is_named_by_its_label_not_by_the_api_s_name()
    {
        TestVocabulary.EnsureRegistered();
        var zh = new CultureInfo("zh-CN");
        var en = new CultureInfo("en");
        Assert.Equal("缺少必填项：姓名", ErrorCatalog.Message("missing-field", zh, "personName"));
        Assert.Equal("Required field is missing: Name", ErrorCatalog.Message("missing-field", en, "personName"));
        Assert.Equal("地址过长（最多 200 个字符）", ErrorCatalog.Message("field-too-long", zh, "entries[2].address", 200));
        Assert.Equal("缺少必填项：证件号码或人员", ErrorCatalog.Message("missing-field", zh, "idNumber / personId"));
        Assert.Equal("Required field is missing: ID number or Person", ErrorCatalog.Message("missing-field", en, "idNumber / personId"));
    }

    /// <summary>
    /// Every field a service names in a missing, too long, invalid or badly typed field's error has a label in some
    /// module's vocabulary: read from the source, so that a new field without one fails here, not in front of a person.
    /// </summary>
    [Fact]
    public void Every_field_named_in_an_error_has_a_label()
    {
        TestVocabulary.EnsureRegistered();
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Frontline.slnx"))) root = root.Parent;
        var src = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Frontline");
        const string codes = "missing-field|field-too-long|invalid-field|invalid-characters";
        System.Text.RegularExpressions.Regex[] patterns =
        [
            new($@"(?:new|Add|Refuse|Reject)\(\s*(?:[^,()]*,\s*)?""(?:{codes})"",\s*(?:args:\s*\[?)?""([^""]*)"""),
            new($@"DomainException\(""(?:{codes})""[^;]*?args:\s*\[?""([^""]*)"""),
            new(@"FieldError\.Required\(\w+, ""([^""]*)"""),
            new(@"TextRules\.Optional\(\w+, ""([^""]*)"", [^;]*?(?:, ""([^""]*)"")?(?:, multiLine: \w+)?\);"),
        ];
        var fields = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => patterns.SelectMany(p => p.Matches(File.ReadAllText(file))))
            .SelectMany(m => m.Groups.Values.Skip(1).Where(g => g.Success).Select(g => g.Value))
            .SelectMany(f => f.Split('/', StringSplitOptions.TrimEntries)).Distinct().ToList();
        Assert.True(fields.Count > 50, $"the source scan found only {fields.Count} fields: has the code's shape changed?");
        var unlabelled = fields.Where(f => ErrorCatalog.FieldLabel(f, new CultureInfo("zh-CN")) == f).ToList();
        Assert.True(unlabelled.Count == 0, "fields without a label (add a field: term to the module's vocabulary): " + string.Join(", ", unlabelled));
    }
}
