using System.Globalization;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Investigation;

public enum CaseClassification { Pending, Asymptomatic, Confirmed }

/// <summary>A person with a positive nucleic-acid result: confirmed or asymptomatic (pending until a clinician classifies).</summary>
public sealed class Case
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    public CaseClassification Classification { get; set; }
    public required string DetectedBy { get; set; }
    public DateTime? SampledAt { get; set; }
    public DateOnly? OnsetDate { get; set; }
    public DateTime ReportedAt { get; set; }
    /// <summary>When the case was isolated (taken to hospital or a facility, or sealed at home): the end of the contact-tracing window.</summary>
    public DateTime? IsolatedAt { get; set; }
    public long? InfectorCaseId { get; set; }
    /// <summary>The positive sample that made this case, when mass testing found it: one case per such sample.</summary>
    public long? SourceSampleId { get; set; }
    /// <summary>The district's running number of the case (病例12): what notices and line lists call it.</summary>
    public int Number { get; set; }
    /// <summary>The district (12-digit code) that numbers the case.</summary>
    public string DistrictCode { get; set; } = "";
    /// <summary>When the positive result came: the 2-hour reporting deadline runs from here.</summary>
    public DateTime? PositiveAt { get; set; }
    /// <summary>网络直报: when the case was reported to the national surveillance system.</summary>
    public DateTime? NotifiedAt { get; set; }
    /// <summary>When the core facts of the investigation were in (identity, onset, home, work, close contacts there).</summary>
    public DateTime? CoreFactsAt { get; set; }
    /// <summary>When the full investigation report was handed in.</summary>
    public DateTime? ReportSubmittedAt { get; set; }
    public CaseSeverity? Severity { get; set; }
    public CaseOutcome? Outcome { get; set; }
    public DateTime UpdatedAt { get; set; }

    public string Label => CaseNumbers.Label(Number);
}

sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> e)
    {
        e.ToTable("cases");
        e.Property(c => c.CommunityCode).HasMaxLength(12);
        e.Property(c => c.DetectedBy).HasMaxLength(32);
        e.Property(c => c.Classification).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(c => new { c.CommunityCode, c.ReportedAt });
        e.HasIndex(c => c.PersonId);
        e.HasIndex(c => c.SourceSampleId).IsUnique();
        e.Property(c => c.DistrictCode).HasMaxLength(12);
        e.Property(c => c.Severity).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        e.Ignore(c => c.Label);
        e.HasIndex(c => new { c.DistrictCode, c.Number }).IsUnique();
        e.HasIndex(c => c.InfectorCaseId);
    }
}

public sealed record CaseView(string Id, string PersonId, [OneOf(typeof(CaseClassification))] string Classification, string DetectedBy, DateTimeOffset ReportedAt,
    string CommunityCode, DateTimeOffset? SampledAt, DateOnly? OnsetDate, string? InfectorCaseId,
    [Description("The district's running number of the case.")] int Number, [Description("病例N, as notices call it.")] string Label,
    [Description("mild, moderate, severe, critical; null until set.")] string? Severity,
    [Description("home, shelter-hospital, hospital, recovered, died; null until set.")] string? Outcome, DateTimeOffset? PositiveAt, DateTimeOffset? NotifiedAt);

public enum CaseSort { Newest, Oldest, Number, Onset }

[RequiresOneOf("personId", "idNumber")]
public sealed record CaseInput(string? PersonId, [Description("A resident ID, when personId is not given.")] string? IdNumber,
    [OneOf(typeof(CaseClassification)), Description("Default pending.")] string? Classification,
    [Description("Default report; mass-testing for the cases a positive re-test makes.")] string? DetectedBy,
    DateTimeOffset? SampledAt, DateOnly? OnsetDate, [Description("An existing case's id.")] string? InfectorCaseId,
    [Description("When the positive result came (default: now); the 2-hour reporting deadline runs from it.")] DateTimeOffset? PositiveAt = null);

