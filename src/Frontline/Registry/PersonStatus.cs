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

    /// <summary>
    /// How strong a control is: a case outranks quarantine, quarantine outranks temporary control (a positive
    /// pool's), and any control outranks none. A control nobody ranked is a programming error, not a weaker one.
    /// </summary>
    public static int ControlRank(string control) => control switch
    {
        "none" => 0,
        "temporary" => 1,
        "quarantine" => 2,
        "case" => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(control), control, "not a known control"),
    };

    /// <summary>
    /// What the sources say together, whatever order they were registered in: the strongest control; the earliest
    /// re-test due (the one to act on); and a latest sample, latest result and zone from whichever source gives
    /// one (only one module knows each of those).
    /// </summary>
    public static PersonStatus Merge(IEnumerable<PersonStatus> parts)
    {
        var merged = None;
        foreach (var p in parts)
            merged = new PersonStatus(
                merged.LatestSample ?? p.LatestSample,
                merged.LatestResult ?? p.LatestResult,
                ControlRank(p.Control) > ControlRank(merged.Control) ? p.Control : merged.Control,
                merged.Zone ?? p.Zone,
                merged.RetestDue is { } a && p.RetestDue is { } b ? (a <= b ? a : b) : merged.RetestDue ?? p.RetestDue);
        return merged;
    }
}

/// <summary>
/// A module above the registry that knows something of a person's status (testing: samples, results,
/// re-test orders; investigation: cases; containment: stays and zones) registers one of these and says what it
/// knows alone. The registry merges the answers (<see cref="PersonStatus.Merge"/>), so it never reads the tables
/// of the modules above it, and no source needs to know what the others said or in which order they run.
/// </summary>
public interface IPersonStatusSource
{
    Task<PersonStatus> ReadAsync(long personId, CancellationToken ct);
}
