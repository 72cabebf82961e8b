using Frontline.Platform;

namespace Frontline.Containment;

public static class TransferAuditActions
{
    public const string Request = "transfer.request";
    public const string Dispatch = "transfer.dispatch";
    public const string PickUp = "transfer.pick-up";
    public const string Arrive = "transfer.arrive";
    public const string Cancel = "transfer.cancel";
}

/// <summary>The transfers' words (转运): their own vocabulary beside the containment module's, so the parts merge apart.</summary>
static class TransfersVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Containment.Transfers",
        Errors = new Dictionary<string, Words>
        {
            ["transfer-no-people"] = new("请至少指定一名转运人员", "Name at least one person to transfer"),
            ["transfer-too-many-people"] = new("一次转运最多 {0} 人", "A transfer carries at most {0} people"),
            ["transfer-duplicate-person"] = new("同一人员在转运名单中出现了两次", "A person is named twice on the transfer"),
            ["already-on-transfer"] = new("人员 {0} 已在另一趟未完成的转运中", "Person {0} is already on another open transfer"),
            ["transfer-due-in-past"] = new("转运时限不能早于当前时间", "The due time must not be in the past"),
            ["transfer-due-beyond-policy"] = new("转运时限不能晚于防控方案规定的 {0} 小时", "The due time may not be later than the policy's {0} hours"),
            ["transfer-unknown-room"] = new("该隔离场所没有房间 {0}", "The facility has no room {0}"),
            ["transfer-room-taken"] = new("房间 {0} 已有人入住或已预留给另一趟转运", "Room {0} is occupied or kept for another transfer"),
            ["transfer-wrong-order"] = new("转运当前为“{0}”，不能改为“{1}”", "The transfer is {0}; it cannot become {1}"),
            ["transfer-at-in-future"] = new("时间不能晚于当前时间", "The time may not be in the future"),
            ["transfer-before-previous"] = new("时间不能早于上一步（{0}）", "The time may not be before the previous step ({0})"),
            ["transfer-invalid-status"] = new("状态应为 dispatched、picked-up、arrived 或 cancelled", "The status must be dispatched, picked-up, arrived or cancelled"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["transfer"] = new("该转运", "Transfer"),
            ["transfer-status-requested"] = new("待派车", "requested"),
            ["transfer-status-dispatched"] = new("已派车", "dispatched"),
            ["transfer-status-picked-up"] = new("已接上", "picked up"),
            ["transfer-status-arrived"] = new("已送达", "arrived"),
            ["transfer-status-cancelled"] = new("已取消", "cancelled"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [TransferAuditActions.Request] = new("申请转运", "Transfer requested"),
            [TransferAuditActions.Dispatch] = new("转运派车", "Transfer dispatched"),
            [TransferAuditActions.PickUp] = new("转运已接上", "Transfer picked up"),
            [TransferAuditActions.Arrive] = new("转运已送达", "Transfer arrived"),
            [TransferAuditActions.Cancel] = new("取消转运", "Transfer cancelled"),
        },
        MenuGroup = MenuGroup.Containment,
        Menu =
        [
            new("/transfers", new("转运调度", "Transfers"), ContainmentPermissions.Transfer, 530),
            new("/transfers/new", new("申请转运", "Request a transfer"), ContainmentPermissions.TransferRequest, 531),
        ],
    };
}
