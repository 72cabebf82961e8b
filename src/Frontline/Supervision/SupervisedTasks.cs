using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
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
    /// <summary>Who closed it: a user name, or <c>system</c> when the fact that completes it closed it.</summary>
    public string? DoneBy { get; set; }
    /// <summary>Why it was closed: the person's note, or the system's reason.</summary>
    public string? DoneNote { get; set; }
    /// <summary>Kind, subject and jurisdiction together: raising the same task twice keeps one. "manual:" + a new id for a task raised by hand.</summary>
    public required string SourceKey { get; set; }
}

/// <summary>The kinds of task, and which of them a person may raise by hand.</summary>
public static class TaskKinds
{
    public const string Manual = "manual";
    public const string Rectification = "rectification";
    public const string PositivePool = "positive-pool";
    public const string InvalidTube = "invalid-tube";
    public const string Transfer = "transfer";
    /// <summary>A quarantine facility filled up to its threshold: the command finds rooms elsewhere (closed when it falls below).</summary>
    public const string FacilityCapacity = "facility-capacity";
    /// <summary>A person at home reported a fever or a symptom through their self-report link, or missed a half-day's report.</summary>
    public const string SelfReport = "self-report";
    /// <summary>A resident's request (民生诉求) past its time limit: closed when the request is closed.</summary>
    public const string ResidentRequest = "resident-request";

    /// <summary>
    /// A person raises a general task, or a rectification order (整改) that needs no inspection form behind it: both are
    /// closed by a person confirming the work, as the inspection's own rectification tasks are.
    /// </summary>
    public static readonly string[] ByHand = [Manual, Rectification];

    /// <summary>
    /// Raised and closed only by the module that owns their subject (a positive pool's re-tests, an invalid tube's
    /// re-sampling, a transfer's arrival). A hand-made one would have no subject the module could match, so it would
    /// never close by itself and would stand beside the real one in the figures.
    /// </summary>
    public static readonly string[] ByModules = [PositivePool, InvalidTube, Transfer, FacilityCapacity, SelfReport, ResidentRequest];
}

public sealed record TaskInput(
    [Required, Description("At most 200 characters.")] string? Title,
    [Required, OneOf(TaskKinds.Manual, TaskKinds.Rectification), Description("The other kinds are raised by their modules (kind-raised-by-module).")] string? Kind,
    [Required, Description("A jurisdiction code inside the caller's.")] string? Jurisdiction,
    [Required, Description("In the future.")] DateTimeOffset? DueBy);
public sealed record TaskCloseInput([Required, Description("How the work was done, at most 500 characters; audited.")] string? Note);
public sealed record TaskCreated(string Id);

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
        e.Property(t => t.DoneBy).HasMaxLength(64);
        e.Property(t => t.DoneNote).HasMaxLength(SupervisedTasks.MaxNote);
        e.HasIndex(t => t.SourceKey).IsUnique();
        e.HasIndex(t => new { t.JurisdictionCode, t.DoneAt, t.DueBy });
        e.HasIndex(t => new { t.DoneAt, t.DueBy });
    }
}

public sealed record TaskView(string Id, string Title,
    [OneOf(TaskKinds.Manual, TaskKinds.Rectification, TaskKinds.PositivePool, TaskKinds.InvalidTube, TaskKinds.Transfer, TaskKinds.FacilityCapacity, TaskKinds.SelfReport, TaskKinds.ResidentRequest)] string Kind,
    string SubjectId, string JurisdictionCode, DateTimeOffset CreatedAt, DateTimeOffset DueBy, [OneOf("open", "overdue", "done")] string Status,
    [Description("0 on time; 1 overdue (the community); 2 overdue by as long again as it was given (the street); 3 by three times that (the district).")]
    int EscalationLevel, DateTimeOffset? DoneAt, string? DoneBy, string? Note);

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

public sealed class SupervisedTasks(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, IJurisdictionCodes jurisdictions)
{
    public const int MaxTitle = 200;
    public const int MaxNote = 500;

