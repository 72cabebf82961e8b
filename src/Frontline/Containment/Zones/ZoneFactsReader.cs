using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Containment.Zones;

/// <summary>A zone's targets split by kind: buildings by id, jurisdictions by code (a community or a street).</summary>
public sealed record ZoneArea(IReadOnlyList<long> BuildingIds, IReadOnlyList<string> JurisdictionCodes, IReadOnlyList<string> Communities);

/// <summary>What the evaluation found, with the facts the rule reads and the figures the zone page shows.</summary>
public sealed record ZoneEvidence(ZoneFacts Facts, DateTime? LastInfectionAt, DateTime? LastCloseContactExposureAt, int Residents, int Buildings,
    IReadOnlyList<long> CaseIds);

/// <summary>
/// Reads zones' facts from Investigation (cases and their close contacts) and Testing (rounds and samples) for the residents
/// of their buildings and jurisdictions. A page of zones is read together: each kind of fact is one query for the whole
/// page (cases by the page's buildings, contacts by its cases, samples by its contacts, round counts by its buildings),
/// so the nightly evaluation of two thousand zones costs a few queries per page, not ten per zone. Every query narrows by
/// an indexed column and returns aggregates or the few rows the rule needs, so a zone of 100,000 residents is read
/// without loading them.
/// </summary>
public static class ZoneFactsReader
{
    /// <summary>Rounds older than this before the zone's counting starts cannot be evidence for it.</summary>
    const int RoundLookbackDays = 30;

    static readonly ZoneArea NoArea = new([], [], []);

    public static async Task<ZoneArea> AreaAsync(FrontlineDb db, long zoneId, CancellationToken ct) =>
        (await AreasAsync(db, [zoneId], ct)).GetValueOrDefault(zoneId) ?? NoArea;

