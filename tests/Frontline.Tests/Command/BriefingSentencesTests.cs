using Frontline.Command.Briefing;
using Frontline.Command.Dashboard;

namespace Frontline.Tests.Command;

/// <summary>The briefing's sentences are rules over the figures: each case of each section, with the day-before wording.</summary>
public sealed class BriefingSentencesTests
{
    static DailyFigures F(Action<DailyFigures> set)
    {
        var f = new DailyFigures();
        set(f);
        return f;
    }

    static readonly DailyFigures None = new();

    public static TheoryData<string, DailyFigures, DailyFigures, string> CaseSentences => new()
    {
        { "none at all", None, None, "今日无新增本土感染者。" },
        { "none today, some before", F(f => { f.CumulativeCases = 3; f.CumulativeConfirmed = 2; f.CumulativeAsymptomatic = 1; }), F(f => f.NewConfirmed = 2),
            "今日无新增本土感染者（前一日新增2例），累计报告本土感染者3例（确诊病例2例、无症状感染者1例）。" },
        { "all under control", F(f => { f.NewConfirmed = 1; f.NewAsymptomatic = 2; f.NewFoundInControl = 3; f.CumulativeCases = 4; f.CumulativeConfirmed = 2; f.CumulativeAsymptomatic = 2; }),
            F(f => f.NewConfirmed = 1),
            "今日新增确诊病例1例、无症状感染者2例，均在管控人员中发现；新增感染者较前一日增加2例；累计报告本土感染者4例（确诊病例2例、无症状感染者2例）。" },
        { "mixed sources, fewer than before", F(f => { f.NewAsymptomatic = 2; f.NewFoundInControl = 1; f.NewFoundByScreening = 1; f.CumulativeCases = 2; f.CumulativeAsymptomatic = 2; }),
            F(f => f.NewConfirmed = 5),
            "今日新增无症状感染者2例，其中管控人员中发现1例、社区筛查发现1例；新增感染者较前一日减少3例；累计报告本土感染者2例（确诊病例0例、无症状感染者2例）。" },
        { "one pending, by screening, as many as before", F(f => { f.NewPending = 1; f.NewFoundByScreening = 1; f.CumulativeCases = 1; }), F(f => f.NewAsymptomatic = 1),
            "今日新增待分类感染者1例，均为社区筛查发现；新增感染者与前一日持平；累计报告本土感染者1例（确诊病例0例、无症状感染者0例）。" },
    };

    [Theory, MemberData(nameof(CaseSentences))]
    public void Cases(string why, DailyFigures today, DailyFigures before, string expected) => Assert.True(expected == BriefingSentences.Cases(today, before), why + ": " + BriefingSentences.Cases(today, before));

    [Fact]
    public void Testing_names_the_round_its_coverage_and_the_change_in_points()
    {
        var today = F(f => { f.Eligible = 1000; f.Sampled = 923; f.Resulted = 900; f.PositivePools = 1; f.RetestsPending = 3; f.RetestsOverdue = 1; });
        var before = F(f => { f.Eligible = 1000; f.Sampled = 800; });
        Assert.Equal("全区开展第3轮全员核酸检测，应检1000人，已采样923人，覆盖率92.3%，较前一日提高12.3个百分点；已出结果900人，发现阳性混管1管；待复核采样3人，其中超时未复核1人。",
            BriefingSentences.Testing("全区", new BriefingRound(3, "第三轮"), today, before));
        Assert.Equal("全街道开展全员核酸检测，应检200人，已采样100人，覆盖率50%；已出结果0人，未发现阳性混管。",
            BriefingSentences.Testing("全街道", null, F(f => { f.Eligible = 200; f.Sampled = 100; }), None));
        Assert.Equal("今日无正在开展的全员核酸检测。", BriefingSentences.Testing("全区", null, None, None));
        Assert.Equal("今日无正在开展的全员核酸检测；待复核采样2人，均在时限内。", BriefingSentences.Testing("全区", null, F(f => f.RetestsPending = 2), None));
    }

    [Fact]
    public void Contacts_zones_facilities_transfers_tasks_and_requests()
    {
        Assert.Equal("今日新增判定密切接触者2人、次密接1人，累计判定密切接触者3人、次密接1人；现有集中隔离1人、居家隔离1人、居家健康监测0人，集中隔离人数较前一日减少1人。",
            BriefingSentences.Contacts(F(f => { f.NewCloseContacts = 2; f.NewSecondaryContacts = 1; f.CloseContacts = 3; f.SecondaryContacts = 1; f.InCentralisedQuarantine = 1; f.InHomeQuarantine = 1; }),
                F(f => f.InCentralisedQuarantine = 2)));
        Assert.Equal("今日无新增密切接触者和次密接；现无隔离管控人员。", BriefingSentences.Contacts(None, None));

        BriefingLevel[] levels = [new("sealed", "封控区"), new("controlled", "管控区"), new("precaution", "防范区")];
        Assert.Equal("现有封控区1个、管控区2个；今日新划定1个、降级1个、解除1个。",
            BriefingSentences.Zones(levels, F(f => { f.ZonesLevel0 = 1; f.ZonesLevel1 = 2; f.ZonesDesignated = 1; f.ZonesSteppedDown = 1; f.ZonesReleased = 1; })));
        Assert.Equal("辖区内现无风险区域，今日无调整。", BriefingSentences.Zones(levels, None));

        Assert.Equal("隔离场所可用房间2间，已入住1间，入住率50%，入住房间较前一日减少1间。",
            BriefingSentences.Facilities(F(f => { f.Rooms = 2; f.RoomsOccupied = 1; }), F(f => f.RoomsOccupied = 2)));
        Assert.Equal("辖区内暂无在用隔离场所房间。", BriefingSentences.Facilities(None, None));

        Assert.Equal("今日完成转运2人次，其中超时完成1人次；截至统计时点超时未转运1人次。",
            BriefingSentences.Transfers(F(f => { f.TransfersDone = 2; f.TransfersDoneLate = 1; f.TransfersOverdue = 1; })));
        Assert.Equal("今日完成转运3人次，均按时完成；无超时未转运人员。", BriefingSentences.Transfers(F(f => f.TransfersDone = 3)));
        Assert.Equal("今日无完成的转运，无超时未转运人员。", BriefingSentences.Transfers(None));

        Assert.Equal("在办督办事项5件，其中超时3件（未升级1件、升级至二级2件）。",
            BriefingSentences.Tasks(F(f => { f.TasksOpen = 5; f.TasksOverdue = 3; f.TasksOverdueLevel0 = 1; f.TasksOverdueLevel2 = 2; })));
        Assert.Equal("在办督办事项2件，均在办理时限内。", BriefingSentences.Tasks(F(f => f.TasksOpen = 2)));
        Assert.Equal("无在办督办事项。", BriefingSentences.Tasks(None));

        Assert.Equal("今日新增民生诉求1件，与前一日持平；未办结1件，其中超时1件。",
            BriefingSentences.Requests(F(f => { f.RequestsNew = 1; f.RequestsOpen = 1; f.RequestsLate = 1; }), F(f => f.RequestsNew = 1)));
        Assert.Equal("今日无新增民生诉求，无未办结诉求。", BriefingSentences.Requests(None, None));
    }

    [Theory]
    [InlineData(3, 1, "例", "较前一日增加2例")]
    [InlineData(1, 3, "人", "较前一日减少2人")]
    [InlineData(4, 4, "件", "与前一日持平")]
    public void Change(int now, int before, string unit, string expected) => Assert.Equal(expected, BriefingSentences.Change(now, before, unit));
}