/// <summary>The case list's filters (all optional).</summary>
public sealed record CaseFilter(string? Jurisdiction = null, string? Classification = null, DateOnly? ReportedFrom = null, DateOnly? ReportedTo = null,
    string? DetectedBy = null, string? Q = null, CaseSort Sort = CaseSort.Newest);

public sealed class Cases(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock)
{
    /// <summary>Who found a case: a short word ("report", "mass-testing", "fever-clinic") or a few words of free text.</summary>
    public const int MaxDetectedBy = 32;

    public static string Code(CaseClassification c) => c.ToString().ToLowerInvariant();

    /// <summary>
    /// One of the three words, in any letter case. Not Enum.TryParse: it takes "99" as a classification nobody
    /// defined and "Confirmed, Asymptomatic" as the two at once.
    /// </summary>
    public static CaseClassification? ParseClassification(string? text) =>
        Enum.GetValues<CaseClassification>().Cast<CaseClassification?>()
            .FirstOrDefault(c => string.Equals(Code(c!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static CaseView View(Case c) => new(c.Id.ToString(), c.PersonId.ToString(), Code(c.Classification), c.DetectedBy,
        c.ReportedAt.ToChina(), c.CommunityCode, c.SampledAt?.ToChina(), c.OnsetDate, c.InfectorCaseId?.ToString(), c.Number, c.Label,
        c.Severity is { } s ? OneOfAttribute.Kebab(s.ToString()) : null, c.Outcome is { } o ? OneOfAttribute.Kebab(o.ToString()) : null,
        c.PositiveAt?.ToChina(), c.NotifiedAt?.ToChina());

    public async Task<long> CreateAsync(Caller caller, CaseInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var errors = new List<FieldError>();
        Person? person = null;
        if (long.TryParse(input.PersonId, out var pid)) person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct);
        else if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            var error = IdentityDocuments.Validate(DocType.ResidentId, input.IdNumber, ChinaTime.Today(clock), out var id);
            if (error is not null) errors.Add(new("idNumber", error));
            else person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.DocNumber == id && p.DocType == DocType.ResidentId, ct);
        }
        else errors.Add(new("personId", "missing-field", "personId / idNumber"));
        if (errors.Count == 0 && (person is null || !caller.Scope.Contains(person.CommunityCode))) errors.Add(new("personId", "unknown-person"));
        var classification = CaseClassification.Pending;
        if (!string.IsNullOrWhiteSpace(input.Classification))
        {
            if (ParseClassification(input.Classification) is { } parsed) classification = parsed;
            else errors.Add(new("classification", "invalid-field", "classification"));
        }
        var detectedBy = TextRules.Optional(errors, "detectedBy", input.DetectedBy, MaxDetectedBy);
        var now = clock.GetUtcNow().UtcDateTime;
        CaseWork.NotInFuture(errors, "sampledAt", input.SampledAt, now);
        CaseWork.NotInFuture(errors, "positiveAt", input.PositiveAt, now);
        if (input.OnsetDate > ChinaTime.Today(clock)) errors.Add(new("onsetDate", "case-date-in-future", "onsetDate"));
        long? infector = null;
        if (input.InfectorCaseId is { Length: > 0 } inf)
        {
            // A case outside the caller's jurisdiction is answered as one that does not exist: no telling which ids do.
            if (long.TryParse(inf, NumberStyles.None, CultureInfo.InvariantCulture, out var infId)
                && await db.Set<Case>().InScope(caller.Scope).AnyAsync(x => x.Id == infId, ct)) infector = infId;
            else errors.Add(new("infectorCaseId", "invalid-field", "infectorCaseId"));
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var created = new Case
        {
            PersonId = person!.Id, CommunityCode = person.CommunityCode, Classification = classification,
            DetectedBy = detectedBy ?? "report",
            SampledAt = input.SampledAt?.UtcDateTime, OnsetDate = input.OnsetDate, ReportedAt = now, InfectorCaseId = infector,
            PositiveAt = input.PositiveAt?.UtcDateTime ?? now, UpdatedAt = now,
        };
        await CaseNumbers.AddNumberedAsync(db, created, caller.UserName, ct);
        db.Audit.Add(audit.Entry(caller, InvestigationAuditActions.CaseCreate, $"case:{created.Id}", created.CommunityCode, detail: new { personId = person.Id }));
        Outbox.Add(db, ContactEvents.CaseCreated, new CaseCreatedEvent(person.Id), now);
        await db.SaveChangesAsync(ct);
        return created.Id;
    }

    public async Task<Paged<CaseView>> ListAsync(Caller caller, string? jurisdiction, string? classification, PageRequest page, CancellationToken ct = default) =>
        await ListAsync(caller, new CaseFilter(jurisdiction, classification), page, ct);

    public async Task<Paged<CaseView>> ListAsync(Caller caller, CaseFilter filter, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(filter.Jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Filtered(db, scope, filter);
        var total = await q.LongCountAsync(ct);
        var rows = await Sorted(q, filter.Sort).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(View).ToList());
    }

    /// <summary>The cases of a scope that pass the filters; a filter that makes no sense is the caller's error.</summary>
    internal static IQueryable<Case> Filtered(FrontlineDb db, JurisdictionScope scope, CaseFilter filter)
    {
        var q = db.Set<Case>().AsNoTracking().InScope(scope);
        if (!string.IsNullOrEmpty(filter.Classification))
        {
            if (ParseClassification(filter.Classification) is not { } c)
                throw new DomainException("invalid-field", field: "classification", args: "classification");
            q = q.Where(x => x.Classification == c);
        }
        if (filter.ReportedFrom is { } from && filter.ReportedTo is { } to && to < from)
            throw new DomainException("invalid-field", field: "reportedTo", args: "reportedTo");
        if (filter.ReportedFrom is { } f)
        {
            var start = InvestigationRules.StartOfChinaDay(f);
            q = q.Where(x => x.ReportedAt >= start);
        }
        if (filter.ReportedTo is { } t)
        {
            var end = InvestigationRules.StartOfChinaDay(t.AddDays(1));
            q = q.Where(x => x.ReportedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.DetectedBy))
        {
            var by = filter.DetectedBy.Trim();
            q = q.Where(x => x.DetectedBy == by);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            // A case number as people say it: 12, 病例12, #12.
            var digits = new string(filter.Q.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is 0 or > 9 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                throw new DomainException("invalid-field", field: "q", args: "q");
            q = q.Where(x => x.Number == number);
        }
        return q;
    }

    internal static IQueryable<Case> Sorted(IQueryable<Case> q, CaseSort sort) => sort switch
    {
        CaseSort.Oldest => q.OrderBy(x => x.Id),
        CaseSort.Number => q.OrderBy(x => x.DistrictCode).ThenBy(x => x.Number),
        CaseSort.Onset => q.OrderByDescending(x => x.OnsetDate).ThenByDescending(x => x.Id),
        _ => q.OrderByDescending(x => x.Id),
    };

    /// <summary>A positive individual re-test makes its case at once; delivered at least once, so one case per sample.</summary>
    public sealed class IndividualPositiveHandler : IDomainEventHandler
    {
        public string EventType => TestingEvents.IndividualPositive;

        public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
        {
            var positive = Outbox.Read<IndividualPositiveResult>(e);
            await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync(ct);
            if (await db.Set<Case>().AnyAsync(c => c.SourceSampleId == positive.SampleId, ct)) return;
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            // The reporting deadline runs from the result: the tube's result time (the event carries the sample only).
            var resultAt = await db.Set<Sample>().Where(s => s.Id == positive.SampleId)
                .Join(db.Set<Tube>(), s => s.TubeId, t => t.Id, (s, t) => t.ResultAt).FirstOrDefaultAsync(ct);
            var created = new Case
            {
                PersonId = positive.PersonId, CommunityCode = positive.CommunityCode, Classification = CaseClassification.Pending,
                DetectedBy = "mass-testing", SampledAt = positive.SampledAt, ReportedAt = now, SourceSampleId = positive.SampleId,
                PositiveAt = resultAt ?? now, UpdatedAt = now,
            };
            // Announced like a reported case, saved with it: the linked rule of contacts and the zone proposal react to both alike.
            Outbox.Add(db, ContactEvents.CaseCreated, new CaseCreatedEvent(positive.PersonId), now);
            await CaseNumbers.AddNumberedAsync(db, created, Caller.System.UserName, ct);
            db.Audit.Add(services.GetRequiredService<AuditLog>().Entry(Caller.System, InvestigationAuditActions.CaseCreate, $"sample:{positive.SampleId}",
                positive.CommunityCode, detail: new { positive.PersonId, detectedBy = "mass-testing" }));
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>A person with a case is under case control.</summary>
    public sealed class CaseStatus(IDbContextFactory<FrontlineDb> dbs) : IPersonStatusSource
    {
        public async Task<IReadOnlyDictionary<long, PersonStatus>> ReadManyAsync(IReadOnlyCollection<long> personIds, CancellationToken ct)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var ids = personIds.ToList();
            var cases = await db.Set<Case>().AsNoTracking().Where(c => ids.Contains(c.PersonId)).Select(c => c.PersonId).Distinct().ToListAsync(ct);
            return cases.ToDictionary(id => id, _ => PersonStatus.None with { Control = "case" });
        }
    }
}

public static class InvestigationModule
{
    public static IServiceCollection AddInvestigation(this IServiceCollection services) => services
        .AddVocabulary(InvestigationVocabulary.Words)
        .AddScoped<Cases>()
        .AddCalls()
        .AddCheckIns()
        .AddSingleton<IDomainEventHandler, Cases.IndividualPositiveHandler>()
        .AddScoped<IPersonStatusSource, Cases.CaseStatus>()
        .AddCaseWork()
        .AddContacts();

    public static void MapInvestigationEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapPost("/cases", CreateCase).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Reports a case of a registered person")
            .Answers(400, "missing-field", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "unknown-person", "invalid-field",
                "case-date-in-future", "field-too-long", "invalid-characters")
            .Example(now => new ApiExample
            {
                Body = new CaseInput("1", null, "confirmed", "report", now.AddHours(-20), DateOnly.FromDateTime(now.Date.AddDays(-1)), null),
            });
        api.MapGet("/cases", ListCases).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("Cases in the caller's jurisdiction, filtered, sorted (newest first by default), paged").Answers(400, "invalid-field")
            .Example(now => new ApiExample
            {
                Query =
                {
                    ["jurisdiction"] = "440306005000", ["classification"] = "confirmed", ["reportedFrom"] = now.AddDays(-7).ToString("yyyy-MM-dd"),
                    ["reportedTo"] = now.ToString("yyyy-MM-dd"), ["sort"] = "newest",
                },
            });
        api.MapCaseEndpoints(app);
        api.MapContactEndpoints();
        api.MapCallEndpoints();
        api.MapCheckInEndpoints();
    }

    static async Task<Created<RegistryModule.IdResponse>> CreateCase(CaseInput input, HttpContext http, Cases cases)
    {
        var id = await cases.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/cases/{id}", new RegistryModule.IdResponse(id.ToString()));
    }

    static async Task<Ok<Paged<CaseView>>> ListCases(string? jurisdiction, [OneOf(typeof(CaseClassification))] string? classification,
        [Description("First day of report (China date), inclusive.")] DateOnly? reportedFrom, [Description("Last day of report, inclusive.")] DateOnly? reportedTo,
        [Description("How the case was found: report, mass-testing, fever-clinic …")] string? detectedBy,
        [Description("A case number: 12 or 病例12.")] string? q, [OneOf(typeof(CaseSort))] string? sort,
        int? page, int? pageSize, HttpContext http, Cases cases) =>
        TypedResults.Ok(await cases.ListAsync(Caller.From(http),
            new CaseFilter(jurisdiction, classification, reportedFrom, reportedTo, detectedBy, q, CaseWork.ParseSort(sort)),
            PageRequest.From(page, pageSize), http.RequestAborted));
}
