using Frontline.Platform;
using System.ComponentModel;
namespace Frontline.Registry;

public sealed record ZoneRef(string Id, string Level);

/// <summary>GET /api/persons/{id}/status: what the testing, investigation and containment modules know of a person.</summary>
public sealed record PersonStatus(
    [Description("The latest sample: id, roundId, tubeCode, collectedAt; null when never sampled.")] object? LatestSample,
    [Description("The latest result: tubeCode, outcome, reportedAt, ctOrf1ab, ctN; null when none yet.")] object? LatestResult,
    [OneOf("none", "temporary", "quarantine", "case")] string Control, ZoneRef? Zone, DateTimeOffset? RetestDue)
{
    public static readonly PersonStatus None = new(null, null, "none", null, null);
}

/// <summary>
/// A module above the registry that knows something of a person's status (testing: samples, results,
/// re-test orders; investigation: cases; containment: stays and zones) registers one of these. The
/// registry merges them, so it never reads the tables of the modules above it.
/// </summary>
public interface IPersonStatusSource
{
    Task<PersonStatus> ApplyAsync(long personId, PersonStatus status, CancellationToken ct);
}
