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
    }
}

public sealed record CaseView(string Id, string PersonId, [OneOf(typeof(CaseClassification))] string Classification, string DetectedBy, DateTimeOffset ReportedAt,
    string CommunityCode, DateTimeOffset? SampledAt, DateOnly? OnsetDate, string? InfectorCaseId);

[RequiresOneOf("personId", "idNumber")]
public sealed record CaseInput(string? PersonId, [Description("A resident ID, when personId is not given.")] string? IdNumber,
    [OneOf(typeof(CaseClassification)), Description("Default pending.")] string? Classification,
    [Description("Default report; mass-testing for the cases a positive re-test makes.")] string? DetectedBy,
    DateTimeOffset? SampledAt, DateOnly? OnsetDate, [Description("An existing case's id.")] string? InfectorCaseId);

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

    static CaseView View(Case c) => new(c.Id.ToString(), c.PersonId.ToString(), Code(c.Classification), c.DetectedBy,
        c.ReportedAt.ToChina(), c.CommunityCode, c.SampledAt?.ToChina(), c.OnsetDate, c.InfectorCaseId?.ToString());

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
        long? infector = null;
        if (input.InfectorCaseId is { Length: > 0 } inf)
        {
            // A case outside the caller's jurisdiction is answered as one that does not exist: no telling which ids do.
            if (long.TryParse(inf, NumberStyles.None, CultureInfo.InvariantCulture, out var infId)
                && await db.Set<Case>().InScope(caller.Scope).AnyAsync(x => x.Id == infId, ct)) infector = infId;
            else errors.Add(new("infectorCaseId", "invalid-field", "infectorCaseId"));
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        var created = new Case
        {
            PersonId = person!.Id, CommunityCode = person.CommunityCode, Classification = classification,
            DetectedBy = detectedBy ?? "report",
            SampledAt = input.SampledAt?.UtcDateTime, OnsetDate = input.OnsetDate, ReportedAt = now, InfectorCaseId = infector,
        };
        db.Set<Case>().Add(created);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, InvestigationAuditActions.CaseCreate, $"case:{created.Id}", created.CommunityCode, detail: new { personId = person.Id }));
        await db.SaveChangesAsync(ct);
        return created.Id;
    }

    public async Task<Paged<CaseView>> ListAsync(Caller caller, string? jurisdiction, string? classification, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Set<Case>().AsNoTracking().InScope(scope);
        if (!string.IsNullOrEmpty(classification))
        {
            if (ParseClassification(classification) is not { } c)
                throw new DomainException("invalid-field", field: "classification", args: "classification");
            q = q.Where(x => x.Classification == c);
        }
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(x => x.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(View).ToList());
    }

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
            db.Set<Case>().Add(new Case
            {
                PersonId = positive.PersonId, CommunityCode = positive.CommunityCode, Classification = CaseClassification.Pending,
                DetectedBy = "mass-testing", SampledAt = positive.SampledAt, ReportedAt = now, SourceSampleId = positive.SampleId,
            });
            db.Audit.Add(services.GetRequiredService<AuditLog>().Entry(Caller.System, InvestigationAuditActions.CaseCreate, $"sample:{positive.SampleId}",
                positive.CommunityCode, detail: new { positive.PersonId, detectedBy = "mass-testing" }));
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>A person with a case is under case control.</summary>
    public sealed class CaseStatus(IDbContextFactory<FrontlineDb> dbs) : IPersonStatusSource
    {
        public async Task<PersonStatus> ReadAsync(long personId, CancellationToken ct)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            return await db.Set<Case>().AnyAsync(c => c.PersonId == personId, ct) ? PersonStatus.None with { Control = "case" } : PersonStatus.None;
        }
    }
}

public static class InvestigationModule
{
    public static IServiceCollection AddInvestigation(this IServiceCollection services) => services
        .AddVocabulary(InvestigationVocabulary.Words)
        .AddScoped<Cases>()
        .AddCheckIns()
        .AddSingleton<IDomainEventHandler, Cases.IndividualPositiveHandler>()
        .AddScoped<IPersonStatusSource, Cases.CaseStatus>();

    public static void MapInvestigationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/cases", CreateCase).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Reports a case of a registered person")
            .Answers(400, "missing-field", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "unknown-person", "invalid-field")
            .Example(now => new ApiExample
            {
                Body = new CaseInput("1", null, "confirmed", "report", now.AddHours(-20), DateOnly.FromDateTime(now.Date.AddDays(-1)), null),
            });
        api.MapGet("/cases", ListCases).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("Cases in the caller's jurisdiction, newest first, paged").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306005000", ["classification"] = "confirmed" } });
        api.MapCheckInEndpoints();
    }

    static async Task<Created<RegistryModule.IdResponse>> CreateCase(CaseInput input, HttpContext http, Cases cases)
    {
        var id = await cases.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/cases/{id}", new RegistryModule.IdResponse(id.ToString()));
    }

    static async Task<Ok<Paged<CaseView>>> ListCases(string? jurisdiction, [OneOf(typeof(CaseClassification))] string? classification, int? page, int? pageSize, HttpContext http, Cases cases) =>
        TypedResults.Ok(await cases.ListAsync(Caller.From(http), jurisdiction, classification, PageRequest.From(page, pageSize), http.RequestAborted));
}
