using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>The case's person as the case page shows them: ID and phone masked unless unmasked, the room only to holders of pii.view.</summary>
public sealed record CasePerson(string Id, string Name, [Description("male or female, from a resident ID; null for other documents.")] string? Sex, int? Age,
    [Description("Masked unless unmasked.")] string IdNumber, [Description("Masked unless unmasked.")] string? Phone,
    string CommunityCode, string? CommunityName, string Building, string? Room);

public sealed record CaseDeadlineView([OneOf(typeof(CaseMilestone))] string Milestone, DateTimeOffset DueAt, DateTimeOffset? DoneAt,
    [OneOf("on-time", "late", "due", "overdue")] string Status, [Description("Minutes until due (negative: overdue); null once met.")] int? MinutesLeft);

public sealed record LookbackView(DateTimeOffset From, DateTimeOffset To, [OneOf("onset", "sampling", "last-negative", "report")] string StartRule);

/// <summary>One case with everything its page shows above the panels.</summary>
public sealed record CaseDetail(CaseView Case, CasePerson Person, string? InfectorLabel, DateTimeOffset? IsolatedAt,
    DateTimeOffset? CoreFactsAt, DateTimeOffset? ReportSubmittedAt, IReadOnlyList<CaseDeadlineView> Deadlines, LookbackView Lookback, bool Masked);

public sealed record CaseEventView(string Id, DateTimeOffset At, string UserName, string Kind, string? From, string? To, string? Note);

public sealed record ClassificationInput([OneOf("confirmed", "asymptomatic")] string? Classification, [Description("Why (symptoms, CT findings …); at most 500 characters.")] string? Note);
public sealed record ClinicalInput([OneOf(typeof(CaseSeverity)), Description("Confirmed cases only; null clears.")] string? Severity,
    [OneOf(typeof(CaseOutcome)), Description("Null clears.")] string? Outcome);
public sealed record CaseDatesInput(DateTimeOffset? SampledAt, DateOnly? OnsetDate,
    [Description("When the case was isolated: the end of the contact-tracing window.")] DateTimeOffset? IsolatedAt);
public sealed record InfectorInput([Description("The case that infected this one, in the caller's jurisdiction; null or empty clears.")] string? InfectorCaseId);
public sealed record MilestoneInput([OneOf(typeof(CaseMilestone))] string? Milestone, [Description("Default now.")] DateTimeOffset? At);

/// <summary>The investigator's working record of a case: reading it, changing its facts (each change on its timeline and audited), the line list.</summary>
public sealed class CaseWork(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit, PolicySets policies, TimeProvider clock)
{
    public const int MaxNote = 500;
    public const int MaxExportRows = 100_000;

    public static CaseSort ParseSort(string? sort) => sort?.Trim().ToLowerInvariant() switch
    {
        null or "" or "newest" => CaseSort.Newest,
        "oldest" => CaseSort.Oldest,
        "number" => CaseSort.Number,
        "onset" => CaseSort.Onset,
        _ => throw new DomainException("invalid-field", field: "sort", args: "sort"),
    };

