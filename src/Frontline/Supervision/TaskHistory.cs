using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Supervision;

/// <summary>
/// A line of a task's history: accepted, a comment, handed to another team, escalated to a level. Its raising and its
/// closing are the task's own columns and are read into the timeline from there.
/// </summary>
public sealed class SupervisedTaskEvent
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public required string Kind { get; set; }
    /// <summary>When it happened; for an escalation, when the rule put the task on the level (see <see cref="RecordedAt"/>).</summary>
    public DateTime At { get; set; }
    /// <summary>When it was written: for an escalation the job's run, later than <see cref="At"/> by the job's interval or a downtime.</summary>
    public DateTime RecordedAt { get; set; }
    /// <summary>A user name, or <c>system</c> for the escalation job.</summary>
    public required string By { get; set; }
    /// <summary>Only on an escalation: the level reached. Unique per task, so a step is recorded once whoever runs the job.</summary>
    public int? Level { get; set; }
    /// <summary>On a hand-over: the team it went to.</summary>
    public string? Team { get; set; }
    /// <summary>A comment's text, a hand-over's reason.</summary>
    public string? Text { get; set; }
}

public static class TaskEventKinds
{
    public const string Raised = "raised";
    public const string Accepted = "accepted";
    public const string Comment = "comment";
    public const string HandedOver = "handed-over";
    public const string Escalated = "escalated";
    public const string Closed = "closed";
}

sealed class SupervisedTaskEventConfiguration : IEntityTypeConfiguration<SupervisedTaskEvent>
{
    public void Configure(EntityTypeBuilder<SupervisedTaskEvent> e)
    {
        e.ToTable("supervised_task_events");
        e.Property(x => x.Kind).HasMaxLength(16);
        e.Property(x => x.By).HasMaxLength(64);
        e.Property(x => x.Team).HasMaxLength(32);
        e.Property(x => x.Text).HasMaxLength(SupervisedTasks.MaxNote);
        e.HasOne<SupervisedTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        // A task's timeline, and the step guard: NULL levels (every other kind of line) are distinct on both providers,
        // so only the escalations are held to one row per (task, level).
        e.HasIndex(x => new { x.TaskId, x.Level }).IsUnique();
    }
}

public sealed record TaskEventView([OneOf(TaskEventKinds.Raised, TaskEventKinds.Accepted, TaskEventKinds.Comment, TaskEventKinds.HandedOver,
        TaskEventKinds.Escalated, TaskEventKinds.Closed)] string Kind,
    [Description("When it happened; for an escalation, when the rule put the task on that level.")] DateTimeOffset At,
    [Description("A user name, or system.")] string By, int? Level, string? Team, string? Text,
    [Description("When it was written (an escalation: the job's run that recorded it).")] DateTimeOffset RecordedAt);

public sealed record TaskDetail(TaskView Task, [Description("Who raised it by hand; null when a module raised it.")] string? CreatedBy,
    DateTimeOffset? AcceptedAt, IReadOnlyList<TaskEventView> Timeline);

public sealed record TaskCommentInput([Required, Description("At most 500 characters; audited.")] string? Text);
public sealed record TaskHandOverInput(
    [Required, Description("A task force's code (transfer, testing, investigation, hotel, community, supplies) or the code of a command over the task's jurisdiction.")] string? Team,
    [Required, Description("Why, at most 500 characters; audited.")] string? Reason);

