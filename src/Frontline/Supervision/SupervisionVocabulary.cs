using Frontline.Platform;

namespace Frontline.Supervision;

public static class SupervisionPermissions
{
    public const string Read = "tasks.read";
    /// <summary>Raise a supervised task by hand and close one with a note.</summary>
    public const string Manage = "tasks.manage";
}

public static class SupervisionAuditActions
{
    public const string TaskCreate = "task.create";
    public const string TaskClose = "task.close";
}

/// <summary>Supervision's words (督办).</summary>
static class SupervisionVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Supervision",
        Errors = new Dictionary<string, Words>
        {
            ["due-in-past"] = new("办结时限不能早于当前时间", "The due time must not be in the past"),
            ["already-closed"] = new("该督办任务已办结，请刷新列表", "This task is already closed; reload the list"),
            ["kind-raised-by-module"] = new("“{0}”类督办由业务系统自动发起和办结，不能手工发起", "Tasks of kind {0} are raised and closed by their module, not by hand"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["task"] = new("该督办任务", "Supervised task"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [SupervisionAuditActions.TaskCreate] = new("发起督办", "Supervised task raised"),
            [SupervisionAuditActions.TaskClose] = new("督办办结", "Supervised task closed"),
        },
    };
}
