using Frontline.Platform;
using System.ComponentModel;
namespace Frontline.Registry;

public sealed record ZoneRef(string Id, string Level);

/// <summary>GET /api/persons/{id}/status: what the testing, investigation and containment modules know of a person.</summary>
public sealed record PersonStatus(
    [Description("The latest sample: id, roundId, tubeCode, collectedAt; null when never sampled.")] object? LatestSample,
    [Description("The latest result: tubeCode, outcome, reportedAt, ctOrf1ab, ctN; null when none yet.")] object? LatestResult,
    [OneOf("none", "temporary", "quarantine", "case")] string Control, ZoneRef? Zone, DateTimeOffset? RetestDue,
    [Description("The name of a round open now in the person's community that expects them and has no sample of them yet; null otherwise.")]
    string? UntestedRound = null)
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
                merged.RetestDue is { } a && p.RetestDue is { } b ? (a <= b ? a : b) : merged.RetestDue ?? p.RetestDue,
                merged.UntestedRound ?? p.UntestedRound);
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
    /// <summary>
    /// What the source knows of these persons (one for the person page, a building for the household walk): a few queries for the whole set, never one
    /// per person. Persons the source knows nothing of may be left out of the answer.
    /// </summary>
    Task<IReadOnlyDictionary<long, PersonStatus>> ReadManyAsync(IReadOnlyCollection<long> personIds, CancellationToken ct);
}

/// <summary>Every registered source asked and merged: one person (the person page, the API) or a building's residents (the walk).</summary>
public sealed class PersonStatuses(IEnumerable<IPersonStatusSource> sources)
{
    public async Task<PersonStatus> OfAsync(long personId, CancellationToken ct = default) => (await OfManyAsync([personId], ct))[personId];

    public async Task<IReadOnlyDictionary<long, PersonStatus>> OfManyAsync(IReadOnlyCollection<long> personIds, CancellationToken ct = default)
    {
        if (personIds.Count == 0) return new Dictionary<long, PersonStatus>();
        var answers = new List<IReadOnlyDictionary<long, PersonStatus>>();
        foreach (var source in sources) answers.Add(await source.ReadManyAsync(personIds, ct));
        return personIds.Distinct().ToDictionary(id => id,
            id => PersonStatus.Merge(answers.Select(a => a.TryGetValue(id, out var s) ? s : PersonStatus.None)));
    }
}
