using Frontline.Platform;

namespace Frontline.Investigation;

public static class CaseAuditActions
{
    public const string Reclassify = "case.reclassify";
    public const string Update = "case.update";
    public const string Report = "case.report";
    public const string NoticeDraft = "notice.draft";
    public const string NoticeEdit = "notice.edit";
    public const string NoticeApprove = "notice.approve";
}

/// <summary>The words of the case file, the investigation report and the trajectory notice.</summary>
static class CasesVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "InvestigationCases",
        Errors = new Dictionary<string, Words>
        {
            ["case-classification-downgrade"] = new("确诊病例不能改回无症状感染者（只能由无症状感染者订正为确诊病例）",
                "A confirmed case cannot go back to asymptomatic (only asymptomatic → confirmed)"),
            ["case-classification-pending"] = new("已分类的病例不能改回待分类", "A classified case cannot go back to pending"),
            ["case-changed"] = new("该病例刚被他人修改，请刷新后重试", "The case was just changed by someone else; reload and try again"),
            ["case-infector-unknown"] = new("找不到该传染来源病例，或不在您的辖区", "No such infector case in your jurisdiction"),
            ["case-infector-self"] = new("病例不能是自己的传染来源", "A case cannot be its own infector"),
            ["case-infector-cycle"] = new("所选病例本身（直接或间接）由该病例传染，传播链不能成环", "The chosen case was itself infected by this one: a chain cannot loop"),
            ["case-date-in-future"] = new("{0}不能晚于当前时间", "{0} cannot be in the future"),
            ["case-severity-needs-confirmed"] = new("临床分型只适用于确诊病例", "Severity applies to confirmed cases only"),
            ["case-milestone-done"] = new("该节点已于 {0} 记录，不能重复记录", "Already recorded at {0}"),
            ["case-export-too-large"] = new("病例 {0} 例超过导出上限 {1}，请缩小筛选范围后导出", "{0} cases exceed the export limit of {1}; narrow the filters"),
            ["case-report-format"] = new("流调报告只提供 Word（docx）格式", "The investigation report comes as Word (docx) only"),
            ["notice-personal-data"] = new("公告中不能出现病例的姓名、证件号码、手机号码或房号", "A notice must not name the case's person, ID number, phone or room"),
            ["notice-approved"] = new("该轨迹公告已审核，不能再修改", "This trajectory notice is approved and can no longer change"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["trajectory-notice"] = new("该轨迹公告", "Trajectory notice"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [CaseAuditActions.Reclassify] = new("病例订正分类", "Case reclassified"),
            [CaseAuditActions.Update] = new("修改病例信息", "Case facts changed"),
            [CaseAuditActions.Report] = new("下载流调报告", "Investigation report downloaded"),
            [CaseAuditActions.NoticeDraft] = new("起草轨迹公告", "Trajectory notice drafted"),
            [CaseAuditActions.NoticeEdit] = new("修改轨迹公告", "Trajectory notice edited"),
            [CaseAuditActions.NoticeApprove] = new("审核轨迹公告", "Trajectory notice approved"),
        },
        MenuGroup = MenuGroup.Investigation,
        Menu =
        [
            new("/investigation/cases", new("病例与流调", "Cases"), InvestigationPermissions.Read, 300),
        ],
    };
}

/// <summary>The case file's words on pages and in documents.</summary>
public static class CaseLabels
{
    public static string Classification(string code) => code switch
    {
        "confirmed" => Ui.T("确诊病例", "Confirmed"),
        "asymptomatic" => Ui.T("无症状感染者", "Asymptomatic"),
        _ => Ui.T("待分类", "Pending"),
    };

    public static string ClassificationColor(string code) => code switch { "confirmed" => "red", "asymptomatic" => "orange", _ => "default" };

    public static string ClassificationZh(CaseClassification c) => c switch
    {
        CaseClassification.Confirmed => "确诊病例",
        CaseClassification.Asymptomatic => "无症状感染者",
        _ => "待分类",
    };

    public static string SeverityZh(CaseSeverity s) => s switch
    {
        CaseSeverity.Mild => "轻型",
        CaseSeverity.Moderate => "普通型",
        CaseSeverity.Severe => "重型",
        _ => "危重型",
    };

    public static string Severity(string? code) => code switch
    {
        "mild" => Ui.T("轻型", "Mild"),
        "moderate" => Ui.T("普通型", "Moderate"),
        "severe" => Ui.T("重型", "Severe"),
        "critical" => Ui.T("危重型", "Critical"),
        _ => "—",
    };

    public static string OutcomeZh(CaseOutcome o) => o switch
    {
        CaseOutcome.Home => "居家治疗",
        CaseOutcome.ShelterHospital => "方舱医院",
        CaseOutcome.Hospital => "定点医院",
        CaseOutcome.Recovered => "治愈出院",
        _ => "死亡",
    };

