using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>One scan. Every field is checked per item: an item that fails is answered in <c>rejected</c>, the batch goes on.</summary>
[RequiresOneOf("idNumber", "personId")]
public sealed record SampleEvent(
    [Required, Description("Unique per scan, at most 64 characters: a retry with the same id counts as a duplicate.")] string? EventId,
    [Required] string? RoundId, [Required] string? SiteCode, [Required] string? TubeCode,
    [OneOf(1, 5, 10, 20), Description("Optional: a tube takes it from its first scan, else from the round.")] int? PoolSize,
    string? IdNumber, string? PersonId,
    [Description("Default: when received; at most 10 minutes ahead of the server.")] DateTimeOffset? CollectedAt, string? Collector,
    [Description("With phone: registers an unknown person as a floating resident flagged for verification.")] string? Name, string? Phone);

/// <summary>What a tube held when the batch that reached it committed, and whose jurisdiction it is in.</summary>
public sealed record HeldTube(int Count, string Community);

/// <summary>A batch's answer, and what the tubes its scans reached held at its commit (for the collector's tally).</summary>
public sealed record SampleIngestOutcome(BatchAnswer Answer, IReadOnlyDictionary<string, HeldTube> Tubes);

/// <summary>
/// Takes a collector's batch of scans: every item is checked against its round, site, tube and person
/// and answered on its own; the good ones are written in one transaction with hand-written statements
/// (no change tracker), and nothing is acknowledged before that transaction commits. Retries are
/// counted as duplicates by event id, never stored twice. A stranger scanned with a name and a phone is
/// registered through Registry (<see cref="PersonRegistration"/>) in the same transaction, and only when
/// their scan is stored.
/// </summary>
public sealed class SampleIngest(
    IDbContextFactory<FrontlineDb> dbs, TestingDirectory directory, SqlDialect sql, PolicySets policies, PersonRegistration registration,
    TableGrowth growth, TimeProvider clock, ILogger<SampleIngest> log, IZoneLevels? zoneLevels = null)
{
    public const int MaxBatch = 1000;
    /// <summary>The collector's name as the phone sends it (the samples' column holds 64).</summary>
    public const int MaxCollector = 64;

    /// <summary>Takes a batch; a null item (one the body could not read) is refused on its own as <c>invalid-item</c>.</summary>
    public async Task<BatchAnswer> IngestAsync(Caller caller, IReadOnlyList<SampleEvent?> events, CancellationToken ct = default) =>
        (await IngestForCollectorAsync(caller, events, ct)).Answer;

    /// <summary>
    /// Takes a batch and tells, besides the answer, what each tube the batch's scans reached held when the batch committed
    /// (read under the tubes' lock anyway): the collector's tally needs no second read for them.
    /// </summary>
    public async Task<SampleIngestOutcome> IngestForCollectorAsync(Caller caller, IReadOnlyList<SampleEvent?> events, CancellationToken ct = default)
    {
        if (events.Count > MaxBatch) throw new DomainException("batch-too-large", field: "events", args: MaxBatch);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var items = new List<ScanItem>(events.Count);
        for (var i = 0; i < events.Count; i++)
            items.Add(events[i] is { } e ? await CheckAsync(new ScanItem(i, e), caller, now, today, ct) : ScanItem.Invalid(i));

        await using var db = await dbs.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var live = items.Where(i => i.Error is null).ToList();

        // Reads that do not decide alone run before the write gate, beside the writer (SQLite's WAL lets readers
        // run while one connection writes): what they miss in a race, the checks inside the gate and the unique
        // indexes catch. This keeps the single writer busy with writing. A retry is not looked for here: its events
        // are stored, so its person is sampled or its tube full, and the refusals are asked inside the gate whether
        // their events are stored (the few refusals, not every scan of every batch).
        var persons = await SampleStore.FindPersonsAsync(connection, null, sql, live, ct);
        var sampled = await SampleStore.AlreadySampledAsync(connection, null, sql,
            persons.Keys.ToList(), live.Select(i => i.Round.Id).Distinct().ToList(), ct);
        var openOrders = await SampleStore.OpenOrdersAsync(connection, null, sql, persons.Keys.ToList(), ct);
        var zones = zoneLevels is null ? ZoneLevelMap.Empty : await zoneLevels.CurrentAsync(ct);

        using var writer = await sql.EnterWriteGateAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var strangers = await PlanStrangersAsync(connection, tx, sql, live, persons, ct);
        var checkedInGate = live;
        live = live.Where(i => i.Error is null).ToList();
        // Orders are rare: the few seen before the gate are confirmed still open inside it.
        await SampleStore.KeepOpenOrdersAsync(connection, tx, sql, openOrders, ct);
        var lockedTubes = await SampleStore.TubesAsync(connection, tx, sql, live.Select(i => i.TubeCode).Distinct().ToList(), ct);

        // Decide every item against the batch's view of its tubes (locked: the write gate on SQLite, FOR UPDATE on
        // PostgreSQL). A tube first scanned in this batch is written once, after the decisions, with its count.
        var plan = ScanDecisions.Decide(live, new ScanFacts(persons, sampled, openOrders, lockedTubes) { Zones = zones }, policies.Active, caller.UserName);
        var (planned, newTubes, tubes) = (plan.Planned, plan.NewTubes, plan.Tubes);
        var tubeIds = await SampleStore.InsertNewTubesAsync(connection, tx, sql, newTubes, tubes, planned, ct);
        // A retry finds its person sampled, its tube full or its order taken (and so, say, its person outside the round):
        // whatever it was refused for after the pre-gate checks, it is a duplicate if its event is stored.
        await SampleStore.MarkStoredAsDuplicatesAsync(connection, tx, sql, checkedInGate.Where(i => i.Error is not null).ToList(), ct);
        // Only now, with what is to be stored decided, are strangers registered: a refused scan registers nobody.
        var registered = await RegisterStrangersAsync(caller, connection, tx, strangers, planned, ct);

        // The samples in bulk; the unique indexes have the last word (a retry racing on another node, the same
        // person at two sites at once): what they refuse is not stored and not counted.
        var stored = await sql.InsertNewAsync(connection, tx, SampleStore.SampleRows(tubeIds, now), planned, ct);
        // What a unique index refused is a duplicate if its event is stored (a retry on another node), else the person's
        // sample of the round is (the same person at two sites at once).
        var refusedByIndex = planned.Where(p => !stored.ContainsKey(p.Item.Event.EventId!)).Select(p => p.Item).ToList();
        await SampleStore.MarkDuplicatesAsync(connection, tx, sql, refusedByIndex, ct);
        foreach (var item in refusedByIndex.Where(i => !i.Duplicate)) item.Refuse("already-sampled");
        // A stranger registered above whose scan an index refused after all (its event id stored a moment ago by another
        // batch, for another person) is taken back: nobody stays registered by a scan that was not stored.
        if (registered.Count > 0 && refusedByIndex.Count > 0)
            await registration.WithdrawAsync(connection, tx, registered.Where(r => refusedByIndex.Any(i => i.PersonId == r.Id)), ct);
        var accepted = 0;
        var counts = new Dictionary<(long Round, string Community), (int Sampled, int Infants)>();
        var buildings = new RoundBuildingTally();
        var swabs = new Dictionary<string, int>();
        await using var takeOrder = Sql.Command(connection, tx,
            "UPDATE retest_orders SET sample_id = @sample, sampled_at = @at WHERE id = @id AND sample_id IS NULL", "@sample", "@at", "@id");
        foreach (var p in planned)
        {
            if (!stored.TryGetValue(p.Item.Event.EventId!, out var sampleId)) continue;
            swabs[p.TubeCode] = swabs.GetValueOrDefault(p.TubeCode) + 1;
            if (p.Order is { } order)
            {
                takeOrder.Set("@sample", sampleId);
                takeOrder.Set("@at", p.Item.CollectedAt);
                takeOrder.Set("@id", order);
                // The order was confirmed open inside the gate, and on PostgreSQL locked there (FOR UPDATE).
                if (await takeOrder.ExecuteNonQueryAsync(ct) == 0) throw new InvalidOperationException($"Re-test order {order} was taken under the gate");
                await RetestTasks.OrderTakenAsync(db, tx, order, now, ct);
            }
            else
            {
                var key = (p.Item.Round.Id, p.Community);
                var (n, infants) = counts.GetValueOrDefault(key);
                counts[key] = (n + 1, infants + (p.Infant ? 1 : 0));
                buildings.Sampled(p.Item.Round.Id, p.Building, 1);
            }
            accepted++;
        }
        // New tubes were written with the count planned for them; existing ones take what was stored. A refusal by a
        // unique index leaves a new tube short of its plan, and its count follows.
        await using var fillTube = Sql.Command(connection, tx,
            "UPDATE tubes SET count = count + @n WHERE id = @id AND count + @n <= pool_size AND outcome = 0", "@n", "@id");
        var held = new Dictionary<string, HeldTube>(tubes.Count, StringComparer.Ordinal);
        foreach (var (code, tubeId) in tubeIds)
        {
            var storedSwabs = swabs.GetValueOrDefault(code);
            var written = newTubes.ContainsKey(code);
            var n = written ? storedSwabs - tubes[code].Count : storedSwabs;
            // What the tube holds once this commits: a tube written here, what was stored into it; one that existed (locked
            // above, or taken over from another node), its count then plus what was stored.
            var before = lockedTubes.TryGetValue(code, out var locked) ? locked : tubes[code];
            held[code] = new HeldTube(written ? storedSwabs : before.Count + storedSwabs, before.Community);
            if (n == 0) continue;
            fillTube.Set("@n", n);
            fillTube.Set("@id", tubeId);
            // Cannot happen while the tube rows are locked; if it ever does, nothing of the batch is acknowledged.
            if (await fillTube.ExecuteNonQueryAsync(ct) == 0) throw new InvalidOperationException($"Tube {tubeId} changed under its lock");
        }
        foreach (var ((round, community), (n, infants)) in counts)
            await CoverageCounts.AddAsync(connection, tx, round, community, n, 0, 0, 0, ct, infantsSampled: infants);
        await buildings.WriteAsync(connection, tx, ct);
        await tx.CommitAsync(ct);
        growth.Wrote(TestingTables.Samples, accepted);
        growth.Wrote(TestingTables.Tubes, newTubes.Count);

        var duplicates = items.Count(i => i.Duplicate);
        var rejected = items.Where(i => i.Error is not null)
            .Select(i => BatchRejection.Of(i.Index, i.Event.EventId, i.Error!, i.Args)).ToList();
        if (rejected.Count > 0)
            log.LogInformation("Sample batch from {User}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected ({Codes})",
                caller.UserName, accepted, duplicates, rejected.Count, string.Join(",", rejected.Select(r => r.Code).Distinct()));
        return new SampleIngestOutcome(new BatchAnswer(accepted, duplicates, rejected), held);
    }

    /// <summary>Everything that can be told from the item itself and the cached rounds and sites.</summary>
    async Task<ScanItem> CheckAsync(ScanItem item, Caller caller, DateTime now, DateOnly today, CancellationToken ct)
    {
        var e = item.Event;
        if (string.IsNullOrWhiteSpace(e.EventId) || e.EventId.Length > 64) { item.Refuse("missing-field", "eventId"); return item; }
        if (e.Collector is { } collector && TextRules.Check(collector.Trim(), MaxCollector) is { } collectorError)
        {
            item.Refuse(collectorError, "collector", MaxCollector);
            return item;
        }
        // A round the caller cannot see is answered as a missing one: probing ids tells nothing.
        if (!long.TryParse(e.RoundId, NumberStyles.None, CultureInfo.InvariantCulture, out var roundId) || await directory.RoundAsync(roundId, ct) is not { } round
            || !Rounds.Visible(caller, round))
        {
            item.Refuse("unknown-round");
            return item;
        }
        item.Round = round;
        item.CollectedAt = e.CollectedAt?.UtcDateTime ?? now;
        if (item.CollectedAt > now.AddMinutes(10)) { item.Refuse("invalid-field", "collectedAt"); return item; }
        if (TestingRules.CheckCollection(round, item.CollectedAt) is { } closed) { item.Refuse(closed); return item; }
        if (string.IsNullOrWhiteSpace(e.SiteCode) || await directory.SiteAsync(e.SiteCode.Trim(), ct) is not { } site) { item.Refuse("unknown-site"); return item; }
        item.Site = site;
        if (!caller.Scope.Contains(site.CommunityCode)) { item.Refuse("unknown-site"); return item; }
        if (!round.Covers(site.CommunityCode)) { item.Refuse("site-outside-round"); return item; }
        item.TubeCode = e.TubeCode?.Trim() ?? "";
        if (item.TubeCode.Length is 0 or > 64) { item.Refuse("missing-field", "tubeCode"); return item; }
        if (e.PoolSize is { } pool && !TestingRules.PoolSizes.Contains(pool)) { item.Refuse("invalid-pool-size"); return item; }
        if (long.TryParse(e.PersonId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) item.PersonId = pid;
        else if (!string.IsNullOrWhiteSpace(e.IdNumber))
        {
            var raw = e.IdNumber.Trim();
            if (raw.Length == 18 || raw.All(char.IsAsciiDigit))
            {
                if (IdentityDocuments.Validate(DocType.ResidentId, raw, today, out var id) is { } idError) { item.Refuse(idError); return item; }
                item.DocNumber = id;
            }
            else item.DocNumber = raw.ToUpperInvariant();
        }
        else item.Refuse("missing-field", "idNumber / personId");
        return item;
    }

    /// <summary>
    /// Inside the gate: a person not found before it may have been registered by another batch since. One still
    /// unknown who gave a name and a phone becomes a stranger: a provisional person (a negative id, never a row's)
    /// with the facts Registry would register them by, so that the decisions treat them like anyone else. Nothing
    /// is written here; see <see cref="RegisterStrangersAsync"/>.
    /// </summary>
    static async Task<Dictionary<long, ValidPerson>> PlanStrangersAsync(DbConnection connection, DbTransaction tx, SqlDialect sql, List<ScanItem> items,
        Dictionary<long, PersonFacts> persons, CancellationToken ct)
    {
        var strangers = new Dictionary<long, ValidPerson>();
        var unknown = items.Where(i => i.PersonId is null && i.Error is null).ToList();
        if (unknown.Count == 0) return strangers;
        foreach (var (id, facts) in await SampleStore.FindPersonsAsync(connection, tx, sql, unknown, ct)) persons[id] = facts;
        var byDoc = new Dictionary<string, long>();
        foreach (var item in unknown.Where(i => i.PersonId is null))
        {
            if (byDoc.TryGetValue(item.DocNumber!, out var already)) { item.PersonId = already; continue; }
            var e = item.Event;
            if (PersonRegistration.AtSamplingSite(item.DocNumber!, e.Name, e.Phone, item.Site.CommunityCode, item.Site.Code) is not { } person)
            {
                item.Refuse("unknown-person");
                continue;
            }
            var provisional = -1L - strangers.Count;
            strangers[provisional] = person;
            persons[provisional] = new PersonFacts(person.CommunityCode, person.BirthDate);
            byDoc[item.DocNumber!] = provisional;
            item.PersonId = provisional;
        }
        return strangers;
    }

    /// <summary>
    /// Registers the strangers whose scans are planned to be stored (each at most once: a second scan of one in the round
    /// was refused as already sampled), through Registry in this transaction, and gives their items the real ids.
    /// Returns the persons this batch wrote.
    /// </summary>
    async Task<List<RegisteredPerson>> RegisterStrangersAsync(Caller caller, DbConnection connection, DbTransaction tx,
        Dictionary<long, ValidPerson> strangers, List<Planned> planned, CancellationToken ct)
    {
        if (strangers.Count == 0) return [];
        var indexes = Enumerable.Range(0, planned.Count).Where(i => planned[i].Item.PersonId < 0).ToList();
        var registered = await registration.RegisterAsync(caller, connection, tx, indexes.Select(i => strangers[planned[i].Item.PersonId!.Value]).ToList(), ct);
        for (var n = 0; n < indexes.Count; n++)
        {
            var (p, person) = (planned[indexes[n]], registered[n]);
            p.Item.PersonId = person.Id;
            // Registered a moment ago by another batch (PostgreSQL): counted where they are registered; whether they are
            // already sampled in the round, the unique index on samples says.
            planned[indexes[n]] = person.Created ? p with { Building = person.BuildingId } : p with
            {
                Community = person.CommunityCode, Infant = TestingRules.IsInfant(person.BirthDate, p.Item.Round, policies.Active),
                Building = person.BuildingId,
            };
        }
        return registered.Where(r => r.Created).ToList();
    }
}
