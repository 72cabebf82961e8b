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
    /// <summary>The person who raised it by hand; null for a task a module raised.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>
    /// The level the escalation job has recorded (0 on time … 3 the district command): what inboxes and counts read.
    /// <see cref="Escalation.Level"/> stays the rule; the job moves this up to it and writes each step into the history.
    /// </summary>
    public int EscalationLevel { get; set; }
    /// <summary>
    /// When the rule puts the task on its next level: the job's index finds the tasks due for a step by this alone
    /// (null once at level 3 or closed), so a run reads the few due rows, never the district's open tasks.
    /// </summary>
    public DateTime? NextEscalationAt { get; set; }

    /// <summary>The team that owns the work: null for the jurisdiction's own command, a jurisdiction code for that command, or a task force's code (<see cref="TaskTeams"/>).</summary>
    public string? OwnerTeam { get; set; }
    /// <summary>Who accepted the task (接办); cleared when it is handed to another team.</summary>
    public string? OwnerUser { get; set; }
    public DateTime? AcceptedAt { get; set; }
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
    /// <summary>A facility's guests not sampled on their stay's test day (逾期未采): closed when they are sampled or leave.</summary>
    public const string StayTest = "stay-test";

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
    public static readonly string[] ByModules = [PositivePool, InvalidTube, Transfer, FacilityCapacity, SelfReport, ResidentRequest, StayTest];
}

public sealed record TaskInput(
    [Required, Description("At most 200 characters.")] string? Title,
    [Required, OneOf(TaskKinds.Manual, TaskKinds.Rectification), Description("The other kinds are raised by their modules (kind-raised-by-module).")] string? Kind,
    [Required, Description("A jurisdiction code inside the caller's.")] string? Jurisdiction,
    [Required, Description("In the future.")] DateTimeOffset? DueBy,
    [Description("Optional: the owner team — a task force's code (transfer, testing, investigation, hotel, community, supplies) or the code of a command over the task's jurisdiction; none: the jurisdiction's own command.")]
    string? OwnerTeam = null);
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
        e.Property(t => t.CreatedBy).HasMaxLength(64);
        e.Property(t => t.OwnerTeam).HasMaxLength(32);
        e.Property(t => t.OwnerUser).HasMaxLength(64);
        // The escalation job's candidates: a range seek on the next step's time (closed and top-level tasks hold null).
        e.HasIndex(t => t.NextEscalationAt);
        // The street's and the district's inboxes: open tasks at or above a level, by urgency.
        e.HasIndex(t => new { t.DoneAt, t.EscalationLevel, t.DueBy });
        // 我的督办: what a person accepted.
        e.HasIndex(t => new { t.OwnerUser, t.DoneAt });
    }
}

public sealed record TaskView(string Id, string Title,
    [OneOf(TaskKinds.Manual, TaskKinds.Rectification, TaskKinds.PositivePool, TaskKinds.InvalidTube, TaskKinds.Transfer, TaskKinds.FacilityCapacity, TaskKinds.SelfReport, TaskKinds.ResidentRequest, TaskKinds.StayTest)] string Kind,
    string SubjectId, string JurisdictionCode, DateTimeOffset CreatedAt, DateTimeOffset DueBy, [OneOf("open", "overdue", "done")] string Status,
    [Description("As the escalation job recorded it (every minute): 0 on time; 1 overdue (the community); 2 overdue by as long again as it was given (the street); 3 by three times that (the district).")]
    int EscalationLevel, DateTimeOffset? DoneAt, string? DoneBy, string? Note,
    [Description("Null: the jurisdiction's own command; else a task force's code or a command's jurisdiction code.")] string? OwnerTeam = null,
    [Description("Who accepted it (接办), if anyone.")] string? OwnerUser = null);

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

    public const int Top = 3;

    static TimeSpan Allowed(DateTime createdAt, DateTime dueBy) => dueBy - createdAt is var a && a > TimeSpan.Zero ? a : TimeSpan.FromHours(1);

    /// <summary>The moment the rule puts a task on <paramref name="level"/> (1–3): the same thresholds as <see cref="Level"/>.</summary>
    public static DateTime ReachedAt(DateTime createdAt, DateTime dueBy, int level) => level switch
    {
        1 => dueBy,
        2 => dueBy + Allowed(createdAt, dueBy),
        3 => dueBy + 3 * Allowed(createdAt, dueBy),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "levels are 1 to 3"),
    };

    /// <summary>When a task now on <paramref name="level"/> reaches the next one; null at the top.</summary>
    public static DateTime? NextAt(DateTime createdAt, DateTime dueBy, int level) => level >= Top ? null : ReachedAt(createdAt, dueBy, level + 1);

    public static string Status(DateTime dueBy, DateTime now, DateTime? doneAt) =>
        doneAt is not null ? "done" : now >= dueBy ? "overdue" : "open";
}

