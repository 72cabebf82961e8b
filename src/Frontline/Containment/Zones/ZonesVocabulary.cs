using Frontline.Platform;

namespace Frontline.Containment.Zones;

public static class ZoneAuditActions
{
    public const string Designate = "zone.designate";
    public const string Release = "zone.release";
    /// <summary>A release before the eligible date: the commander's stated reason is kept with it.</summary>
    public const string Override = "zone.override";
    /// <summary>A risk area stepped down one level (high → medium → low) on its eligible date.</summary>
    public const string StepDown = "zone.step-down";
    public const string ProposalAccept = "zone.proposal-accept";
    public const string ProposalReject = "zone.proposal-reject";
    /// <summary>A pending proposal closed by a zone covering its building designated otherwise.</summary>
    public const string ProposalSuperseded = "zone.proposal-superseded";
}

public static class ZoneEvents
{
    /// <summary>A zone was designated or released: the precaution / low level's condition ("every other zone lifted") changes.</summary>
    public const string Changed = "containment.zone-changed";
}

public sealed record ZoneChangedEvent(long ZoneId);

/// <summary>The words of zones and risk areas.</summary>
static class ZonesVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Containment.Zones",
        Errors = new Dictionary<string, Words>
        {
            ["invalid-zone-level"] = new("区域等级不属于现行防控方案：{0}", "The level is not one of the policy set in force: {0}"),
            ["zone-target-required"] = new("请选择楼栋或辖区（二选一）", "Give buildings or jurisdictions (one of the two)"),
            ["unknown-building"] = new("楼栋不存在或不在您的辖区", "The building does not exist or is outside your jurisdiction"),
            ["unknown-zone-case"] = new("病例不存在或不在您的辖区", "The case does not exist or is outside your jurisdiction"),
            ["too-many-targets"] = new("一次最多划定 {0} 个楼栋或辖区", "At most {0} buildings or jurisdictions in one zone"),
            ["not-eligible"] = new("尚未满足解封条件（{0}）", "Not yet eligible for release ({0})"),
            ["override-reason-required"] = new("提前解封须填写理由", "An early release needs a reason"),
            ["zone-released"] = new("该区域已解封", "The zone is already released"),
            ["proposal-decided"] = new("该建议已处理", "The proposal was already decided"),
            ["zone-changed"] = new("该区域刚被他人更新，请刷新后重试", "Someone else just changed the zone; reload and try again"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["zone"] = new("该区域", "Zone"),
            ["zone-proposal"] = new("该划定建议", "Zone proposal"),
            [ZoneRules.Missing.InfectionFree] = new("无新增感染天数未满", "days without a new infection"),
            [ZoneRules.Missing.CloseContactPeriod] = new("末例密接隔离期未满", "last close contact's period"),
            [ZoneRules.Missing.CloseContactResults] = new("密接核酸结果未全部阴性", "close contacts' negative results"),
            [ZoneRules.Missing.AllNegativeRound] = new("缺少全员核酸阴性轮次", "an all-negative round"),
            [ZoneRules.Missing.OthersActive] = new("仍有封控区/管控区（高风险区）未解除", "other zones still active"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [ZoneAuditActions.Designate] = new("划定区域", "Zone designated"),
            [ZoneAuditActions.Release] = new("解封区域", "Zone released"),
            [ZoneAuditActions.Override] = new("提前解封（越权操作）", "Zone released early (override)"),
            [ZoneAuditActions.StepDown] = new("风险区降级", "Risk area stepped down"),
            [ZoneAuditActions.ProposalAccept] = new("采纳划定建议", "Zone proposal accepted"),
            [ZoneAuditActions.ProposalReject] = new("驳回划定建议", "Zone proposal rejected"),
            [ZoneAuditActions.ProposalSuperseded] = new("划定建议已被覆盖（自动关闭）", "Zone proposal superseded"),
        },
        MenuGroup = MenuGroup.Containment,
        Menu =
        [
            new("/containment/zones", new("三区与风险区", "Zones"), ContainmentPermissions.Read, 500),
        ],
    };
}

/// <summary>The words the pages show for zones' codes.</summary>
public static class ZoneLabels
{
    public static string Missing(string code) => Vocabulary.TryTerm(code, out var w) ? w.In() : code;

    public static string LevelColor(string level) => level switch
    {
        "sealed" or "high" => "red",
        "controlled" or "medium" => "orange",
        "precaution" or "low" => "blue",
        _ => "default",
    };

    public static string Step(string action) => action switch
    {
        "designated" => Ui.T("划定", "Designated"),
        "evaluated" => Ui.T("解封日期更新", "Eligible date updated"),
        "stepped-down" => Ui.T("降级", "Stepped down"),
        "released" => Ui.T("解封", "Released"),
        "override" => Ui.T("提前解封", "Released early"),
        Zones.ProposalSupersededStep => Ui.T("覆盖划定建议", "Proposal closed"),
        _ => action,
    };
}
