using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Testing;

namespace Frontline.Containment.Zones;

/// <summary>A new case (reported by hand or made by a positive re-test): a proposal when their building is not sealed, and the zones around them re-evaluated.</summary>
public sealed class ZoneCaseCreatedHandler : IDomainEventHandler
{
    public string EventType => ContactEvents.CaseCreated;

    public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<Zones>().ProposeForCaseAsync(Outbox.Read<CaseCreatedEvent>(e).PersonId, ct);
}

/// <summary>
/// A batch of results landed: the active zones over the buildings and communities it touched are re-evaluated now, so a
/// zone's countdown starts when its all-negative round is in, not at night. At-least-once safe: evaluating again with the
/// same facts stores the same row and adds no history line.
/// </summary>
public sealed class ZoneResultsAppliedHandler : IDomainEventHandler
{
    public string EventType => TestingEvents.ResultsApplied;

    public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct)
    {
        var applied = Outbox.Read<ResultsAppliedEvent>(e);
        await services.GetRequiredService<Zones>().EvaluateTouchingAsync(
            applied.Rounds.SelectMany(r => r.Communities).Distinct().ToList(), applied.Rounds.SelectMany(r => r.Buildings).Distinct().ToList(), ct);
    }
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
