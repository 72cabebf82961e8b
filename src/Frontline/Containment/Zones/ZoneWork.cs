using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Containment.Zones;

/// <summary>A new case (reported by hand or made by a positive re-test): a proposal when their building is not sealed, and the zones around them re-evaluated.</summary>
public sealed class ZoneCaseCreatedHandler : IDomainEventHandler
{
    public string EventType => ContactEvents.CaseCreated;

    public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<Zones>().ProposeForCaseAsync(Outbox.Read<CaseCreatedEvent>(e).PersonId, ct);
}

/// <summary>A zone designated or released changes whether the precaution / low level may lift.</summary>
public sealed class ZoneChangedHandler : IDomainEventHandler
{
    public string EventType => ZoneEvents.Changed;

    public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        services.GetRequiredService<ZoneLevels>().Invalidate();
        await services.GetRequiredService<Zones>().EvaluateLiftingLevelsAsync(ct);
    }
}

/// <summary>
/// The nightly release evaluation: every active zone with the day's facts (rounds finished and results in since the last
/// change). Idempotent: a run that stopped half-way is run again and stores the same dates.
/// </summary>
public sealed class ZoneReleaseEvaluation(Zones zones, ILogger<ZoneReleaseEvaluation> log) : IScheduledWork
{
    public const string Name = "containment.zone-release";

    public async Task RunAsync(CancellationToken ct)
    {
        var count = await zones.EvaluateAllAsync(ct);
        log.LogInformation("Zone release evaluation: {Count} active zones evaluated", count);
    }
}
