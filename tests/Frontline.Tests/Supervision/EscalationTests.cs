using System.Globalization;
using Frontline.Platform;
using Frontline.Supervision;
using Frontline.Tests.Support;

namespace Frontline.Tests.Supervision;

public class EscalationTests
{
    static readonly DateTime Created = new(2022, 3, 14, 8, 0, 0, DateTimeKind.Utc);
    static readonly DateTime Due = Created.AddHours(2);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(8, 3)]
    [InlineData(100, 3)]
    public void An_open_task_climbs_the_ladder_as_time_passes(double hoursAfterCreation, int level) =>
        Assert.Equal(level, Escalation.Level(Created, Due, Created.AddHours(hoursAfterCreation)));

    [Theory]
    [InlineData(1.5, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    public void A_closed_task_keeps_the_level_it_had_when_it_closed(double closedAfterHours, int level)
    {
        var doneAt = Created.AddHours(closedAfterHours);
        foreach (var later in new[] { 0, 1, 10, 1000 })
            Assert.Equal(level, Escalation.Level(Created, Due, doneAt.AddHours(later), doneAt));
        Assert.Equal("done", Escalation.Status(Due, doneAt.AddHours(1000), doneAt));
    }

    [Theory]
    [InlineData("due-in-past")]
    [InlineData("already-closed")]
    [InlineData("kind-raised-by-module")]
    public void The_new_codes_have_words_in_chinese_and_english(string code)
    {
        TestVocabulary.EnsureRegistered();
        var zh = ErrorCatalog.Message(code, new CultureInfo("zh-CN"), "manual");
        var en = ErrorCatalog.Message(code, new CultureInfo("en"), "manual");
        Assert.NotEqual(code, zh);
        Assert.NotEqual(code, en);
        Assert.NotEqual(zh, en);
        Assert.Contains(zh, c => c >= '\u4e00' && c <= '\u9fff');
    }

    [Fact]
    public void A_missing_task_is_named_in_the_callers_words()
    {
        TestVocabulary.EnsureRegistered();
        Assert.Equal("找不到该督办任务", ErrorCatalog.Message("not-found", new CultureInfo("zh-CN"), "task"));
    }
}

public class EscalationStepTests
{
    static readonly DateTime Created = new(2022, 3, 14, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.25)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Each_step_is_stamped_at_the_first_moment_the_rule_gives_its_level(double givenHours)
    {
        var due = Created.AddHours(givenHours);
        for (var level = 1; level <= Escalation.Top; level++)
        {
            var at = Escalation.ReachedAt(Created, due, level);
            Assert.Equal(level, Escalation.Level(Created, due, at));
            Assert.Equal(level - 1, Escalation.Level(Created, due, at.AddTicks(-1)));
        }
        Assert.Equal(due, Escalation.NextAt(Created, due, 0));
        Assert.Equal(Escalation.ReachedAt(Created, due, 3), Escalation.NextAt(Created, due, 2));
        Assert.Null(Escalation.NextAt(Created, due, 3));
    }

    [Theory]
    [InlineData("440306005002", new[] { "440306005002", "440306005000", "440306000000" })]
    [InlineData("440306005000", new[] { "440306005000", "440306000000" })]
    [InlineData("440306000000", new[] { "440306000000" })]
    public void A_task_goes_up_to_its_own_commands_only(string code, string[] chain) => Assert.Equal(chain, TaskTeams.CommandsOver(code));

    [Theory]
    [InlineData("440306005002", TaskInboxes.Community)]
    [InlineData("440306005000", TaskInboxes.Street)]
    [InlineData("440306000000", TaskInboxes.District)]
    public void A_persons_jurisdiction_names_the_inbox_they_command(string code, string inbox) => Assert.Equal(inbox, TaskInboxes.For(new JurisdictionScope(code)));

    [Theory]
    [InlineData("task-accepted-by-other")]
    [InlineData("invalid-team")]
    [InlineData("same-team")]
    public void The_action_codes_have_words_in_chinese_and_english(string code)
    {
        TestVocabulary.EnsureRegistered();
        var zh = ErrorCatalog.Message(code, new CultureInfo("zh-CN"), "x");
        var en = ErrorCatalog.Message(code, new CultureInfo("en"), "x");
        Assert.NotEqual(code, zh);
        Assert.NotEqual(zh, en);
    }
}