    public static async Task<Dictionary<long, ZoneArea>> AreasAsync(FrontlineDb db, IReadOnlyCollection<long> zoneIds, CancellationToken ct)
    {
        var ids = zoneIds.ToList();
        var targets = await db.ZoneTargets.AsNoTracking().Where(t => ids.Contains(t.ZoneId)).ToListAsync(ct);
        var buildingIds = targets.Where(t => t.BuildingId is not null).Select(t => t.BuildingId!.Value).Distinct().ToList();
        var communityOf = buildingIds.Count == 0 ? [] : await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id))
            .Select(b => new { b.Id, b.CommunityCode }).ToDictionaryAsync(b => b.Id, b => b.CommunityCode, ct);
        return targets.GroupBy(t => t.ZoneId).ToDictionary(g => g.Key, g =>
        {
            var buildings = g.Where(t => t.BuildingId is not null).Select(t => t.BuildingId!.Value).ToList();
            var codes = g.Where(t => t.JurisdictionCode is not null).Select(t => t.JurisdictionCode!).ToList();
            var communities = buildings.Select(b => communityOf.GetValueOrDefault(b)).OfType<string>();
            return new ZoneArea(buildings, codes, [.. communities.Concat(codes).Distinct()]);
        });
    }

    /// <summary>The zone's residents as a query: by building, or by the range of each jurisdiction's codes.</summary>
    public static IQueryable<Person> Residents(FrontlineDb db, ZoneArea area)
    {
        IQueryable<Person>? q = null;
        if (area.BuildingIds.Count > 0)
        {
            var ids = area.BuildingIds.ToList();
            q = db.Persons.Where(p => ids.Contains(p.BuildingId));
        }
        foreach (var code in area.JurisdictionCodes)
        {
            var part = db.Persons.InScope(new JurisdictionScope(code));
            q = q is null ? part : q.Union(part);
        }
        return q ?? db.Persons.Where(_ => false);
    }

    /// <summary>
    /// Residents and buildings of each zone: the page's buildings' residents in one grouped query; a jurisdiction's residents
    /// from its communities' registered population (kept by every registry write) and its buildings by code range, once
    /// per distinct jurisdiction of the page.
    /// </summary>
    public static async Task<Dictionary<long, (int Residents, int Buildings)>> SizesAsync(FrontlineDb db, IReadOnlyDictionary<long, ZoneArea> areas,
        CancellationToken ct)
    {
        var buildingIds = areas.Values.SelectMany(a => a.BuildingIds).Distinct().ToList();
        var perBuilding = new Dictionary<long, int>();
        foreach (var chunk in buildingIds.Chunk(5_000))
            foreach (var row in await db.Persons.Where(p => chunk.Contains(p.BuildingId)).GroupBy(p => p.BuildingId)
                         .Select(g => new { Building = g.Key, Count = g.Count() }).ToListAsync(ct))
                perBuilding[row.Building] = row.Count;
        var perCode = new Dictionary<string, (int Residents, int Buildings)>();
        foreach (var code in areas.Values.SelectMany(a => a.JurisdictionCodes).Distinct())
        {
            var (low, high) = new JurisdictionScope(code).Range;
            var residents = await db.Jurisdictions.Where(j => j.Level == JurisdictionLevel.Community
                && string.Compare(j.Code, low) >= 0 && string.Compare(j.Code, high) <= 0).SumAsync(j => j.Population, ct);
            var buildings = await db.Buildings.InScope(new JurisdictionScope(code)).CountAsync(ct);
            perCode[code] = (residents, buildings);
        }
        return areas.ToDictionary(a => a.Key, a => (
            a.Value.BuildingIds.Sum(b => perBuilding.GetValueOrDefault(b)) + a.Value.JurisdictionCodes.Sum(c => perCode[c].Residents),
            a.Value.BuildingIds.Count + a.Value.JurisdictionCodes.Sum(c => perCode[c].Buildings)));
    }

    /// <summary>The evidence of each zone of a page (zones with their policy sets and areas), read together.</summary>
    public static async Task<Dictionary<Zone, ZoneEvidence>> ReadManyAsync(FrontlineDb db, IReadOnlyList<(Zone Zone, PolicySet Policy, ZoneArea Area)> zones,
        CancellationToken ct)
    {
        var cases = await CasesAsync(db, zones, ct);
        var caseIds = cases.Values.SelectMany(c => c).Select(c => c.Id).Distinct().ToList();
        var contactsByCase = new Dictionary<long, List<(long PersonId, DateTime Exposure)>>();
        foreach (var chunk in caseIds.Chunk(5_000))
            foreach (var c in await db.Contacts.AsNoTracking().Where(c => chunk.Contains(c.CaseId) && c.Kind == ContactKind.Close)
                         .Select(c => new { c.CaseId, c.PersonId, c.LastExposureAt }).ToListAsync(ct))
                (contactsByCase.TryGetValue(c.CaseId, out var list) ? list : contactsByCase[c.CaseId] = []).Add((c.PersonId, c.LastExposureAt));
        var samples = await ContactSamplesAsync(db, contactsByCase.Values.SelectMany(c => c).ToList(), ct);

        var levelSince = zones.ToDictionary(z => z.Zone, z => DateOnly.FromDateTime(z.Zone.LevelSince.ToChina().DateTime));
        var roundsSince = zones.ToDictionary(z => z.Zone, z =>
            DateTime.SpecifyKind(levelSince[z.Zone].AddDays(-RoundLookbackDays).ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc));
        var earliest = roundsSince.Values.Min();
        var allRounds = await db.Set<TestingRound>().AsNoTracking().Where(r => r.EndsAt >= earliest).ToListAsync(ct);
        var rounds = zones.ToDictionary(z => z.Zone, z => allRounds
            .Where(r => r.EndsAt >= roundsSince[z.Zone] && z.Area.Communities.Count > 0 && z.Area.Communities.All(r.Covers)).ToList());
        var counts = await RoundCountsAsync(db, rounds.Values.SelectMany(r => r).Select(r => r.Id).Distinct().ToList(), zones, ct);
        var activeByLevel = await db.Zones.Where(z => z.Status == ZoneStatus.Active).GroupBy(z => z.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Level, g => g.Count, ct);
        // As stored, not as this unit of work may have changed it (a release stepping a zone down evaluates before saving).
        var pageIds = zones.Select(z => z.Zone.Id).ToList();
        var storedActiveLevel = await db.Zones.Where(z => pageIds.Contains(z.Id) && z.Status == ZoneStatus.Active)
            .Select(z => new { z.Id, z.Level }).ToDictionaryAsync(z => z.Id, z => z.Level, ct);

        var evidence = new Dictionary<Zone, ZoneEvidence>(ReferenceEqualityComparer.Instance);
        foreach (var (zone, policy, _) in zones)
        {
            var zoneCases = cases[zone];
            var infection = zoneCases.Count == 0 ? (DateOnly?)null : zoneCases.Max(c => ZoneRules.InfectionDay(c.OnsetDate, c.SampledAt, c.ReportedAt));
            var lastInfectionAt = zoneCases.Count == 0 ? (DateTime?)null : zoneCases.Max(c => c.SampledAt ?? c.ReportedAt);
            var contacts = zoneCases.SelectMany(c => contactsByCase.GetValueOrDefault(c.Id) ?? []).ToList();
            DateTime? lastExposure = contacts.Count == 0 ? null : contacts.Max(c => c.Exposure);
            var withoutNegative = contacts.Count(c =>
                samples[c.PersonId].Where(s => s.CollectedAt > c.Exposure).MaxBy(s => s.CollectedAt)?.Outcome != Outcome.Negative);
            var zoneCounts = counts.GetValueOrDefault(zone);
            var facts = rounds[zone].Select(round =>
            {
                var c = zoneCounts?.GetValueOrDefault(round.Id) ?? new RoundCounts(0, 0, 0);
                return new ZoneRoundFact(round.Id, DateOnly.FromDateTime(TestingRules.WindowEnd(round).ToChina().DateTime), c.Sampled, c.Positive, c.Pending);
            }).ToList();
            var otherActive = OtherRestrictiveActive(policy, storedActiveLevel.GetValueOrDefault(zone.Id), activeByLevel);
            var exposureDay = lastExposure is { } e ? DateOnly.FromDateTime(e.ToChina().DateTime) : (DateOnly?)null;
            evidence[zone] = new(new ZoneFacts(levelSince[zone], infection, exposureDay, withoutNegative, facts, otherActive),
                lastInfectionAt, lastExposure, zone.ResidentCount, zone.BuildingCount, zoneCases.Select(c => c.Id).ToList());
        }
        return evidence;
    }

    sealed record CaseRow(long Id, DateOnly? OnsetDate, DateTime? SampledAt, DateTime ReportedAt);

    /// <summary>The cases living in each zone and those linked to it by hand.</summary>
    static async Task<Dictionary<Zone, List<CaseRow>>> CasesAsync(FrontlineDb db, IReadOnlyList<(Zone Zone, PolicySet Policy, ZoneArea Area)> zones,
        CancellationToken ct)
    {
        var buildingIds = zones.SelectMany(z => z.Area.BuildingIds).Distinct().ToList();
        var byBuilding = new List<(long Building, CaseRow Case)>();
        foreach (var chunk in buildingIds.Chunk(5_000))
            foreach (var row in await (from k in db.Cases.AsNoTracking()
                                       join p in db.Persons on k.PersonId equals p.Id
                                       where chunk.Contains(p.BuildingId)
                                       select new { p.BuildingId, k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt }).ToListAsync(ct))
                byBuilding.Add((row.BuildingId, new CaseRow(row.Id, row.OnsetDate, row.SampledAt, row.ReportedAt)));
        var casesOfBuilding = byBuilding.ToLookup(r => r.Building, r => r.Case);

        var casesOfCode = new Dictionary<string, List<CaseRow>>();
        foreach (var code in zones.SelectMany(z => z.Area.JurisdictionCodes).Distinct())
            casesOfCode[code] = await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code))
                .Select(k => new CaseRow(k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt)).ToListAsync(ct);

        var zoneIds = zones.Select(z => z.Zone.Id).Where(id => id != 0).ToList();
        var linked = (await (from z in db.ZoneCases.AsNoTracking()
                             join k in db.Cases on z.CaseId equals k.Id
                             where zoneIds.Contains(z.ZoneId)
                             select new { z.ZoneId, k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt }).ToListAsync(ct))
            .ToLookup(r => r.ZoneId, r => new CaseRow(r.Id, r.OnsetDate, r.SampledAt, r.ReportedAt));

        var result = new Dictionary<Zone, List<CaseRow>>(ReferenceEqualityComparer.Instance);
        foreach (var (zone, _, area) in zones)
            result[zone] = area.BuildingIds.SelectMany(b => casesOfBuilding[b])
                .Concat(area.JurisdictionCodes.SelectMany(c => casesOfCode[c]))
                .Concat(linked[zone.Id])
                .DistinctBy(c => c.Id).ToList();
        return result;
    }

    sealed record SampleRow(long PersonId, DateTime CollectedAt, Outcome Outcome);

    /// <summary>The close contacts' samples since the earliest exposure, by person: whether each has a negative after their exposure.</summary>
    static async Task<ILookup<long, SampleRow>> ContactSamplesAsync(FrontlineDb db, List<(long PersonId, DateTime Exposure)> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0) return Array.Empty<SampleRow>().ToLookup(s => s.PersonId);
        var earliest = contacts.Min(c => c.Exposure);
        var rows = new List<SampleRow>();
        foreach (var chunk in contacts.Select(c => c.PersonId).Distinct().Chunk(5_000))
            rows.AddRange(await db.Set<Sample>().AsNoTracking().Where(s => chunk.Contains(s.PersonId) && s.CollectedAt > earliest)
                .Select(s => new SampleRow(s.PersonId, s.CollectedAt, s.Outcome)).ToListAsync(ct));
        return rows.ToLookup(s => s.PersonId);
    }

    sealed record RoundCounts(int Sampled, int Positive, int Pending);

    /// <summary>
    /// Each zone's samples by round: its buildings' running counts (<see cref="RoundBuildingCount"/>, kept by Testing's scan
    /// and result transactions, where each person lived when sampled) and its jurisdictions' (<see cref="CoverageCount"/>,
    /// the communities in the code's range), summed. A page of zones reads a few rows per building and round: the cost
    /// follows the zones' buildings, never their residents or the round's millions of samples. Invalid results count as
    /// not yet negative (the person is sampled again), as pending ones do.
    /// </summary>
    static async Task<Dictionary<Zone, Dictionary<long, RoundCounts>>> RoundCountsAsync(FrontlineDb db, List<long> roundIds,
        IReadOnlyList<(Zone Zone, PolicySet Policy, ZoneArea Area)> zones, CancellationToken ct)
    {
        var result = new Dictionary<Zone, Dictionary<long, RoundCounts>>(ReferenceEqualityComparer.Instance);
        if (roundIds.Count == 0) return result;

        var perBuilding = new Dictionary<long, List<(long Round, RoundCounts Counts)>>();
        var buildingIds = zones.SelectMany(z => z.Area.BuildingIds).Distinct().ToList();
        foreach (var chunk in buildingIds.Chunk(5_000))
            foreach (var c in await db.Set<RoundBuildingCount>().AsNoTracking().Where(c => roundIds.Contains(c.RoundId) && chunk.Contains(c.BuildingId))
                         .ToListAsync(ct))
                (perBuilding.TryGetValue(c.BuildingId, out var list) ? list : perBuilding[c.BuildingId] = [])
                    .Add((c.RoundId, new RoundCounts(c.Sampled, c.Positive, c.Sampled - c.Negative - c.Positive)));
        var perCode = new Dictionary<string, List<(long Round, RoundCounts Counts)>>();
        foreach (var code in zones.SelectMany(z => z.Area.JurisdictionCodes).Distinct())
            perCode[code] = (await db.Set<CoverageCount>().AsNoTracking().Where(c => roundIds.Contains(c.RoundId)).InScope(new JurisdictionScope(code))
                    .GroupBy(c => c.RoundId)
                    .Select(g => new { Round = g.Key, Sampled = g.Sum(c => c.Sampled), Negative = g.Sum(c => c.Negative), Positive = g.Sum(c => c.Positive) })
                    .ToListAsync(ct))
                .Select(r => (r.Round, new RoundCounts(r.Sampled, r.Positive, r.Sampled - r.Negative - r.Positive))).ToList();

        foreach (var (zone, _, area) in zones)
        {
            var sum = new Dictionary<long, RoundCounts>();
            foreach (var rows in area.BuildingIds.Select(b => perBuilding.GetValueOrDefault(b)).Concat(area.JurisdictionCodes.Select(c => perCode[c])))
                foreach (var (round, c) in rows ?? [])
                    sum[round] = sum.TryGetValue(round, out var s) ? new RoundCounts(s.Sampled + c.Sampled, s.Positive + c.Positive, s.Pending + c.Pending) : c;
            result[zone] = sum;
        }
        return result;
    }

    /// <summary>Active zones at a restrictive level of the zone's policy set, other than the zone itself: the lifting level waits for them.</summary>
    static int OtherRestrictiveActive(PolicySet policy, string? storedActiveLevel, IReadOnlyDictionary<string, int> activeByLevel)
    {
        var restrictive = ZoneRules.Levels(policy).Where(l => ZoneRules.IsRestrictive(policy, l)).ToList();
        var active = restrictive.Sum(l => activeByLevel.GetValueOrDefault(l));
        return active - (storedActiveLevel is not null && restrictive.Contains(storedActiveLevel) ? 1 : 0);
    }
}
