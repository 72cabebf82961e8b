namespace Frontline.Testing;

/// <summary>
/// The level of the active zone each building and jurisdiction lies in, for the pool size of a tube (sealed 1, controlled 10,
/// precaution 20 in edition 8). Containment (a floor above) answers it; Testing only asks.
/// </summary>
public interface IZoneLevels
{
    Task<ZoneLevelMap> CurrentAsync(CancellationToken ct);
}

/// <summary>Active zones' levels by building id and by jurisdiction code, each key holding its most restrictive zone's level.</summary>
public sealed record ZoneLevelMap(IReadOnlyDictionary<long, string> ByBuilding, IReadOnlyDictionary<string, string> ByJurisdiction)
{
    public static readonly ZoneLevelMap Empty = new(new Dictionary<long, string>(), new Dictionary<string, string>());

    /// <summary>
    /// A person's zone level: their building's zone, else their community's, street's or district's. The narrowest area
    /// speaks first: a sealed building inside a controlled community is sealed.
    /// </summary>
    public string? LevelOf(long? buildingId, string communityCode)
    {
        if (buildingId is { } b && ByBuilding.TryGetValue(b, out var byBuilding)) return byBuilding;
        if (communityCode.Length != 12) return null;
        foreach (var code in (ReadOnlySpan<string>)[communityCode, communityCode[..9] + "000", communityCode[..6] + "000000"])
            if (ByJurisdiction.TryGetValue(code, out var level)) return level;
        return null;
    }
}
