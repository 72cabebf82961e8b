using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Supervision;

/// <summary>督办: a task any module raises for a jurisdiction, with a deadline and an escalation ladder.</summary>
public sealed class SupervisedTask
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Kind { get; set; }
    public required string SubjectId { get; set; }
    public required string JurisdictionCode { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime DueBy { get; set; }
    public DateTime? DoneAt { get; set; }
    /// <summary>Kind and subject together: raising the same task twice keeps one.</summary>
    public required string SourceKey { get; set; }
}

sealed class SupervisedTaskConfiguration : IEntityTypeConfiguration<SupervisedTask>
{
    public void Configure(EntityTypeBuilder<SupervisedTask> e)
    {
        e.ToTable("supervised_tasks");
        e.Property(t => t.Title).HasMaxLength(200);
        e.Property(t => t.Kind).HasMaxLength(32);
        e.Property(t => t.SubjectId).HasMaxLength(64);
        e.Property(t => t.JurisdictionCode).HasMaxLength(12);
        e.Property(t => t.SourceKey).HasMaxLength(128);
        e.HasIndex(t => t.SourceKey).IsUnique();
        e.HasIndex(t => new { t.JurisdictionCode, t.DoneAt, t.DueBy });
        e.HasIndex(t => new { t.DoneAt, t.DueBy });
    }
}

public sealed record TaskView(string Id, string Title, string Kind, string SubjectId, string JurisdictionCode,
    DateTimeOffset CreatedAt, DateTimeOffset DueBy, string Status, int EscalationLevel, DateTimeOffset? DoneAt);

/// <summary>
/// The escalation ladder: on time 0; overdue 1 (the community's own leader); overdue by as long again
/// as it was given 2 (the street); by three times that 3 (the district command).
/// </summary>
public static class Escalation
{
    public static int Level(DateTime createdAt, DateTime dueBy, DateTime now, DateTime? doneAt = null)
    {
        var at = doneAt ?? now;
        if (at < dueBy) return 0;
        var allowed = dueBy - createdAt;
        if (allowed <= TimeSpan.Zero) allowed = TimeSpan.FromHours(1);
        var late = at - dueBy;
        return late >= 3 * allowed ? 3 : late >= allowed ? 2 : 1;
    }

    public static string Status(DateTime dueBy, DateTime now, DateTime? doneAt) =>
        doneAt is not null ? "done" : now >= dueBy ? "overdue" : "open";
}

public sealed class SupervisedTasks(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
{
    /// <summary>Adds a task to the caller's unit of work (same transaction as the fact that raised it), once per source key.</summary>
    public static async Task RaiseAsync(FrontlineDb db, string kind, string subjectId, string jurisdiction, string title,
        DateTime createdAt, DateTime dueBy, CancellationToken ct)
    {
        var key = $"{kind}:{subjectId}:{jurisdiction}";
        if (db.Set<SupervisedTask>().Local.Any(t => t.SourceKey == key) || await db.Set<SupervisedTask>().AnyAsync(t => t.SourceKey == key, ct)) return;
        db.Set<SupervisedTask>().Add(new SupervisedTask
        {
            Title = title, Kind = kind, SubjectId = subjectId, JurisdictionCode = jurisdiction, CreatedAt = createdAt, DueBy = dueBy, SourceKey = key,
        });
    }

    public static async Task CompleteAsync(FrontlineDb db, string kind, string subjectId, DateTime at, CancellationToken ct) =>
        await db.Set<SupervisedTask>().Where(t => t.Kind == kind && t.SubjectId == subjectId && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DoneAt, at), ct);

    public async Task<Paged<TaskView>> ListAsync(Caller caller, string? status, string? jurisdiction, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Set<SupervisedTask>().AsNoTracking().InScope(scope, nameof(SupervisedTask.JurisdictionCode));
        q = status switch
        {
            "open" => q.Where(t => t.DoneAt == null && t.DueBy > now),
            "overdue" => q.Where(t => t.DoneAt == null && t.DueBy <= now),
            "done" => q.Where(t => t.DoneAt != null),
            null or "" => q,
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(t => t.DueBy).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(t => new TaskView(t.Id.ToString(), t.Title, t.Kind, t.SubjectId, t.JurisdictionCode,
            ChinaTime.ToChina(t.CreatedAt), ChinaTime.ToChina(t.DueBy), Escalation.Status(t.DueBy, now, t.DoneAt),
            Escalation.Level(t.CreatedAt, t.DueBy, now, t.DoneAt), t.DoneAt is { } d ? ChinaTime.ToChina(d) : null)).ToList());
    }
}

public static class SupervisionModule
{
    public static IServiceCollection AddSupervision(this IServiceCollection services) => services
        .AddVocabulary(SupervisionVocabulary.Words)
        .AddScoped<SupervisedTasks>();

    public static void MapSupervisionEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/tasks", ListTasks).RequirePermission(SupervisionPermissions.Read);

    static async Task<Ok<Paged<TaskView>>> ListTasks(string? status, string? jurisdiction, int? page, int? pageSize, HttpContext http, SupervisedTasks tasks) =>
        TypedResults.Ok(await tasks.ListAsync(Caller.From(http), status, jurisdiction, PageRequest.From(page, pageSize), http.RequestAborted));
}
