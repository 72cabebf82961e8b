using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

public sealed record CoverageView(
    string Jurisdiction, string? Name, long Population, long Exempt, long Sampled, long Negative, long Pending, long PositiveTubes,
    long PositivePeople, long Invalid, long Untested, double Coverage);

public sealed record BuildingCoverage(string BuildingId, string Building, int Residents, int Sampled, int Untested);

public sealed record UntestedPerson(string PersonId, string Name, string IdNumber, string? Phone, string CommunityCode, string Building, string? Room,
    [System.ComponentModel.Description("False when a grant unmasked the list: full ID and phone.")] bool Masked = true);


/// <summary>
/// Coverage of a round: who in scope was sampled, what came back, who is still untested. Figures for a
/// street or the district are sums of the running per-community counts; lists read the samples. The population
/// is Registry's count, read from its table (not its cached tree), which every registration moves in the
/// transaction that writes the person: the untested figure and the untested list count the same people.
/// </summary>
public sealed class Coverage(IDbContextFactory<FrontlineDb> dbs, Rounds rounds, JurisdictionDirectory jurisdictions, PolicySets policies,
    AuditLog audit, UntestedUnmask unmask)
{
    /// <summary>The communities both in the caller's (narrowed) scope and in the round's scope.</summary>
    async Task<(JurisdictionScope Scope, List<Jurisdiction> Communities)> CommunitiesAsync(Caller caller, TestingRound round, string? jurisdiction, CancellationToken ct)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) throw new NotFoundException("community");
        var roundScopes = round.Scope.Select(c => new JurisdictionScope(c)).ToList();
        var communities = (await jurisdictions.CommunitiesAsync(scope, ct)).Where(c => roundScopes.Any(r => r.Contains(c.Code))).ToList();
        return (scope, communities);
    }

    public async Task<CoverageView> OfAsync(Caller caller, long roundId, string? jurisdiction, CancellationToken ct = default) =>
        (await OverviewAsync(caller, roundId, jurisdiction, withChildren: false, ct)).Total;

    /// <summary>Coverage of each child of a jurisdiction (streets of a district, communities of a street), for drill-down.</summary>
    public async Task<IReadOnlyList<CoverageView>> ChildrenAsync(Caller caller, long roundId, string? jurisdiction, CancellationToken ct = default) =>
        (await OverviewAsync(caller, roundId, jurisdiction, withChildren: true, ct)).Children;

    /// <summary>A jurisdiction's coverage and, when asked, its children's, from one reading of the community figures.</summary>
    public async Task<(CoverageView Total, IReadOnlyList<CoverageView> Children)> OverviewAsync(Caller caller, long roundId, string? jurisdiction,
        bool withChildren, CancellationToken ct = default)
    {
        var round = await rounds.GetAsync(caller, roundId, ct);
        var (scope, communities) = await CommunitiesAsync(caller, round, jurisdiction, ct);
        var rows = await ForCommunitiesAsync(round, communities, ct);
        var name = (await jurisdictions.GetAsync(scope.Code, ct))?.Name;
        if (!withChildren) return (Sum(scope.Code, name, rows.Values), []);
        var children = (await jurisdictions.ChildrenAsync(scope.Code, ct))
            .Select(child => Sum(child.Code, child.Name, rows.Where(r => new JurisdictionScope(child.Code).Contains(r.Key)).Select(r => r.Value)))
            .Where(c => c.Population > 0 || c.Sampled > 0)
            .ToList();
        return (Sum(scope.Code, name, rows.Values), children);
    }

    /// <summary>
    /// The round's coverage in each community of its scope, as the round page counts it (population, exempt: infants and
    /// recorded exemptions not sampled, sampled, results): the reader of the command's daily figures, so that their
    /// eligible people (population − exempt) and coverage are the round page's, counted in one place. No caller: the
    /// command's job counts the whole district; whoever reads the figures is scoped there.
    /// </summary>
    public async Task<IReadOnlyList<CoverageView>> ByCommunityAsync(TestingRound round, CancellationToken ct = default)
    {
        var communities = new List<Jurisdiction>();
        foreach (var code in round.Scope) communities.AddRange(await jurisdictions.CommunitiesAsync(new JurisdictionScope(code), ct));
        communities = communities.DistinctBy(c => c.Code).ToList();
        if (communities.Count == 0) return [];
        var rows = await ForCommunitiesAsync(round, communities, ct);
        return communities.Select(c => Sum(c.Code, c.Name, [rows[c.Code]])).ToList();
    }

    sealed record CommunityFigures(long Population, long Exempt, long Sampled, long Negative, long Positive, long Invalid, long PositiveTubes);

    static CoverageView Sum(string code, string? name, IEnumerable<CommunityFigures> figures)
    {
        var list = figures.ToList();
        long population = list.Sum(f => f.Population), exempt = list.Sum(f => f.Exempt), sampled = list.Sum(f => f.Sampled);
        long negative = list.Sum(f => f.Negative), positive = list.Sum(f => f.Positive), invalid = list.Sum(f => f.Invalid);
        return new CoverageView(code, name, population, exempt, sampled, negative, Math.Max(0, sampled - negative - positive - invalid),
            list.Sum(f => f.PositiveTubes), positive, invalid, Math.Max(0, population - exempt - sampled),
            TestingRules.CoveragePercent(population, exempt, sampled));
    }

    async Task<Dictionary<string, CommunityFigures>> ForCommunitiesAsync(TestingRound round, List<Jurisdiction> communities, CancellationToken ct)
    {
        var codes = communities.Select(c => c.Code).ToList();
        var populations = await jurisdictions.PopulationsAsync(codes, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var counts = await db.Set<CoverageCount>().AsNoTracking().Where(c => c.RoundId == round.Id && codes.Contains(c.CommunityCode))
            .ToDictionaryAsync(c => c.CommunityCode, ct);
        var cutoff = TestingRules.InfantCutoff(round, policies.Active);
        var infants = await db.Persons.AsNoTracking()
            .Where(p => p.BirthDate > cutoff && codes.Contains(p.CommunityCode) && p.Verification != VerificationStatus.MovedOut)
            .GroupBy(p => p.CommunityCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var (startDay, endDay) = Days(round);
        // Exempt means not expected and not sampled: someone sampled anyway (an infant, a bedridden person sampled at
        // home) counts once, as sampled. Exemption records are few, so each is checked against the samples.
        var exempted = await db.Set<TestingExemption>().AsNoTracking()
            .Where(x => codes.Contains(x.CommunityCode) && x.From <= endDay && (x.Until == null || x.Until >= startDay))
            .Join(db.Persons, x => x.PersonId, p => p.Id, (x, p) => new { x.CommunityCode, x.PersonId, p.BirthDate, p.Verification })
            .Where(x => !(x.BirthDate > cutoff) && x.Verification != VerificationStatus.MovedOut)
            .Where(x => !db.Set<Sample>().Any(s => s.RoundId == round.Id && s.PersonId == x.PersonId && s.RetestOrderId == null))
            .Select(x => new { x.CommunityCode, x.PersonId }).Distinct()
            .GroupBy(x => x.CommunityCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return communities.ToDictionary(c => c.Code, c =>
        {
            counts.TryGetValue(c.Code, out var n);
            var infantsNotSampled = Math.Max(0, infants.GetValueOrDefault(c.Code) - (n?.InfantsSampled ?? 0));
            return new CommunityFigures(populations.GetValueOrDefault(c.Code), infantsNotSampled + exempted.GetValueOrDefault(c.Code),
                n?.Sampled ?? 0, n?.Negative ?? 0, n?.Positive ?? 0, n?.Invalid ?? 0, n?.PositiveTubes ?? 0);
        });
    }

    static (DateOnly Start, DateOnly End) Days(TestingRound round) =>
        (TestingRules.FirstDay(round), DateOnly.FromDateTime(round.EndsAt.ToChina().DateTime));

    IQueryable<Person> Untested(FrontlineDb db, TestingRound round, List<string> codes, JurisdictionScope scope)
    {
        var cutoff = TestingRules.InfantCutoff(round, policies.Active);
        var (startDay, endDay) = Days(round);
        // A grid (a grid worker, or a community narrowed to one of its grids) knocks on its own buildings' doors.
        return Grids.InGrid(db.Persons.AsNoTracking(), db, scope)
            .Where(p => codes.Contains(p.CommunityCode) && p.Verification != VerificationStatus.MovedOut && !(p.BirthDate > cutoff))
            .Where(p => !db.Set<Sample>().Any(s => s.RoundId == round.Id && s.PersonId == p.Id && s.RetestOrderId == null))
            .Where(p => !db.Set<TestingExemption>().Any(x => x.PersonId == p.Id && x.From <= endDay && (x.Until == null || x.Until >= startDay)));
    }

    sealed class UntestedRow
    {
        public Person P { get; init; } = null!;
        public string Building { get; init; } = "";
    }

    /// <summary>The untested of these communities in door-knocking order: community, building, room.</summary>
    IQueryable<UntestedRow> UntestedInOrder(FrontlineDb db, TestingRound round, List<string> codes, JurisdictionScope scope)
    {
        var byCommunity = Untested(db, round, codes, scope).Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new UntestedRow { P = p, Building = b.Name })
            .OrderBy(x => x.P.CommunityCode);
        // Rooms as the doors are numbered (201 before 1203), the order every room list keeps.
        return NaturalOrder.ThenByNatural(NaturalOrder.ThenByNatural(byCommunity, x => x.Building), x => x.P.Room).ThenBy(x => x.P.Id);
    }

    /// <summary>
    /// Who in scope has no sample of the round yet, by building and room: the door-knocking list. Masked, unless the caller
    /// holds a grant for this list (<see cref="UntestedUnmask"/>: one reason, audited once, for the whole list).
    /// </summary>
    public async Task<Paged<UntestedPerson>> UntestedAsync(Caller caller, long roundId, string? jurisdiction, PageRequest page, CancellationToken ct = default,
        string? grant = null)
    {
        var round = await rounds.GetAsync(caller, roundId, ct);
        var (scope, communities) = await CommunitiesAsync(caller, round, jurisdiction, ct);
        var full = unmask.Allows(caller, grant, roundId, scope.Code);
        var codes = communities.Select(c => c.Code).ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var total = await Untested(db, round, codes, scope).LongCountAsync(ct);
        var rows = await UntestedInOrder(db, round, codes, scope).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(x => new UntestedPerson(x.P.Id.ToString(), x.P.Name, full ? x.P.DocNumber : Masking.IdNumber(x.P.DocNumber)!,
            full ? x.P.Phone : Masking.Phone(x.P.Phone), x.P.CommunityCode, x.Building, x.P.Room, !full)).ToList());
    }

    public const int MaxExportRows = 200_000;

    /// <summary>The untested list as a spreadsheet for door-knocking; masked unless a grant unmasks the list, audited as an export.</summary>
    public async Task<(byte[] Content, string FileName)> UntestedExportAsync(Caller caller, long roundId, string? jurisdiction, CancellationToken ct = default,
        string? grant = null)
    {
        var round = await rounds.GetAsync(caller, roundId, ct);
        var (scope, communities) = await CommunitiesAsync(caller, round, jurisdiction, ct);
        var full = unmask.Allows(caller, grant, roundId, scope.Code);
        var codes = communities.Select(c => c.Code).ToList();
        var names = communities.ToDictionary(c => c.Code, c => c.Name);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var total = await Untested(db, round, codes, scope).LongCountAsync(ct);
        if (total > MaxExportRows) throw new DomainException("export-too-large", field: "jurisdiction", args: [total, MaxExportRows]);
        var rows = await UntestedInOrder(db, round, codes, scope).ToListAsync(ct);
        var content = await SpreadsheetExport.XlsxAsync(["社区", "楼栋", "房号", "姓名", "证件号码", "手机号码", "敲门结果"],
            rows.Select(x => new object?[]
            {
                names.GetValueOrDefault(x.P.CommunityCode), x.Building, x.P.Room, x.P.Name,
                full ? x.P.DocNumber : Masking.IdNumber(x.P.DocNumber), full ? x.P.Phone : Masking.Phone(x.P.Phone), null,
            }), ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"round:{roundId}:untested", scope.Code,
            detail: full ? new { rows = rows.Count, unmasked = true } : new { rows = rows.Count } as object, ct: ct);
        // A round's name is anyone's text: it goes into the download's Content-Disposition made safe.
        return (content, $"{FileNames.Safe(round.Name, maxLength: 60, fallback: "round")}-未采样名单-{scope.Code}.xlsx");
    }

    /// <summary>A community's buildings with how many of their residents were sampled in the round.</summary>
    public async Task<IReadOnlyList<BuildingCoverage>> BuildingsAsync(Caller caller, long roundId, string communityCode, CancellationToken ct = default)
    {
        var round = await rounds.GetAsync(caller, roundId, ct);
        var (scope, communities) = await CommunitiesAsync(caller, round, communityCode, ct);
        if (communities.Count != 1 || communities[0].Code != communityCode) throw new NotFoundException("community");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var figures = await Grids.InGrid(db.Persons.AsNoTracking(), db, scope)
            .Where(p => p.CommunityCode == communityCode && p.Verification != VerificationStatus.MovedOut)
            .Select(p => new { p.BuildingId, Sampled = db.Set<Sample>().Any(s => s.RoundId == roundId && s.PersonId == p.Id && s.RetestOrderId == null) })
            .GroupBy(x => x.BuildingId)
            .Select(g => new { g.Key, Residents = g.Count(), Sampled = g.Count(x => x.Sampled) })
            .ToListAsync(ct);
        var names = await db.Buildings.AsNoTracking().Where(b => b.CommunityCode == communityCode).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        return figures.Select(f => new BuildingCoverage(f.Key.ToString(), names.GetValueOrDefault(f.Key) ?? "", f.Residents, f.Sampled, f.Residents - f.Sampled))
            .OrderByDescending(b => b.Untested).ThenBy(b => b.Building, NaturalOrder.Instance).ToList();
    }
}
