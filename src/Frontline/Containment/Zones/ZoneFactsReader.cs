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
/// Reads a zone's facts from Investigation (cases and their close contacts) and Testing (rounds and samples) for the residents
/// of its buildings and jurisdictions. Every query narrows by an indexed column (persons by building or community range,
/// samples by round and person, contacts by case) and returns aggregates, so that a zone of 100,000 residents is read
/// without loading them.
/// </summary>
public static class ZoneFactsReader
{
    /// <summary>Rounds older than this before the zone's counting starts cannot be evidence for it.</summary>
    const int RoundLookbackDays = 30;

    public static async Task<ZoneArea> AreaAsync(FrontlineDb db, long zoneId, CancellationToken ct)
    {
        var targets = await db.ZoneTargets.AsNoTracking().Where(t => t.ZoneId == zoneId).ToListAsync(ct);
        var buildings = targets.Where(t => t.BuildingId is not null).Select(t => t.BuildingId!.Value).ToList();
        var codes = targets.Where(t => t.JurisdictionCode is not null).Select(t => t.JurisdictionCode!).ToList();
        var communities = buildings.Count == 0 ? [] :
            await db.Buildings.AsNoTracking().Where(b => buildings.Contains(b.Id)).Select(b => b.CommunityCode).Distinct().ToListAsync(ct);
        return new(buildings, codes, [.. communities.Concat(codes).Distinct()]);
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

    public static async Task<int> ResidentCountAsync(FrontlineDb db, ZoneArea area, CancellationToken ct)
    {
        var count = 0;
        if (area.BuildingIds.Count > 0)
        {
            var ids = area.BuildingIds.ToList();
            count += await db.Persons.CountAsync(p => ids.Contains(p.BuildingId), ct);
        }
        foreach (var code in area.JurisdictionCodes)
        {
            // A community's registered population is kept by every registry write; a street sums its communities.
            var scope = new JurisdictionScope(code);
            var (low, high) = scope.Range;
            count += await db.Jurisdictions.Where(j => j.Level == JurisdictionLevel.Community
                && string.Compare(j.Code, low) >= 0 && string.Compare(j.Code, high) <= 0).SumAsync(j => j.Population, ct);
        }
        return count;
    }

    public static async Task<int> BuildingCountAsync(FrontlineDb db, ZoneArea area, CancellationToken ct)
    {
        var count = area.BuildingIds.Count;
        foreach (var code in area.JurisdictionCodes)
            count += await db.Buildings.InScope(new JurisdictionScope(code)).CountAsync(ct);
        return count;
    }

    public static async Task<ZoneEvidence> ReadAsync(FrontlineDb db, PolicySet policy, Zone zone, ZoneArea area, CancellationToken ct)
    {
        var levelSince = DateOnly.FromDateTime(zone.LevelSince.ToChina().DateTime);
        var cases = await CasesAsync(db, zone.Id, area, ct);
        var infection = cases.Count == 0 ? (DateOnly?)null : cases.Max(c => ZoneRules.InfectionDay(c.OnsetDate, c.SampledAt, c.ReportedAt));
        var lastInfectionAt = cases.Count == 0 ? (DateTime?)null : cases.Max(c => c.SampledAt ?? c.ReportedAt);

        var caseIds = cases.Select(c => c.Id).ToList();
        var contacts = caseIds.Count == 0 ? [] : await db.Contacts.AsNoTracking()
            .Where(c => caseIds.Contains(c.CaseId) && c.Kind == ContactKind.Close)
            .Select(c => new { c.PersonId, c.LastExposureAt }).ToListAsync(ct);
        DateTime? lastExposure = contacts.Count == 0 ? null : contacts.Max(c => c.LastExposureAt);
        var withoutNegative = await ContactsWithoutNegativeAsync(db, contacts.Select(c => (c.PersonId, c.LastExposureAt)).ToList(), ct);

        var since = DateTime.SpecifyKind(levelSince.AddDays(-RoundLookbackDays).ToDateTime(TimeOnly.MinValue).AddHours(-8), DateTimeKind.Utc);
        var rounds = (await db.Set<TestingRound>().AsNoTracking().Where(r => r.EndsAt >= since).ToListAsync(ct))
            .Where(r => area.Communities.Count > 0 && area.Communities.All(r.Covers)).ToList();
        var counts = await RoundCountsAsync(db, rounds.Select(r => r.Id).ToList(), area, ct);
        var facts = rounds.Select(round =>
        {
            var c = counts.GetValueOrDefault(round.Id) ?? new RoundCounts(0, 0, 0);
            return new ZoneRoundFact(round.Id, DateOnly.FromDateTime(TestingRules.WindowEnd(round).ToChina().DateTime), c.Sampled, c.Positive, c.Pending);
        }).ToList();

        var otherActive = await OtherRestrictiveActiveAsync(db, policy, zone.Id, ct);
        var exposureDay = lastExposure is { } e ? DateOnly.FromDateTime(e.ToChina().DateTime) : (DateOnly?)null;
        return new(new ZoneFacts(levelSince, infection, exposureDay, withoutNegative, facts, otherActive),
            lastInfectionAt, lastExposure, zone.ResidentCount, zone.BuildingCount, caseIds);
    }

    sealed record CaseRow(long Id, DateOnly? OnsetDate, DateTime? SampledAt, DateTime ReportedAt);

    /// <summary>The cases living in the zone and those linked to it by hand.</summary>
    static async Task<List<CaseRow>> CasesAsync(FrontlineDb db, long zoneId, ZoneArea area, CancellationToken ct)
    {
        var rows = new Dictionary<long, CaseRow>();
        if (area.BuildingIds.Count > 0)
        {
            var ids = area.BuildingIds.ToList();
            foreach (var c in await (from k in db.Cases.AsNoTracking()
                                     join p in db.Persons on k.PersonId equals p.Id
                                     where ids.Contains(p.BuildingId)
                                     select new CaseRow(k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt)).ToListAsync(ct))
                rows[c.Id] = c;
        }
        foreach (var code in area.JurisdictionCodes)
            foreach (var c in await db.Cases.AsNoTracking().InScope(new JurisdictionScope(code))
                         .Select(k => new CaseRow(k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt)).ToListAsync(ct))
                rows[c.Id] = c;
        var linked = db.ZoneCases.Where(z => z.ZoneId == zoneId).Select(z => z.CaseId);
        foreach (var c in await db.Cases.AsNoTracking().Where(k => linked.Contains(k.Id))
                     .Select(k => new CaseRow(k.Id, k.OnsetDate, k.SampledAt, k.ReportedAt)).ToListAsync(ct))
            rows[c.Id] = c;
        return [.. rows.Values];
    }

    /// <summary>Close contacts whose latest sample after their exposure is not negative (none yet, pending, positive or invalid).</summary>
    static async Task<int> ContactsWithoutNegativeAsync(FrontlineDb db, List<(long PersonId, DateTime Exposure)> contacts, CancellationToken ct)
    {
        if (contacts.Count == 0) return 0;
        var ids = contacts.Select(c => c.PersonId).Distinct().ToList();
        var earliest = contacts.Min(c => c.Exposure);
        var samples = await db.Set<Sample>().AsNoTracking().Where(s => ids.Contains(s.PersonId) && s.CollectedAt > earliest)
            .Select(s => new { s.PersonId, s.CollectedAt, s.Outcome }).ToListAsync(ct);
        var byPerson = samples.ToLookup(s => s.PersonId);
        return contacts.Count(c =>
            byPerson[c.PersonId].Where(s => s.CollectedAt > c.Exposure).MaxBy(s => s.CollectedAt)?.Outcome != Outcome.Negative);
    }

    sealed record RoundCounts(int Sampled, int Positive, int Pending);

    /// <summary>
    /// Each round's samples of the zone's residents by outcome. Buildings: their residents' ids first (a building holds
    /// hundreds), then the samples by person — the index on (person, time) — rather than a round's whole district of
    /// samples joined to persons. Jurisdictions: the round's samples in the code's range.
    /// </summary>
    static async Task<Dictionary<long, RoundCounts>> RoundCountsAsync(FrontlineDb db, List<long> roundIds, ZoneArea area, CancellationToken ct)
    {
        var byRound = new Dictionary<long, Dictionary<Outcome, int>>();
        void Add(long round, Outcome outcome, int count)
        {
            if (!byRound.TryGetValue(round, out var map)) byRound[round] = map = [];
            map[outcome] = map.GetValueOrDefault(outcome) + count;
        }
        if (roundIds.Count == 0) return [];
        if (area.BuildingIds.Count > 0)
        {
            var ids = area.BuildingIds.ToList();
            var people = await db.Persons.Where(p => ids.Contains(p.BuildingId)).Select(p => p.Id).ToListAsync(ct);
            foreach (var chunk in people.Chunk(5_000))
            {
                var rows = await db.Set<Sample>().Where(s => chunk.Contains(s.PersonId) && s.RetestOrderId == null && roundIds.Contains(s.RoundId))
                    .GroupBy(s => new { s.RoundId, s.Outcome }).Select(g => new { g.Key.RoundId, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
                foreach (var r in rows) Add(r.RoundId, r.Outcome, r.Count);
            }
        }
        foreach (var code in area.JurisdictionCodes)
        {
            var rows = await db.Set<Sample>().Where(s => roundIds.Contains(s.RoundId) && s.RetestOrderId == null).InScope(new JurisdictionScope(code))
                .GroupBy(s => new { s.RoundId, s.Outcome }).Select(g => new { g.Key.RoundId, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
            foreach (var r in rows) Add(r.RoundId, r.Outcome, r.Count);
        }
        return byRound.ToDictionary(r => r.Key, r => new RoundCounts(r.Value.Values.Sum(), r.Value.GetValueOrDefault(Outcome.Positive),
            r.Value.GetValueOrDefault(Outcome.Pending) + r.Value.GetValueOrDefault(Outcome.Invalid)));
    }

    /// <summary>Active zones at a restrictive level of the policy set, other than this one: the lifting level waits for them.</summary>
    public static async Task<int> OtherRestrictiveActiveAsync(FrontlineDb db, PolicySet policy, long zoneId, CancellationToken ct)
    {
        var restrictive = ZoneRules.Levels(policy).Where(l => ZoneRules.IsRestrictive(policy, l)).ToList();
        return await db.Zones.CountAsync(z => z.Id != zoneId && z.Status == ZoneStatus.Active && restrictive.Contains(z.Level), ct);
    }
}
