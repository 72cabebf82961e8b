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
            ["case"] = new("该病例", "Case"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [InvestigationAuditActions.CaseCreate] = new("登记病例", "Case recorded"),
        },
    };
}
