using Frontline.Command.Dashboard;
using Frontline.Command.Epidemic;
using Frontline.Registry;

namespace Frontline.Command.Briefing;

/// <summary>A zone level of the policy set in force when the briefing was made, with its Chinese name (frozen with the figures).</summary>
public sealed record BriefingLevel(string Code, string Zh);

/// <summary>A child jurisdiction's figures (a street of the district, a community of the street) on the day and the day before.</summary>
public sealed record BriefingChild(string Code, string Name, DailyFigures Today, DailyFigures PreviousDay);

/// <summary>The testing round open on the day: its ordinal among the jurisdiction's rounds (第N轮) and its name.</summary>
public sealed record BriefingRound(int Number, string Name);

/// <summary>
/// Everything a briefing shows, frozen at its cut-off: the dashboard's sums of the day and the day before (the same
/// <see cref="DailyFigures"/>, one concept in one place), each child's, the round open, the epidemic curve of the last
/// 30 days and Rt. Sentences, tables, charts and the Word document are pure functions of it.
/// </summary>
public sealed record BriefingSnapshot(DateOnly Date, string Jurisdiction, string Name, JurisdictionLevel Level, DateTimeOffset CutoffAt,
    IReadOnlyList<BriefingLevel> Levels, DailyFigures Today, DailyFigures PreviousDay, IReadOnlyList<BriefingChild> Children,
    BriefingRound? Round, IReadOnlyList<CurveDay> Curve, RtEstimate? Rt)
{
    /// <summary>How a briefing names the whole of its jurisdiction: 全区, 全街道, 全社区.</summary>
    public string Whole => Level switch { JurisdictionLevel.District => "全区", JurisdictionLevel.Street => "全街道", _ => "全社区" };

    /// <summary>What the children are called in the tables' first column.</summary>
    public string ChildWord => Level == JurisdictionLevel.District ? "街道" : "社区";

    /// <summary>The document's title: 宝安区新冠肺炎疫情防控工作简报（2026年12月2日）.</summary>
    public string Title => $"{Name}新冠肺炎疫情防控工作简报（{Date.Year}年{Date.Month}月{Date.Day}日）";
}
