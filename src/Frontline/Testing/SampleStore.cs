using System.Data.Common;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>
/// What the scan ingest reads from and writes to the database, with SQL written once for both providers (what differs
/// lives in <see cref="SqlDialect"/>). The decisions between the reads and the writes are <see cref="ScanDecisions"/>.
/// </summary>
static class SampleStore
{
    /// <summary>The samples of a batch in bulk (Platform's writer); only a re-test's sample needs its id back, for its order.</summary>
    public static BulkInsert<Planned> SampleRows(Dictionary<string, long> tubeIds, DateTime now) => new()
    {
        Table = TestingTables.Samples,
        KeyColumn = "event_id",
        Columns =
        [
            new("event_id", BulkType.Text), new("round_id", BulkType.Int64), new("tube_id", BulkType.Int64), new("person_id", BulkType.Int64),
            new("community_code", BulkType.Text), new("building_id", BulkType.Int64), new("site_id", BulkType.Int64), new("collected_at", BulkType.Timestamp),
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
            await row.Add(p.Building);
            await row.Add(p.Item.Site.Id);
            await row.Add(p.Item.CollectedAt);
            await row.Add(p.Collector);
            await row.Add(p.Order);
            await row.Add(now);
        },
    };

    public static async Task MarkDuplicatesAsync(DbConnection connection, DbTransaction? tx, SqlDialect sql, List<ScanItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT event_id FROM samples WHERE " + sql.InList(cmd, "event_id", "@e", items.Select(i => i.Event.EventId!).Distinct().ToArray());
        var known = (await Sql.ReadAsync(cmd, r => r.GetString(0), ct)).ToHashSet();
        foreach (var item in items) item.Duplicate = known.Contains(item.Event.EventId!);
    }

    /// <summary>Refused items whose event is in fact stored (a retry, or a concurrent sending of the same batch) are duplicates.</summary>
    public static async Task MarkStoredAsDuplicatesAsync(DbConnection connection, DbTransaction tx, SqlDialect sql, List<ScanItem> refused, CancellationToken ct)
    {
        if (refused.Count == 0) return;
        await MarkDuplicatesAsync(connection, tx, sql, refused, ct);
        foreach (var item in refused.Where(i => i.Duplicate))
        {
            item.Error = null;
            item.Args = [];
        }
    }

    /// <summary>Finds each item's person by ID number or person id; returns the community, birth date and building of those found.</summary>
    public static async Task<Dictionary<long, PersonFacts>> FindPersonsAsync(DbConnection connection, DbTransaction? tx, SqlDialect sql, List<ScanItem> items, CancellationToken ct)
    {
        var found = new Dictionary<long, PersonFacts>();
        var byDoc = new Dictionary<string, long>();
        var docs = items.Where(i => i.DocNumber is not null && i.PersonId is null).Select(i => i.DocNumber!).Distinct().ToArray();
        if (docs.Length > 0)
        {
            await using var cmd = Sql.Command(connection, tx, "");
            cmd.CommandText = "SELECT doc_number, id, community_code, birth_date, building_id FROM persons WHERE " + sql.InList(cmd, "doc_number", "@d", docs);
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
            cmd.CommandText = "SELECT id, community_code, birth_date, building_id FROM persons WHERE " + sql.InList(cmd, "id", "@p", ids);
            foreach (var (id, facts) in await Sql.ReadAsync(cmd, r => (r.GetInt64(0), ReadFacts(r, 1)), ct)) found[id] = facts;
        }
        foreach (var item in items)
        {
            if (item.PersonId is { } pid) { if (!found.ContainsKey(pid)) item.Refuse("unknown-person"); }
            else if (byDoc.TryGetValue(item.DocNumber!, out var id)) item.PersonId = id;
        }
        return found;
    }

    static PersonFacts ReadFacts(DbDataReader r, int ordinal) =>
        new(r.GetString(ordinal), Sql.GetDate(r, ordinal + 1), r.GetInt64(ordinal + 2));

    public static async Task KeepOpenOrdersAsync(DbConnection connection, DbTransaction tx, SqlDialect sql, Dictionary<long, IReadOnlyList<OpenOrder>> orders,
        CancellationToken ct)
    {
        if (orders.Count == 0) return;
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT id FROM retest_orders WHERE sample_id IS NULL AND cancelled_at IS NULL AND "
            + sql.InList(cmd, "id", "@o", orders.Values.SelectMany(o => o).Select(o => o.Id).ToArray()) + sql.LockedInOrderOf("id");
        var open = (await Sql.ReadAsync(cmd, r => r.GetInt64(0), ct)).ToHashSet();
        foreach (var (person, list) in orders.ToList())
        {
            var still = list.Where(o => open.Contains(o.Id)).ToList();
            if (still.Count == 0) orders.Remove(person);
            else orders[person] = still;
        }
    }

