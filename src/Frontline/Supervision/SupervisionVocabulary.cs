using Frontline.Platform;

namespace Frontline.Supervision;

public static class SupervisionPermissions
{
    public const string Read = "tasks.read";
    /// <summary>Raise a supervised task by hand, accept, comment, hand over and close one with a note.</summary>
    public const string Manage = "tasks.manage";
}

public static class SupervisionAuditActions
{
    public const string TaskCreate = "task.create";
    public const string TaskClose = "task.close";
    public const string TaskAccept = "task.accept";
    public const string TaskComment = "task.comment";
    public const string TaskHandOver = "task.hand-over";
}

/// <summary>
/// Who can own a task's work: the command of a jurisdiction (its code), or a task force (专班) of this list — data, not
/// code: a district adds its own here.
/// </summary>
public static class TaskTeams
{
    public static readonly IReadOnlyDictionary<string, Words> TaskForces = new Dictionary<string, Words>
    {
        ["transfer"] = new("转运专班", "Transfer task force"),
        ["testing"] = new("核酸检测专班", "Testing task force"),
        ["investigation"] = new("流调溯源专班", "Investigation task force"),
        ["hotel"] = new("隔离酒店专班", "Quarantine hotel task force"),
        ["community"] = new("社区防控专班", "Community task force"),
        ["supplies"] = new("物资保障专班", "Supplies task force"),
    };

    /// <summary>The commands over a jurisdiction, its own first: community, street, district.</summary>
    public static IReadOnlyList<string> CommandsOver(string code)
    {
        var chain = new List<string> { code };
        if (code.Length != 12) return chain;
        if (!code.EndsWith("000", StringComparison.Ordinal)) chain.Add(code[..9] + "000");
        if (!code.EndsWith("000000", StringComparison.Ordinal)) chain.Add(code[..6] + "000000");
        return chain;
    }

    public static string CommandLabel(string code, string name) =>
        code.EndsWith("000", StringComparison.Ordinal) ? Ui.T($"{name}指挥部", $"{name} command") : name;

    /// <summary>The level's command: 1 the community's own leader, 2 the street command, 3 the district command.</summary>
    public static string LevelLabel(int level) => level switch
    {
        0 => Ui.T("按时", "On time"),
        1 => Ui.T("一级·社区", "L1 · community"),
        2 => Ui.T("二级·街道", "L2 · street"),
        _ => Ui.T("三级·区指挥部", "L3 · district"),
    };
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
            ["task-accepted-by-other"] = new("该督办已由 {0} 接办；如需改由他人办理，请先转办", "{0} has already accepted this task; hand it over first"),
            ["invalid-team"] = new("“{0}”不是可转办的专班或上级指挥部", "{0} is not a task force or a command over the task's jurisdiction"),
            ["same-team"] = new("该督办已由此责任单位办理", "The task is already with this team"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:dueBy"] = new("办结时限", "Due by"),
            ["field:inbox"] = new("收件箱", "Inbox"),
            ["field:team"] = new("小组", "Team"),
            ["task"] = new("该督办任务", "Supervised task"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [SupervisionAuditActions.TaskCreate] = new("发起督办", "Supervised task raised"),
            [SupervisionAuditActions.TaskClose] = new("督办办结", "Supervised task closed"),
            [SupervisionAuditActions.TaskAccept] = new("督办接办", "Supervised task accepted"),
            [SupervisionAuditActions.TaskComment] = new("督办进展说明", "Supervised task comment"),
            [SupervisionAuditActions.TaskHandOver] = new("督办转办", "Supervised task handed over"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/tasks", new("督办任务", "Supervised tasks"), SupervisionPermissions.Read, 600),
        ],
    };
}

/// <summary>The kinds' words on the pages; a kind a module added later without words shows as its code.</summary>
public static class TaskKindWords
{
    static readonly Dictionary<string, Words> Words = new()
    {
        [TaskKinds.Manual] = new("一般督办", "General"),
        [TaskKinds.Rectification] = new("整改督办", "Rectification"),
        [TaskKinds.PositivePool] = new("阳性混管复核", "Positive pool"),
        [TaskKinds.InvalidTube] = new("无效管重采", "Invalid tube"),
        [TaskKinds.Transfer] = new("转运超时", "Late transfer"),
        [TaskKinds.FacilityCapacity] = new("隔离场所满员", "Facility full"),
        [TaskKinds.SelfReport] = new("居家自报异常", "Self-report"),
        [TaskKinds.ResidentRequest] = new("民生诉求超时", "Late resident request"),
        [TaskKinds.StayTest] = new("隔离人员逾期未采", "Stay test overdue"),
    };

    public static bool Has(string kind) => Words.ContainsKey(kind);

    public static string Label(string kind) => Words.TryGetValue(kind, out var w) ? w.In() : kind;
}