    static string SourceKey(string kind, string subjectId, string jurisdiction) => $"{kind}:{subjectId}:{jurisdiction}";

    /// <summary>Adds a task to the caller's unit of work (same transaction as the fact that raised it), once per source key.</summary>
    public static async Task RaiseAsync(FrontlineDb db, string kind, string subjectId, string jurisdiction, string title,
        DateTime createdAt, DateTime dueBy, CancellationToken ct)
    {
        var key = SourceKey(kind, subjectId, jurisdiction);
        if (db.Set<SupervisedTask>().Local.Any(t => t.SourceKey == key) || await db.Set<SupervisedTask>().AnyAsync(t => t.SourceKey == key, ct)) return;
        db.Set<SupervisedTask>().Add(new SupervisedTask
        {
            Title = title, Kind = kind, SubjectId = subjectId, JurisdictionCode = jurisdiction, CreatedAt = createdAt, DueBy = dueBy, SourceKey = key,
        });
    }

    /// <summary>
    /// Closes the open task raised for (kind, subject, jurisdiction) when <paramref name="complete"/> says its work is all
    /// done, inside the caller's transaction (the one writing the fact that may complete it); answers whether it closed.
    /// The task's row is locked before the question is asked: two transactions completing its last two pieces at once
    /// would otherwise each still see the other's piece open (PostgreSQL's read committed) and neither would close it.
    /// Locking it costs the rare facts that ask (re-test results and re-samples), never the ordinary scans.
    /// </summary>
    public static async Task<bool> CompleteIfAsync(FrontlineDb db, string kind, string subjectId, string jurisdiction, Func<Task<bool>> complete,
        DateTime at, string doneBy, string note, CancellationToken ct)
    {
        var key = SourceKey(kind, subjectId, jurisdiction);
        var open = db.IsPostgres
            ? await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM supervised_tasks WHERE source_key = {key} AND done_at IS NULL FOR UPDATE")
                .ToListAsync(ct)
            : await db.Set<SupervisedTask>().Where(t => t.SourceKey == key && t.DoneAt == null).Select(t => t.Id).ToListAsync(ct);
        if (open.Count == 0 || !await complete()) return false;
        var id = open[0];
        return await db.Set<SupervisedTask>().Where(t => t.Id == id && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DoneAt, at).SetProperty(t => t.DoneBy, doneBy).SetProperty(t => t.DoneNote, note), ct) == 1;
    }

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
        return new(total, rows.Select(t => View(t, now)).ToList());
    }

    /// <summary>A closed task's level is the one it had when it closed (<see cref="Escalation.Level"/> stops at doneAt).</summary>
    static TaskView View(SupervisedTask t, DateTime now) => new(t.Id.ToString(), t.Title, t.Kind, t.SubjectId, t.JurisdictionCode,
        ChinaTime.ToChina(t.CreatedAt), ChinaTime.ToChina(t.DueBy), Escalation.Status(t.DueBy, now, t.DoneAt),
        Escalation.Level(t.CreatedAt, t.DueBy, now, t.DoneAt), t.DoneAt is { } d ? ChinaTime.ToChina(d) : null, t.DoneBy, t.DoneNote);

    /// <summary>A task raised by hand (a commander's or a community's own 督办), for a jurisdiction of the caller's.</summary>
    public async Task<long> CreateAsync(Caller caller, TaskInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var title = FieldError.Required(errors, "title", input.Title, MaxTitle);
        var kind = FieldError.Required(errors, "kind", input.Kind, 32);
        if (kind is not null && !TaskKinds.ByHand.Contains(kind))
            errors.Add(new("kind", TaskKinds.ByModules.Contains(kind) ? "kind-raised-by-module" : "invalid-kind", kind));
        var jurisdiction = FieldError.Required(errors, "jurisdiction", input.Jurisdiction, 12);
        if (input.DueBy is null) errors.Add(new("dueBy", "missing-field", "dueBy"));
        else if (input.DueBy.Value.UtcDateTime <= now) errors.Add(new("dueBy", "due-in-past"));

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (jurisdiction is not null)
        {
            if (!await jurisdictions.ExistsAsync(jurisdiction, ct)) errors.Add(new("jurisdiction", "unknown-jurisdiction", jurisdiction));
            else if (!caller.Scope.Contains(jurisdiction)) errors.Add(new("jurisdiction", "out-of-scope"));
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var task = new SupervisedTask
        {
            Title = title!, Kind = kind!, SubjectId = "", JurisdictionCode = jurisdiction!, CreatedAt = now, DueBy = input.DueBy!.Value.UtcDateTime,
            SourceKey = "manual:" + Guid.NewGuid().ToString("N"),
        };
        db.Set<SupervisedTask>().Add(task);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskCreate, $"task:{task.Id}", task.JurisdictionCode, null,
            new { kind = task.Kind, title = task.Title, dueBy = ChinaTime.ToChina(task.DueBy) }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return task.Id;
    }

    /// <summary>Closes a task by hand with a note (办结说明): any kind, for work done in ways no module sees.</summary>
    public async Task CloseAsync(Caller caller, long id, TaskCloseInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var note = FieldError.Required(errors, "note", input.Note, MaxNote);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var task = await db.Set<SupervisedTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null || !caller.Scope.Contains(task.JurisdictionCode)) throw new NotFoundException("task");
        if (task.DoneAt is not null) throw new DomainException("already-closed", StatusCodes.Status409Conflict);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Closed only if still open at this moment: a second close, or the fact that completes it, may have come between.
        var closed = await db.Set<SupervisedTask>().Where(t => t.Id == id && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DoneAt, now).SetProperty(t => t.DoneBy, caller.UserName).SetProperty(t => t.DoneNote, note), ct);
        if (closed == 0) throw new DomainException("already-closed", StatusCodes.Status409Conflict);
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskClose, $"task:{id}", task.JurisdictionCode, note,
            new { kind = task.Kind, subjectId = task.SubjectId, title = task.Title }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

