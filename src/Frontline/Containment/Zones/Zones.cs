using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Containment.Zones;

[RequiresOneOf("buildingIds", "jurisdictionCodes")]
public sealed record ZoneInput(
    [Description("sealed|controlled|precaution under the three zones; high|medium|low (or high|low) under the risk-area schemes: the active policy set's.")] string? Level,
    [Description("Registry building ids the zone covers.")] IReadOnlyList<string>? BuildingIds,
    [Description("12-digit community or street codes the zone covers (everyone registered there).")] IReadOnlyList<string>? JurisdictionCodes,
    string? Reason,
    [Description("Cases that gave rise to the zone (their infections count as the zone's).")] IReadOnlyList<string>? CaseIds,
    [Description("Default: the first building's name, or the jurisdiction's.")] string? Name = null);

public sealed record ZoneCreated(string Id, DateOnly? ReleaseEligibleOn);

public sealed record ZoneReleaseInput(string? Reason, [Description("Release before the eligible date: needs zone.override and a reason.")] bool? Override);

public sealed record ZoneReleased(string Id, [Description("released, or the next level down for a risk area.")] string Level, string Status);

public sealed record ZoneSummary(string Id, string Name, string Level, [OneOf("active", "released")] string Status, string CommunityCode,
    int Buildings, int Residents, DateOnly? ReleaseEligibleOn, DateOnly? EarliestOn,
    [Description("Days until eligible (0: eligible now); null while a condition cannot be dated.")] int? DaysLeft,
    string Becomes, IReadOnlyList<string> Missing, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt);

public sealed record ZoneStepView(DateTimeOffset At, string Action, string By, string? FromLevel, string? ToLevel, string? Reason, DateOnly? EligibleOn);

public sealed record ZoneBuildingView(string Id, string Name, string CommunityCode);

public sealed record ZoneDetail(ZoneSummary Zone, string PolicySet, string Reason, string CreatedBy,
    DateTimeOffset? LastInfectionAt, DateTimeOffset? LastCloseContactExposureAt, int CloseContactsWithoutNegative,
    [Description("The round the rule reads (the newest all-negative one within reach), or null.")] string? LastRoundId, DateOnly? LastRoundDay,
    bool? LastRoundAllNegative, DateOnly? ReleaseEligibleOn, IReadOnlyList<string> CaseIds, IReadOnlyList<ZoneBuildingView> Buildings,
    IReadOnlyList<string> JurisdictionCodes, IReadOnlyList<ZoneStepView> History);

public sealed record ZoneResident(string PersonId, [Description("Masked (张*).")] string Name, [Description("Masked.")] string IdNumber,
    string Building, [Description("Masked.")] string? Room, string CommunityCode);

public sealed record ZoneProposalView(string Id, string CaseId, string CaseLabel, string BuildingId, string BuildingName, string CommunityCode,
    string Level, [OneOf("pending", "accepted", "rejected", "superseded")] string Status, DateTimeOffset CreatedAt, string? DecidedBy, string? DecisionReason, string? ZoneId);

public sealed record ProposalDecision(string? Reason);

/// <summary>
/// 三区 / 风险区: designation over buildings or jurisdictions, the board, a zone's evidence, its release by a commander (early
/// only as an audited override), and the proposals new cases raise. Every step is on the zone's history and in the audit.
/// </summary>
public sealed class Zones(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, AuditLog audit, TimeProvider clock)
{
    public const int MaxTargets = 200;
    public const int MaxReason = 500;

    PolicySet PolicyOf(Zone zone) => policies.Find(zone.PolicySet) ?? policies.Active;

    public Task<ZoneCreated> DesignateAsync(Caller caller, ZoneInput input, CancellationToken ct = default) =>
        DesignateAsync(caller, input, acceptingProposal: null, ct);

