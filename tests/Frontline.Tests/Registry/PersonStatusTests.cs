using Frontline.Registry;

namespace Frontline.Tests.Registry;

/// <summary>PersonStatus.Merge: the status endpoint's answer does not depend on the order the modules registered their sources.</summary>
public sealed class PersonStatusTests
{
    [Theory]
    [InlineData("none", "none", "none")]
    [InlineData("none", "temporary", "temporary")]
    [InlineData("none", "quarantine", "quarantine")]
    [InlineData("none", "case", "case")]
    [InlineData("temporary", "none", "temporary")]
    [InlineData("temporary", "temporary", "temporary")]
    [InlineData("temporary", "quarantine", "quarantine")]
    [InlineData("temporary", "case", "case")]
    [InlineData("quarantine", "none", "quarantine")]
    [InlineData("quarantine", "temporary", "quarantine")]
    [InlineData("quarantine", "quarantine", "quarantine")]
    [InlineData("quarantine", "case", "case")]
    [InlineData("case", "none", "case")]
    [InlineData("case", "temporary", "case")]
    [InlineData("case", "quarantine", "case")]
    [InlineData("case", "case", "case")]
    public void The_stronger_control_wins_whichever_source_comes_first(string first, string second, string expected)
    {
        var merged = PersonStatus.Merge([PersonStatus.None with { Control = first }, PersonStatus.None with { Control = second }]);
        Assert.Equal(expected, merged.Control);
    }

    [Fact]
    public void Controls_rank_case_over_quarantine_over_temporary_over_none()
    {
        Assert.True(PersonStatus.ControlRank("case") > PersonStatus.ControlRank("quarantine"));
        Assert.True(PersonStatus.ControlRank("quarantine") > PersonStatus.ControlRank("temporary"));
        Assert.True(PersonStatus.ControlRank("temporary") > PersonStatus.ControlRank("none"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonStatus.ControlRank("sealed"));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonStatus.Merge([PersonStatus.None with { Control = "red-code" }]));
    }

    [Fact]
    public void Nothing_to_merge_is_no_status()
    {
        Assert.Equal(PersonStatus.None, PersonStatus.Merge([]));
        Assert.Equal(PersonStatus.None, PersonStatus.Merge([PersonStatus.None, PersonStatus.None]));
    }

    [Fact]
    public void The_other_fields_come_from_whichever_source_knows_them_and_the_earliest_retest_is_due()
    {
        var sample = new { id = "1" };
        var result = new { outcome = "positive" };
        var zone = new ZoneRef("7", "sealed");
        var soon = new DateTimeOffset(2022, 3, 14, 18, 0, 0, TimeSpan.FromHours(8));
        var testing = new PersonStatus(sample, result, "temporary", null, soon.AddHours(3));
        var containment = new PersonStatus(null, null, "quarantine", zone, soon);
        var investigation = PersonStatus.None with { Control = "case" };
        var expected = new PersonStatus(sample, result, "case", zone, soon);
        PersonStatus[][] orders =
        [
            [testing, containment, investigation], [testing, investigation, containment], [containment, testing, investigation],
            [containment, investigation, testing], [investigation, testing, containment], [investigation, containment, testing],
        ];
        foreach (var order in orders) Assert.Equal(expected, PersonStatus.Merge(order));
    }
}
