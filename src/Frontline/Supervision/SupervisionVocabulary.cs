using Frontline.Platform;

namespace Frontline.Supervision;

public static class SupervisionPermissions
{
    public const string Read = "tasks.read";
}

/// <summary>Supervision's words (督办).</summary>
static class SupervisionVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Supervision",
        Terms = new Dictionary<string, Words>
        {
            ["task"] = new("该督办任务", "Supervised task"),
        },
    };
}