public sealed partial class SupervisedTasks(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, IJurisdictionCodes jurisdictions)
{
    public const int MaxTitle = 200;
    public const int MaxNote = 500;

    static string SourceKey(string kind, string subjectId, string jurisdiction) => $"{kind}:{subjectId}:{jurisdiction}";

    /// <summary>Adds a task to the caller's unit of work (same transaction as the fact that raised it), once per source key.</summary>
    /// <returns>Whether it was added (false: raised before).</returns>
    public static async Task<bool> RaiseAsync(FrontlineDb db, string kind, string subjectId, string jurisdiction, string title,
        DateTime createdAt, DateTime dueBy, CancellationToken ct)
    {
        var key = SourceKey(kind, subjectId, jurisdiction);
        if (db.Set<SupervisedTask>().Local.Any(t => t.SourceKey == key) || await db.Set<SupervisedTask>().AnyAsync(t => t.SourceKey == key, ct)) return false;
        db.Set<SupervisedTask>().Add(new SupervisedTask
        {
            Title = title, Kind = kind, SubjectId = subjectId, JurisdictionCode = jurisdiction, CreatedAt = createdAt, DueBy = dueBy, SourceKey = key,
            NextEscalationAt = Escalation.NextAt(createdAt, dueBy, 0),
        });
        return true;
    }

