using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Components;

/// <summary>The words the pages show for the codes services hand back (glossary of shared/domain-rules.md).</summary>
public static class Labels
{
    public static string Verification(string code) => code switch
    {
        "present" => Ui.T("在住", "Present"),
        "moved-out" => Ui.T("已搬离", "Moved out"),
        "absent" => Ui.T("不在家", "Absent"),
        _ => Ui.T("未核查", "Not checked"),
    };

    /// <summary>AntDesign preset tag colours, so a state reads the same on every page.</summary>
    public static string VerificationColor(string code) => code switch
    {
        "present" => "green",
        "moved-out" => "default",
        "absent" => "orange",
        _ => "blue",
    };

    public static string ResidentType(string code) => code switch
    {
        "registered" => Ui.T("户籍", "Registered"),
        "resident" => Ui.T("常住", "Resident"),
        "floating" => Ui.T("流动", "Floating"),
        _ => code,
    };

    public static string DocType(string code) => code switch
    {
        "resident-id" => Ui.T("居民身份证", "Resident ID"),
        "passport" => Ui.T("护照", "Passport"),
        "hk-macau-permit" => Ui.T("港澳居民来往内地通行证", "Hong Kong/Macau permit"),
        "taiwan-permit" => Ui.T("台湾居民来往大陆通行证", "Taiwan permit"),
        _ => code,
    };

    public static string Level(string level) => level switch
    {
        "district" => Ui.T("区", "District"),
        "street" => Ui.T("街道", "Street"),
        "community" => Ui.T("社区", "Community"),
        "grid" => Ui.T("网格", "Grid"),
        _ => level,
    };

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

    public static readonly string[] AuditActionCodes =
    [
        AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.TokenIssued, AuditActions.PiiView, AuditActions.Export,
        AuditActions.PersonCreate, AuditActions.PersonVerify, AuditActions.RosterImport, AuditActions.PlaceCreate,
        AuditActions.PolicyActivate, AuditActions.Seed, AuditActions.ResultReview, AuditActions.TaskCreate, AuditActions.TaskClose,
    ];

    public static string AuditAction(string action) => action switch
    {
        AuditActions.SignIn => Ui.T("登录", "Sign-in"),
        AuditActions.SignInFailed => Ui.T("登录失败", "Failed sign-in"),
        AuditActions.TokenIssued => Ui.T("签发接口令牌", "API token issued"),
        AuditActions.PiiView => Ui.T("查看完整个人信息", "Unmasked personal data"),
        AuditActions.Export => Ui.T("导出", "Export"),
        AuditActions.PersonCreate => Ui.T("登记人员", "Person registered"),
        AuditActions.PersonVerify => Ui.T("入户核查", "Household check"),
        AuditActions.RosterImport => Ui.T("花名册导入", "Roster import"),
        AuditActions.PlaceCreate => Ui.T("登记场所", "Place registered"),
        AuditActions.PolicyActivate => Ui.T("启用防控政策", "Policy set activated"),
        AuditActions.Seed => Ui.T("演示数据初始化", "Demo seed"),
        AuditActions.ResultReview => Ui.T("检测结果冲突处理", "Conflicting result decided"),
        AuditActions.TaskCreate => Ui.T("发起督办", "Supervised task raised"),
        AuditActions.TaskClose => Ui.T("督办办结", "Supervised task closed"),
        _ => action,
    };

    public static string RoundState(string state) => state switch
    {
        "open" => Ui.T("进行中", "Open"),
        "planned" => Ui.T("未开始", "Planned"),
        "closed" => Ui.T("已结束", "Closed"),
        _ => state,
    };

    public static string RoundStateColor(string state) => state switch
    {
        "open" => "green",
        "planned" => "blue",
        _ => "default",
    };

    /// <summary>Pool sizes as samplers say them: 单采, 5混1, 10混1 (十混一), 20混1.</summary>
    public static string PoolSize(int size) => size == 1 ? Ui.T("单采", "Single tube") : Ui.T($"{size}混1", $"{size}-in-1 pool");

    public static string Outcome(string outcome) => ErrorCatalog.Word(outcome);

    public static string OutcomeColor(string outcome) => outcome switch
    {
        "negative" => "green",
        "positive" => "red",
        "invalid" => "orange",
        _ => "default",
    };

    public static string RetestReason(string reason) => reason switch
    {
        "positive-pool" => Ui.T("混管阳性", "Positive pool"),
        "invalid-tube" => Ui.T("采样管无效，需重采", "Invalid tube, re-sample"),
        _ => reason,
    };

    public static string RetestStatus(string status) => status switch
    {
        "due" => Ui.T("待复核", "Due"),
        "overdue" => Ui.T("已超时", "Overdue"),
        "done" => Ui.T("已复核采样", "Re-sampled"),
        _ => status,
    };

    public static string RetestStatusColor(string status) => status switch
    {
        "due" => "orange",
        "overdue" => "red",
        _ => "green",
    };

    public static string Days(IEnumerable<int> days) =>
        days.Any() ? string.Join(Ui.T("、", ", "), days.Select(d => Ui.T($"第{d}天", $"day {d}"))) : "—";

    /// <summary>The message a person should read for a failed operation; unexpected errors keep their own text.</summary>
    public static string Error(Exception e) => e switch
    {
        ValidationFailed v => string.Join(Ui.T("；", "; "), v.Errors.Select(f => ErrorCatalog.Message(f.Code, null, f.Args))),
        DomainException d => ErrorCatalog.Message(d.Code, null, d.Args),
        _ => ErrorCatalog.Message("internal-error"),
    };
}
