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

/// <summary>
/// Takes a collector's batch of scans: every item is checked against its round, site, tube and person
/// and answered on its own; the good ones are written in one transaction with hand-written statements
/// (no change tracker), and nothing is acknowledged before that transaction commits. Retries are
/// counted as duplicates by event id, never stored twice.
/// </summary>
public sealed class SampleIngest(
    IDbContextFactory<FrontlineDb> dbs, TestingDirectory directory, SqlDialect sql, PolicySets policies, TableGrowth growth, TimeProvider clock,
    ILogger<SampleIngest> log)
{
    public const int MaxBatch = 1000;
    /// <summary>Where floating residents registered at a sampling site wait for a community worker to place them.</summary>
    public const string UnplacedBuilding = "待核实人员（采样登记）";

    sealed class Item(int index, SampleEvent e)
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
        public long? PersonId;
        public bool Duplicate;
    }

    sealed record TubeState(long Id, long RoundId, int PoolSize, int Count, Outcome Outcome);
    sealed record Planned(Item Item, string TubeCode, long? Order, string Community, string Collector, bool Infant);
    sealed record NewTube(string Code, long RoundId, SamplingSite Site, int PoolSize, DateTime FirstScanAt);

    /// <summary>The samples of a batch in bulk (Platform's writer); only a re-test's sample needs its id back, for its order.</summary>
    static BulkInsert<Planned> SampleRows(Dictionary<string, long> tubeIds, DateTime now) => new()
    {
        Table = TestingTables.Samples,
        KeyColumn = "event_id",
        Columns =
        [
            new("event_id", BulkType.Text), new("round_id", BulkType.Int64), new("tube_id", BulkType.Int64), new("person_id", BulkType.Int64),
            new("community_code", BulkType.Text), new("site_id", BulkType.Int64), new("collected_at", BulkType.Timestamp),
            new("collector", BulkType.Text), new("retest_order_id", BulkType.Int64), new("received_at", BulkType.Timestamp),
        ],
        Constants = [("outcome", "0")],
        Key = p => p.Item.Event.EventId!,
        WantsId = p => p.Order is not null,
        Write = async (p, row) =>
        {
            await row.Add(p.Item.Event.EventId);
            await row.Add(p.Item.Round.Id);
            await row.Add(tubeIds[p.TubeCode]);
            await row.Add(p.Item.PersonId!.Value);
            await row.Add(p.Community);
            await row.Add(p.Item.Site.Id);
            await row.Add(p.Item.CollectedAt);
            await row.Add(p.Collector);
            await row.Add(p.Order);
            await row.Add(now);
        },
    };

    public async Task<BatchAnswer> IngestAsync(Caller caller, IReadOnlyList<SampleEvent> events, CancellationToken ct = default)
    {
        if (events.Count > MaxBatch) throw new DomainException("batch-too-large", field: "events", args: MaxBatch);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var items = new List<Item>(events.Count);
        for (var i = 0; i < events.Count; i++) items.Add(await CheckAsync(new Item(i, events[i]), caller, now, today, ct));

        await using var db = await dbs.CreateDbContextAsync(ct);
        var postgres = db.IsPostgres;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var live = items.Where(i => i.Error is null).ToList();

        // Reads that do not decide alone run before the write gate, beside the writer (SQLite's WAL lets readers
        // run while one connection writes): what they miss in a race, the checks inside the gate and the unique
        // indexes catch. This keeps the single writer busy with writing.
        await MarkDuplicatesAsync(connection, null, postgres, live, ct);
        live = live.Where(i => !i.Duplicate).ToList();
        var persons = await FindPersonsAsync(connection, null, postgres, live, ct);
        var sampled = await AlreadySampledAsync(connection, null, postgres,
            persons.Keys.ToList(), live.Select(i => i.Round.Id).Distinct().ToList(), ct);
        var openOrders = await OpenOrdersAsync(connection, null, postgres, persons.Keys.ToList(), ct);

        using var writer = await sql.EnterWriteGateAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await RegisterUnknownPersonsAsync(connection, tx, postgres, live, persons, now, ct);
        live = live.Where(i => i.Error is null).ToList();
        // Orders are rare: the few seen before the gate are confirmed still open inside it.
        await KeepOpenOrdersAsync(connection, tx, postgres, openOrders, ct);
        var tubes = await TubesAsync(connection, tx, postgres, live.Select(i => i.TubeCode).Distinct().ToList(), ct);

        // Decide every item against the batch's view of its tubes (locked: the write gate on SQLite, FOR UPDATE on
        // PostgreSQL). A tube first scanned in this batch is written once, after the decisions, with its count.
        var planned = new List<Planned>(live.Count);
        var newTubes = new Dictionary<string, NewTube>();
        var rejectedInGate = new List<Item>();
        var seenEvents = new HashSet<string>();
        foreach (var item in live)
        {
            var e = item.Event;
            if (!seenEvents.Add(e.EventId!)) { item.Duplicate = true; continue; }
            var personId = item.PersonId!.Value;
            openOrders.TryGetValue(personId, out var order);
            if (order is null && sampled.Contains((item.Round.Id, personId))) { Reject(item, "already-sampled"); rejectedInGate.Add(item); continue; }

            var code = item.TubeCode;
            if (!tubes.TryGetValue(code, out var tube))
            {
                var pool = TestingRules.PoolSizeForNewTube(e.PoolSize, order is not null, item.Round.PoolSize);
                if (order is not null && pool != 1) { Reject(item, "retest-needs-single-tube"); continue; }
                tube = new TubeState(0, item.Round.Id, pool, 0, Outcome.Pending);
                newTubes[code] = new NewTube(code, item.Round.Id, item.Site, pool, item.CollectedAt);
            }
            if (TestingRules.CheckTube(tube.RoundId, tube.Count, tube.PoolSize, tube.Outcome, item.Round.Id) is { } tubeError)
            {
                Reject(item, tubeError);
                rejectedInGate.Add(item);
                continue;
            }
            if (order is not null && tube.PoolSize != 1) { Reject(item, "retest-needs-single-tube"); continue; }
            tubes[code] = tube with { Count = tube.Count + 1 };
            if (order is not null) openOrders.Remove(personId);
            else sampled.Add((item.Round.Id, personId));
            var person = persons[personId];
            planned.Add(new Planned(item, code, order, person.Community,
                string.IsNullOrWhiteSpace(e.Collector) ? caller.UserName : e.Collector.Trim(),
                TestingRules.IsInfant(person.BirthDate, item.Round, policies.Active)));
        }
        var tubeIds = await InsertNewTubesAsync(connection, tx, postgres, newTubes, tubes, planned, rejectedInGate, ct);
        // A retry that raced its first sending past the reads above finds its person sampled or its tube full:
        // it is a duplicate, not a refusal.
        await MarkStoredAsDuplicatesAsync(connection, tx, postgres, rejectedInGate, ct);

        // The samples in bulk; the unique indexes have the last word (a retry racing on another node, the same
        // person at two sites at once): what they refuse is not stored and not counted.
        var stored = await sql.InsertNewAsync(connection, tx, SampleRows(tubeIds, now), planned, ct);
        // What a unique index refused is a duplicate if its event is stored (a retry on another node), else the person's
        // sample of the round is (the same person at two sites at once).
        var refusedByIndex = planned.Where(p => !stored.ContainsKey(p.Item.Event.EventId!)).Select(p => p.Item).ToList();
        await MarkDuplicatesAsync(connection, tx, postgres, refusedByIndex, ct);
        foreach (var item in refusedByIndex.Where(i => !i.Duplicate)) Reject(item, "already-sampled");
        var accepted = 0;
        var counts = new Dictionary<(long Round, string Community), (int Sampled, int Infants)>();
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
            }
            accepted++;
        }
        // New tubes were written with the count planned for them; existing ones take what was stored. A refusal by a
        // unique index leaves a new tube short of its plan, and its count follows.
        await using var fillTube = Sql.Command(connection, tx,
            "UPDATE tubes SET count = count + @n WHERE id = @id AND count + @n <= pool_size AND outcome = 0", "@n", "@id");
        foreach (var (code, tubeId) in tubeIds)
        {
            var storedSwabs = swabs.GetValueOrDefault(code);
            var n = newTubes.ContainsKey(code) ? storedSwabs - tubes[code].Count : storedSwabs;
            if (n == 0) continue;
            fillTube.Set("@n", n);
            fillTube.Set("@id", tubeId);
            // Cannot happen while the tube rows are locked; if it ever does, nothing of the batch is acknowledged.
            if (await fillTube.ExecuteNonQueryAsync(ct) == 0) throw new InvalidOperationException($"Tube {tubeId} changed under its lock");
        }
        foreach (var ((round, community), (n, infants)) in counts)
            await CoverageCounts.AddAsync(connection, tx, round, community, n, 0, 0, 0, ct, infantsSampled: infants);
        await tx.CommitAsync(ct);
        growth.Wrote(TestingTables.Samples, accepted);
        growth.Wrote(TestingTables.Tubes, newTubes.Count);

        var duplicates = items.Count(i => i.Duplicate);
        var rejected = items.Where(i => i.Error is not null)
            .Select(i => new BatchRejection(i.Index, i.Event.EventId, i.Error!, ErrorCatalog.Message(i.Error!, null, i.Args))).ToList();
        if (rejected.Count > 0)
            log.LogInformation("Sample batch from {User}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected ({Codes})",
                caller.UserName, accepted, duplicates, rejected.Count, string.Join(",", rejected.Select(r => r.Code).Distinct()));
        return new BatchAnswer(accepted, duplicates, rejected);
    }

    static void Reject(Item item, string code, params object[] args)
    {
        item.Error = code;
        item.Args = args;
    }

    /// <summary>Everything that can be told from the item itself and the cached rounds and sites.</summary>
    async Task<Item> CheckAsync(Item item, Caller caller, DateTime now, DateOnly today, CancellationToken ct)
    {
        var e = item.Event;
        if (string.IsNullOrWhiteSpace(e.EventId) || e.EventId.Length > 64) { Reject(item, "missing-field", "eventId"); return item; }
        if (!long.TryParse(e.RoundId, NumberStyles.None, CultureInfo.InvariantCulture, out var roundId) || await directory.RoundAsync(roundId, ct) is not { } round)
        {
            Reject(item, "unknown-round");
            return item;
        }
        item.Round = round;
        item.CollectedAt = e.CollectedAt?.UtcDateTime ?? now;
        if (item.CollectedAt > now.AddMinutes(10)) { Reject(item, "invalid-field", "collectedAt"); return item; }
        if (TestingRules.CheckCollection(round, item.CollectedAt) is { } closed) { Reject(item, closed); return item; }
        if (string.IsNullOrWhiteSpace(e.SiteCode) || await directory.SiteAsync(e.SiteCode.Trim(), ct) is not { } site) { Reject(item, "unknown-site"); return item; }
        item.Site = site;
        if (!caller.Scope.Contains(site.CommunityCode)) { Reject(item, "unknown-site"); return item; }
        item.TubeCode = e.TubeCode?.Trim() ?? "";
        if (item.TubeCode.Length is 0 or > 64) { Reject(item, "missing-field", "tubeCode"); return item; }
        if (e.PoolSize is { } pool && !TestingRules.PoolSizes.Contains(pool)) { Reject(item, "invalid-pool-size"); return item; }
        if (long.TryParse(e.PersonId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) item.PersonId = pid;
        else if (!string.IsNullOrWhiteSpace(e.IdNumber))
        {
            var raw = e.IdNumber.Trim();
            if (raw.Length == 18 || raw.All(char.IsAsciiDigit))
            {
                if (IdentityDocuments.Validate(DocType.ResidentId, raw, today, out var id) is { } idError) { Reject(item, idError); return item; }
                item.DocNumber = id;
            }
            else item.DocNumber = raw.ToUpperInvariant();
        }
        else Reject(item, "missing-field", "idNumber / personId");
        return item;
    }

    static async Task MarkDuplicatesAsync(DbConnection connection, DbTransaction? tx, bool postgres, List<Item> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT event_id FROM samples WHERE " + Sql.InList(cmd, postgres, "event_id", "@e", items.Select(i => i.Event.EventId!).Distinct().ToArray());
        var known = (await Sql.ReadAsync(cmd, r => r.GetString(0), ct)).ToHashSet();
        foreach (var item in items) item.Duplicate = known.Contains(item.Event.EventId!);
    }

    /// <summary>Items refused inside the gate whose event is in fact stored (by a concurrent sending of the same batch) are duplicates.</summary>
    static async Task MarkStoredAsDuplicatesAsync(DbConnection connection, DbTransaction tx, bool postgres, List<Item> refused, CancellationToken ct)
    {
        if (refused.Count == 0) return;
        await MarkDuplicatesAsync(connection, tx, postgres, refused, ct);
        foreach (var item in refused.Where(i => i.Duplicate))
        {
            item.Error = null;
            item.Args = [];
        }
    }

    sealed record PersonFacts(string Community, DateOnly? BirthDate);

    /// <summary>Finds each item's person by ID number or person id; returns the community and birth date of those found.</summary>
    static async Task<Dictionary<long, PersonFacts>> FindPersonsAsync(DbConnection connection, DbTransaction? tx, bool postgres, List<Item> items, CancellationToken ct)
    {
        var found = new Dictionary<long, PersonFacts>();
        var byDoc = new Dictionary<string, long>();
        var docs = items.Where(i => i.DocNumber is not null && i.PersonId is null).Select(i => i.DocNumber!).Distinct().ToArray();
        if (docs.Length > 0)
        {
            await using var cmd = Sql.Command(connection, tx, "");
            cmd.CommandText = "SELECT doc_number, id, community_code, birth_date FROM persons WHERE " + Sql.InList(cmd, postgres, "doc_number", "@d", docs);
            foreach (var (doc, id, facts) in await Sql.ReadAsync(cmd, r => (r.GetString(0), r.GetInt64(1), ReadFacts(r, 2)), ct))
            {
                byDoc[doc] = id;
                found[id] = facts;
            }
        }
        var ids = items.Where(i => i.PersonId is not null).Select(i => i.PersonId!.Value).Distinct().ToArray();
        if (ids.Length > 0)
        {
            await using var cmd = Sql.Command(connection, tx, "");
            cmd.CommandText = "SELECT id, community_code, birth_date FROM persons WHERE " + Sql.InList(cmd, postgres, "id", "@p", ids);
            foreach (var (id, facts) in await Sql.ReadAsync(cmd, r => (r.GetInt64(0), ReadFacts(r, 1)), ct)) found[id] = facts;
        }
        foreach (var item in items)
        {
            if (item.PersonId is { } pid) { if (!found.ContainsKey(pid)) Reject(item, "unknown-person"); }
            else if (byDoc.TryGetValue(item.DocNumber!, out var id)) item.PersonId = id;
        }
        return found;
    }

    static PersonFacts ReadFacts(DbDataReader r, int ordinal) =>
        new(r.GetString(ordinal), r.IsDBNull(ordinal + 1) ? null : r.GetFieldValue<DateOnly>(ordinal + 1));

    /// <summary>
    /// Inside the gate: a person not found before it may have been registered by another batch since; one still
    /// unknown who gave a name and phone is registered as floating, flagged for verification.
    /// </summary>
    async Task RegisterUnknownPersonsAsync(DbConnection connection, DbTransaction tx, bool postgres, List<Item> items,
        Dictionary<long, PersonFacts> persons, DateTime now, CancellationToken ct)
    {
        var unknown = items.Where(i => i.PersonId is null && i.Error is null).ToList();
        if (unknown.Count == 0) return;
        foreach (var (id, facts) in await FindPersonsAsync(connection, tx, postgres, unknown, ct)) persons[id] = facts;
        RosterWriter? writer = null;
        try
        {
            var registered = new Dictionary<string, long>();
            foreach (var item in unknown.Where(i => i.PersonId is null))
            {
                if (registered.TryGetValue(item.DocNumber!, out var already)) { item.PersonId = already; continue; }
                var e = item.Event;
                var name = e.Name?.Trim();
                if (string.IsNullOrEmpty(name) || name.Length > PersonRules.MaxName || IdentityDocuments.ValidatePhone(e.Phone, out var phone) is not null)
                {
                    Reject(item, "unknown-person");
                    continue;
                }
                writer ??= new RosterWriter(connection, now);
                writer.Use(tx);
                var docType = item.DocNumber!.Length == 18 ? DocType.ResidentId : DocType.Passport;
                var person = new ValidPerson(name, docType, item.DocNumber!, phone, item.Site.CommunityCode, UnplacedBuilding, null, null,
                    ResidentType.Floating, $"采样点 {item.Site.Code} 登记");
                await writer.InsertAsync(person, await writer.BuildingIdAsync(item.Site.CommunityCode, UnplacedBuilding, ct), ct, needsVerification: true);
                await using var lookUp = Sql.Command(connection, tx, "SELECT id, birth_date FROM persons WHERE doc_number = @d AND doc_type = @t", "@d", "@t");
                lookUp.Set("@d", item.DocNumber);
                lookUp.Set("@t", (int)docType);
                var (id, birthDate) = (await Sql.ReadAsync(lookUp, r => (r.GetInt64(0), r.IsDBNull(1) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(1)), ct)).Single();
                registered[item.DocNumber!] = id;
                persons[id] = new PersonFacts(item.Site.CommunityCode, birthDate);
                item.PersonId = id;
            }
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
        }
    }

    static async Task KeepOpenOrdersAsync(DbConnection connection, DbTransaction tx, bool postgres, Dictionary<long, long?> orders, CancellationToken ct)
    {
        if (orders.Count == 0) return;
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT id FROM retest_orders WHERE sample_id IS NULL AND "
            + Sql.InList(cmd, postgres, "id", "@o", orders.Values.Select(o => o!.Value).ToArray()) + (postgres ? " ORDER BY id FOR UPDATE" : "");
        var open = (await Sql.ReadAsync(cmd, r => r.GetInt64(0), ct)).ToHashSet();
        foreach (var (person, order) in orders.ToList())
            if (!open.Contains(order!.Value)) orders.Remove(person);
    }

    /// <summary>
    /// Writes the tubes first scanned in this batch with the count planned for them, and returns the id of every tube
    /// the batch uses; <paramref name="newTubes"/> is left holding the tubes it wrote. A tube another node created a
    /// moment ago (PostgreSQL) is taken as it is, with its lock: the items planned into it are checked again against
    /// its state and those that no longer fit are refused.
    /// </summary>
    static async Task<Dictionary<string, long>> InsertNewTubesAsync(DbConnection connection, DbTransaction tx, bool postgres,
        Dictionary<string, NewTube> newTubes, Dictionary<string, TubeState> tubes, List<Planned> planned, List<Item> rejectedInGate, CancellationToken ct)
    {
        var ids = tubes.Where(t => t.Value.Id != 0).ToDictionary(t => t.Key, t => t.Value.Id);
        var written = postgres
            ? await InsertTubesWithArraysAsync(connection, tx, newTubes.Values, tubes, ct)
            : await InsertTubesOneByOneAsync(connection, tx, newTubes.Values, tubes, ct);
        foreach (var (code, id) in written) ids[code] = id;
        foreach (var tube in newTubes.Values.Where(t => !written.ContainsKey(t.Code)).ToList())
        {
            var existing = (await TubesAsync(connection, tx, postgres, [tube.Code], ct))[tube.Code];
            ids[tube.Code] = existing.Id;
            var count = existing.Count;
            foreach (var p in planned.Where(p => p.TubeCode == tube.Code).ToList())
            {
                var error = TestingRules.CheckTube(existing.RoundId, count, existing.PoolSize, existing.Outcome, p.Item.Round.Id)
                    ?? (p.Order is not null && existing.PoolSize != 1 ? "retest-needs-single-tube" : null);
                if (error is null) { count++; continue; }
                Reject(p.Item, error);
                rejectedInGate.Add(p.Item);
                planned.Remove(p);
            }
            // From here on it is an existing tube: what is stored is added to its count.
            tubes[tube.Code] = existing;
            newTubes.Remove(tube.Code);
        }
        return ids;
    }

    /// <summary>SQLite: a prepared INSERT a tube (statements are cheap in process). Returns code → id of the tubes written.</summary>
    static async Task<Dictionary<string, long>> InsertTubesOneByOneAsync(DbConnection connection, DbTransaction tx, IEnumerable<NewTube> newTubes,
        Dictionary<string, TubeState> planned, CancellationToken ct)
    {
        var written = new Dictionary<string, long>();
        await using var insertTube = Sql.Command(connection, tx, """
            INSERT INTO tubes (code, round_id, site_id, community_code, pool_size, count, first_scan_at, outcome, needs_review)
            VALUES (@code, @round, @site, @community, @pool, @count, @at, 0, @false)
            ON CONFLICT (code) DO NOTHING RETURNING id
            """, "@code", "@round", "@site", "@community", "@pool", "@count", "@at", "@false");
        foreach (var tube in newTubes)
        {
            insertTube.Set("@code", tube.Code);
            insertTube.Set("@round", tube.RoundId);
            insertTube.Set("@site", tube.Site.Id);
            insertTube.Set("@community", tube.Site.CommunityCode);
            insertTube.Set("@pool", tube.PoolSize);
            insertTube.Set("@count", planned[tube.Code].Count);
            insertTube.Set("@at", tube.FirstScanAt);
            insertTube.Set("@false", false);
            if (await insertTube.ExecuteScalarAsync(ct) is { } id and not DBNull) written[tube.Code] = Convert.ToInt64(id);
        }
        return written;
    }

    /// <summary>
    /// PostgreSQL: the batch's new tubes in one statement over arrays (one round trip instead of one a tube), in code
    /// order so that two batches creating the same tubes wait for each other instead of deadlocking.
    /// </summary>
    static async Task<Dictionary<string, long>> InsertTubesWithArraysAsync(DbConnection connection, DbTransaction tx, IEnumerable<NewTube> newTubes,
        Dictionary<string, TubeState> planned, CancellationToken ct)
    {
        var list = newTubes.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
        if (list.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, """
            INSERT INTO tubes (code, round_id, site_id, community_code, pool_size, count, first_scan_at, outcome, needs_review)
            SELECT code, round_id, site_id, community_code, pool_size, count, first_scan_at, 0, false
            FROM unnest(@code, @round, @site, @community, @pool, @count, @at) AS t(code, round_id, site_id, community_code, pool_size, count, first_scan_at)
            ORDER BY code
            ON CONFLICT (code) DO NOTHING RETURNING code, id
            """, "@code", "@round", "@site", "@community", "@pool", "@count", "@at");
        cmd.Set("@code", list.Select(t => t.Code).ToArray());
        cmd.Set("@round", list.Select(t => t.RoundId).ToArray());
        cmd.Set("@site", list.Select(t => t.Site.Id).ToArray());
        cmd.Set("@community", list.Select(t => t.Site.CommunityCode).ToArray());
        cmd.Set("@pool", list.Select(t => t.PoolSize).ToArray());
        cmd.Set("@count", list.Select(t => planned[t.Code].Count).ToArray());
        cmd.Set("@at", list.Select(t => t.FirstScanAt).ToArray());
        return (await Sql.ReadAsync(cmd, r => (r.GetString(0), r.GetInt64(1)), ct)).ToDictionary(x => x.Item1, x => x.Item2);
    }

    static async Task<Dictionary<long, long?>> OpenOrdersAsync(DbConnection connection, DbTransaction? tx, bool postgres, List<long> persons, CancellationToken ct)
    {
        var result = new Dictionary<long, long?>();
        if (persons.Count == 0) return result;
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT person_id, MIN(id) FROM retest_orders WHERE sample_id IS NULL AND " + Sql.InList(cmd, postgres, "person_id", "@p", persons.ToArray())
            + " GROUP BY person_id";
        foreach (var (person, order) in await Sql.ReadAsync(cmd, r => (r.GetInt64(0), r.GetInt64(1)), ct)) result[person] = order;
        return result;
    }

    static async Task<HashSet<(long, long)>> AlreadySampledAsync(DbConnection connection, DbTransaction? tx, bool postgres, List<long> persons, List<long> rounds,
        CancellationToken ct)
    {
        if (persons.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT round_id, person_id FROM samples WHERE retest_order_id IS NULL AND " + Sql.InList(cmd, postgres, "person_id", "@p", persons.ToArray())
            + " AND " + Sql.InList(cmd, postgres, "round_id", "@r", rounds.ToArray());
        return (await Sql.ReadAsync(cmd, r => (r.GetInt64(0), r.GetInt64(1)), ct)).ToHashSet();
    }

    static async Task<Dictionary<string, TubeState>> TubesAsync(DbConnection connection, DbTransaction tx, bool postgres, List<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        // On PostgreSQL the batch holds its tubes' rows until it commits, taken in code order so two batches never deadlock.
        cmd.CommandText = "SELECT code, id, round_id, pool_size, count, outcome FROM tubes WHERE " + Sql.InList(cmd, postgres, "code", "@t", codes.ToArray())
            + (postgres ? " ORDER BY code FOR UPDATE" : "");
        return (await Sql.ReadAsync(cmd, r => (r.GetString(0), new TubeState(r.GetInt64(1), r.GetInt64(2), r.GetInt32(3), r.GetInt32(4), (Outcome)r.GetInt32(5))), ct))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }
}
