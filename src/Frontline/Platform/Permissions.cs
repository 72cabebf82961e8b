using System.Security.Claims;

namespace Frontline.Platform;

/// <summary>
/// Platform's own permissions and how a permission is carried (a claim of the principal). Each module
/// declares its own permission constants; which role holds which permission is the one role table that
/// the composition root hands to <see cref="RoleTable"/>.
/// </summary>
public static class Permissions
{
    public const string PiiView = "pii.view";
    public const string AuditRead = "audit.read";
    public const string PolicyRead = "policy.read";
    public const string UsersManage = "users.manage";
    /// <summary>Runs a piece of scheduled work now, on this node (an operator catching up, a test): the administrator's.</summary>
    public const string SchedulerRun = "scheduler.run";

    public const string ClaimType = "perm";
    public const string JurisdictionClaim = "jurisdiction";
    public const string DisplayNameClaim = "display_name";

    public static bool Has(this ClaimsPrincipal user, string permission) => user.HasClaim(ClaimType, permission);
}

/// <summary>The role → permission table in force, read by sign-in (claims), by the authorization policies and by the seed.</summary>
public sealed class RoleTable(IReadOnlyDictionary<string, string[]> byRole)
{
    public IReadOnlyDictionary<string, string[]> ByRole { get; } = byRole;

    public IReadOnlyCollection<string> Roles => (IReadOnlyCollection<string>)ByRole.Keys;

    public IEnumerable<string> AllPermissions => ByRole.Values.SelectMany(p => p).Distinct(StringComparer.Ordinal);

    public IEnumerable<string> ForRoles(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByRole.TryGetValue(r, out var p) ? p : []).Distinct(StringComparer.Ordinal);
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
    /// <summary>督导检查: inspects key places (markets, checkpoints, quarantine hotels, sampling sites) and tracks the fixes.</summary>
    public const string Inspector = "inspector";
    /// <summary>Takes residents' requests on the hotline (民生诉求热线) and logs public-opinion items.</summary>
    public const string HotlineOperator = "hotline-operator";
}

/// <summary>
/// The part of the district a caller may see: a prefix of the 12-digit division code. Every query of a
/// table that carries a community code goes through <see cref="ScopeQueries.InScope{T}"/>. A grid worker's scope is
/// their community narrowed to one grid (<see cref="Grid"/>, the 15-digit grid code): the registry, which owns the
/// grids, narrows its buildings and residents to the grid's buildings; tables without a grid answer for the community.
/// </summary>
public readonly record struct JurisdictionScope(string Code, string? Grid = null)
{
    public static readonly JurisdictionScope None = new("");

    /// <summary>A grid's code: its community's 12 digits and three of its own (440306005002001).</summary>
    public const int GridCodeLength = 15;

    /// <summary>District 440306000000 → "440306"; street 440306005000 → "440306005"; community → all 12 digits.</summary>
    public string Prefix => PrefixOf(Code);

    public static string PrefixOf(string code) => code[..PrefixLength(code)];

    static int PrefixLength(string code) =>
        code.Length != 12 ? code.Length
        : code.EndsWith("000000", StringComparison.Ordinal) ? 6
        : code.EndsWith("000", StringComparison.Ordinal) ? 9
        : 12;

    /// <summary>Checked for every scanned item, so it compares in place rather than cutting the prefix out.</summary>
    public bool Contains(string? code) =>
        Code.Length > 0 && code is not null && code.AsSpan().StartsWith(Code.AsSpan(0, PrefixLength(Code)), StringComparison.Ordinal);

    /// <summary>A row of a community and (where it has one) a grid: in the community's range, and in the grid when the scope is one.</summary>
    public bool Contains(string? communityCode, string? gridCode) => Contains(communityCode) && (Grid is null || gridCode == Grid);

    /// <summary>Inclusive bounds of every code under this scope, for index range scans.</summary>
    public (string Low, string High) Range => (Prefix.PadRight(12, '0'), Prefix.PadRight(12, '9'));

    public static bool IsGridCode(string? code) => code is { Length: GridCodeLength } && code.All(char.IsAsciiDigit) && !code.EndsWith("000", StringComparison.Ordinal);

    /// <summary>
    /// The narrower of this scope and a requested jurisdiction (12 digits) or grid (15 digits), or null when they do
    /// not meet. A grid scope stays itself for its community and anything above it.
    /// </summary>
    public JurisdictionScope? Narrow(string? requested)
    {
        if (string.IsNullOrEmpty(requested)) return this;
        if (IsGridCode(requested))
        {
            if (Grid is not null) return Grid == requested ? this : null;
            var community = requested[..12];
            return Contains(community) ? new JurisdictionScope(community, requested) : null;
        }
        if (requested.Length != 12 || !requested.All(char.IsAsciiDigit)) return null;
        if (Grid is not null) return new JurisdictionScope(requested).Contains(Code) ? this : null;
        if (Contains(requested)) return new JurisdictionScope(requested);
        return new JurisdictionScope(requested).Contains(Code) ? this : null;
    }

    /// <summary>A user's jurisdiction claim: a division's 12 digits, or a grid's 15 (the grid in its community).</summary>
    public static JurisdictionScope Of(ClaimsPrincipal user) => user.FindFirstValue(Permissions.JurisdictionClaim) switch
    {
        { Length: 12 } code => new(code),
        { } grid when IsGridCode(grid) => new(grid[..12], grid),
        _ => None,
    };
}

/// <summary>
/// Whether a division code names a jurisdiction, for modules beside the registry (which owns the tree) that
/// take a jurisdiction as input: supervised tasks, later notices and deployments.
/// </summary>
public interface IJurisdictionCodes
{
    Task<bool> ExistsAsync(string code, CancellationToken ct = default);

    /// <summary>Adds the name of each code not in <paramref name="names"/> yet; an unknown code stands for itself.</summary>
    Task AddNamesAsync(Dictionary<string, string> names, IEnumerable<string> codes, CancellationToken ct = default);

    /// <summary>A scope's jurisdiction and everything under it, depth first, with names and depths: a picker's list.</summary>
    Task<IReadOnlyList<(string Code, string Name, int Depth)>> ListAsync(JurisdictionScope scope, CancellationToken ct = default);
}