public sealed partial class SupervisedTasks
{
    /// <summary>A task with its timeline (raised, accepted, comments, hand-overs, escalations, closed), oldest first.</summary>
    public async Task<TaskDetail> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var task = await FindAsync(db, caller, id, ct);
        var events = await db.Set<SupervisedTaskEvent>().AsNoTracking().Where(e => e.TaskId == id).ToListAsync(ct);
        var timeline = new List<TaskEventView>(events.Count + 2)
        {
            new(TaskEventKinds.Raised, task.CreatedAt.ToChina(), task.CreatedBy ?? "system", null, null, null, task.CreatedAt.ToChina()),
        };
        timeline.AddRange(events.OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new TaskEventView(e.Kind, e.At.ToChina(), e.By, e.Level, e.Team, e.Text, e.RecordedAt.ToChina())));
        if (task.DoneAt is { } done)
            timeline.Add(new(TaskEventKinds.Closed, done.ToChina(), task.DoneBy ?? "system", null, null, task.DoneNote, done.ToChina()));
        return new TaskDetail(View(task, now), task.CreatedBy, task.AcceptedAt?.ToChina(), timeline);
    }

    /// <summary>
    /// <see cref="CountsByJurisdictionAsync"/> as it stood at a past moment, from the tasks' history: the tasks raised before
    /// it and not closed by it, each on the level its escalation steps had reached by then (a step counts from when the rule
    /// put the task on it, <see cref="SupervisedTaskEvent.At"/>, not from when the job wrote it), overdue when due by then.
    /// At the present moment it answers what CountsByJurisdictionAsync answers. A due time moved (a re-inspection giving
    /// more time) is not kept in the history: such a task is taken with its current due time.
    /// </summary>
    public async Task<IReadOnlyList<JurisdictionTaskCount>> CountsByJurisdictionAtAsync(JurisdictionScope scope, DateTime at, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var steps = db.Set<SupervisedTaskEvent>();
        var open = await db.Set<SupervisedTask>().AsNoTracking().InScope(scope, nameof(SupervisedTask.JurisdictionCode))
            .Where(t => t.CreatedAt < at && (t.DoneAt == null || t.DoneAt > at))
            .Select(t => new
            {
                t.JurisdictionCode,
                // One below the first step taken after the moment; the recorded level when none came after it (a task whose
                // steps were never written, as one made by hand, stays on its recorded level).
                Later = steps.Where(e => e.TaskId == t.Id && e.Kind == TaskEventKinds.Escalated && e.At > at).Min(e => e.Level),
                t.EscalationLevel,
                Overdue = t.DueBy <= at,
            })
            .ToListAsync(ct);
        // Grouped here (the level is a subquery): the tasks open at one moment are at most tens of thousands of short rows, read once when a day closes.
        return open.GroupBy(t => (t.JurisdictionCode, Level: t.Later is { } next ? next - 1 : t.EscalationLevel))
            .Select(g => new JurisdictionTaskCount(g.Key.JurisdictionCode, g.Key.Level, g.Count(), g.Count(t => t.Overdue)))
            .ToList();
    }

    static async Task<SupervisedTask> FindAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct)
    {
        var task = await db.Set<SupervisedTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return task is not null && caller.Scope.Contains(task.JurisdictionCode) ? task : throw new NotFoundException("task");
    }

    static async Task<SupervisedTask> FindOpenAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct) =>
        await FindAsync(db, caller, id, ct) is { DoneAt: null } task ? task : throw new DomainException("already-closed", StatusCodes.Status409Conflict);

    /// <summary>
    /// 接办: the caller takes the task as theirs. Again by its owner: nothing changes. Someone else's: refused with their
    /// name (a hand-over frees it).
    /// </summary>
    public async Task AcceptAsync(Caller caller, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var task = await FindOpenAsync(db, caller, id, ct);
        if (task.OwnerUser == caller.UserName) return;
        if (task.OwnerUser is { } other) throw new DomainException("task-accepted-by-other", StatusCodes.Status409Conflict, args: other);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Taken only if nobody took it in between (two workers tapping 接办 at once: one of them gets it).
        var taken = await db.Set<SupervisedTask>().Where(t => t.Id == id && t.DoneAt == null && t.OwnerUser == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.OwnerUser, caller.UserName).SetProperty(t => t.AcceptedAt, now), ct);
        if (taken == 0)
        {
            var current = await db.Set<SupervisedTask>().AsNoTracking().Where(t => t.Id == id).Select(t => new { t.DoneAt, t.OwnerUser }).FirstAsync(ct);
            if (current.DoneAt is not null) throw new DomainException("already-closed", StatusCodes.Status409Conflict);
            if (current.OwnerUser == caller.UserName) return;
            throw new DomainException("task-accepted-by-other", StatusCodes.Status409Conflict, args: current.OwnerUser ?? "");
        }
        db.Set<SupervisedTaskEvent>().Add(new() { TaskId = id, Kind = TaskEventKinds.Accepted, At = now, RecordedAt = now, By = caller.UserName });
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskAccept, $"task:{id}", task.JurisdictionCode, null, new { kind = task.Kind, title = task.Title }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A comment on an open task's timeline (进展说明), audited with its text.</summary>
    public async Task CommentAsync(Caller caller, long id, TaskCommentInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var text = FieldError.Required(errors, "text", input.Text, MaxNote);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var task = await FindOpenAsync(db, caller, id, ct);
        db.Set<SupervisedTaskEvent>().Add(new() { TaskId = id, Kind = TaskEventKinds.Comment, At = now, RecordedAt = now, By = caller.UserName, Text = text });
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskComment, $"task:{id}", task.JurisdictionCode, text, new { kind = task.Kind }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 转办: the task goes to another team with a reason — a task force, or the command of its own jurisdiction or of one
    /// above it (never sideways: the other community could not even see it). Its owner is cleared: the new team accepts it.
    /// </summary>
    public async Task HandOverAsync(Caller caller, long id, TaskHandOverInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var team = FieldError.Required(errors, "team", input.Team, 32);
        var reason = FieldError.Required(errors, "reason", input.Reason, MaxNote);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var task = await FindOpenAsync(db, caller, id, ct);
        if (!await TeamFitsAsync(team!, task.JurisdictionCode, ct)) throw new ValidationFailed([new("team", "invalid-team", team!)]);
        if (team == (task.OwnerTeam ?? task.JurisdictionCode)) throw new ValidationFailed([new("team", "same-team")]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Set<SupervisedTask>().Where(t => t.Id == id && t.DoneAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.OwnerTeam, team == task.JurisdictionCode ? null : team)
                .SetProperty(t => t.OwnerUser, (string?)null).SetProperty(t => t.AcceptedAt, (DateTime?)null), ct);
        if (moved == 0) throw new DomainException("already-closed", StatusCodes.Status409Conflict);
        db.Set<SupervisedTaskEvent>().Add(new() { TaskId = id, Kind = TaskEventKinds.HandedOver, At = now, RecordedAt = now, By = caller.UserName, Team = team, Text = reason });
        db.Audit.Add(audit.Entry(caller, SupervisionAuditActions.TaskHandOver, $"task:{id}", task.JurisdictionCode, reason,
            new { from = task.OwnerTeam ?? task.JurisdictionCode, to = team, previousOwner = task.OwnerUser }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A task force of the list, or an existing jurisdiction whose command is over (or is) the task's jurisdiction.</summary>
    async Task<bool> TeamFitsAsync(string team, string taskJurisdiction, CancellationToken ct) =>
        TaskTeams.TaskForces.ContainsKey(team)
        || (team.Length == 12 && team.All(char.IsAsciiDigit) && new JurisdictionScope(team).Contains(taskJurisdiction) && await jurisdictions.ExistsAsync(team, ct));

    /// <summary>The teams a task of this jurisdiction may go to: its commands up to the district, then the task forces.</summary>
    public async Task<IReadOnlyList<(string Code, string Label)>> TeamsForAsync(string taskJurisdiction, CancellationToken ct = default)
    {
        var chain = TaskTeams.CommandsOver(taskJurisdiction);
        var names = new Dictionary<string, string>();
        await jurisdictions.AddNamesAsync(names, chain, ct);
        return chain.Select(c => (c, TaskTeams.CommandLabel(c, names[c])))
            .Concat(TaskTeams.TaskForces.Select(f => (f.Key, f.Value.In()))).ToList();
    }

    /// <summary>A team's words: a task force's name, or a jurisdiction's command by its name.</summary>
    public async Task<Dictionary<string, string>> TeamLabelsAsync(IEnumerable<string?> teams, CancellationToken ct = default)
    {
        var codes = teams.OfType<string>().Distinct().ToList();
        var names = new Dictionary<string, string>();
        await jurisdictions.AddNamesAsync(names, codes.Where(c => !TaskTeams.TaskForces.ContainsKey(c)), ct);
        return codes.ToDictionary(c => c, c => TaskTeams.TaskForces.TryGetValue(c, out var w) ? w.In() : TaskTeams.CommandLabel(c, names.GetValueOrDefault(c, c)));
    }

    /// <summary>Names of jurisdictions, for pages (an unknown code stands for itself).</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct = default)
    {
        var names = new Dictionary<string, string>();
        await jurisdictions.AddNamesAsync(names, codes, ct);
        return names;
    }

    /// <summary>The jurisdictions a caller may raise a task for, with their names: theirs and everything under it.</summary>
    public Task<IReadOnlyList<(string Code, string Name, int Depth)>> JurisdictionsAsync(Caller caller, CancellationToken ct = default) =>
        jurisdictions.ListAsync(caller.Scope, ct);
}
