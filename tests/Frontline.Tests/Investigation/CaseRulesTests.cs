using Frontline.Investigation;
using Frontline.Platform;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Investigation;

/// <summary>The case file's rules, table-tested: reclassification, deadlines against every policy set, loops in a chain, the notice's words.</summary>
public sealed class CaseRulesTests
{
    static readonly PolicySets Sets = new(new ConfigurationBuilder().Build());

    [Theory]
    [InlineData(CaseClassification.Pending, CaseClassification.Confirmed, null)]
    [InlineData(CaseClassification.Pending, CaseClassification.Asymptomatic, null)]
    [InlineData(CaseClassification.Asymptomatic, CaseClassification.Confirmed, null)]
    [InlineData(CaseClassification.Confirmed, CaseClassification.Confirmed, null)]
    [InlineData(CaseClassification.Confirmed, CaseClassification.Asymptomatic, "case-classification-downgrade")]
    [InlineData(CaseClassification.Confirmed, CaseClassification.Pending, "case-classification-pending")]
    [InlineData(CaseClassification.Asymptomatic, CaseClassification.Pending, "case-classification-pending")]
    public void Reclassification_goes_one_way(CaseClassification from, CaseClassification to, string? refused) =>
        Assert.Equal(refused, CaseRules.Reclassify(from, to));

    public static TheoryData<string> PolicyNames() => new(new PolicySets(new ConfigurationBuilder().Build()).All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Deadlines_run_from_the_positive_result_and_the_report_as_each_policy_set_says(string name)
    {
        var policy = Sets.Find(name)!;
        var positive = new DateTime(2022, 3, 14, 1, 0, 0, DateTimeKind.Utc);
        var reported = positive.AddMinutes(30);
        var now = positive.AddHours(policy.CaseReportHours).AddMinutes(-45);
        var open = CaseRules.Deadlines(policy, positive, reported, null, null, null, now);
        Assert.Equal(positive.AddHours(policy.CaseReportHours), open[0].DueAt);
        Assert.Equal(("due", 45), (open[0].Status, open[0].MinutesLeft));
        Assert.Equal(reported.AddHours(policy.InvestigationCoreFactsHours), open[1].DueAt);
        Assert.Equal(reported.AddHours(policy.InvestigationReportHours), open[2].DueAt);

        var later = positive.AddHours(policy.CaseReportHours + 1);
        var overdue = CaseRules.Deadlines(policy, positive, reported, null, null, null, later)[0];
        Assert.Equal(("overdue", -60), (overdue.Status, overdue.MinutesLeft));
        var met = CaseRules.Deadlines(policy, positive, reported, positive.AddHours(1), reported.AddHours(policy.InvestigationCoreFactsHours + 1), null, later);
        Assert.Equal("on-time", met[0].Status);
        Assert.Null(met[0].MinutesLeft);
        Assert.Equal("late", met[1].Status);
    }

    [Fact]
    public void A_chain_may_not_loop()
    {
        // 3 was infected by 2, 2 by 1.
        var infectors = new Dictionary<long, long?> { [1] = null, [2] = 1, [3] = 2 };
        long? Of(long id) => infectors.GetValueOrDefault(id);
        Assert.True(CaseRules.MakesCycle(1, 3, Of));
        Assert.True(CaseRules.MakesCycle(2, 3, Of));
        Assert.False(CaseRules.MakesCycle(3, 1, Of));
        Assert.False(CaseRules.MakesCycle(4, 3, Of));
        // A loop already in the data does not hang the walk.
        var broken = new Dictionary<long, long?> { [5] = 6, [6] = 5 };
        Assert.False(CaseRules.MakesCycle(7, 5, id => broken.GetValueOrDefault(id)));
    }

    [Theory]
    [InlineData("440306198503124025", "female")]
    [InlineData("440306198503124015", "male")]
    [InlineData("E12345678", null)]
    public void Sex_comes_from_the_resident_id(string id, string? sex) => Assert.Equal(sex, CaseRules.SexFromResidentId(id));

    [Theory]
    [InlineData("红星花园3栋", "红星花园")]
    [InlineData("松岗花园十二座", "松岗花园")]
    [InlineData("红星村", "红星村")]
    public void The_compound_is_the_building_without_its_number(string building, string compound) => Assert.Equal(compound, TrajectoryNotices.Compound(building));

    [Theory]
    [InlineData("红星花园3栋1203室", "红星花园3栋")]
    [InlineData("东方大道88号红星花园5栋2-101", "东方大道88号红星花园5栋")]
    [InlineData("松岗人民医院发热门诊", "松岗人民医院发热门诊")]
    public void A_free_address_loses_its_door(string address, string shown) => Assert.Equal(shown, TrajectoryNotices.WithoutRoom(address));

    [Fact]
    public void The_draft_names_number_sex_age_home_and_trajectory_and_nothing_personal()
    {
        var day = new DateTime(2022, 3, 13, 0, 0, 0, DateTimeKind.Utc);
        var window = new LookbackWindow(day, day.AddDays(2), InvestigationRules.FromOnset);
        var text = TrajectoryNotices.Draft("病例7", "female", 35, "松岗街道", "红星社区", "红星花园", CaseClassification.Confirmed, day.AddDays(2), window,
            [(day.AddHours(1), day.AddHours(2), "红星农贸市场"), (day.AddHours(26), day.AddHours(27), "王小红家 13800138000 440306198503124025")], "王小红");
        Assert.StartsWith("病例7，女，35岁，现住松岗街道红星社区红星花园。", text);
        Assert.Contains("3月13日：09:00—10:00 红星农贸市场", text);
        Assert.DoesNotContain("王小红", text);
        Assert.DoesNotContain("13800138000", text);
        Assert.DoesNotContain("440306198503124025", text);
        Assert.Contains("诊断为确诊病例", text);
    }
}
