namespace Frontline.Command.Notices;

/// <summary>Pure rules of notices: who a recipient code reaches, and which units a person answers for.</summary>
public static class NoticeRules
{
    public const int MaxTitle = 200;
    public const int MaxText = 5000;
    public const int MaxRecipients = 100;
    public const string RolePrefix = "role:";

    public const string TaskForcePrefix = "taskforce:";

    public static bool IsRole(string code) => code.StartsWith(RolePrefix, StringComparison.Ordinal);

    /// <summary>A task force (专班) addressed by the sender: the cadres now posted to it in the sender's jurisdiction who have an account.</summary>
    public static bool IsTaskForce(string code) => code.StartsWith(TaskForcePrefix, StringComparison.Ordinal);

    /// <summary>A unit of people (a role, a task force) rather than a jurisdiction's command.</summary>
    public static bool IsGroup(string code) => IsRole(code) || IsTaskForce(code);

    /// <summary>A person's jurisdiction and the ones above it (community → street → district): a role unit addressed from any of them reaches the person.</summary>
    public static string[] SelfAndAbove(string code) =>
        code.Length != 12 ? [code] : new[] { code, code[..9] + "000", code[..6] + "000000" }.Distinct().ToArray();

    /// <summary>
    /// Whether a person (their jurisdiction and roles) answers for a unit: a jurisdiction unit is the people whose
    /// jurisdiction is that code (the street command's staff for a street, the community's workers for a community); a role
    /// unit is the people of that role whose jurisdiction lies in the unit's scope.
    /// </summary>
    public static bool Answers(string unitCode, string unitScope, string personCode, IEnumerable<string> roles) =>
        IsRole(unitCode)
            ? roles.Any(r => RolePrefix + r == unitCode) && SelfAndAbove(personCode).Contains(unitScope)
            : unitCode == personCode;
}
