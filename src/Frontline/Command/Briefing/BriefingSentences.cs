using System.Globalization;
using Frontline.Command.Dashboard;

namespace Frontline.Command.Briefing;

/// <summary>One section of a briefing: its heading and the sentence written from the figures.</summary>
public sealed record BriefingSection(string Code, string Heading, string Sentence);

/// <summary>
/// The briefing's sentences in the style of a government briefing, written by rules from the figures of the day and the day
/// before — never by hand. Pure functions: the same figures give the same words. The document is Chinese, so are these.
/// </summary>
public static class BriefingSentences
{
    public static IReadOnlyList<BriefingSection> Sections(BriefingSnapshot s) =>
    [
        new("cases", "一、疫情概况", Cases(s.Today, s.PreviousDay)),
        new("testing", "二、核酸检测", Testing(s.Whole, s.Round, s.Today, s.PreviousDay)),
        new("contacts", "三、密接追踪与隔离管控", Contacts(s.Today, s.PreviousDay)),
        new("zones", "四、风险区域管控", Zones(s.Levels, s.Today)),
        new("facilities", "五、隔离场所", Facilities(s.Today, s.PreviousDay)),
        new("transfers", "六、转运工作", Transfers(s.Today)),
        new("tasks", "七、督办事项", Tasks(s.Today)),
        new("requests", "八、民生诉求", Requests(s.Today, s.PreviousDay)),
    ];

    /// <summary>“较前一日增加3例” / “较前一日减少1例” / “与前一日持平”.</summary>
    public static string Change(int now, int before, string unit) =>
        now == before ? "与前一日持平" : now > before ? $"较前一日增加{now - before}{unit}" : $"较前一日减少{before - now}{unit}";

    /// <summary>A percentage as the briefing writes it: one decimal, no trailing “.0”.</summary>
    public static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    static string Join(params (int Count, string Text)[] parts) => string.Join("、", parts.Where(p => p.Count > 0).Select(p => p.Text));

    public static string Cases(DailyFigures t, DailyFigures p)
    {
        var cumulative = t.CumulativeCases > 0
            ? $"累计报告本土感染者{t.CumulativeCases}例（确诊病例{t.CumulativeConfirmed}例、无症状感染者{t.CumulativeAsymptomatic}例）"
            : "";
        var newToday = t.NewConfirmed + t.NewAsymptomatic + t.NewPending;
        var newBefore = p.NewConfirmed + p.NewAsymptomatic + p.NewPending;
        if (newToday == 0)
            return "今日无新增本土感染者" + (newBefore > 0 ? $"（前一日新增{newBefore}例）" : "") + (cumulative.Length > 0 ? "，" + cumulative : "") + "。";
        var sentence = "今日新增" + Join((t.NewConfirmed, $"确诊病例{t.NewConfirmed}例"), (t.NewAsymptomatic, $"无症状感染者{t.NewAsymptomatic}例"),
            (t.NewPending, $"待分类感染者{t.NewPending}例"));
        (int Count, string Text)[] sources =
        [
            (t.NewFoundInControl, $"管控人员中发现{t.NewFoundInControl}例"),
            (t.NewFoundByScreening, $"社区筛查发现{t.NewFoundByScreening}例"),
            (t.NewFoundInCommunity, $"社区主动就诊发现{t.NewFoundInCommunity}例"),
        ];
        if (t.NewFoundInControl == newToday) sentence += "，均在管控人员中发现";
        else if (t.NewFoundByScreening == newToday) sentence += "，均为社区筛查发现";
        else if (t.NewFoundInCommunity == newToday) sentence += "，均为社区主动就诊发现";
        else if (sources.Any(x => x.Count > 0)) sentence += "，其中" + Join(sources);
        sentence += "；新增感染者" + Change(newToday, newBefore, "例");
        return sentence + (cumulative.Length > 0 ? "；" + cumulative : "") + "。";
    }

    public static string Testing(string whole, BriefingRound? round, DailyFigures t, DailyFigures p)
    {
        var retests = t.RetestsPending > 0
            ? $"待复核采样{t.RetestsPending}人" + (t.RetestsOverdue > 0 ? $"，其中超时未复核{t.RetestsOverdue}人" : "，均在时限内")
            : "";
        if (t.Eligible == 0)
            return "今日无正在开展的全员核酸检测" + (retests.Length > 0 ? "；" + retests : "") + "。";
        var coverage = DayFigures.Percent(t.Sampled, t.Eligible)!.Value;
        var sentence = $"{whole}开展{(round is null ? "" : $"第{round.Number}轮")}全员核酸检测，应检{t.Eligible}人，已采样{t.Sampled}人，覆盖率{Percent(coverage)}%";
        if (DayFigures.Percent(p.Sampled, p.Eligible) is { } before)
        {
            var delta = Math.Round(coverage - before, 1);
            sentence += delta == 0 ? "，与前一日持平" : delta > 0 ? $"，较前一日提高{Percent(delta)}个百分点" : $"，较前一日下降{Percent(-delta)}个百分点";
        }
        sentence += $"；已出结果{t.Resulted}人，" + (t.PositivePools > 0 ? $"发现阳性混管{t.PositivePools}管" : "未发现阳性混管");
        return sentence + (retests.Length > 0 ? "；" + retests : "") + "。";
    }

