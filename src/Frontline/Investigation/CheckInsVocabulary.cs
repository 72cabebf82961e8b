using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

public static class CheckInsAuditActions
{
    public const string TrajectoryAdd = "trajectory.add";
    public const string TrajectoryDelete = "trajectory.delete";
    public const string CompanionConfirm = "companion.confirm";
    public const string CompanionDismiss = "companion.dismiss";
}

/// <summary>The words of venue codes, check-ins, trajectories and space-time companions.</summary>
static class CheckInsVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Investigation.CheckIns",
        Errors = new Dictionary<string, Words>
        {
            ["unknown-venue"] = new("找不到该场所码对应的场所，或不在您的辖区", "No registered place with this venue code in your jurisdiction"),
            ["checkin-unknown-person"] = new("该证件号码或人员编号未登记", "This document number or person id is not registered"),
            ["checkin-in-future"] = new("扫码时间晚于服务器时间超过 {0} 分钟，请核对设备时间", "The check-in time is more than {0} minutes ahead of the server; check the device's clock"),
            ["trajectory-ends-before-start"] = new("结束时间早于开始时间", "The entry ends before it starts"),
            ["trajectory-outside-lookback"] = new("该时段完全在追溯期（{0} 至 {1}）之外", "The span lies wholly outside the lookback period ({0} to {1})"),
            ["trajectory-too-long"] = new("一段轨迹最长 {0} 小时，请分段登记", "An entry spans at most {0} hours; record it in parts"),
            ["trajectory-too-many"] = new("一次最多登记 {0} 段轨迹", "At most {0} entries at a time"),
            ["venue-or-address"] = new("请填写场所码或地址（二选一）", "Give a venue code or an address (one of them)"),
            ["checkin-not-own"] = new("该扫码记录不是本病例本人在追溯期内的记录", "Not a check-in of the case's own person inside the lookback"),
            ["not-a-companion"] = new("此人不是本病例当前的时空伴随者", "This person is not a current space-time companion of the case"),
            ["companion-already-contact"] = new("此人已是本病例的密接", "This person is already a contact of the case"),
            ["invalid-window"] = new("时间窗口应为 1 至 {0} 分钟", "The window must be 1 to {0} minutes"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["place"] = new("该场所", "Place"),
            ["trajectory-entry"] = new("该轨迹", "Trajectory entry"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [CheckInsAuditActions.TrajectoryAdd] = new("登记病例轨迹", "Trajectory entries added"),
            [CheckInsAuditActions.TrajectoryDelete] = new("删除病例轨迹", "Trajectory entry deleted"),
            [CheckInsAuditActions.CompanionConfirm] = new("时空伴随者确认为密接", "Space-time companion confirmed as close contact"),
            [CheckInsAuditActions.CompanionDismiss] = new("排除时空伴随者", "Space-time companion dismissed"),
        },
        MenuGroup = MenuGroup.Investigation,
        Menu =
        [
            new("/investigation/venues", new("场所码", "Venue codes"), RegistryPermissions.Read, 330),
        ],
    };
}