    public static string Outcome(string? code) => code switch
    {
        "home" => Ui.T("居家治疗", "At home"),
        "shelter-hospital" => Ui.T("方舱医院", "Shelter hospital"),
        "hospital" => Ui.T("定点医院", "Designated hospital"),
        "recovered" => Ui.T("治愈出院", "Recovered"),
        "died" => Ui.T("死亡", "Died"),
        _ => "—",
    };

    public static string SexZh(string? sex) => sex switch { "male" => "男", "female" => "女", _ => "" };
    public static string Sex(string? sex) => sex switch { "male" => Ui.T("男", "Male"), "female" => Ui.T("女", "Female"), _ => "—" };

    public static string DetectedByZh(string code) => code switch
    {
        "mass-testing" => "全员核酸检测",
        "report" => "主动报告",
        "fever-clinic" => "发热门诊",
        "close-contact" => "密接管控中检出",
        _ => code,
    };

    public static string DetectedBy(string code) => code switch
    {
        "mass-testing" => Ui.T("全员核酸检测", "Mass testing"),
        "report" => Ui.T("主动报告", "Reported"),
        "fever-clinic" => Ui.T("发热门诊", "Fever clinic"),
        "close-contact" => Ui.T("密接管控中检出", "Found among close contacts"),
        _ => code,
    };

    public static string Milestone(string code) => code switch
    {
        "notified" => Ui.T("网络直报", "Reported to surveillance"),
        "core-facts" => Ui.T("核心信息", "Core facts"),
        _ => Ui.T("流调报告", "Investigation report"),
    };

    public static string DeadlineStatus(string status, int? minutesLeft) => status switch
    {
        "on-time" => Ui.T("按时完成", "On time"),
        "late" => Ui.T("超时完成", "Late"),
        "due" => Ui.T($"剩余 {Duration(minutesLeft ?? 0)}", $"Due in {DurationEn(minutesLeft ?? 0)}"),
        _ => Ui.T($"已超时 {Duration(-(minutesLeft ?? 0))}", $"Overdue by {DurationEn(-(minutesLeft ?? 0))}"),
    };

    public static string DeadlineColor(string status) => status switch { "on-time" => "green", "late" => "orange", "due" => "blue", _ => "red" };

    static string Duration(int minutes) => minutes >= 120 ? $"{minutes / 60} 小时 {minutes % 60} 分钟" : $"{minutes} 分钟";
    static string DurationEn(int minutes) => minutes >= 120 ? $"{minutes / 60} h {minutes % 60} min" : $"{minutes} min";

    public static string LookbackRule(string rule) => rule switch
    {
        "onset" => Ui.T("自发病日前推", "before onset"),
        "sampling" => Ui.T("自采样日前推", "before sampling"),
        "last-negative" => Ui.T("自末次阴性采样起", "from the last negative test"),
        _ => Ui.T("自报告日前推", "before the report"),
    };

    public static string EventKind(string kind) => kind switch
    {
        CaseEventKinds.Created => Ui.T("登记病例", "Case recorded"),
        CaseEventKinds.Classification => Ui.T("订正分类", "Classification"),
        CaseEventKinds.Severity => Ui.T("临床分型", "Severity"),
        CaseEventKinds.Outcome => Ui.T("转归", "Outcome"),
        CaseEventKinds.SampledAt => Ui.T("采样时间", "Sampled at"),
        CaseEventKinds.OnsetDate => Ui.T("发病日期", "Onset date"),
        CaseEventKinds.IsolatedAt => Ui.T("隔离时间", "Isolated at"),
        CaseEventKinds.Infector => Ui.T("传染来源", "Infector"),
        CaseEventKinds.Milestone => Ui.T("时限节点", "Deadline met"),
        CaseEventKinds.NoticeDrafted => Ui.T("起草轨迹公告", "Notice drafted"),
        CaseEventKinds.NoticeEdited => Ui.T("修改轨迹公告", "Notice edited"),
        CaseEventKinds.NoticeApproved => Ui.T("审核轨迹公告", "Notice approved"),
        CaseEventKinds.ReportDownloaded => Ui.T("下载流调报告", "Report downloaded"),
        _ => kind,
    };

    /// <summary>An event's from/to value in words: classification, severity, outcome and milestone codes are translated.</summary>
    public static string Value(string kind, string? value) => value is null ? "—" : kind switch
    {
        CaseEventKinds.Classification or CaseEventKinds.Created => Classification(value),
        CaseEventKinds.Severity => Severity(value),
        CaseEventKinds.Outcome => Outcome(value),
        CaseEventKinds.Milestone => Milestone(value),
        _ => value,
    };
}