    /// <summary>
    /// Designates the zone; at the scheme's top level it also closes the pending proposals for the buildings it covers
    /// (superseded), all but <paramref name="acceptingProposal"/>, the one being accepted by this designation.
    /// </summary>
    async Task<ZoneCreated> DesignateAsync(Caller caller, ZoneInput input, long? acceptingProposal, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var policy = policies.Active;
        var errors = new List<FieldError>();
        var level = input.Level?.Trim();
        if (string.IsNullOrEmpty(level)) errors.Add(new("level", "missing-field", "level"));
        else if (!ZoneRules.IsLevel(policy, level)) errors.Add(new("level", "invalid-zone-level", level.Length > 16 ? level[..16] : level));
        var reason = FieldError.Required(errors, "reason", input.Reason, MaxReason);
        var name = TextRules.Optional(errors, "name", input.Name, 100);
        var buildingIds = ParseIds(input.BuildingIds, "buildingIds", errors);
        var codes = (input.JurisdictionCodes ?? []).Select(c => c?.Trim() ?? "").Distinct().ToList();
        if (buildingIds.Count == 0 && codes.Count == 0) errors.Add(new("buildingIds", "zone-target-required"));
        if (buildingIds.Count + codes.Count > MaxTargets) errors.Add(new("buildingIds", "too-many-targets", MaxTargets));
        var caseIds = ParseIds(input.CaseIds, "caseIds", errors);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var buildings = await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id)).ToListAsync(ct);
        if (buildings.Count != buildingIds.Count || buildings.Any(b => !caller.Scope.Contains(b.CommunityCode)))
            errors.Add(new("buildingIds", "unknown-building"));
        foreach (var code in codes)
            if (code.Length != 12 || !caller.Scope.Contains(code) || !await db.Jurisdictions.AnyAsync(j => j.Code == code, ct))
                errors.Add(new("jurisdictionCodes", "out-of-scope"));
        var cases = await db.Cases.AsNoTracking().InScope(caller.Scope).Where(c => caseIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (cases.Count != caseIds.Count) errors.Add(new("caseIds", "unknown-zone-case"));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var owner = buildings.Count > 0 ? CommonJurisdiction(buildings.Select(b => b.CommunityCode).Concat(codes)) : CommonJurisdiction(codes);
        if (name is null)
        {
            var firstCode = codes.FirstOrDefault();
            name = buildings.Count > 0 ? buildings[0].Name + (buildings.Count + codes.Count > 1 ? Ui.T($"等{buildings.Count + codes.Count}处", $" and {buildings.Count + codes.Count - 1} more") : "")
                : (await db.Jurisdictions.Where(j => j.Code == firstCode).Select(j => j.Name).FirstOrDefaultAsync(ct) ?? firstCode!)
                  + (codes.Count > 1 ? Ui.T($"等{codes.Count}处", $" and {codes.Count - 1} more") : "");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = new Zone
        {
            Name = name, Level = level!, PolicySet = policy.Name, CommunityCode = owner, Reason = reason!, Status = ZoneStatus.Active,
            CreatedAt = now, CreatedBy = caller.UserName, LevelSince = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Zones.Add(zone);
        await db.SaveChangesAsync(ct);
        foreach (var id in buildingIds) db.ZoneTargets.Add(new ZoneTarget { ZoneId = zone.Id, BuildingId = id });
        foreach (var code in codes) db.ZoneTargets.Add(new ZoneTarget { ZoneId = zone.Id, JurisdictionCode = code });
        foreach (var id in cases) db.ZoneCases.Add(new ZoneCase { ZoneId = zone.Id, CaseId = id });
        await db.SaveChangesAsync(ct);
        var assessment = await EvaluateAsync(db, zone, countArea: true, ct);
        db.ZoneSteps.Add(new ZoneStep { ZoneId = zone.Id, At = now, Action = "designated", By = caller.UserName, ToLevel = zone.Level, Reason = zone.Reason, EligibleOn = assessment.EligibleOn });
        db.Audit.Add(audit.Entry(caller, ZoneAuditActions.Designate, $"zone:{zone.Id}", zone.CommunityCode, zone.Reason,
            new { zone.Level, buildingIds, jurisdictionCodes = codes, caseIds = cases, eligibleOn = assessment.EligibleOn }));
        Outbox.Add(db, ZoneEvents.Changed, new ZoneChangedEvent(zone.Id), now);
        await db.SaveChangesAsync(ct);
        if (zone.Level == ZoneRules.TopLevel(policy)) await SupersedeProposalsAsync(db, caller, zone, buildingIds, codes, acceptingProposal, now, ct);
        await tx.CommitAsync(ct);
        return new(zone.Id.ToString(CultureInfo.InvariantCulture), assessment.EligibleOn);
    }

    /// <summary>
    /// The pending proposals whose building the new top-level zone covers (by building, or by a jurisdiction holding its
    /// community) close as superseded, inside the designation's transaction: the building is sealed, so nobody need accept
    /// or reject them. Each is linked to the zone, gets a line on the zone's history and an audit entry. A proposal decided
    /// a moment ago by a commander keeps that decision (only a pending one moves).
    /// </summary>
    async Task SupersedeProposalsAsync(FrontlineDb db, Caller caller, Zone zone, List<long> buildingIds, List<string> codes, long? except,
        DateTime now, CancellationToken ct)
    {
        var candidates = await db.ZoneProposals.AsNoTracking()
            .Where(p => p.Status == ProposalStatus.Pending && buildingIds.Contains(p.BuildingId)).ToListAsync(ct);
        foreach (var code in codes)
            candidates.AddRange(await db.ZoneProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Pending).InScope(new JurisdictionScope(code)).ToListAsync(ct));
        var reason = Ui.T($"楼栋已由区域「{zone.Name}」封控", $"The building is sealed by zone \"{zone.Name}\"");
        foreach (var proposal in candidates.DistinctBy(p => p.Id).Where(p => p.Id != except).OrderBy(p => p.Id))
        {
            var changed = await db.ZoneProposals.Where(p => p.Id == proposal.Id && p.Status == ProposalStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, ProposalStatus.Superseded).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedBy, caller.UserName)
                .SetProperty(p => p.DecisionReason, reason).SetProperty(p => p.ZoneId, zone.Id), ct);
            if (changed == 0) continue;
            var label = await db.Cases.Where(c => c.Id == proposal.CaseId).Select(c => c.Number).FirstOrDefaultAsync(ct);
            db.ZoneSteps.Add(new ZoneStep
            {
                ZoneId = zone.Id, At = now, Action = ProposalSupersededStep, By = caller.UserName,
                Reason = Ui.T($"{CaseNumbers.Label(label)}的划定建议已由本区域覆盖，自动关闭", $"The proposal for {CaseNumbers.Label(label)} is covered by this zone and closed"),
            });
            db.Audit.Add(audit.Entry(caller, ZoneAuditActions.ProposalSuperseded, $"zone-proposal:{proposal.Id}", proposal.CommunityCode, reason,
                new { proposal.CaseId, proposal.BuildingId, zoneId = zone.Id }));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The zone's history line for a proposal it closed (<see cref="ProposalStatus.Superseded"/>).</summary>
    public const string ProposalSupersededStep = "took-proposal";

    /// <summary>The narrowest jurisdiction holding every code: one community, else its street, else the district.</summary>
    internal static string CommonJurisdiction(IEnumerable<string> codes)
    {
        var list = codes.Distinct().ToList();
        if (list.Count == 1) return list[0];
        if (list.Select(c => c[..9]).Distinct().Count() == 1) return list[0][..9] + "000";
        return list[0][..6] + "000000";
    }

    static List<long> ParseIds(IReadOnlyList<string>? values, string field, List<FieldError> errors)
    {
        var ids = new List<long>();
        foreach (var v in values ?? [])
        {
            if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
            else { errors.Add(new(field, "invalid-field", field)); break; }
        }
        return ids.Distinct().ToList();
    }

    /// <summary>
    /// Evaluates a zone's release with fresh facts and stores the date, the evidence and what is missing on the zone
    /// (its history gains a step when the eligible date moves). Idempotent: the same facts store the same row.
    /// </summary>
    internal async Task<ReleaseAssessment> EvaluateAsync(FrontlineDb db, Zone zone, bool countArea, CancellationToken ct) =>
        (await EvaluateManyAsync(db, [zone], countArea, ct))[zone];

    /// <summary>Evaluates a page of zones of one unit of work together: their facts are read a few queries for the whole page.</summary>
    async Task<Dictionary<Zone, ReleaseAssessment>> EvaluateManyAsync(FrontlineDb db, IReadOnlyList<Zone> zones, bool countArea, CancellationToken ct)
    {
        var areas = await ZoneFactsReader.AreasAsync(db, zones.Select(z => z.Id).ToList(), ct);
        ZoneArea AreaOf(Zone zone) => areas.GetValueOrDefault(zone.Id) ?? new([], [], []);
        if (countArea)
        {
            var sizes = await ZoneFactsReader.SizesAsync(db, zones.DistinctBy(z => z.Id).ToDictionary(z => z.Id, AreaOf), ct);
            foreach (var zone in zones) (zone.ResidentCount, zone.BuildingCount) = sizes[zone.Id];
        }
        var evidence = await ZoneFactsReader.ReadManyAsync(db, zones.Select(z => (z, PolicyOf(z), AreaOf(z))).ToList(), ct);
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        var assessments = new Dictionary<Zone, ReleaseAssessment>(ReferenceEqualityComparer.Instance);
        foreach (var zone in zones)
        {
            var facts = evidence[zone];
            var assessment = ZoneRules.Assess(PolicyOf(zone), zone.Level, facts.Facts, today);
            var round = assessment.QualifyingRoundId is { } rid ? facts.Facts.Rounds.First(r => r.RoundId == rid)
                : facts.Facts.Rounds.MaxBy(r => r.Day);
            if (zone.Id != 0 && zone.EvaluatedAt is not null && zone.EligibleOn != assessment.EligibleOn)
                db.ZoneSteps.Add(new ZoneStep { ZoneId = zone.Id, At = now, Action = "evaluated", By = Caller.System.UserName, EligibleOn = assessment.EligibleOn });
            zone.EligibleOn = assessment.EligibleOn;
            zone.EarliestOn = assessment.EarliestOn;
            zone.Missing = string.Join(',', assessment.Missing);
            zone.LastInfectionAt = facts.LastInfectionAt;
            zone.LastCloseContactExposureAt = facts.LastCloseContactExposureAt;
            zone.CloseContactsWithoutNegative = facts.Facts.CloseContactsWithoutNegative;
            zone.LastRoundId = round?.RoundId;
            zone.LastRoundDay = round?.Day;
            zone.LastRoundAllNegative = round?.AllNegative;
            zone.EvaluatedAt = now;
            assessments[zone] = assessment;
        }
        return assessments;
    }

    /// <summary>Re-evaluates one zone in a context of its own; a concurrent release wins (the evaluation is simply dropped).</summary>
    public async Task EvaluateZoneAsync(long zoneId, CancellationToken ct = default) => await EvaluateZonesAsync([zoneId], ct);

    /// <summary>
    /// Re-evaluates the active zones among <paramref name="zoneIds"/>, a page of <see cref="EvaluationPage"/> in one unit of
    /// work. A release racing the page makes its save fail: then each zone of the page is evaluated on its own, so the
    /// released one is skipped and the others are still stored.
    /// </summary>
    public async Task EvaluateZonesAsync(IReadOnlyCollection<long> zoneIds, CancellationToken ct = default)
    {
        foreach (var chunk in zoneIds.Distinct().Chunk(EvaluationPage))
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var page = await db.Zones.Where(z => chunk.Contains(z.Id) && z.Status == ZoneStatus.Active).ToListAsync(ct);
            if (page.Count == 0) continue;
            await EvaluateManyAsync(db, page, countArea: true, ct);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) when (chunk.Length > 1)
            {
                foreach (var id in chunk) await EvaluateZonesAsync([id], ct);
            }
            catch (DbUpdateConcurrencyException) { }
        }
    }

    const int EvaluationPage = 200;

    /// <summary>Every active zone, in pages of ids so that memory stays flat over thousands of zones.</summary>
    public async Task<int> EvaluateAllAsync(CancellationToken ct = default)
    {
        var evaluated = 0;
        long after = 0;
        while (true)
        {
            List<long> ids;
            await using (var db = await dbs.CreateDbContextAsync(ct))
                ids = await db.Zones.Where(z => z.Status == ZoneStatus.Active && z.Id > after).OrderBy(z => z.Id).Select(z => z.Id).Take(EvaluationPage).ToListAsync(ct);
            if (ids.Count == 0) return evaluated;
            await EvaluateZonesAsync(ids, ct);
            evaluated += ids.Count;
            after = ids[^1];
        }
    }

    /// <summary>
    /// Results landed for people of these communities, living in these buildings when sampled: the active zones over those
    /// buildings, or over a jurisdiction holding one of the communities, and the zones of the cases whose close contacts live
    /// in those buildings, are re-evaluated now (their countdown need not wait for the night). Zones elsewhere are left alone. Idempotent: the same facts store the same evaluation.
    /// </summary>
    public async Task<int> EvaluateTouchingAsync(IReadOnlyCollection<string> communities, IReadOnlyCollection<long> buildings, CancellationToken ct = default)
    {
        var ids = new HashSet<long>();
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            ids.UnionWith(await ZonesOverAsync(db, communities, buildings, ct));
            // A close contact's result is evidence for their case's zones wherever the contact lives: the zones over the
            // cases' homes and those the cases were linked to by hand.
            var caseIds = new HashSet<long>();
            foreach (var chunk in buildings.Distinct().Chunk(5_000))
                caseIds.UnionWith(await (from c in db.Contacts
                                         join p in db.Persons on c.PersonId equals p.Id
                                         where c.Kind == ContactKind.Close && chunk.Contains(p.BuildingId)
                                         select c.CaseId).Distinct().ToListAsync(ct));
            foreach (var chunk in caseIds.Chunk(5_000))
            {
                var homes = await (from k in db.Cases
                                   join p in db.Persons on k.PersonId equals p.Id
                                   where chunk.Contains(k.Id)
                                   select new { p.BuildingId, p.CommunityCode }).Distinct().ToListAsync(ct);
                ids.UnionWith(await ZonesOverAsync(db, homes.Select(h => h.CommunityCode).Distinct().ToList(), homes.Select(h => h.BuildingId).Distinct().ToList(), ct));
                ids.UnionWith(await (from zc in db.ZoneCases
                                     join z in db.Zones on zc.ZoneId equals z.Id
                                     where chunk.Contains(zc.CaseId) && z.Status == ZoneStatus.Active
                                     select z.Id).Distinct().ToListAsync(ct));
            }
        }
        await EvaluateZonesAsync(ids, ct);
        return ids.Count;
    }

    /// <summary>The active zones over the given buildings, or over a community, street or district holding the given communities.</summary>
    static async Task<HashSet<long>> ZonesOverAsync(FrontlineDb db, IReadOnlyCollection<string> communities, IReadOnlyCollection<long> buildings, CancellationToken ct)
    {
        var codes = communities.SelectMany(c => new[] { c, c[..9] + "000", c[..6] + "000000" }).Distinct().ToList();
        var ids = new HashSet<long>();
        foreach (var chunk in buildings.Distinct().Chunk(5_000))
            ids.UnionWith(await (from t in db.ZoneTargets
                                 join z in db.Zones on t.ZoneId equals z.Id
                                 where t.BuildingId != null && chunk.Contains(t.BuildingId.Value) && z.Status == ZoneStatus.Active
                                 select z.Id).Distinct().ToListAsync(ct));
        if (codes.Count > 0)
            ids.UnionWith(await (from t in db.ZoneTargets
                                 join z in db.Zones on t.ZoneId equals z.Id
                                 where t.JurisdictionCode != null && codes.Contains(t.JurisdictionCode) && z.Status == ZoneStatus.Active
                                 select z.Id).Distinct().ToListAsync(ct));
        return ids;
    }

    /// <summary>Zones whose area holds the given building or community (its own or an enclosing street's).</summary>
    internal static IQueryable<Zone> Covering(FrontlineDb db, long? buildingId, string communityCode)
    {
        var street = communityCode[..9] + "000";
        var district = communityCode[..6] + "000000";
        var zoneIds = db.ZoneTargets.Where(t => (buildingId != null && t.BuildingId == buildingId)
            || t.JurisdictionCode == communityCode || t.JurisdictionCode == street || t.JurisdictionCode == district).Select(t => t.ZoneId);
        return db.Zones.Where(z => zoneIds.Contains(z.Id));
    }

    public async Task<Paged<ZoneSummary>> ListAsync(Caller caller, string? level, string? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Zones.AsNoTracking().InScope(caller.Scope);
        if (!string.IsNullOrEmpty(level)) q = q.Where(z => z.Level == level);
        if (!string.IsNullOrEmpty(status))
        {
            var parsed = status switch { "active" => ZoneStatus.Active, "released" => ZoneStatus.Released, _ => throw new DomainException("invalid-field", field: "status", args: "status") };
            q = q.Where(z => z.Status == parsed);
        }
        var total = await q.LongCountAsync(ct);
        // Active first; within a level the soonest eligible first, undated last (those need a round or results).
        var rows = await q.OrderBy(z => z.Status).ThenBy(z => z.Level).ThenBy(z => z.EligibleOn == null).ThenBy(z => z.EligibleOn).ThenBy(z => z.Id)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(Summary).ToList());
    }

    ZoneSummary Summary(Zone z)
    {
        var today = ChinaTime.Today(clock);
        var missing = z.Missing.Length == 0 ? [] : z.Missing.Split(',').ToList();
        var eligibleNow = z.Status == ZoneStatus.Active && missing.Count == 0 && z.EligibleOn is { } on && on <= today;
        // The stored evaluation is of its day: a date reached since then counts today, a condition missing then is still missing.
        if (z.EligibleOn is { } day && day <= today) missing.RemoveAll(m => m is ZoneRules.Missing.InfectionFree or ZoneRules.Missing.CloseContactPeriod);
        int? daysLeft = z.Status != ZoneStatus.Active ? null
            : missing.Count == 0 && z.EligibleOn is { } e ? Math.Max(0, e.DayNumber - today.DayNumber) : null;
        var becomes = PolicyOf(z).ZoneRelease.TryGetValue(z.Level, out var rule) ? rule.Becomes : "released";
        return new(z.Id.ToString(CultureInfo.InvariantCulture), z.Name, z.Level, z.Status == ZoneStatus.Active ? "active" : "released", z.CommunityCode,
            z.BuildingCount, z.ResidentCount, z.EligibleOn, z.EarliestOn, eligibleNow ? 0 : daysLeft, becomes, missing, z.CreatedAt.ToChina(), z.ReleasedAt?.ToChina());
    }

    async Task<Zone> ZoneInScopeAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct) =>
        await db.Zones.InScope(caller.Scope).FirstOrDefaultAsync(z => z.Id == id, ct) ?? throw new NotFoundException("zone");

    /// <summary>A zone with its evidence evaluated now (not stored: a read changes nothing), its buildings and its history.</summary>
    public async Task<ZoneDetail> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await ZoneInScopeAsync(db, caller, id, ct);
        if (zone.Status == ZoneStatus.Active) await EvaluateAsync(db, zone, countArea: false, ct);
        var area = await ZoneFactsReader.AreaAsync(db, id, ct);
        var buildings = await db.Buildings.AsNoTracking().Where(b => area.BuildingIds.Contains(b.Id)).OrderBy(b => b.Name)
            .Select(b => new ZoneBuildingView(b.Id.ToString(), b.Name, b.CommunityCode)).ToListAsync(ct);
        var cases = await db.ZoneCases.AsNoTracking().Where(c => c.ZoneId == id).Select(c => c.CaseId.ToString()).ToListAsync(ct);
        var history = await db.ZoneSteps.AsNoTracking().Where(s => s.ZoneId == id).OrderBy(s => s.At).ThenBy(s => s.Id).ToListAsync(ct);
        return new(Summary(zone), zone.PolicySet, zone.Reason, zone.CreatedBy, zone.LastInfectionAt?.ToChina(), zone.LastCloseContactExposureAt?.ToChina(),
            zone.CloseContactsWithoutNegative, zone.LastRoundId?.ToString(CultureInfo.InvariantCulture), zone.LastRoundDay, zone.LastRoundAllNegative,
            zone.EligibleOn, cases, buildings, area.JurisdictionCodes,
            history.Select(s => new ZoneStepView(s.At.ToChina(), s.Action, s.By, s.FromLevel, s.ToLevel, s.Reason, s.EligibleOn)).ToList());
    }

    /// <summary>The residents inside a zone, masked, paged in id order.</summary>
    public async Task<Paged<ZoneResident>> ResidentsAsync(Caller caller, long id, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await ZoneInScopeAsync(db, caller, id, ct);
        var area = await ZoneFactsReader.AreaAsync(db, id, ct);
        var residents = ZoneFactsReader.Residents(db, area).AsNoTracking();
        var rows = await (from p in residents.OrderBy(p => p.Id).Skip(page.Skip).Take(page.PageSize)
                          join b in db.Buildings on p.BuildingId equals b.Id
                          select new { p.Id, p.Name, p.DocNumber, BuildingName = b.Name, p.Room, p.CommunityCode }).ToListAsync(ct);
        return new(zone.ResidentCount, rows.OrderBy(r => r.Id).Select(r => new ZoneResident(r.Id.ToString(CultureInfo.InvariantCulture), Masking.Name(r.Name) ?? "",
            Masking.IdNumber(r.DocNumber) ?? "", r.BuildingName, Masking.Room(r.Room), r.CommunityCode)).ToList());
    }

    /// <summary>
    /// A commander's release on or after the eligible date (a risk area steps down one level; the last level lifts); before it
    /// only as an override with zone.override and a reason. Checked against facts evaluated now, all in one transaction.
    /// </summary>
    public async Task<ZoneReleased> ReleaseAsync(Caller caller, long id, ZoneReleaseInput input, CancellationToken ct = default)
    {
        var overrideRequested = input.Override == true;
        var reason = input.Reason?.Trim();
        if (reason is { Length: > MaxReason }) throw new DomainException("field-too-long", field: "reason", args: ["reason", MaxReason]);
        if (overrideRequested && !caller.Can(ContainmentPermissions.ZoneOverride)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (overrideRequested && string.IsNullOrEmpty(reason)) throw new DomainException("override-reason-required", field: "reason");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var zone = await ZoneInScopeAsync(db, caller, id, ct);
        if (zone.Status == ZoneStatus.Released) throw new DomainException("zone-released", StatusCodes.Status409Conflict);
        var assessment = await EvaluateAsync(db, zone, countArea: false, ct);
        var refusal = ZoneRules.CheckRelease(assessment, overrideRequested, caller.Can(ContainmentPermissions.ZoneOverride), reason);
        if (refusal == "not-eligible")
            throw new DomainException("not-eligible", StatusCodes.Status409Conflict, null,
                string.Join(Ui.T("；", "; "), assessment.Missing.Select(ZoneLabels.Missing)));
        var now = clock.GetUtcNow().UtcDateTime;
        var early = overrideRequested && !assessment.EligibleToday;
        var from = zone.Level;
        var step = early ? "override" : "released";
        if (assessment.Becomes == "released" || early)
        {
            zone.Status = ZoneStatus.Released;
            zone.ReleasedAt = now;
            zone.ReleasedBy = caller.UserName;
        }
        else
        {
            zone.Level = assessment.Becomes;
            zone.LevelSince = now;
            step = "stepped-down";
        }
        zone.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ZoneSteps.Add(new ZoneStep { ZoneId = id, At = now, Action = step, By = caller.UserName, FromLevel = from, ToLevel = zone.Status == ZoneStatus.Released ? "released" : zone.Level, Reason = reason, EligibleOn = assessment.EligibleOn });
        var action = early ? ZoneAuditActions.Override : step == "stepped-down" ? ZoneAuditActions.StepDown : ZoneAuditActions.Release;
        db.Audit.Add(audit.Entry(caller, action,
            $"zone:{id}", zone.CommunityCode, reason, new { from, to = zone.Status == ZoneStatus.Released ? "released" : zone.Level, eligibleOn = assessment.EligibleOn, missing = assessment.Missing }));
        Outbox.Add(db, ZoneEvents.Changed, new ZoneChangedEvent(id), now);
        if (zone.Status == ZoneStatus.Active)
        {
            await db.SaveChangesAsync(ct);
            await EvaluateAsync(db, zone, countArea: false, ct);
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new DomainException("zone-changed", StatusCodes.Status409Conflict); }
        await tx.CommitAsync(ct);
        return new(id.ToString(CultureInfo.InvariantCulture), zone.Status == ZoneStatus.Released ? "released" : zone.Level,
            zone.Status == ZoneStatus.Released ? "released" : "active");
    }

    // --- Proposals ---

    /// <summary>
    /// A new case: when they live in a building that no active zone at the scheme's top level covers, a proposal appears for
    /// the commander. Delivered at least once: one proposal per case. The zones around the case are re-evaluated either way.
    /// </summary>
    public async Task ProposeForCaseAsync(long personId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var newCase = await db.Cases.AsNoTracking().Where(c => c.PersonId == personId).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (newCase is null) return;
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.BuildingId, p.CommunityCode }).FirstOrDefaultAsync(ct);
        if (person is null) return;
        var policy = policies.Active;
        var top = ZoneRules.TopLevel(policy);
        var covering = await Covering(db, person.BuildingId, person.CommunityCode).Where(z => z.Status == ZoneStatus.Active)
            .Select(z => new { z.Id, z.Level }).ToListAsync(ct);
        await EvaluateZonesAsync(covering.Select(z => z.Id).ToList(), ct);
        if (covering.Any(z => z.Level == top)) return;
        if (await db.ZoneProposals.AnyAsync(p => p.CaseId == newCase.Id, ct)) return;
        db.ZoneProposals.Add(new ZoneProposal
        {
            CaseId = newCase.Id, PersonId = personId, BuildingId = person.BuildingId, CommunityCode = person.CommunityCode, Level = top,
            Status = ProposalStatus.Pending, CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // The same event delivered twice at once: the unique index kept the other's proposal.
            await using var check = await dbs.CreateDbContextAsync(ct);
            if (!await check.ZoneProposals.AnyAsync(p => p.CaseId == newCase.Id, ct)) throw;
        }
    }

    public async Task<Paged<ZoneProposalView>> ProposalsAsync(Caller caller, string? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.ZoneProposals.AsNoTracking().InScope(caller.Scope);
        if (!string.IsNullOrEmpty(status))
        {
            var parsed = ParseProposalStatus(status) ?? throw new DomainException("invalid-field", field: "status", args: "status");
            q = q.Where(p => p.Status == parsed);
        }
        var total = await q.LongCountAsync(ct);
        var rows = await (from p in q.OrderBy(p => p.Status).ThenByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(page.Skip).Take(page.PageSize)
                          join b in db.Buildings on p.BuildingId equals b.Id
                          join c in db.Cases on p.CaseId equals c.Id
                          select new { p, BuildingName = b.Name, c.Number }).ToListAsync(ct);
        return new(total, rows.OrderBy(r => r.p.Status).ThenByDescending(r => r.p.CreatedAt).ThenByDescending(r => r.p.Id)
            .Select(r => ProposalView(r.p, r.BuildingName, r.Number)).ToList());
    }

    static ProposalStatus? ParseProposalStatus(string status) => status switch
    {
        "pending" => ProposalStatus.Pending, "accepted" => ProposalStatus.Accepted, "rejected" => ProposalStatus.Rejected,
        "superseded" => ProposalStatus.Superseded, _ => null,
    };

    static ZoneProposalView ProposalView(ZoneProposal p, string buildingName, int caseNumber) =>
        new(p.Id.ToString(CultureInfo.InvariantCulture), p.CaseId.ToString(CultureInfo.InvariantCulture), CaseNumbers.Label(caseNumber),
            p.BuildingId.ToString(CultureInfo.InvariantCulture), buildingName, p.CommunityCode, p.Level, p.Status.ToString().ToLowerInvariant(),
            p.CreatedAt.ToChina(), p.DecidedBy, p.DecisionReason, p.ZoneId?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Accepting designates the proposed zone over the case's building, linked to the case; the proposal keeps the zone.</summary>
    public async Task<ZoneCreated> AcceptProposalAsync(Caller caller, long id, ProposalDecision input, CancellationToken ct = default)
    {
        var reason = input.Reason?.Trim();
        if (reason is { Length: > MaxReason }) throw new DomainException("field-too-long", field: "reason", args: ["reason", MaxReason]);
        ZoneProposal proposal;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            proposal = await db.ZoneProposals.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("zone-proposal");
            if (proposal.Status != ProposalStatus.Pending) throw new DomainException("proposal-decided", StatusCodes.Status409Conflict);
        }
        var label = await CaseLabelAsync(proposal.CaseId, ct);
        var created = await DesignateAsync(caller, new ZoneInput(proposal.Level, [proposal.BuildingId.ToString(CultureInfo.InvariantCulture)], null,
            string.IsNullOrEmpty(reason) ? Ui.T($"{label}居住楼栋", $"Building where {label} lives") : reason, [proposal.CaseId.ToString(CultureInfo.InvariantCulture)]),
            acceptingProposal: id, ct);
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Only a pending proposal moves: a second accept racing this one leaves its zone unlinked and fails here.
            var changed = await db.ZoneProposals.Where(p => p.Id == id && p.Status == ProposalStatus.Pending).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, ProposalStatus.Accepted).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedBy, caller.UserName)
                .SetProperty(p => p.DecisionReason, reason).SetProperty(p => p.ZoneId, long.Parse(created.Id, CultureInfo.InvariantCulture)), ct);
            if (changed == 0) throw new DomainException("proposal-decided", StatusCodes.Status409Conflict);
            await audit.RecordAsync(caller, ZoneAuditActions.ProposalAccept, $"zone-proposal:{id}", proposal.CommunityCode, reason,
                new { proposal.CaseId, proposal.BuildingId, zoneId = created.Id }, ct);
        }
        return created;
    }

    async Task<string> CaseLabelAsync(long caseId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.Cases.Where(c => c.Id == caseId).Select(c => c.Number).FirstOrDefaultAsync(ct);
        return CaseNumbers.Label(number);
    }

    public async Task RejectProposalAsync(Caller caller, long id, ProposalDecision input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var reason = FieldError.Required(errors, "reason", input.Reason, MaxReason);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var proposal = await db.ZoneProposals.InScope(caller.Scope).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException("zone-proposal");
        if (proposal.Status != ProposalStatus.Pending) throw new DomainException("proposal-decided", StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.ZoneProposals.Where(p => p.Id == id && p.Status == ProposalStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, ProposalStatus.Rejected).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedBy, caller.UserName)
            .SetProperty(p => p.DecisionReason, reason), ct);
        if (changed == 0) throw new DomainException("proposal-decided", StatusCodes.Status409Conflict);
        await audit.RecordAsync(caller, ZoneAuditActions.ProposalReject, $"zone-proposal:{id}", proposal.CommunityCode, reason,
            new { proposal.CaseId, proposal.BuildingId }, ct);
    }

    /// <summary>A zone was designated or released: the levels that lift when all others have are re-evaluated.</summary>
    public async Task EvaluateLiftingLevelsAsync(CancellationToken ct = default)
    {
        var lifting = policies.All.SelectMany(p => p.ZoneRelease.Where(r => r.Value.LiftsWhenAllOthersLifted).Select(r => r.Key)).Distinct().ToList();
        List<long> ids;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            ids = await db.Zones.Where(z => z.Status == ZoneStatus.Active && lifting.Contains(z.Level)).Select(z => z.Id).ToListAsync(ct);
        await EvaluateZonesAsync(ids, ct);
    }
}
