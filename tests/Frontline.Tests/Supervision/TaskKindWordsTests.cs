using Frontline.Supervision;

namespace Frontline.Tests.Supervision;

public sealed class TaskKindWordsTests
{
    /// <summary>A kind a module adds shows in the inbox by its name, not its code.</summary>
    [Fact]
    public void Every_task_kind_has_its_words()
    {
        var missing = TaskKinds.ByHand.Concat(TaskKinds.ByModules).Where(k => !TaskKindWords.Has(k)).ToList();
        Assert.Empty(missing);
    }
}
