using Frontline.Platform;
using Frontline.Testing;

namespace Frontline.Containment;

public static class StayAuditActions
{
    public const string FacilityCreate = "facility.create";
    public const string RoomsAdd = "facility.rooms-add";
    public const string RoomState = "room.state";
    public const string Start = "stay.start";
    public const string Move = "stay.move";
    public const string Release = "stay.release";
    public const string ToHospital = "stay.to-hospital";
    public const string HealthCheck = "stay.health-check";
    public const string AlertHandle = "stay.alert-handle";
    public const string Note = "stay.note";
    public const string IntakeFailed = "stay.intake-failed";
    public const string IntakeResolve = "stay.intake-resolve";
}

/// <summary>The words of quarantine facilities, their rooms, stays and health checks.</summary>
static class StaysVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Containment.Stays",
        Errors = new Dictionary<string, Words>
        {
            ["duplicate-facility"] = new("已有同名的隔离场所", "A facility of this name exists already"),
            ["duplicate-room"] = new("房间号 {0} 重复", "Room number {0} appears twice"),
            ["invalid-floor"] = new("楼层应在 {0} 到 {1} 之间", "The floor must lie between {0} and {1}"),
            ["too-many-rooms"] = new("一次最多 {0} 个房间", "At most {0} rooms at a time"),
            ["unknown-room"] = new("该场所没有这个房间", "The facility has no such room"),
            ["room-occupied"] = new("该房间已有人入住", "The room already holds someone"),
            ["room-not-free"] = new("该房间待消杀或停用，不能入住", "The room is to be cleaned or out of service"),
            ["room-state-change"] = new("房间当前为“{0}”，不能执行该操作", "The room is {0}; this action does not apply"),
            ["stay-active"] = new("该人员已在隔离/健康监测中（{0}）", "This person already has an active stay ({0})"),
            ["stay-not-active"] = new("该隔离已结束", "The stay has ended"),
            ["invalid-stay-kind"] = new("隔离类型应为集中隔离、居家隔离或居家健康监测", "The kind must be centralised, home-quarantine or home-monitoring"),
            ["facility-required"] = new("集中隔离须选择隔离场所", "A centralised stay needs a facility"),
            ["facility-for-centralised-only"] = new("居家隔离或居家健康监测不选隔离场所", "A stay at home has no facility"),
            ["final-test-missing"] = new("末次核酸检测（{0}）尚无阴性结果，不能解除隔离", "The final scheduled test ({0}) has no negative result yet"),
            ["temperature-out-of-range"] = new("体温应在 {0}–{1} ℃ 之间", "The temperature must lie between {0} and {1} °C"),
            ["unknown-symptom"] = new("症状无法识别：{0}", "Unknown symptom: {0}"),
            ["check-outside-stay"] = new("健康监测时间不在本次隔离期间内", "The check's time lies outside the stay"),
            ["alert-handled"] = new("该预警已处置", "The alert was handled already"),
            ["not-an-alert"] = new("该健康监测记录没有预警", "This check raised no alert"),
            ["same-room"] = new("已在该房间", "Already in this room"),
            ["intake-invalid-outcome"] = new("处理结果应为已入住、已送往他处或未到达", "The outcome must be taken-in, sent-elsewhere or not-arrived"),
            ["intake-note-required"] = new("请说明送往何处或未到达的情况", "Say where they were sent or what happened"),
            ["intake-failure-resolved"] = new("该人员已由 {0} 于 {1} 处理", "Resolved already by {0} at {1}"),
            ["intake-not-staying"] = new("该人员尚无在住的隔离记录，请先办理入住登记", "This person has no active stay: take them in first"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["stay"] = new("该隔离记录", "Stay"),
            ["health-check"] = new("该健康监测记录", "Health check"),
            ["intake-failure"] = new("该未入住记录", "Intake failure"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [StayAuditActions.FacilityCreate] = new("新建隔离场所", "Facility created"),
            [StayAuditActions.RoomsAdd] = new("添加/导入房间", "Rooms added"),
            [StayAuditActions.RoomState] = new("房间状态变更", "Room state changed"),
            [StayAuditActions.Start] = new("入住隔离", "Stay started"),
            [StayAuditActions.Move] = new("调换房间", "Room changed"),
            [StayAuditActions.Release] = new("解除隔离", "Stay released"),
            [StayAuditActions.ToHospital] = new("阳性转院", "Moved to hospital care"),
            [StayAuditActions.HealthCheck] = new("录入健康监测", "Health check recorded"),
            [StayAuditActions.AlertHandle] = new("处置健康预警", "Health alert handled"),
            [StayAuditActions.Note] = new("心理疏导记录", "Counselling note"),
            [StayAuditActions.IntakeFailed] = new("转运到达未能入住", "Arrival could not be taken in"),
            [StayAuditActions.IntakeResolve] = new("处理转运到达未入住人员", "Arrival not taken in resolved"),
        },
        MenuGroup = MenuGroup.Containment,
        Menu =
        [
            new("/containment/facilities", new("隔离场所", "Facilities"), ContainmentPermissions.Read, 520),
            new("/containment/intake", new("入住登记", "Intake"), ContainmentPermissions.Stay, 521),
        ],
    };
}