    static T? ParseEnum<T>(string? text) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(OneOfAttribute.Kebab(v!.Value.ToString()), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Code<T>(T value) where T : struct, Enum => OneOfAttribute.Kebab(value.ToString());

    internal static void NotInFuture(List<FieldError> errors, string field, DateTimeOffset? at, DateTime now)
    {
        // A few minutes of clock skew between a device and the server is not the future.
        if (at is { } t && t.UtcDateTime > now.AddMinutes(5)) errors.Add(new(field, "case-date-in-future", field));
    }

    /// <summary>A case in the caller's jurisdiction, or not-found: one outside it answers as one that does not exist.</summary>
    static async Task<Case> FindAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct, bool tracked = false)
    {
        var q = tracked ? db.Cases : db.Cases.AsNoTracking();
        var c = await q.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !caller.Scope.Contains(c.CommunityCode)) throw new NotFoundException("case");
        return c;
    }

    /// <summary>A case of the caller's district by its number as people say it (12, 病例12), or null.</summary>
    public async Task<long?> FindByNumberAsync(Caller caller, string number, CancellationToken ct = default)
    {
        var digits = new string(number.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is 0 or > 9) return null;
        var n = int.Parse(digits, CultureInfo.InvariantCulture);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Cases.AsNoTracking().InScope(caller.Scope).Where(c => c.Number == n).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<Case> GetCaseAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await FindAsync(db, caller, id, ct);
    }

    public async Task<CaseDetail> GetAsync(Caller caller, long id, bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct);
        var person = await PersonAsync(db, c, unmask, caller.Can(Permissions.PiiView), ct);
        string? infectorLabel = null;
        if (c.InfectorCaseId is { } inf)
            infectorLabel = await db.Cases.AsNoTracking().Where(x => x.Id == inf).Select(x => (int?)x.Number).FirstOrDefaultAsync(ct) is { } n ? CaseNumbers.Label(n) : null;
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"case:{id}", c.CommunityCode, reason, ct: ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var lookback = InvestigationRules.Lookback(policies.Active, c, lastNegativeSampledAt: null);
        return new CaseDetail(Cases.View(c), person, infectorLabel, c.IsolatedAt?.ToChina(), c.CoreFactsAt?.ToChina(), c.ReportSubmittedAt?.ToChina(),
            CaseRules.Deadlines(policies.Active, c, now).Select(d => new CaseDeadlineView(Code(d.Milestone), d.DueAt.ToChina(), d.DoneAt?.ToChina(), d.Status, d.MinutesLeft)).ToList(),
            new LookbackView(lookback.From.ToChina(), lookback.To.ToChina(), lookback.StartRule), !unmask);
    }

    async Task<CasePerson> PersonAsync(FrontlineDb db, Case c, bool unmask, bool mayViewAddress, CancellationToken ct)
    {
        var row = await db.Persons.AsNoTracking().Where(p => p.Id == c.PersonId)
            .Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new { P = p, Building = b.Name }).FirstAsync(ct);
        var community = await directory.GetAsync(row.P.CommunityCode, ct);
        var p = row.P;
        return new CasePerson(p.Id.ToString(), p.Name, p.DocType == DocType.ResidentId ? CaseRules.SexFromResidentId(p.DocNumber) : null,
            CaseRules.Age(p.BirthDate, DateOnly.FromDateTime(c.ReportedAt.ToChina().DateTime)),
            unmask ? p.DocNumber : Masking.IdNumber(p.DocNumber)!, unmask ? p.Phone : Masking.Phone(p.Phone), p.CommunityCode, community?.Name,
            row.Building, mayViewAddress ? p.Room : Masking.Room(p.Room));
    }

    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    public async Task<Paged<CaseEventView>> EventsAsync(Caller caller, long id, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await FindAsync(db, caller, id, ct);
        var q = db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(e => new CaseEventView(e.Id.ToString(), e.At.ToChina(), e.UserName, e.Kind, e.FromValue, e.ToValue, e.Note)).ToList());
    }

    CaseEvent Event(Caller caller, long caseId, string kind, string? from, string? to, string? note = null) =>
        new() { CaseId = caseId, At = clock.GetUtcNow().UtcDateTime, UserName = caller.UserName, Kind = kind, FromValue = from, ToValue = to, Note = note };

    /// <summary>Classifies a pending case, or moves an asymptomatic one to confirmed; never back (a clear code, nothing written).</summary>
    public async Task ReclassifyAsync(Caller caller, long id, ClassificationInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var to = Cases.ParseClassification(input.Classification);
        if (string.IsNullOrWhiteSpace(input.Classification)) errors.Add(new("classification", "missing-field", "classification"));
        else if (to is null) errors.Add(new("classification", "invalid-field", "classification"));
        var note = TextRules.Optional(errors, "note", input.Note, MaxNote, multiLine: true);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct);
        if (CaseRules.Reclassify(c.Classification, to!.Value) is { } refused)
            throw new DomainException(refused, StatusCodes.Status409Conflict, "classification");
        if (c.Classification == to) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Written only over the classification it was read with: two investigators at once must not both pass the rule.
        var written = await db.Cases.Where(x => x.Id == id && x.Classification == c.Classification)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Classification, to.Value).SetProperty(x => x.UpdatedAt, now), ct);
        if (written == 0) throw new DomainException("case-changed", StatusCodes.Status409Conflict, "classification");
        db.CaseEvents.Add(Event(caller, id, CaseEventKinds.Classification, Cases.Code(c.Classification), Cases.Code(to.Value), note));
        db.Audit.Add(audit.Entry(caller, CaseAuditActions.Reclassify, $"case:{id}", c.CommunityCode, note,
            new { from = Cases.Code(c.Classification), to = Cases.Code(to.Value) }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task UpdateClinicalAsync(Caller caller, long id, ClinicalInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        CaseSeverity? severity = null;
        CaseOutcome? outcome = null;
        if (!string.IsNullOrWhiteSpace(input.Severity) && (severity = ParseEnum<CaseSeverity>(input.Severity)) is null) errors.Add(new("severity", "invalid-field", "severity"));
        if (!string.IsNullOrWhiteSpace(input.Outcome) && (outcome = ParseEnum<CaseOutcome>(input.Outcome)) is null) errors.Add(new("outcome", "invalid-field", "outcome"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct, tracked: true);
        if (severity is not null && c.Classification != CaseClassification.Confirmed)
            throw new DomainException("case-severity-needs-confirmed", StatusCodes.Status409Conflict, "severity");
        var changes = new List<CaseEvent>();
        if (c.Severity != severity) changes.Add(Event(caller, id, CaseEventKinds.Severity, Name(c.Severity), Name(severity)));
        if (c.Outcome != outcome) changes.Add(Event(caller, id, CaseEventKinds.Outcome, Name(c.Outcome), Name(outcome)));
        c.Severity = severity;
        c.Outcome = outcome;
        await SaveChangesAsync(db, caller, c, changes, ct);
    }

    static string? Name<T>(T? value) where T : struct, Enum => value is { } v ? Code(v) : null;

    public async Task UpdateDatesAsync(Caller caller, long id, CaseDatesInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var now = clock.GetUtcNow().UtcDateTime;
        NotInFuture(errors, "sampledAt", input.SampledAt, now);
        NotInFuture(errors, "isolatedAt", input.IsolatedAt, now);
        if (input.OnsetDate > ChinaTime.Today(clock)) errors.Add(new("onsetDate", "case-date-in-future", "onsetDate"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct, tracked: true);
        var changes = new List<CaseEvent>();
        var sampled = input.SampledAt?.UtcDateTime;
        var isolated = input.IsolatedAt?.UtcDateTime;
        if (c.SampledAt != sampled) changes.Add(Event(caller, id, CaseEventKinds.SampledAt, Time(c.SampledAt), Time(sampled)));
        if (c.OnsetDate != input.OnsetDate) changes.Add(Event(caller, id, CaseEventKinds.OnsetDate, Day(c.OnsetDate), Day(input.OnsetDate)));
        if (c.IsolatedAt != isolated) changes.Add(Event(caller, id, CaseEventKinds.IsolatedAt, Time(c.IsolatedAt), Time(isolated)));
        c.SampledAt = sampled;
        c.OnsetDate = input.OnsetDate;
        c.IsolatedAt = isolated;
        await SaveChangesAsync(db, caller, c, changes, ct);
    }

    static string? Time(DateTime? utc) => utc?.Display();
    static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Who infected the case, when known: a case in the caller's jurisdiction, never the case itself, never a loop.</summary>
    public async Task SetInfectorAsync(Caller caller, long id, InfectorInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct, tracked: true);
        long? infector = null;
        if (!string.IsNullOrWhiteSpace(input.InfectorCaseId))
        {
            if (!long.TryParse(input.InfectorCaseId, NumberStyles.None, CultureInfo.InvariantCulture, out var infId)
                || !await db.Cases.InScope(caller.Scope).AnyAsync(x => x.Id == infId, ct))
                throw new ValidationFailed([new("infectorCaseId", "case-infector-unknown")]);
            if (infId == id) throw new ValidationFailed([new("infectorCaseId", "case-infector-self")]);
            // The chain above the infector, read a level at a time (a chain is short; an outbreak's depth is a few dozen).
            var parents = new Dictionary<long, long?>();
            long? Lookup(long x) => parents.GetValueOrDefault(x);
            var frontier = infId;
            for (var depth = 0; depth < 10_000; depth++)
            {
                var up = await db.Cases.AsNoTracking().Where(x => x.Id == frontier).Select(x => x.InfectorCaseId).FirstOrDefaultAsync(ct);
                parents[frontier] = up;
                if (up is not { } next || next == id || parents.ContainsKey(next)) break;
                frontier = next;
            }
            if (CaseRules.MakesCycle(id, infId, Lookup)) throw new ValidationFailed([new("infectorCaseId", "case-infector-cycle")]);
            infector = infId;
        }
        if (c.InfectorCaseId == infector) return;
        var labels = await db.Cases.AsNoTracking().Where(x => x.Id == c.InfectorCaseId || x.Id == infector).ToDictionaryAsync(x => x.Id, x => x.Label, ct);
        var change = Event(caller, id, CaseEventKinds.Infector, c.InfectorCaseId is { } was ? labels.GetValueOrDefault(was) : null,
            infector is { } now ? labels.GetValueOrDefault(now) : null);
        c.InfectorCaseId = infector;
        await SaveChangesAsync(db, caller, c, [change], ct);
    }

    /// <summary>Records when a deadline of the case file was met; once (a second record is refused, never silently moved).</summary>
    public async Task RecordMilestoneAsync(Caller caller, long id, MilestoneInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var milestone = ParseEnum<CaseMilestone>(input.Milestone);
        if (string.IsNullOrWhiteSpace(input.Milestone)) errors.Add(new("milestone", "missing-field", "milestone"));
        else if (milestone is null) errors.Add(new("milestone", "invalid-field", "milestone"));
        var now = clock.GetUtcNow().UtcDateTime;
        NotInFuture(errors, "at", input.At, now);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await FindAsync(db, caller, id, ct, tracked: true);
        var at = input.At?.UtcDateTime ?? now;
        var done = milestone switch { CaseMilestone.Notified => c.NotifiedAt, CaseMilestone.CoreFacts => c.CoreFactsAt, _ => c.ReportSubmittedAt };
        if (done is { } d) throw new DomainException("case-milestone-done", StatusCodes.Status409Conflict, "milestone", d.Display());
        switch (milestone)
        {
            case CaseMilestone.Notified: c.NotifiedAt = at; break;
            case CaseMilestone.CoreFacts: c.CoreFactsAt = at; break;
            default: c.ReportSubmittedAt = at; break;
        }
        await SaveChangesAsync(db, caller, c, [Event(caller, id, CaseEventKinds.Milestone, null, Code(milestone!.Value), at.Display())], ct);
    }

    async Task SaveChangesAsync(FrontlineDb db, Caller caller, Case c, List<CaseEvent> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        c.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.CaseEvents.AddRange(changes);
        db.Audit.Add(audit.Entry(caller, CaseAuditActions.Update, $"case:{c.Id}", c.CommunityCode,
            detail: changes.Select(e => new { e.Kind, from = e.FromValue, to = e.ToValue })));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 病例一览表: the filtered cases as a spreadsheet. Names, IDs, phones and rooms masked unless unmasked (pii.view and a
    /// reason); every export audited with its filters and row count.
    /// </summary>
    public async Task<(byte[] Content, string FileName)> LineListAsync(Caller caller, CaseFilter filter, bool unmask, string? reason, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        var scope = caller.Scope.Narrow(filter.Jurisdiction) ?? throw new DomainException("out-of-scope", field: "jurisdiction");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Cases.Filtered(db, scope, filter);
        var total = await q.LongCountAsync(ct);
        if (total > MaxExportRows) throw new DomainException("case-export-too-large", field: "jurisdiction", args: [total, MaxExportRows]);
        var rows = await Cases.Sorted(q, filter.Sort)
            .Join(db.Persons, c => c.PersonId, p => p.Id, (c, p) => new { C = c, P = p })
            .Join(db.Buildings, x => x.P.BuildingId, b => b.Id, (x, b) => new { x.C, x.P, Building = b.Name })
            .ToListAsync(ct);
        var infectors = rows.Where(r => r.C.InfectorCaseId is not null).Select(r => r.C.InfectorCaseId!.Value).Distinct().ToList();
        var infectorLabels = new Dictionary<long, string>();
        foreach (var chunk in infectors.Chunk(1000))
            foreach (var x in await db.Cases.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.Number }).ToListAsync(ct))
                infectorLabels[x.Id] = CaseNumbers.Label(x.Number);
        var names = new Dictionary<string, string>();
        await directory.AddNamesAsync(names, rows.Select(r => r.C.CommunityCode).Distinct(), ct);
        var content = await SpreadsheetExport.XlsxAsync(
            ["病例编号", "分类", "姓名", "性别", "年龄", "证件号码", "手机号码", "社区", "楼栋", "房号", "发现方式", "采样时间", "发病日期",
             "阳性结果时间", "报告时间", "网络直报时间", "临床分型", "转归", "隔离时间", "传染来源"],
            rows.Select(r => (IReadOnlyList<object?>)new object?[]
            {
                r.C.Label, CaseLabels.ClassificationZh(r.C.Classification), unmask ? r.P.Name : Masking.Name(r.P.Name),
                CaseLabels.SexZh(r.P.DocType == DocType.ResidentId ? CaseRules.SexFromResidentId(r.P.DocNumber) : null),
                CaseRules.Age(r.P.BirthDate, DateOnly.FromDateTime(r.C.ReportedAt.ToChina().DateTime)),
                unmask ? r.P.DocNumber : Masking.IdNumber(r.P.DocNumber), unmask ? r.P.Phone : Masking.Phone(r.P.Phone),
                names.GetValueOrDefault(r.C.CommunityCode) ?? r.C.CommunityCode, r.Building, unmask ? r.P.Room : Masking.Room(r.P.Room),
                CaseLabels.DetectedByZh(r.C.DetectedBy), r.C.SampledAt?.Display(), r.C.OnsetDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.C.PositiveAt?.Display(), r.C.ReportedAt.Display(), r.C.NotifiedAt?.Display(),
                r.C.Severity is { } s ? CaseLabels.SeverityZh(s) : null, r.C.Outcome is { } o ? CaseLabels.OutcomeZh(o) : null,
                r.C.IsolatedAt?.Display(), r.C.InfectorCaseId is { } i ? infectorLabels.GetValueOrDefault(i) : null,
            }), ct);
        await audit.RecordAsync(caller, AuditActions.Export, "cases:line-list", scope.Code, unmask ? reason : null,
            new { kind = "case-line-list", rows = rows.Count, unmask, filter.Classification, filter.ReportedFrom, filter.ReportedTo, filter.DetectedBy }, ct);
        return (content, $"病例一览表-{scope.Code}-{ChinaTime.Today(clock):yyyyMMdd}.xlsx");
    }
}

public static class CaseWorkModule
{
    public static IServiceCollection AddCaseWork(this IServiceCollection services) => services
        .AddVocabulary(CasesVocabulary.Words)
        .AddScoped<CaseWork>()
        .AddScoped<TrajectoryNotices>()
        .AddScoped<InvestigationReport>()
        .AddScoped<IDemoActivity, Demo.CasesDemo>()
        .AddSingleton(new CasePagePanel("timeline", "时间线", "Timeline", typeof(Pages.CaseTimelinePanel), 10))
        .AddSingleton(new CasePagePanel("report", "流调报告与轨迹公告", "Report and trajectory notice", typeof(Pages.CaseReportPanel), 900));
}