public static class SupervisionModule
{
    public static IServiceCollection AddSupervision(this IServiceCollection services) => services
        .AddVocabulary(SupervisionVocabulary.Words)
        .AddScoped<SupervisedTasks>();

    public static void MapSupervisionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tasks", ListTasks).RequirePermission(SupervisionPermissions.Read)
            .WithSummary("Supervised tasks (督办) of the caller's jurisdiction, paged, with their escalation level").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["status"] = "overdue", ["jurisdiction"] = "440306005000" } });
        api.MapPost("/tasks", CreateTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Raises a task by hand (kinds manual and rectification); audited")
            .Answers(400, "missing-field", "field-too-long", "invalid-kind", "kind-raised-by-module", "due-in-past", "unknown-jurisdiction", "out-of-scope")
            .Example(now => new ApiExample
            {
                Body = new TaskInput("清运红星社区3栋生活垃圾", TaskKinds.Manual, "440306005002", new DateTimeOffset(now.Date.AddDays(2).AddHours(18), now.Offset)),
            });
        api.MapPost("/tasks/{id:long}/close", CloseTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Closes a task by hand with a note; audited")
            .Answers(400, "missing-field", "field-too-long").Answers(409, "already-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new TaskCloseInput("已清运完毕，现场拍照留存") });
    }

    static async Task<Ok<Paged<TaskView>>> ListTasks([OneOf("open", "overdue", "done")] string? status, string? jurisdiction, int? page, int? pageSize, HttpContext http, SupervisedTasks tasks) =>
        TypedResults.Ok(await tasks.ListAsync(Caller.From(http), status, jurisdiction, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Created<TaskCreated>> CreateTask(TaskInput input, HttpContext http, SupervisedTasks tasks)
    {
        var id = await tasks.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/tasks/{id}", new TaskCreated(id.ToString()));
    }

    static async Task<NoContent> CloseTask(long id, TaskCloseInput input, HttpContext http, SupervisedTasks tasks)
    {
        await tasks.CloseAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