    /// <summary>
    /// Writes the tubes first scanned in this batch with the count planned for them, and returns the id of every tube
    /// the batch uses; <paramref name="newTubes"/> is left holding the tubes it wrote. A tube another node created a
    /// moment ago (PostgreSQL) is taken as it is, with its lock: the items planned into it are checked again against
    /// its state and those that no longer fit are refused.
    /// </summary>
    public static async Task<Dictionary<string, long>> InsertNewTubesAsync(DbConnection connection, DbTransaction tx, SqlDialect sql,
        Dictionary<string, NewTube> newTubes, Dictionary<string, TubeState> tubes, List<Planned> planned, CancellationToken ct)
    {
        var ids = tubes.Where(t => t.Value.Id != 0).ToDictionary(t => t.Key, t => t.Value.Id);
        var written = sql.IsPostgres
            ? await InsertTubesWithArraysAsync(connection, tx, newTubes.Values, tubes, ct)
            : await InsertTubesOneByOneAsync(connection, tx, newTubes.Values, tubes, ct);
        foreach (var (code, id) in written) ids[code] = id;
        foreach (var tube in newTubes.Values.Where(t => !written.ContainsKey(t.Code)).ToList())
        {
            var existing = (await TubesAsync(connection, tx, sql, [tube.Code], ct))[tube.Code];
            ids[tube.Code] = existing.Id;
            var count = existing.Count;
            foreach (var p in planned.Where(p => p.TubeCode == tube.Code).ToList())
            {
                var error = TestingRules.CheckTube(existing.RoundId, count, existing.PoolSize, existing.Outcome, p.Item.Round.Id)
                    ?? (p.Order is not null && existing.PoolSize != 1 ? "retest-needs-single-tube" : null);
                if (error is null) { count++; continue; }
                p.Item.Refuse(error);
                planned.Remove(p);
            }
            // From here on it is an existing tube: what is stored is added to its count.
            tubes[tube.Code] = existing;
            newTubes.Remove(tube.Code);
        }
        return ids;
    }

    /// <summary>SQLite: a prepared INSERT a tube (statements are cheap in process). Returns code → id of the tubes written.</summary>
    public static async Task<Dictionary<string, long>> InsertTubesOneByOneAsync(DbConnection connection, DbTransaction tx, IEnumerable<NewTube> newTubes,
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
    public static async Task<Dictionary<string, long>> InsertTubesWithArraysAsync(DbConnection connection, DbTransaction tx, IEnumerable<NewTube> newTubes,
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

    /// <summary>
    /// The open individual orders of the batch's persons, in one query (the ingest's only look-up for orders): re-tests and
    /// scheduled tests alike, by the (person, sample) index. Few persons of a batch have any; one in a stay has a handful.
    /// </summary>
    public static async Task<Dictionary<long, IReadOnlyList<OpenOrder>>> OpenOrdersAsync(DbConnection connection, DbTransaction? tx, SqlDialect sql, List<long> persons,
        CancellationToken ct)
    {
        if (persons.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT person_id, id, for_day, community_code FROM retest_orders WHERE sample_id IS NULL AND cancelled_at IS NULL AND "
            + sql.InList(cmd, "person_id", "@p", persons.ToArray());
        var rows = await Sql.ReadAsync(cmd, r => (Person: r.GetInt64(0),
            Order: new OpenOrder(r.GetInt64(1), Sql.GetDate(r, 2), r.GetString(3))), ct);
        return rows.GroupBy(x => x.Person).ToDictionary(g => g.Key, g => (IReadOnlyList<OpenOrder>)g.Select(x => x.Order).ToList());
    }

    public static async Task<HashSet<(long, long)>> AlreadySampledAsync(DbConnection connection, DbTransaction? tx, SqlDialect sql, List<long> persons, List<long> rounds,
        CancellationToken ct)
    {
        if (persons.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT round_id, person_id FROM samples WHERE retest_order_id IS NULL AND " + sql.InList(cmd, "person_id", "@p", persons.ToArray())
            + " AND " + sql.InList(cmd, "round_id", "@r", rounds.ToArray());
        return (await Sql.ReadAsync(cmd, r => (r.GetInt64(0), r.GetInt64(1)), ct)).ToHashSet();
    }

    public static async Task<Dictionary<string, TubeState>> TubesAsync(DbConnection connection, DbTransaction tx, SqlDialect sql, List<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        // On PostgreSQL the batch holds its tubes' rows until it commits, taken in code order so two batches never deadlock.
        cmd.CommandText = "SELECT code, id, round_id, pool_size, count, outcome, community_code FROM tubes WHERE " + sql.InList(cmd, "code", "@t", codes.ToArray())
            + sql.LockedInOrderOf("code");
        return (await Sql.ReadAsync(cmd, r => (r.GetString(0), new TubeState(r.GetInt64(1), r.GetInt64(2), r.GetInt32(3), r.GetInt32(4), (Outcome)r.GetInt32(5), r.GetString(6))), ct))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }
}
