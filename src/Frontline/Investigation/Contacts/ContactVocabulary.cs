using Frontline.Platform;

namespace Frontline.Investigation;

public static class ContactAuditActions
{
    public const string Add = "contact.add";
    public const string Import = "contact.import";
    /// <summary>A secondary contact moved to the new case when its close contact became one (the linked rule).</summary>
    public const string Reclassify = "contact.reclassify";
    public const string AssistCheckOpen = "assist-check.open";
    public const string AssistCheckSent = "assist-check.sent";
    public const string AssistCheckExport = "assist-check.export";
}

public static class ContactEvents
{
    /// <summary>A case was made for a person (by hand or by a positive re-test): the linked rule of their contacts runs.</summary>
    public const string CaseCreated = "investigation.case-created";
}

public sealed record CaseCreatedEvent(long PersonId);

/// <summary>The words of contacts, assist-checks and chains of transmission.</summary>
static class ContactVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Investigation.Contacts",
        Errors = new Dictionary<string, Words>
        {
            ["invalid-contact-type"] = new("密接类型应为密接或次密接", "The contact type must be close or secondary"),
            ["invalid-setting"] = new("接触场景无法识别：{0}", "Unknown contact setting: {0}"),
            ["secondary-not-identified"] = new("现行防控方案不判定次密接", "The policy set in force does not identify secondary contacts"),
            ["unknown-via-contact"] = new("经由的密接不存在或不属于该病例", "The close contact named as the route does not exist or is not this case's"),
            ["via-not-close"] = new("次密接须经由该病例的密接（不能经由次密接）", "A secondary contact must come through one of the case's close contacts, not a secondary one"),
            ["via-only-for-secondary"] = new("只有次密接才填写经由密接", "Only a secondary contact has a close contact as its route"),
            ["exposure-in-future"] = new("最后接触时间晚于当前时间", "The last exposure is in the future"),
            ["duplicate-contact"] = new("该人员已是该病例的密接或次密接", "This person is already a contact of this case"),
            ["contact-is-case"] = new("不能把病例本人登记为其密接", "The case's own person cannot be their contact"),
            ["contact-list-too-long"] = new("名单过长（最多 {0} 行）；请按病例分开导入", "The list is too long (at most {0} rows); import it case by case"),
            ["contact-no-phone"] = new("该人员未登记手机号码", "No phone number is registered for this person"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["contact"] = new("该密接", "Contact"),
            ["assist-check"] = new("该协查", "Assist-check request"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [ContactAuditActions.Add] = new("登记密接/次密接", "Contact recorded"),
            [ContactAuditActions.Import] = new("导入密接名单", "Contact list imported"),
            [ContactAuditActions.Reclassify] = new("次密接转为新病例的密接", "Secondary contact made close contact of the new case"),
            [ContactAuditActions.AssistCheckOpen] = new("发起协查", "Assist-check request raised"),
            [ContactAuditActions.AssistCheckSent] = new("协查函已发出", "Assist-check request sent"),
            [ContactAuditActions.AssistCheckExport] = new("导出协查清单", "Assist-check list exported"),
        },
        MenuGroup = MenuGroup.Investigation,
        Menu =
        [
            new("/investigation/assist-checks", new("协查清单", "Assist-checks"), InvestigationPermissions.Read, 440),
        ],
    };
}

/// <summary>The words the pages show for contacts' codes.</summary>
public static class ContactLabels
{
    public static string Kind(string code) => code == "close" ? Ui.T("密接", "Close contact") : Ui.T("次密接", "Secondary contact");

    public static string KindColor(string code) => code == "close" ? "red" : "orange";

    public static string Setting(string code) => ContactRules.Settings.TryGetValue(code, out var w) ? w.In() : code;

    public static string State(string code) => code switch
    {
        "monitoring" => Ui.T("管控中", "Under measures"),
        "awaiting-close-results" => Ui.T("待密接检测结果", "Awaiting close contact's results"),
        "released" => Ui.T("可解除", "Releasable"),
        "became-case" => Ui.T("已转为病例", "Became a case"),
        "reclassified" => Ui.T("已转为新病例密接", "Moved to the new case"),
        _ => code,
    };

    public static string StateColor(string code) => code switch
    {
        "monitoring" => "blue",
        "awaiting-close-results" => "gold",
        "released" => "green",
        "became-case" => "red",
        _ => "purple",
    };

    public static string AssistState(string code) => code == "sent" ? Ui.T("已发出", "Sent") : Ui.T("待发出", "Open");
}
