using System.Globalization;
using Quartz;

namespace Frontline.Platform.Scheduling;

/// <summary>
/// How a <see cref="WorkSchedule"/> becomes a Quartz trigger. Pure: the same definition always makes the same trigger,
/// which is what lets a start compare the stored trigger with the wanted one and leave an unchanged one alone.
/// </summary>
public static class ScheduledWorkTriggers
{
    public const string Group = "frontline";

    /// <summary>
    /// Beijing has kept UTC+8 without daylight saving since 1991, so a time on its clock is a fixed UTC time: the cron
    /// expression is written in UTC rather than in a zone named "Asia/Shanghai", which the store would have to find
    /// again in the machine's tzdata on every load (a container without tzdata would refuse the trigger).
    /// </summary>
    public static string DailyCronUtc(TimeOnly chinaTime)
    {
        var utc = chinaTime.Add(-ChinaTime.Offset);
        return string.Create(CultureInfo.InvariantCulture, $"0 {utc.Minute} {utc.Hour} ? * *");
    }

    public static JobKey JobKeyOf(string workName) => new(workName, Group);

    public static TriggerKey TriggerKeyOf(string workName) => new(workName, Group);

    public static IJobDetail Job(ScheduledWorkDefinition work) =>
        JobBuilder.Create<ScheduledWorkJob>()
            .WithIdentity(JobKeyOf(work.Name))
            .WithDescription(work.Schedule.ToString())
            .StoreDurably(true)
            // A node that dies mid-run leaves the run to another node (clustered) or to its own next start.
            .RequestRecovery(true)
            .Build();

    /// <summary>
    /// A missed occurrence (every node down at the time) runs once when a node is back, then the schedule resumes: never
    /// a burst of the runs missed, since each run looks at the state of now anyway.
    /// </summary>
    public static ITrigger Trigger(ScheduledWorkDefinition work, TimeProvider clock)
    {
        var builder = TriggerBuilder.Create(clock)
            .WithIdentity(TriggerKeyOf(work.Name))
            .ForJob(JobKeyOf(work.Name))
            .WithDescription(work.Schedule.ToString());
        if (work.Schedule.Every is { } every)
            return builder.StartAt(clock.GetUtcNow() + every)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(every).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount))
                .Build();
        var daily = work.Schedule.DailyAtChinaTime ?? throw new InvalidOperationException($"{work.Name}: a schedule is an interval or a daily time");
        return builder.StartNow()
            .WithSchedule(CronScheduleBuilder.Create(DailyCronUtc(daily)).InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
    }

    /// <summary>Whether a stored trigger already says what the definition says: then it is kept, with its next fire time.</summary>
    public static bool SameSchedule(ITrigger stored, ScheduledWorkDefinition work) => (stored, work.Schedule) switch
    {
        (ISimpleTrigger simple, { Every: { } every }) => simple.RepeatInterval == every
            && simple.MisfireInstruction == SimpleTriggerMisfireInstruction.NowWithRemainingCount,
        (ICronTrigger cron, { DailyAtChinaTime: { } daily }) => cron.CronExpressionString == DailyCronUtc(daily)
            && cron.TimeZone.BaseUtcOffset == TimeSpan.Zero && cron.MisfireInstruction == CronTriggerMisfireInstruction.FireAndProceed,
        _ => false,
    };
}
