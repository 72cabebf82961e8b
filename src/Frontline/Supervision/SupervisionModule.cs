using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Supervision;

/// <summary>Supervision (floor 2): supervised tasks (督办), their inboxes, actions and history, and the escalation job.</summary>
public static class SupervisionModule
{
    public static IServiceCollection AddSupervision(this IServiceCollection services) => services
        .AddVocabulary(SupervisionVocabulary.Words)
        .AddScoped<SupervisedTasks>()
        .AddScoped<IDemoActivity, Demo.TasksDemo>()
        .AddScheduledWork<EscalationLadder>(EscalationLadder.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(1)));

    public static void MapSupervisionEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tasks", ListTasks).RequirePermission(SupervisionPermissions.Read)
            .WithSummary("Supervised tasks (督办) of the caller's jurisdiction, paged, most urgent first, with their recorded escalation level")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["status"] = "overdue", ["jurisdiction"] = "440306005000", ["inbox"] = "street" } });
        api.MapGet("/tasks/{id:long}", GetTask).RequirePermission(SupervisionPermissions.Read)
            .WithSummary("A task with its timeline: raised, accepted, comments, hand-overs, escalation steps, closed")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/tasks", CreateTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Raises a task by hand (kinds manual and rectification), optionally for an owner team; audited")
            .Answers(400, "missing-field", "field-too-long", "invalid-kind", "kind-raised-by-module", "due-in-past", "unknown-jurisdiction", "out-of-scope", "invalid-team")
            .Example(now => new ApiExample
            {
                Body = new TaskInput("清运红星社区3栋生活垃圾", TaskKinds.Manual, "440306005002", new DateTimeOffset(now.Date.AddDays(2).AddHours(18), now.Offset)),
            });
        api.MapPost("/tasks/{id:long}/accept", AcceptTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Accepts a task (接办): it becomes the caller's; again by its owner changes nothing; audited")
            .Answers(409, "already-closed", "task-accepted-by-other")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/tasks/{id:long}/comments", CommentTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Adds a comment to an open task's timeline; audited")
            .Answers(400, "missing-field", "field-too-long").Answers(409, "already-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new TaskCommentInput("已联系3栋楼长，今晚20时前清运") });
        api.MapPost("/tasks/{id:long}/hand-over", HandOverTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Hands a task to another team (a task force, or a command over its jurisdiction) with a reason; its owner is cleared; audited")
            .Answers(400, "missing-field", "field-too-long", "invalid-team", "same-team").Answers(409, "already-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new TaskHandOverInput("transfer", "需转运专班派车") });
        api.MapPost("/tasks/{id:long}/close", CloseTask).RequirePermission(SupervisionPermissions.Manage)
            .WithSummary("Closes a task by hand with a note; audited")
            .Answers(400, "missing-field", "field-too-long").Answers(409, "already-closed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new TaskCloseInput("已清运完毕，现场拍照留存") });
    }

    static async Task<Ok<Paged<TaskView>>> ListTasks([OneOf("open", "overdue", "active", "done")] string? status, string? jurisdiction,
        string? kind, [OneOf(0, 1, 2, 3)] int? level, bool? mine, [OneOf(TaskInboxes.Community, TaskInboxes.Street, TaskInboxes.District)] string? inbox,
        int? page, int? pageSize, HttpContext http, SupervisedTasks tasks) =>
        TypedResults.Ok(await tasks.ListAsync(Caller.From(http), new TaskQuery(status, jurisdiction, kind, level, mine == true, inbox),
            PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<TaskDetail>> GetTask(long id, HttpContext http, SupervisedTasks tasks) =>
        TypedResults.Ok(await tasks.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Created<TaskCreated>> CreateTask(TaskInput input, HttpContext http, SupervisedTasks tasks)
    {
        var id = await tasks.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/tasks/{id}", new TaskCreated(id.ToString()));
    }

    static async Task<NoContent> AcceptTask(long id, HttpContext http, SupervisedTasks tasks)
    {
        await tasks.AcceptAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CommentTask(long id, TaskCommentInput input, HttpContext http, SupervisedTasks tasks)
    {
        await tasks.CommentAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> HandOverTask(long id, TaskHandOverInput input, HttpContext http, SupervisedTasks tasks)
    {
        await tasks.HandOverAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CloseTask(long id, TaskCloseInput input, HttpContext http, SupervisedTasks tasks)
    {
        await tasks.CloseAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
