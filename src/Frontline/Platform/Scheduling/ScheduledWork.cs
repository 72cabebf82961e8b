namespace Frontline.Platform.Scheduling;

/// <summary>
/// Recurring work a module hands to the scheduler: a zone's nightly release evaluation, the transfer deadline sweep,
/// the escalation ladder. The module says what and how often; Platform's scheduler decides where and makes sure that
/// several servers sharing one database run each occurrence once. The work itself must be idempotent: a run that
/// died half-way is run again.
/// </summary>
public interface IScheduledWork
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>When a piece of scheduled work runs: every interval, or once a day at a time on Beijing's clock.</summary>
public sealed record WorkSchedule
{
    public TimeSpan? Every { get; private init; }
    public TimeOnly? DailyAtChinaTime { get; private init; }

    public static WorkSchedule Interval(TimeSpan every) =>
        every > TimeSpan.Zero ? new() { Every = every } : throw new ArgumentOutOfRangeException(nameof(every), "an interval must be positive");

    public static WorkSchedule Daily(TimeOnly atChinaTime) => new() { DailyAtChinaTime = atChinaTime };

    public override string ToString() => Every is { } every ? $"every {every}" : $"daily at {DailyAtChinaTime:HH\\:mm} China time";
}

/// <summary>A registered piece of work: its stable name (the scheduler's key, kept across restarts), its type and schedule.</summary>
public sealed record ScheduledWorkDefinition(string Name, Type WorkType, WorkSchedule Schedule);

public static class ScheduledWorkRegistration
{
    /// <summary>
    /// Registers recurring work. The work is resolved in a scope of its own for each run. The name must stay the same
    /// across releases: the persistent store keys the job's state and history by it.
    /// </summary>
    public static IServiceCollection AddScheduledWork<TWork>(this IServiceCollection services, string name, WorkSchedule schedule)
        where TWork : class, IScheduledWork
    {
        services.AddScoped<TWork>();
        services.AddSingleton(new ScheduledWorkDefinition(name, typeof(TWork), schedule));
        return services;
    }
}
