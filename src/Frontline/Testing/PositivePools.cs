using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>One person's individual re-test as the round page's positive-pool panel shows it: where to find them and by when.</summary>
public sealed record RetestContact(string Id, string PersonId, string PersonName, string TubeCode, [OneOf("positive-pool", "invalid-tube")] string Reason,
    DateTimeOffset DueBy, [OneOf("due", "overdue", "done")] string Status, string CommunityCode, string Building, string? Room, string? Phone,
    DateTimeOffset? SampledAt, [OneOf(typeof(Outcome))] string Outcome);

/// <summary>The panel's figures: every re-test of the round in the jurisdiction, those not yet sampled, those of them past the deadline.</summary>
public sealed record RetestFigures(long Total, long Open, long Overdue);

/// <summary>
/// The people of a round's positive pools and invalid tubes, for the door: who is still to be re-tested first, nearest
/// deadline on top, then by building and room as the doors are numbered. Phones are masked unless a caller with pii.view
/// gives a reason (audited); rooms shown to callers who hold pii.view at all, as the registry shows them.
/// </summary>
public sealed class PositivePools(IDbContextFactory<FrontlineDb> dbs, Rounds rounds, AuditLog audit, TimeProvider clock)
{
    public const int MaxExportRows = 100_000;

    sealed class Row
    {
        public RetestOrder O { get; init; } = null!;
        public string TubeCode { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Phone { get; init; }
        public string? Room { get; init; }
        public string Building { get; init; } = "";
    }

    static IQueryable<RetestOrder> Orders(FrontlineDb db, JurisdictionScope scope, long roundId) =>
        db.Set<RetestOrder>().AsNoTracking().InScope(scope).Where(o => o.RoundId == roundId);

    /// <summary>Still to be re-tested before the done ones; each group by deadline, then door by door.</summary>
    static IQueryable<Row> InOrder(FrontlineDb db, IQueryable<RetestOrder> orders)
    {
        var joined = orders
            .Join(db.Set<Tube>(), o => o.SourceTubeId!.Value, t => t.Id, (o, t) => new { o, t.Code })
            .Join(db.Persons, x => x.o.PersonId, p => p.Id, (x, p) => new { x.o, x.Code, p.Name, p.Phone, p.Room, p.BuildingId })
            .Join(db.Buildings, x => x.BuildingId, b => b.Id, (x, b) => new Row { O = x.o, TubeCode = x.Code, Name = x.Name, Phone = x.Phone, Room = x.Room, Building = b.Name })
            .OrderBy(x => x.O.SampleId != null).ThenBy(x => x.O.DueBy);
        return NaturalOrder.ThenByNatural(NaturalOrder.ThenByNatural(joined, x => x.Building), x => x.Room).ThenBy(x => x.O.Id);
    }

    JurisdictionScope ScopeOf(Caller caller, string? jurisdiction) =>
        caller.Scope.Narrow(jurisdiction) ?? throw new NotFoundException("jurisdiction");

    /// <summary>A page of the panel and its figures (two queries: the figures in one, the page with its people in the other).</summary>
    public async Task<(RetestFigures Figures, IReadOnlyList<RetestContact> Items)> PageAsync(Caller caller, long roundId, string? jurisdiction,
        PageRequest page, CancellationToken ct = default)
    {
        var scope = ScopeOf(caller, jurisdiction);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orders = Orders(db, scope, roundId);
        var figures = await orders.GroupBy(o => 1)
            .Select(g => new RetestFigures(g.LongCount(), g.LongCount(o => o.SampleId == null), g.LongCount(o => o.SampleId == null && o.DueBy <= now)))
            .FirstOrDefaultAsync(ct) ?? new RetestFigures(0, 0, 0);
        if (figures.Total == 0) return (figures, []);
        var rows = await InOrder(db, orders).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var rooms = caller.Can(Permissions.PiiView);
        return (figures, rows.Select(r => View(r, now, rooms, unmaskPhone: false)).ToList());
    }

