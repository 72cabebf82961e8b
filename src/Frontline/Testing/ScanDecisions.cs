using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>One scan of a batch as the ingest works on it: the event, what the cached round and site say, and its answer.</summary>
sealed class ScanItem(int index, SampleEvent e)
{
    public readonly int Index = index;
    public readonly SampleEvent Event = e;
    public string? Error;
    public object[] Args = [];
    public TestingRound Round = null!;
    public SamplingSite Site = null!;
    public DateTime CollectedAt;
    public string TubeCode = "";
    public string? DocNumber;
    /// <summary>A registered person's id; a negative one for a stranger to be registered if the scan is stored.</summary>
    public long? PersonId;
    public bool Duplicate;

    public void Refuse(string code, params object[] args)
    {
        Error = code;
        Args = args;
    }

    static readonly SampleEvent Unreadable = new(null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>An item the body could not read (null, not an object, a field of the wrong type): refused on its own.</summary>
    public static ScanItem Invalid(int index)
    {
        var item = new ScanItem(index, Unreadable);
        item.Refuse("invalid-item");
        return item;
    }
}

/// <summary>A tube as the batch sees it under its lock; <see cref="Community"/> is whose jurisdiction may be told its count.</summary>
sealed record TubeState(long Id, long RoundId, int PoolSize, int Count, Outcome Outcome, string Community = "");
/// <summary>A scan to store; <see cref="Building"/> is where the person lives now, which the sample keeps (see <see cref="Sample.BuildingId"/>).</summary>
sealed record Planned(ScanItem Item, string TubeCode, long? Order, string Community, string Collector, bool Infant, long Building = 0);
sealed record NewTube(string Code, long RoundId, SamplingSite Site, int PoolSize, DateTime FirstScanAt);
sealed record PersonFacts(string Community, DateOnly? BirthDate, long? BuildingId = null);
/// <summary>
/// A person's open individual order: a re-test (no day: due until taken) or a scheduled test of one China day, and the
/// community whose list it is on.
/// </summary>
sealed record OpenOrder(long Id, DateOnly? Day, string? Community = null);

/// <summary>What the database holds for one batch's scans, read before the decisions (tubes under their lock).</summary>
sealed record ScanFacts(
    IReadOnlyDictionary<long, PersonFacts> Persons,
    IReadOnlySet<(long Round, long Person)> Sampled,
    IReadOnlyDictionary<long, IReadOnlyList<OpenOrder>> OpenOrders,
    IReadOnlyDictionary<string, TubeState> Tubes)
{
    /// <summary>Active zones' levels: a tube first scanned with a person of a zone takes the zone level's pool size.</summary>
    public ZoneLevelMap Zones { get; init; } = ZoneLevelMap.Empty;
}

/// <summary>
/// The decisions for a batch: the scans to store (with the tube each goes into), the tubes first scanned here, and the
/// tubes' counts after the batch; the refusals are on the items.
/// </summary>
sealed record ScanPlan(
    List<Planned> Planned,
    Dictionary<string, NewTube> NewTubes,
    Dictionary<string, TubeState> Tubes);

/// <summary>
/// The rules of a scan batch as a pure function of (the batch, what the database holds): a round samples the people of
/// its scope (a stranger is registered at the site, inside it); a person is sampled once a round unless due an individual
/// individual test (a re-test, or a scheduled test on its day), which needs a single tube; a tube never takes more than its pool size, never spans two rounds and takes nothing
/// after its result; the same event twice in a batch is one scan.
/// </summary>
static class ScanDecisions
{
    public static ScanPlan Decide(IReadOnlyList<ScanItem> live, ScanFacts facts, PolicySet policy, string callerName)
    {
        var tubes = new Dictionary<string, TubeState>(facts.Tubes, StringComparer.Ordinal);
        var sampled = new HashSet<(long, long)>(facts.Sampled);
        var openOrders = facts.OpenOrders.ToDictionary(o => o.Key, o => o.Value.ToList());
        var planned = new List<Planned>(live.Count);
        var newTubes = new Dictionary<string, NewTube>(StringComparer.Ordinal);
        var seenEvents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in live)
        {
            var e = item.Event;
            if (!seenEvents.Add(e.EventId!)) { item.Duplicate = true; continue; }
            var personId = item.PersonId!.Value;
            var person = facts.Persons[personId];
            var open = openOrders.GetValueOrDefault(personId);
            var taken = open is null ? null : OrderFor(open, DateOnly.FromDateTime(item.CollectedAt.ToChina().DateTime));
            // A guest of a quarantine hotel lives elsewhere: the round of the hotel's community samples them for the test ordered there.
            if (!item.Round.Covers(person.Community) && !(taken?.Community is { } ordered && item.Round.Covers(ordered)))
            {
                item.Refuse("person-outside-round");
                continue;
            }
            var order = taken?.Id;
            if (order is null && sampled.Contains((item.Round.Id, personId)))
            {
                item.Refuse("already-sampled");
                continue;
            }

            var code = item.TubeCode;
            if (!tubes.TryGetValue(code, out var tube))
            {
                var roundDefault = TestingRules.PoolSizeForZone(policy, facts.Zones.LevelOf(person.BuildingId, person.Community), item.Round.PoolSize);
                var pool = TestingRules.PoolSizeForNewTube(e.PoolSize, order is not null, roundDefault);
                if (order is not null && pool != 1) { item.Refuse("retest-needs-single-tube"); continue; }
                tube = new TubeState(0, item.Round.Id, pool, 0, Outcome.Pending, item.Site.CommunityCode);
                newTubes[code] = new NewTube(code, item.Round.Id, item.Site, pool, item.CollectedAt);
            }
            if (TestingRules.CheckTube(tube.RoundId, tube.Count, tube.PoolSize, tube.Outcome, item.Round.Id) is { } tubeError)
            {
                item.Refuse(tubeError);
                continue;
            }
            if (order is not null && tube.PoolSize != 1) { item.Refuse("retest-needs-single-tube"); continue; }
            tubes[code] = tube with { Count = tube.Count + 1 };
            if (taken is not null) open!.Remove(taken);
            else sampled.Add((item.Round.Id, personId));
            planned.Add(new Planned(item, code, order, person.Community,
                string.IsNullOrWhiteSpace(e.Collector) ? callerName : e.Collector.Trim(),
                TestingRules.IsInfant(person.BirthDate, item.Round, policy), person.BuildingId ?? 0));
        }
        return new ScanPlan(planned, newTubes, tubes);
    }

    /// <summary>
    /// The order a scan of the person on a China day takes: a re-test first (the oldest: a positive pool or an invalid tube
    /// is waiting for it), else the scheduled test of that very day, else the oldest one overdue from an earlier day (补采: a late
    /// swab makes it good, sampled late). A scheduled test of a later day waits for its day.
    /// </summary>
    public static OpenOrder? OrderFor(IReadOnlyList<OpenOrder> open, DateOnly scanDay) =>
        open.Where(o => o.Day is null).MinBy(o => o.Id)
        ?? open.Where(o => o.Day == scanDay).MinBy(o => o.Id)
        ?? open.Where(o => o.Day < scanDay).MinBy(o => o.Day);
}