    /// <summary>
    /// The numeric subjects of up to <paramref name="max"/> open tasks of a kind, oldest first: a module's sweep asks which of
    /// them are finished (a request closed, a transfer arrived just as the sweep raised its task) and closes those.
    /// </summary>
    public static async Task<List<long>> OpenSubjectIdsAsync(FrontlineDb db, string kind, int max, CancellationToken ct) =>
        (await db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Kind == kind && t.DoneAt == null)
            .OrderBy(t => t.Id).Select(t => t.SubjectId).Take(max).ToListAsync(ct))
        .Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).ToList();

    /// <summary>
    /// Moves the deadline of the open task raised for (kind, subject, jurisdiction), inside the caller's transaction (a
    /// re-inspection that gives a rectification more time). The levels it has climbed stay on its history; its next step is
    /// reckoned from the new deadline.
    /// </summary>
    public static async Task MoveDueAsync(FrontlineDb db, string kind, string subjectId, string jurisdiction, DateTime dueBy, CancellationToken ct)
    {
        var key = SourceKey(kind, subjectId, jurisdiction);
        foreach (var t in await db.Set<SupervisedTask>().Where(t => t.SourceKey == key && t.DoneAt == null)
                     .Select(t => new { t.Id, t.CreatedAt, t.EscalationLevel }).ToListAsync(ct))
        {
            var next = Escalation.NextAt(t.CreatedAt, dueBy, t.EscalationLevel);
            await db.Set<SupervisedTask>().Where(x => x.Id == t.Id && x.DoneAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.DueBy, dueBy).SetProperty(x => x.NextEscalationAt, next), ct);
        }
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
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DoneAt, at).SetProperty(t => t.DoneBy, doneBy).SetProperty(t => t.DoneNote, note)
                .SetProperty(t => t.NextEscalationAt, (DateTime?)null), ct) == 1;
    }

    /// <summary>The contract's list: status and jurisdiction only (kept for callers of before the inboxes).</summary>
    public Task<Paged<TaskView>> ListAsync(Caller caller, string? status, string? jurisdiction, PageRequest page, CancellationToken ct = default) =>
        ListAsync(caller, new TaskQuery(status, jurisdiction), page, ct);

    /// <summary>
    /// Tasks of the caller's jurisdiction by urgency: overdue first (highest recorded level first, then the longest
    /// overdue), then those still open by due time; closed ones by when they closed.
    /// </summary>
    public async Task<Paged<TaskView>> ListAsync(Caller caller, TaskQuery query, PageRequest page, CancellationToken ct = default)
    {
        if (query.MinLevel is < 0 or > Escalation.Top) throw new DomainException("invalid-field", field: "level", args: "level");
        if (query.Inbox is not (null or "" or TaskInboxes.Community or TaskInboxes.Street or TaskInboxes.District))
            throw new DomainException("invalid-field", field: "inbox", args: "inbox");
        if (caller.Scope.Narrow(query.Jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Set<SupervisedTask>().AsNoTracking().InScope(scope, nameof(SupervisedTask.JurisdictionCode));
        q = query.Status switch
        {
            "open" => q.Where(t => t.DoneAt == null && t.DueBy > now),
            "overdue" => q.Where(t => t.DoneAt == null && t.DueBy <= now),
            "active" => q.Where(t => t.DoneAt == null),
            "done" => q.Where(t => t.DoneAt != null),
            null or "" => q,
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        if (!string.IsNullOrEmpty(query.Kind)) q = q.Where(t => t.Kind == query.Kind);
        if (query.MinLevel is > 0 and var min) q = q.Where(t => t.EscalationLevel >= min);
        q = TaskInboxes.Filter(q, query.Inbox);
        if (query.Mine)
        {
            var me = caller.UserName;
            var mine = caller.Scope.Code;
            q = q.Where(t => t.OwnerUser == me
                || (t.OwnerUser == null && (t.OwnerTeam == mine || (t.OwnerTeam == null && t.JurisdictionCode == mine))));
        }
        var total = await q.LongCountAsync(ct);
        var ordered = query.Status == "done"
            ? q.OrderByDescending(t => t.DoneAt).ThenByDescending(t => t.Id)
            : q.OrderBy(t => t.DoneAt != null ? 2 : t.DueBy <= now ? 0 : 1)
                .ThenByDescending(t => t.DoneAt == null ? t.EscalationLevel : 0).ThenBy(t => t.DueBy).ThenBy(t => t.Id);
        var rows = await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, rows.Select(t => View(t, now)).ToList());
    }

    /// <summary>The level shown is the recorded one: what the commands' inboxes hold, and what a closed task reached.</summary>
    static TaskView View(SupervisedTask t, DateTime now) => new(t.Id.ToString(), t.Title, t.Kind, t.SubjectId, t.JurisdictionCode,
        ChinaTime.ToChina(t.CreatedAt), ChinaTime.ToChina(t.DueBy), Escalation.Status(t.DueBy, now, t.DoneAt),
        t.EscalationLevel, t.DoneAt is { } d ? ChinaTime.ToChina(d) : null, t.DoneBy, t.DoneNote, t.OwnerTeam, t.OwnerUser);

    /// <summary>
    /// Open tasks by recorded level, with how many of them are overdue, for each jurisdiction with any in the scope: the
    /// inbox's counts and the dashboard's (which adds them up per child). One grouped read of the scope's open tasks.
    /// </summary>
    public async Task<IReadOnlyList<JurisdictionTaskCount>> CountsByJurisdictionAsync(JurisdictionScope scope, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Set<SupervisedTask>().AsNoTracking().InScope(scope, nameof(SupervisedTask.JurisdictionCode)).Where(t => t.DoneAt == null)
            .GroupBy(t => new { t.JurisdictionCode, t.EscalationLevel })
            .Select(g => new JurisdictionTaskCount(g.Key.JurisdictionCode, g.Key.EscalationLevel, g.Count(), g.Count(t => t.DueBy <= now)))
            .ToListAsync(ct);
    }

    /// <summary>The caller's open tasks per level 0–3 (each level present, zero when none), in the caller's scope narrowed to a jurisdiction.</summary>
    public async Task<IReadOnlyList<TaskLevelCount>> CountsAsync(Caller caller, string? jurisdiction = null, CancellationToken ct = default)
    {
        var rows = caller.Scope.Narrow(jurisdiction) is { } scope ? await CountsByJurisdictionAsync(scope, ct) : [];
        return Enumerable.Range(0, Escalation.Top + 1)
            .Select(level => new TaskLevelCount(level, rows.Where(r => r.Level == level).Sum(r => r.Open), rows.Where(r => r.Level == level).Sum(r => r.Overdue)))
            .ToList();
    }

    /// <summary>A task raised by hand (a commander's or a community's own 督办), for a jurisdiction of the caller's.</summary>
    public Task<long> CreateAsync(Caller caller, TaskInput input, CancellationToken ct = default) =>
        CreateAsync(caller, input, clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>As raised at <paramref name="now"/>: the demo's tasks of the past days, raised then as a person would have.</summary>
    internal async Task<long> CreateAsync(Caller caller, TaskInput input, DateTime now, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var title = FieldError.Required(errors, "title", input.Title, MaxTitle);
        var kind = FieldError.Required(errors, "kind", input.Kind, 32);
        if (kind is not null && !TaskKinds.ByHand.Contains(kind))
            errors.Add(new("kind", TaskKinds.ByModules.Contains(kind) ? "kind-raised-by-module" : "invalid-kind", kind));
        var jurisdiction = FieldError.Required(errors, "jurisdiction", input.Jurisdiction, 12);
        if (input.DueBy is null) errors.Add(new("dueBy", "missing-field", "dueBy"));
        else if (input.DueBy.Value.UtcDateTime <= now) errors.Add(new("dueBy", "due-in-past"));
        var team = string.IsNullOrWhiteSpace(input.OwnerTeam) ? null : input.OwnerTeam.Trim();

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (jurisdiction is not null)
        {
            if (!await jurisdictions.ExistsAsync(jurisdiction, ct)) errors.Add(new("jurisdiction", "unknown-jurisdiction", jurisdiction));
            else if (!caller.Scope.Contains(jurisdiction)) errors.Add(new("jurisdiction", "out-of-scope"));
            else if (team is not null && !await TeamFitsAsync(team, jurisdiction, ct)) errors.Add(new("ownerTeam", "invalid-team", team));
        }
        // The jurisdiction's own command is the default owner: stored as none, as a hand-over back to it is.
        if (team == jurisdiction) team = null;
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var dueBy = input.DueBy!.Value.UtcDateTime;
        var task = new SupervisedTask
        {
            Title = title!, Kind = kind!, SubjectId = "", JurisdictionCode = jurisdiction!, CreatedAt = now, DueBy = dueBy,
            SourceKey = "manual:" + Guid.NewGuid().ToString("N"), CreatedBy = caller.UserName, OwnerTeam = team,
            NextEscalationAt = Escalation.NextAt(now, dueBy, 0),
        };
        db.Set<SupervisedTask>().Add(task);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskCreate, $"task:{task.Id}", task.JurisdictionCode, null,
            new { kind = task.Kind, title = task.Title, dueBy = ChinaTime.ToChina(task.DueBy), ownerTeam = team }));
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
        // The steps it climbed since the job's last run are recorded first: a closed task keeps the level it closed on.
        await EscalationLadder.ClimbAsync(db, task.Id, task.CreatedAt, task.DueBy, task.EscalationLevel, now, ct);
        // Closed only if still open at this moment: a second close, or the fact that completes it, may have come between.
        var closed = await db.Set<SupervisedTask>().Where(t => t.Id == id && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.DoneAt, now).SetProperty(t => t.DoneBy, caller.UserName).SetProperty(t => t.DoneNote, note)
                .SetProperty(t => t.NextEscalationAt, (DateTime?)null), ct);
        if (closed == 0) throw new DomainException("already-closed", StatusCodes.Status409Conflict);
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskClose, $"task:{id}", task.JurisdictionCode, note,
            new { kind = task.Kind, subjectId = task.SubjectId, title = task.Title }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>What a task list asks for: <see cref="Inbox"/> names a command's inbox (<see cref="TaskInboxes"/>).</summary>
public sealed record TaskQuery(string? Status = null, string? Jurisdiction = null, string? Kind = null, int? MinLevel = null,
    bool Mine = false, string? Inbox = null);

public sealed record TaskLevelCount(int Level, long Open, long Overdue);

public sealed record JurisdictionTaskCount(string JurisdictionCode, int Level, long Open, long Overdue);

/// <summary>
/// Which tasks each command must act on. A community's: every task of a community (its workers see their own by scope).
/// A street's: what climbed to level 2 or higher, plus what was raised for a street or handed to a street's command. The
/// district's: level 3, plus what was raised for or handed to the district. Always inside the caller's scope, so a
/// community worker asking for a street's inbox sees only their community's climbed tasks.
/// </summary>
public static class TaskInboxes
{
    public const string Community = "community";
    public const string Street = "street";
    public const string District = "district";

    // Codes: a district ends in 000000, a street in 000 (not 000000), a community in anything else (its number is never 000).
    public static IQueryable<SupervisedTask> Filter(IQueryable<SupervisedTask> q, string? inbox) => inbox switch
    {
        Community => q.Where(t => !t.JurisdictionCode.EndsWith("000")),
        Street => q.Where(t => t.EscalationLevel >= 2
            || (t.JurisdictionCode.EndsWith("000") && !t.JurisdictionCode.EndsWith("000000"))
            || (t.OwnerTeam != null && t.OwnerTeam.EndsWith("000") && !t.OwnerTeam.EndsWith("000000"))),
        District => q.Where(t => t.EscalationLevel >= 3 || t.JurisdictionCode.EndsWith("000000")
            || (t.OwnerTeam != null && t.OwnerTeam.EndsWith("000000"))),
        _ => q,
    };

    /// <summary>The inbox a person's jurisdiction commands: a district's, a street's or a community's.</summary>
    public static string For(JurisdictionScope scope) =>
        scope.Code.EndsWith("000000", StringComparison.Ordinal) ? District : scope.Code.EndsWith("000", StringComparison.Ordinal) ? Street : Community;
}
