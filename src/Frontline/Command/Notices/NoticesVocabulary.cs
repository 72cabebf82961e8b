using Frontline.Platform;

namespace Frontline.Command.Notices;

public static class NoticePermissions
{
    /// <summary>Send notices to the jurisdictions and roles of one's own (a command).</summary>
    public const string Send = "notices.send";
    /// <summary>Read one's notice inbox and acknowledge (签收).</summary>
    public const string Read = "notices.read";
}

public static class NoticeAuditActions
{
    public const string Send = "notice.send";
    public const string Acknowledge = "notice.acknowledge";
    public const string Remind = "notice.remind";
}

/// <summary>The notices' words (收发文).</summary>
static class NoticesVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Notices",
        Errors = new Dictionary<string, Words>
        {
            ["notice-no-recipients"] = new("请至少选择一个收文单位", "Choose at least one recipient"),
            ["notice-too-many-recipients"] = new("收文单位最多 {0} 个（可选上级辖区代替其下各单位）", "At most {0} recipients (choose the jurisdiction above them instead)"),
            ["notice-unknown-recipient"] = new("找不到收文单位：{0}", "No such recipient: {0}"),
            ["notice-recipient-out-of-scope"] = new("收文单位 {0} 不在您的管辖范围内", "The recipient {0} is outside your jurisdiction"),
            ["notice-duplicate-recipient"] = new("同一收文单位出现了两次", "A recipient is named twice"),
            ["notice-not-recipient"] = new("您不是该通知的收文单位，无需签收", "You are not a recipient of this notice"),
            ["notice-not-sender"] = new("只有发文单位可以催办", "Only the sender may remind"),
            ["notice-key-taken"] = new("该请求编号已被使用", "The client key is already used"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:box"] = new("收发文", "Box"),
            ["notice"] = new("该通知", "Notice"),
            ["role-" + Roles.CommunityWorker] = new("全体网格员", "All community workers"),
            ["role-" + Roles.Dispatcher] = new("全体转运调度", "All transfer dispatchers"),
            ["role-" + Roles.Investigator] = new("全体流调人员", "All investigators"),
            ["role-" + Roles.Sampler] = new("全体采样人员", "All samplers"),
            ["role-" + Roles.FacilityStaff] = new("全体隔离场所工作人员", "All facility staff"),
            ["role-" + Roles.Inspector] = new("全体督导组", "All inspectors"),
            ["role-" + Roles.HotlineOperator] = new("全体热线接线员", "All hotline operators"),
            ["role-" + Roles.StreetCommander] = new("全体街道指挥部", "All street commands"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [NoticeAuditActions.Send] = new("发送通知", "Notice sent"),
            [NoticeAuditActions.Acknowledge] = new("签收通知", "Notice acknowledged"),
            [NoticeAuditActions.Remind] = new("催办签收", "Notice reminder sent"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/notices", new("收文签收", "Notice inbox"), NoticePermissions.Read, 620),
            new("/notices/sent", new("发文", "Sent notices"), NoticePermissions.Send, 621),
        ],
    };
}
