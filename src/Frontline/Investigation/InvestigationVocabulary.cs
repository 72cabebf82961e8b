using Frontline.Platform;

namespace Frontline.Investigation;

public static class InvestigationPermissions
{
    public const string Write = "investigation.write";
    public const string Read = "investigation.read";
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
