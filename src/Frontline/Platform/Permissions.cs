using System.Security.Claims;

namespace Frontline.Platform;

/// <summary>The roles of the design and the permissions each one holds. One table, read by sign-in and by every check.</summary>
public static class Permissions
{
    public const string RegistryRead = "registry.read";
    public const string RegistryWrite = "registry.write";
    public const string RegistryImport = "registry.import";
    public const string RegistryVerify = "registry.verify";
    public const string PiiView = "pii.view";
    public const string AuditRead = "audit.read";
    public const string PolicyRead = "policy.read";
    public const string TestingSample = "testing.sample";
    public const string TestingResult = "testing.result";
    public const string TestingManage = "testing.manage";
    public const string TestingRead = "testing.read";
    /// <summary>Decide between conflicting lab results of a tube.</summary>
    public const string TestingReview = "testing.review";
    public const string InvestigationWrite = "investigation.write";
    public const string InvestigationRead = "investigation.read";
    public const string ContainmentTransfer = "containment.transfer";
    public const string ContainmentStay = "containment.stay";
    public const string ZoneOverride = "zone.override";
    public const string TasksRead = "tasks.read";
    /// <summary>Raise a supervised task by hand and close one with a note.</summary>
    public const string TasksManage = "tasks.manage";
    public const string DashboardRead = "dashboard.read";
    public const string UsersManage = "users.manage";

    public const string ClaimType = "perm";
    public const string JurisdictionClaim = "jurisdiction";
    public const string DisplayNameClaim = "display_name";

    public static readonly string[] All =
    [
        RegistryRead, RegistryWrite, RegistryImport, RegistryVerify, PiiView, AuditRead, PolicyRead, TestingSample,
        TestingResult, TestingManage, TestingRead, TestingReview, InvestigationWrite, InvestigationRead, ContainmentTransfer, ContainmentStay, ZoneOverride, TasksRead,
        TasksManage, DashboardRead, UsersManage,
    ];

    public static readonly IReadOnlyDictionary<string, string[]> ByRole = new Dictionary<string, string[]>
    {
        [Roles.Administrator] = All,
        [Roles.DistrictCommander] = [RegistryRead, PiiView, PolicyRead, TestingManage, TestingRead, TestingReview, InvestigationRead, ZoneOverride, TasksRead,
            TasksManage, DashboardRead],
        [Roles.StreetCommander] = [RegistryRead, PiiView, PolicyRead, TestingManage, TestingRead, TestingReview, InvestigationRead, TasksRead, TasksManage,
            DashboardRead],
        [Roles.CommunityWorker] = [RegistryRead, RegistryWrite, RegistryImport, RegistryVerify, PiiView, PolicyRead, TestingRead, TasksRead,
            TasksManage],
        [Roles.Sampler] = [RegistryRead, PolicyRead, TestingSample],
        [Roles.Lab] = [PolicyRead, TestingResult, TestingReview],
        [Roles.Investigator] = [RegistryRead, PiiView, PolicyRead, InvestigationWrite, InvestigationRead, TasksRead],
        [Roles.Dispatcher] = [RegistryRead, PolicyRead, ContainmentTransfer, TasksRead],
        [Roles.FacilityStaff] = [RegistryRead, PolicyRead, ContainmentStay],
        [Roles.Auditor] = [RegistryRead, PolicyRead, AuditRead],
    };

    public static IEnumerable<string> ForRoles(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByRole.TryGetValue(r, out var p) ? p : []).Distinct();

    public static bool Has(this ClaimsPrincipal user, string permission) => user.HasClaim(ClaimType, permission);
}

public static class Roles
{
    public const string Administrator = "admin";
    public const string DistrictCommander = "district-commander";
    public const string StreetCommander = "street-commander";
    public const string CommunityWorker = "community-worker";
    public const string Sampler = "sampler";
    public const string Lab = "lab";
    public const string Investigator = "investigator";
    public const string Dispatcher = "dispatcher";
    public const string FacilityStaff = "facility-staff";
    public const string Auditor = "auditor";
}

/// <summary>
/// The part of the district a caller may see: a prefix of the 12-digit division code. Every query of a
/// table that carries a community code goes through <see cref="ScopeQueries.InScope{T}"/>.
/// </summary>
public readonly record struct JurisdictionScope(string Code)
{
    public static readonly JurisdictionScope None = new("");

    /// <summary>District 440306000000 → "440306"; street 440306005000 → "440306005"; community → all 12 digits.</summary>
    public string Prefix => PrefixOf(Code);

    public static string PrefixOf(string code) =>
        code.Length != 12 ? code
        : code.EndsWith("000000", StringComparison.Ordinal) ? code[..6]
        : code.EndsWith("000", StringComparison.Ordinal) ? code[..9]
        : code;

    public bool Contains(string? code) => Code.Length > 0 && code is not null && code.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Inclusive bounds of every code under this scope, for index range scans.</summary>
    public (string Low, string High) Range => (Prefix.PadRight(12, '0'), Prefix.PadRight(12, '9'));

    /// <summary>The narrower of this scope and a requested jurisdiction, or null when they do not meet.</summary>
    public JurisdictionScope? Narrow(string? requested)
    {
        if (string.IsNullOrEmpty(requested)) return this;
        if (requested.Length != 12 || !requested.All(char.IsAsciiDigit)) return null;
        if (Contains(requested)) return new JurisdictionScope(requested);
        return new JurisdictionScope(requested).Contains(Code) ? this : null;
    }

    public static JurisdictionScope Of(ClaimsPrincipal user) =>
        user.FindFirstValue(Permissions.JurisdictionClaim) is { Length: 12 } code ? new(code) : None;
}
