using Frontline.Platform;
using Frontline.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Frontline.Tests.Supervision;

/// <summary>Moves tasks into the past as the clock would (every time of the task and of its history, the next step's too), and runs the ladder.</summary>
public static class TaskTimes
{
    public static async Task ShiftAsync(IServiceProvider services, double hours, params long[] ids)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        foreach (var task in await db.Set<SupervisedTask>().Where(t => ids.Contains(t.Id)).ToListAsync())
        {
            task.CreatedAt = task.CreatedAt.AddHours(-hours);
            task.DueBy = task.DueBy.AddHours(-hours);
            task.DoneAt = task.DoneAt?.AddHours(-hours);
            task.NextEscalationAt = task.NextEscalationAt?.AddHours(-hours);
        }
        foreach (var line in await db.Set<SupervisedTaskEvent>().Where(e => ids.Contains(e.TaskId)).ToListAsync())
        {
            line.At = line.At.AddHours(-hours);
            line.RecordedAt = line.RecordedAt.AddHours(-hours);
        }
        await db.SaveChangesAsync();
    }

    public static EscalationLadder Ladder(IServiceProvider services) =>
        new(services.GetRequiredService<IDbContextFactory<FrontlineDb>>(), TimeProvider.System, NullLogger<EscalationLadder>.Instance);

    public static Task<int> LadderAsync(IServiceProvider services) => Ladder(services).ClimbDueAsync(DateTime.UtcNow);

    public static async Task<List<SupervisedTaskEvent>> StepsAsync(IServiceProvider services, params long[] ids)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Set<SupervisedTaskEvent>().AsNoTracking().Where(e => ids.Contains(e.TaskId) && e.Kind == TaskEventKinds.Escalated)
            .OrderBy(e => e.TaskId).ThenBy(e => e.Level).ToListAsync();
    }
}
