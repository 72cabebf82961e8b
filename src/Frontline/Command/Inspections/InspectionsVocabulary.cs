using Frontline.Platform;

namespace Frontline.Command.Inspections;

public static class InspectionPermissions
{
    /// <summary>Record inspections and re-inspections of key places (督导组, street and district commands).</summary>
    public const string Write = "inspection.write";
    /// <summary>See the inspections, findings and photos of places in one's jurisdiction.</summary>
    public const string Read = "inspection.read";
}

public static class InspectionAuditActions
{
    public const string Inspect = "inspection.record";
    public const string Reinspect = "inspection.reinspect";
    public const string Photos = "inspection.photos";
}

/// <summary>The inspections' words (督导检查).</summary>
static class InspectionsVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Inspections",
        Errors = new Dictionary<string, Words>
        {
            ["inspection-unknown-place"] = new("场所 {0} 不存在或不在本辖区内", "The place {0} does not exist or is outside your jurisdiction"),
            ["inspection-unknown-template"] = new("没有检查表 {0}", "There is no checklist {0}"),
            ["inspection-template-mismatch"] = new("检查表 {0} 不适用于该场所，应使用 {1}", "Checklist {0} is not for this kind of place; use {1}"),
            ["inspection-unknown-item"] = new("检查表中没有检查项 {0}", "The checklist has no item {0}"),
            ["inspection-missing-answer"] = new("检查项 {0} 必须填写", "Item {0} must be answered"),
            ["inspection-wrong-answer-type"] = new("检查项 {0} 的答案类型应为 {1}", "Item {0} takes an answer of type {1}"),
            ["inspection-answer-out-of-range"] = new("检查项 {0} 的数值应在 {1} 到 {2} 之间", "Item {0} takes a number from {1} to {2}"),
            ["inspection-fix-by-in-past"] = new("整改期限必须晚于当前时间", "The rectification deadline must be in the future"),
            ["inspection-too-many-findings"] = new("一次检查最多 {0} 个问题", "An inspection records at most {0} findings"),
            ["inspection-finding-not-open"] = new("问题 {0} 不是该场所未整改的问题", "Finding {0} is not an open finding of this place"),
            ["inspection-finding-twice"] = new("问题 {0} 复查了两次", "Finding {0} is re-checked twice"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:photos"] = new("照片", "Photos"),
            ["field:placeId"] = new("检查场所", "Place"),
            ["field:requestId"] = new("民生诉求", "Resident request"),
            ["field:template"] = new("检查表", "Checklist"),
            ["inspection"] = new("该检查记录", "Inspection"),
            ["inspection-place"] = new("该场所", "Place"),
            ["inspection-kind-market"] = new("农贸市场", "Market"),
            ["inspection-kind-checkpoint"] = new("城中村卡口", "Urban-village checkpoint"),
            ["inspection-kind-quarantine-hotel"] = new("隔离酒店", "Quarantine hotel"),
            ["inspection-kind-sampling-site"] = new("采样点", "Sampling site"),
            ["inspection-kind-venue"] = new("一般场所", "Venue"),
            ["inspection-finding-open"] = new("待整改", "open"),
            ["inspection-finding-overdue"] = new("逾期未整改", "overdue"),
            ["inspection-finding-fixed"] = new("已整改", "fixed"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [InspectionAuditActions.Inspect] = new("督导检查", "Inspection recorded"),
            [InspectionAuditActions.Reinspect] = new("督导复查", "Re-inspection recorded"),
            [InspectionAuditActions.Photos] = new("上传检查照片", "Inspection photos added"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/command/inspections/new", new("现场督导", "Inspect a place"), InspectionPermissions.Write, 610),
            new("/command/inspections", new("督导检查", "Inspections"), InspectionPermissions.Read, 611),
        ],
    };
}
