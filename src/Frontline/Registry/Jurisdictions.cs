using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record JurisdictionView(string Code, string Name, [OneOf(typeof(JurisdictionLevel))] string Level, string? ParentCode, long Population);

/// <summary>
/// The jurisdiction tree of divisions (district, streets, communities; grids are <see cref="Grids"/>), held in memory (a district has ~130 divisions, a province a few thousand) and
/// reloaded every 30 s. Populations are not taken from it: they move with every registration
/// (<see cref="PersonRegistration"/>), on every node, and are read from the table when shown
/// (<see cref="PopulationsAsync"/>), so a registration counts at once everywhere.
/// </summary>
public sealed class JurisdictionDirectory : IJurisdictionCodes
{
    readonly IDbContextFactory<FrontlineDb> dbs;
    readonly CachedSnapshot<Snapshot> snapshot;

    public JurisdictionDirectory(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
    {
        this.dbs = dbs;
        snapshot = new CachedSnapshot<Snapshot>(LoadAsync, clock, TimeSpan.FromSeconds(30));
    }

    sealed record Snapshot(
        Dictionary<string, Jurisdiction> ByCode,
        Dictionary<string, List<Jurisdiction>> ChildrenOf,
        Dictionary<string, List<Jurisdiction>> CommunitiesByName);

    public async Task<Jurisdiction?> GetAsync(string code, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).ByCode.GetValueOrDefault(code);

    public async Task<bool> ExistsAsync(string code, CancellationToken ct = default) => await GetAsync(code, ct) is not null;

    /// <summary>Adds the name of each code not in <paramref name="names"/> yet, from one reading; an unknown code stands for itself.</summary>
    public async Task AddNamesAsync(Dictionary<string, string> names, IEnumerable<string> codes, CancellationToken ct = default)
    {
        var all = (await CurrentAsync(ct)).ByCode;
        foreach (var code in codes)
            if (!names.ContainsKey(code)) names[code] = all.GetValueOrDefault(code)?.Name ?? code;
    }

    public async Task<IReadOnlyList<(string Code, string Name, int Depth)>> ListAsync(JurisdictionScope scope, CancellationToken ct = default) =>
        (await TreeAsync(scope, ct)).Select(x => (x.Jurisdiction.Code, x.Jurisdiction.Name, x.Depth)).ToList();

    public async Task<IReadOnlyList<Jurisdiction>> ChildrenAsync(string code, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).ChildrenOf.GetValueOrDefault(code) ?? [];

    public async Task<IReadOnlyList<Jurisdiction>> CommunitiesAsync(JurisdictionScope scope, CancellationToken ct = default) =>
        (await CurrentAsync(ct)).ByCode.Values
            .Where(j => j.Level == JurisdictionLevel.Community && scope.Contains(j.Code)).OrderBy(j => j.Code).ToList();

    static JurisdictionView View(Jurisdiction j, IReadOnlyDictionary<string, int> populations)
    {
        var scope = new JurisdictionScope(j.Code);
        return new(j.Code, j.Name, j.Level.ToString().ToLowerInvariant(), j.ParentCode,
            populations.Where(p => scope.Contains(p.Key)).Sum(p => (long)p.Value));
    }

    /// <summary>
    /// The current population of each community (of those given, or all), read from the table and not from the
    /// cached tree: what coverage and the jurisdiction list count, with every registration committed so far.
    /// </summary>
    public async Task<Dictionary<string, int>> PopulationsAsync(IReadOnlyCollection<string>? communityCodes = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var communities = db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.Community);
        if (communityCodes is not null) communities = communities.Where(j => communityCodes.Contains(j.Code));
        return await communities.ToDictionaryAsync(j => j.Code, j => j.Population, ct);
    }

    /// <summary>A jurisdiction and everything under it, depth first, each with its depth: the tree as one list for a select.</summary>
    public async Task<IReadOnlyList<(Jurisdiction Jurisdiction, int Depth)>> TreeAsync(JurisdictionScope scope, CancellationToken ct = default)
    {
        var s = await CurrentAsync(ct);
        var tree = new List<(Jurisdiction, int)>();
        void Add(Jurisdiction j, int depth)
        {
            tree.Add((j, depth));
            foreach (var child in s.ChildrenOf.GetValueOrDefault(j.Code) ?? []) Add(child, depth + 1);
        }
        if (s.ByCode.TryGetValue(scope.Code, out var root)) Add(root, 0);
        return tree;
    }

