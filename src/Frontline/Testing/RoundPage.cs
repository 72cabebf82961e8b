using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>What the round page shows for one jurisdiction, read in one refresh.</summary>
public sealed record RoundPageView(
    CoverageView Headline,
    IReadOnlyList<CoverageView> Children,
    IReadOnlyList<BuildingCoverage> Buildings,
    Paged<UntestedPerson> Untested,
    RetestFigures RetestFigures,
    IReadOnlyList<RetestContact> Retests);

/// <summary>
/// The round page's refresh (every few seconds on every open page during a round): the figures, the children worst
/// first, a community's buildings, a page of the not-sampled list, a page of the re-tests. A fixed number of queries
/// whatever the jurisdiction holds (a test counts them), so a page open on the district costs what one on a community does.
/// </summary>
public sealed class RoundPage(Coverage coverage, PositivePools pools, JurisdictionDirectory directory)
{
    public async Task<RoundPageView> ReadAsync(Caller caller, long roundId, string jurisdiction, JurisdictionLevel level, PageRequest notSampled,
        PageRequest retests, Dictionary<string, string> communityNames, CancellationToken ct = default)
    {
        var community = level == JurisdictionLevel.Community;
        var (headline, children) = await coverage.OverviewAsync(caller, roundId, jurisdiction, withChildren: !community, ct);
        IReadOnlyList<BuildingCoverage> buildings = community ? await coverage.BuildingsAsync(caller, roundId, jurisdiction, ct) : [];
        foreach (var c in children) communityNames[c.Jurisdiction] = c.Name ?? c.Jurisdiction;
        var untested = await coverage.UntestedAsync(caller, roundId, jurisdiction, notSampled, ct);
        await directory.AddNamesAsync(communityNames, untested.Items.Select(p => p.CommunityCode), ct);
        var (figures, items) = await pools.PageAsync(caller, roundId, jurisdiction, retests, ct);
        return new RoundPageView(headline, WorstFirst(children), buildings, untested, figures, items);
    }

    /// <summary>The places a commander must push first: lowest coverage on top, then the most people still to sample.</summary>
    public static IReadOnlyList<CoverageView> WorstFirst(IEnumerable<CoverageView> children) =>
        children.OrderBy(c => c.Coverage).ThenByDescending(c => c.Untested).ThenBy(c => c.Name, NaturalOrder.Instance).ToList();
}
