using Frontline.Platform;

namespace Frontline.Investigation;

public static class InvestigationPermissions
{
    public const string Write = "investigation.write";
    public const string Read = "investigation.read";
    /// <summary>Approve what the district publishes from an investigation (the public trajectory notice).</summary>
    public const string Approve = "investigation.approve";
    /// <summary>Send venue-code check-ins in bulk (the venue-code platform's feed, or an investigator loading its export).</summary>
    public const string CheckIn = "checkin.ingest";
    /// <summary>Work through the calls assigned to oneself on an outbound-call list.</summary>
    public const string CallsWork = "calls.work";
    /// <summary>Make call lists and split them among callers.</summary>
    public const string CallsManage = "calls.manage";
}

public static class InvestigationAuditActions
{
    public const string CaseCreate = "case.create";
}

/// <summary>The investigation module's words.</summary>
static class InvestigationVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Investigation",
        Terms = new Dictionary<string, Words>
        {
            ["field:at"] = new("时间", "Time"),
            ["field:checkInIds"] = new("扫码记录", "Check-ins"),
            ["field:classification"] = new("病例分类", "Classification"),
            ["field:detectedBy"] = new("发现途径", "How found"),
            ["field:entries"] = new("轨迹条目", "Trajectory entries"),
            ["field:infectorCaseId"] = new("传染源病例", "Source case"),
            ["field:milestone"] = new("流调节点", "Milestone"),
            ["field:outcome"] = new("外呼结果", "Call outcome"),
            ["field:reportedTo"] = new("报告对象", "Reported to"),
            ["field:residence"] = new("居住地", "Residence"),
            ["field:setting"] = new("接触场景", "Setting"),
            ["field:severity"] = new("病情程度", "Severity"),
            ["field:venueCode"] = new("场所码", "Venue code"),
            ["field:viaContactId"] = new("经由的密接", "Via close contact"),
            ["field:whereTo"] = new("去向", "Where to"),
            ["case"] = new("该病例", "Case"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [InvestigationAuditActions.CaseCreate] = new("登记病例", "Case recorded"),
        },
    };
}