/// <summary>The words the pages show for rooms, stays and symptoms.</summary>
public static class StayLabels
{
    public static string Kind(StayKind kind) => kind switch
    {
        StayKind.Centralised => Ui.T("集中隔离", "Centralised quarantine"),
        StayKind.HomeQuarantine => Ui.T("居家隔离", "Home quarantine"),
        _ => Ui.T("居家健康监测", "Home health monitoring"),
    };

    public static string Status(StayStatus status) => status switch
    {
        StayStatus.Active => Ui.T("隔离中", "Active"),
        StayStatus.Released => Ui.T("已解除隔离", "Released"),
        StayStatus.ToHospital => Ui.T("阳性转院", "To hospital"),
        _ => Ui.T("已取消", "Cancelled"),
    };

    public static string Room(RoomState state) => state switch
    {
        RoomState.Free => Ui.T("空闲", "Free"),
        RoomState.Occupied => Ui.T("已入住", "Occupied"),
        RoomState.Cleaning => Ui.T("待消杀", "To clean"),
        _ => Ui.T("停用", "Out of service"),
    };

    public static string Symptom(string code) => StayRules.Symptoms.TryGetValue(code, out var w) ? w.In() : code;

    /// <summary>Why an arrival was not taken in, short: the stored code's full message needs figures the failure did not keep.</summary>
    public static string IntakeFailure(string code) => code switch
    {
        "facility-full" => Ui.T("无空房", "No free room"),
        "stay-active" => Ui.T("已在隔离中", "Already staying"),
        "room-occupied" => Ui.T("预留房间已有人", "Kept room occupied"),
        "room-not-free" => Ui.T("预留房间待消杀或停用", "Kept room not ready"),
        "unknown-room" => Ui.T("预留房间不存在", "Kept room unknown"),
        _ => ErrorCatalog.Message(code),
    };

    public static string Resolution(IntakeResolution resolution) => resolution switch
    {
        IntakeResolution.TakenIn => Ui.T("已入住", "Taken in"),
        IntakeResolution.SentElsewhere => Ui.T("已送往他处", "Sent elsewhere"),
        _ => Ui.T("未到达", "Not arrived"),
    };

    /// <summary>A test day's state: its order's status in Testing's words, or why it has none.</summary>
    public static string TestDay(string state) => state switch
    {
        "before-intake" => Ui.T("入住前", "Before intake"),
        "not-ordered" => Ui.T("未下达检测任务", "Not ordered"),
        _ => TestingLabels.TestOrderStatus(state),
    };

    public static string TestDayColor(string state) => state switch
    {
        "before-intake" or "not-ordered" => "default",
        _ => TestingLabels.TestOrderStatusColor(state),
    };
}