    /// <summary>The caller's root (no parent given) or the children of a jurisdiction inside the caller's scope.</summary>
    public async Task<IReadOnlyList<JurisdictionView>?> ListAsync(Caller caller, string? parent, CancellationToken ct = default)
    {
        var s = await CurrentAsync(ct);
        if (string.IsNullOrEmpty(parent))
            return s.ByCode.TryGetValue(caller.Scope.Code, out var root) ? [View(root, await PopulationsAsync(ct: ct))] : [];
        if (!caller.Scope.Contains(parent) || !s.ByCode.ContainsKey(parent)) return null;
        var populations = await PopulationsAsync(ct: ct);
        return (s.ChildrenOf.GetValueOrDefault(parent) ?? []).Select(j => View(j, populations)).ToList();
    }

    public enum Match { Found, Unknown, Ambiguous }

    /// <summary>A community given in a roster by its 12-digit code or its exact name.</summary>
    public async Task<(Match Match, Jurisdiction? Community)> FindCommunityAsync(string codeOrName, CancellationToken ct = default)
    {
        var s = await CurrentAsync(ct);
        var key = codeOrName.Trim();
        if (s.ByCode.TryGetValue(key, out var byCode))
            return byCode.Level == JurisdictionLevel.Community ? (Match.Found, byCode) : (Match.Unknown, null);
        if (!s.CommunitiesByName.TryGetValue(key, out var named))
        {
            // "海裕" for "海裕社区" is how people often write it.
            if (!key.EndsWith("社区", StringComparison.Ordinal) && s.CommunitiesByName.TryGetValue(key + "社区", out var withSuffix)) named = withSuffix;
            else return (Match.Unknown, null);
        }
        return named.Count == 1 ? (Match.Found, named[0]) : (Match.Ambiguous, null);
    }

    /// <summary>
    /// Rows of a big table under the scope. When the scope holds every jurisdiction this deployment
    /// knows (a district command on a district's database) the predicate is left out: it restricts
    /// nothing, and without it the database orders by name or newest straight from an index instead of
    /// sorting millions of rows.
    /// </summary>
    public async Task<IQueryable<T>> InScopeAsync<T>(IQueryable<T> query, JurisdictionScope scope, CancellationToken ct = default)
    {
        var s = await CurrentAsync(ct);
        return scope.Grid is null && s.ByCode.Count > 0 && s.ByCode.Keys.All(scope.Contains) ? query : query.InScope(scope);
    }

    public void Invalidate() => snapshot.Invalidate();

    Task<Snapshot> CurrentAsync(CancellationToken ct) => snapshot.GetAsync(ct);

    async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Grids stay out of the tree: pickers, coverage and populations work by division; grids are read by Grids.
        var all = await db.Jurisdictions.AsNoTracking().Where(j => j.Level != JurisdictionLevel.Grid).ToListAsync(ct);
        return new Snapshot(
            all.ToDictionary(j => j.Code),
            all.Where(j => j.ParentCode is not null).GroupBy(j => j.ParentCode!).ToDictionary(g => g.Key, g => g.OrderBy(j => j.Code).ToList()),
            all.Where(j => j.Level == JurisdictionLevel.Community).GroupBy(j => j.Name).ToDictionary(g => g.Key, g => g.ToList()));
    }

    /// <summary>The demo district's divisions (shared/data/jurisdictions.csv, copied into the application).</summary>
    public static IEnumerable<Jurisdiction> DemoDivisions()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStreams("jurisdictions.csv");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var rows = new List<Jurisdiction>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            rows.Add(new Jurisdiction
            {
                Code = cells[0],
                Name = cells[1],
                Level = Enum.Parse<JurisdictionLevel>(cells[2], ignoreCase: true),
                ParentCode = cells[3].Length == 0 ? null : cells[3],
            });
        }
        return rows;
    }
}

static class ResourceExtensions
{
    public static Stream GetManifestResourceStreams(this Assembly assembly, string suffix) =>
        assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal)))!;
}