    static RetestContact View(Row r, DateTime now, bool rooms, bool unmaskPhone) =>
        new(r.O.Id.ToString(), r.O.PersonId.ToString(), r.Name, r.TubeCode, r.O.Reason, r.O.DueBy.ToChina(),
            r.O.SampleId is not null ? "done" : r.O.DueBy <= now ? "overdue" : "due", r.O.CommunityCode, r.Building,
            rooms ? r.Room : Masking.Room(r.Room), unmaskPhone ? r.Phone : Masking.Phone(r.Phone), r.O.SampledAt?.ToChina(),
            r.O.Outcome.ToString().ToLowerInvariant());

    static void RequireUnmask(Caller caller, string? reason)
    {
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    /// <summary>
    /// The full phones of the re-tests on the caller's screen, to call them: pii.view and a reason, one audit entry naming
    /// how many. Re-tests outside the caller's scope or the round are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string?>> PhonesAsync(Caller caller, long roundId, string? jurisdiction, IReadOnlyCollection<string> retestIds,
        string? reason, CancellationToken ct = default)
    {
        RequireUnmask(caller, reason);
        var scope = ScopeOf(caller, jurisdiction);
        var ids = retestIds.Select(id => long.TryParse(id, out var v) ? v : 0).Where(v => v > 0).Distinct().Take(200).ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var phones = await Orders(db, scope, roundId).Where(o => ids.Contains(o.Id))
            .Join(db.Persons, o => o.PersonId, p => p.Id, (o, p) => new { o.Id, p.Phone })
            .ToDictionaryAsync(x => x.Id.ToString(), x => x.Phone, ct);
        await audit.RecordAsync(caller, AuditActions.PiiView, $"round:{roundId}:retests", scope.Code, reason!.Trim(), new { phones = phones.Count }, ct);
        return phones;
    }

    /// <summary>The panel as a spreadsheet for the door-to-door teams: masked unless unmasked (pii.view and a reason); audited either way.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(Caller caller, long roundId, string? jurisdiction, bool unmask, string? reason,
        CancellationToken ct = default)
    {
        if (unmask) RequireUnmask(caller, reason);
        var round = await rounds.GetAsync(caller, roundId, ct);
        var scope = ScopeOf(caller, jurisdiction);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orders = Orders(db, scope, roundId);
        var total = await orders.LongCountAsync(ct);
        if (total > MaxExportRows) throw new DomainException("export-too-large", field: "jurisdiction", args: [total, MaxExportRows]);
        var rows = await InOrder(db, orders).ToListAsync(ct);
        var rooms = unmask || caller.Can(Permissions.PiiView);
        var views = rows.Select(r => View(r, now, rooms, unmask)).ToList();
        var content = await SpreadsheetExport.XlsxAsync(["社区", "楼栋", "房号", "姓名", "手机号码", "原采样管", "原因", "复核截止", "状态", "复核采样时间", "复核结果"],
            views.Select(v => (IReadOnlyList<object?>)[
                v.CommunityCode, v.Building, v.Room, v.PersonName, v.Phone, v.TubeCode, TestingLabels.RetestReason(v.Reason),
                v.DueBy.ToString("yyyy-MM-dd HH:mm"), TestingLabels.RetestStatus(v.Status), v.SampledAt?.ToString("yyyy-MM-dd HH:mm"),
                v.Status == "done" ? TestingLabels.Outcome(v.Outcome) : null]), ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"round:{roundId}:retests", scope.Code, reason!.Trim(), new { rows = views.Count, export = true }, ct);
        else await audit.RecordAsync(caller, AuditActions.Export, $"round:{roundId}:retests", scope.Code, detail: new { rows = views.Count }, ct: ct);
        return (content, $"{FileNames.Safe(round.Name, maxLength: 60, fallback: "round")}-单管复核名单-{scope.Code}.xlsx");
    }
}
