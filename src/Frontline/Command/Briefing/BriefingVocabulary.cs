using Frontline.Platform;

namespace Frontline.Command.Briefing;

public static class BriefingAuditActions
{
    public const string Made = "briefing.make";
}

/// <summary>The briefings' words: errors and the menu entry (the briefing's document itself is Chinese, written by <see cref="BriefingSentences"/>).</summary>
public static class BriefingVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Briefing",
        Errors = new Dictionary<string, Words>
        {
            ["briefing-bad-range"] = new("开始日期晚于结束日期", "The start date is after the end date"),
            ["briefing-range-too-long"] = new("查询范围不能超过{0}天", "The range may not exceed {0} days"),
            ["briefing-not-made"] = new("该日简报尚未生成", "No briefing has been made for that day"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["briefing"] = new("该简报", "Briefing"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [BriefingAuditActions.Made] = new("生成每日简报", "Daily briefing made"),
        },
        Menu =
        [
            new("/command/briefings", new("每日简报", "Daily briefings"), Dashboard.DashboardPermissions.Read, 591),
        ],
        MenuGroup = MenuGroup.Command,
    };
}
