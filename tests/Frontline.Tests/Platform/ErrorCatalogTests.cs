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
}