    public static string Contacts(DailyFigures t, DailyFigures p)
    {
        var sentence = t.NewCloseContacts + t.NewSecondaryContacts == 0
            ? "今日无新增密切接触者和次密接"
            : "今日新增判定" + Join((t.NewCloseContacts, $"密切接触者{t.NewCloseContacts}人"), (t.NewSecondaryContacts, $"次密接{t.NewSecondaryContacts}人"));
        if (t.CloseContacts + t.SecondaryContacts > 0) sentence += $"，累计判定密切接触者{t.CloseContacts}人、次密接{t.SecondaryContacts}人";
        var held = t.InCentralisedQuarantine + t.InHomeQuarantine + t.InHomeMonitoring;
        if (held == 0) return sentence + "；现无隔离管控人员。";
        return sentence + $"；现有集中隔离{t.InCentralisedQuarantine}人、居家隔离{t.InHomeQuarantine}人、居家健康监测{t.InHomeMonitoring}人，" +
            $"集中隔离人数{Change(t.InCentralisedQuarantine, p.InCentralisedQuarantine, "人")}。";
    }

    public static string Zones(IReadOnlyList<BriefingLevel> levels, DailyFigures t)
    {
        int[] counts = [t.ZonesLevel0, t.ZonesLevel1, t.ZonesLevel2];
        var active = Join([.. levels.Take(3).Select((l, i) => (counts[i], $"{l.Zh}{counts[i]}个"))]);
        var sentence = active.Length == 0 ? "辖区内现无风险区域" : "现有" + active;
        var changes = Join((t.ZonesDesignated, $"新划定{t.ZonesDesignated}个"), (t.ZonesSteppedDown, $"降级{t.ZonesSteppedDown}个"), (t.ZonesReleased, $"解除{t.ZonesReleased}个"));
        return sentence + (changes.Length == 0 ? "，今日无调整。" : "；今日" + changes + "。");
    }

    public static string Facilities(DailyFigures t, DailyFigures p)
    {
        if (t.Rooms == 0) return "辖区内暂无在用隔离场所房间。";
        return $"隔离场所可用房间{t.Rooms}间，已入住{t.RoomsOccupied}间，入住率{Percent(DayFigures.Percent(t.RoomsOccupied, t.Rooms)!.Value)}%，" +
            $"入住房间{Change(t.RoomsOccupied, p.RoomsOccupied, "间")}。";
    }

    public static string Transfers(DailyFigures t)
    {
        if (t.TransfersDone == 0 && t.TransfersOverdue == 0) return "今日无完成的转运，无超时未转运人员。";
        var sentence = t.TransfersDone == 0 ? "今日无完成的转运"
            : $"今日完成转运{t.TransfersDone}人次" + (t.TransfersDoneLate > 0 ? $"，其中超时完成{t.TransfersDoneLate}人次" : "，均按时完成");
        return sentence + (t.TransfersOverdue > 0 ? $"；截至统计时点超时未转运{t.TransfersOverdue}人次。" : "；无超时未转运人员。");
    }

    public static string Tasks(DailyFigures t)
    {
        if (t.TasksOpen == 0) return "无在办督办事项。";
        if (t.TasksOverdue == 0) return $"在办督办事项{t.TasksOpen}件，均在办理时限内。";
        var levels = Join((t.TasksOverdueLevel0, $"未升级{t.TasksOverdueLevel0}件"), (t.TasksOverdueLevel1, $"升级至一级{t.TasksOverdueLevel1}件"),
            (t.TasksOverdueLevel2, $"升级至二级{t.TasksOverdueLevel2}件"), (t.TasksOverdueLevel3, $"升级至三级{t.TasksOverdueLevel3}件"));
        return $"在办督办事项{t.TasksOpen}件，其中超时{t.TasksOverdue}件" + (levels.Length > 0 ? $"（{levels}）" : "") + "。";
    }

    public static string Requests(DailyFigures t, DailyFigures p)
    {
        if (t.RequestsNew == 0 && t.RequestsOpen == 0) return "今日无新增民生诉求，无未办结诉求。";
        var sentence = t.RequestsNew == 0 ? "今日无新增民生诉求" : $"今日新增民生诉求{t.RequestsNew}件，{Change(t.RequestsNew, p.RequestsNew, "件")}";
        return sentence + $"；未办结{t.RequestsOpen}件" + (t.RequestsLate > 0 ? $"，其中超时{t.RequestsLate}件。" : "，均在办理时限内。");
    }
}
