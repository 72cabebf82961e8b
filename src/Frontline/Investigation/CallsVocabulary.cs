using Frontline.Platform;

namespace Frontline.Investigation;

public static class CallAuditActions
{
    public const string ListCreate = "call-list.create";
    public const string ListAddPersons = "call-list.add-persons";
    public const string ListSplit = "call-list.split";
    public const string ListReassign = "call-list.reassign";
    public const string ListTake = "call-list.take";
    public const string Attempt = "call.attempt";
}

/// <summary>The outbound calls' words (外呼): their own vocabulary beside the investigation's, so the parts of the module merge apart.</summary>
static class CallsVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Investigation.Calls",
        Errors = new Dictionary<string, Words>
        {
            ["call-source-required"] = new("请给出场所码和时间段，或病例编号（名单文件请用上传）", "Give a venue code and a time span, or a case id (upload a file for a list from a spreadsheet)"),
            ["call-invalid-span"] = new("时间段的结束应晚于开始", "The span must end after it starts"),
            ["call-span-too-long"] = new("时间段最长 {0} 天", "The span may be at most {0} days"),
            ["call-invalid-outcome"] = new("外呼结果应为 reached、no-answer、wrong-number、refused 或 left-area", "The outcome must be reached, no-answer, wrong-number, refused or left-area"),
            ["call-where-to-required"] = new("已离开本地的，请填写去向", "Say where the person went (left-area needs whereTo)"),
            ["call-closed"] = new("该外呼已结束，不能再记录", "This call is closed; nothing more can be recorded"),
            ["call-not-yours"] = new("该外呼已分配给其他外呼员", "This call is assigned to another caller"),
            ["call-unknown-caller"] = new("外呼员 {0} 不存在，或没有在该名单辖区外呼的权限", "Caller {0} does not exist or may not work calls in this list's jurisdiction"),
            ["call-no-callers"] = new("请至少指定一名外呼员", "Name at least one caller"),
            ["call-invalid-count"] = new("领取数量应为 1 到 {0}", "The count must be 1 to {0}"),
            ["call-no-valid-rows"] = new("名单文件中没有可外呼的行", "The file has no row that can be called"),
            ["call-phone-or-id-required"] = new("请填写手机号码或证件号码", "Give a phone number or a document number"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["call-list"] = new("该外呼名单", "Call list"),
            ["call"] = new("该外呼", "Call"),
            ["call-venue"] = new("该场所码", "Venue code"),
            ["call-case"] = new("该病例", "Case"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [CallAuditActions.ListCreate] = new("生成外呼名单", "Call list made"),
            [CallAuditActions.ListAddPersons] = new("外呼名单追加人员", "Persons added to a call list"),
            [CallAuditActions.ListSplit] = new("分派外呼名单", "Call list split among callers"),
            [CallAuditActions.ListReassign] = new("转派外呼", "Calls reassigned"),
            [CallAuditActions.ListTake] = new("领取外呼", "Calls taken"),
            [CallAuditActions.Attempt] = new("记录外呼结果", "Call attempt recorded"),
        },
        MenuGroup = MenuGroup.Investigation,
        Menu =
        [
            new("/calls", new("我的外呼", "My calls"), InvestigationPermissions.CallsWork, 340),
            new("/call-lists", new("外呼名单", "Call lists"), InvestigationPermissions.CallsManage, 341),
        ],
    };
}

/// <summary>The words of call outcomes and states, for pages and the export.</summary>
public static class CallLabels
{
    public static string Outcome(CallOutcome? o) => o switch
    {
        CallOutcome.Reached => Ui.T("已接通", "Reached"),
        CallOutcome.NoAnswer => Ui.T("未接听", "No answer"),
        CallOutcome.WrongNumber => Ui.T("空号/错号", "Wrong number"),
        CallOutcome.Refused => Ui.T("拒绝配合", "Refused"),
        CallOutcome.LeftArea => Ui.T("已离开本地", "Left the area"),
        CallOutcome.Unreachable => Ui.T("多次未接通", "Unreachable"),
        _ => Ui.T("未拨打", "Not called"),
    };

    public static string Source(CallListSource s) => s switch
    {
        CallListSource.Place => Ui.T("场所扫码", "Venue check-ins"),
        CallListSource.Case => Ui.T("病例密接", "Case contacts"),
        CallListSource.File => Ui.T("名单文件", "Spreadsheet"),
        _ => Ui.T("指定人员", "Named persons"),
    };
}
