using Frontline.Platform;

namespace Frontline.Containment;

public static class SelfReportAuditActions
{
    public const string LinkIssue = "self-report.link-issue";
    public const string Report = "self-report.report";
}

/// <summary>The self-report links' words (居家隔离/居家健康监测 自主上报).</summary>
static class SelfReportVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Containment.SelfReport",
        Errors = new Dictionary<string, Words>
        {
            ["self-report-not-at-home"] = new("自主上报链接仅用于居家隔离和居家健康监测", "Self-report links are for home quarantine and home health monitoring only"),
            ["self-report-stay-ended"] = new("该隔离已结束，不能再发放上报链接", "The stay has ended; no link can be issued"),
            ["self-report-invalid-temperature"] = new("体温应在 {0}–{1} °C 之间", "The temperature must be between {0} and {1} °C"),
            ["self-report-invalid-symptom"] = new("无法识别的症状：{0}", "Unknown symptom: {0}"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["self-report-link"] = new("该上报链接", "Link"),
            ["self-report-stay"] = new("该隔离记录", "Stay"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [SelfReportAuditActions.LinkIssue] = new("发放自主上报链接", "Self-report link issued"),
            [SelfReportAuditActions.Report] = new("居家人员自主上报健康状况", "Health self-reported"),
        },
    };
}
