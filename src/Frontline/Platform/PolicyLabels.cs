namespace Frontline.Platform;

/// <summary>The words of a policy set's own vocabulary (zone levels, area schemes, stay kinds), as the policy page shows them.</summary>
public static class PolicyLabels
{
    public static string ZoneLevel(string level) => level switch
    {
        "sealed" => Ui.T("封控区", "Sealed zone"),
        "controlled" => Ui.T("管控区", "Controlled zone"),
        "precaution" => Ui.T("防范区", "Precaution zone"),
        "high" => Ui.T("高风险区", "High-risk area"),
        "medium" => Ui.T("中风险区", "Medium-risk area"),
        "low" => Ui.T("低风险区", "Low-risk area"),
        "released" => Ui.T("解除", "Released"),
        _ => level,
    };

    public static string AreaScheme(string scheme) => scheme switch
    {
        "three-zones" => Ui.T("三区划分（封控区/管控区/防范区）", "Three zones (sealed/controlled/precaution)"),
        "risk-areas" => Ui.T("高/中/低风险区", "High/medium/low risk areas"),
        "high-low" => Ui.T("高/低风险区", "High/low risk areas"),
        _ => scheme,
    };

    public static string StayKind(string? kind) => kind switch
    {
        "centralised" => Ui.T("集中隔离", "Centralised quarantine"),
        "home" or "home-quarantine" => Ui.T("居家隔离", "Home quarantine"),
        "home-monitoring" => Ui.T("居家健康监测", "Home health monitoring"),
        null or "" => "—",
        _ => kind,
    };

    public static string Days(IEnumerable<int> days) =>
        days.Any() ? string.Join(Ui.T("、", ", "), days.Select(d => Ui.T($"第{d}天", $"day {d}"))) : "—";
}
