using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Supervision;

namespace Frontline.Testing;

/// <summary>The events the testing module publishes for the modules above it.</summary>
public static class TestingEvents
{
    /// <summary>A positive individual re-test: the investigation module makes the case.</summary>
    public const string IndividualPositive = "testing.individual-positive";

    /// <summary>
    /// A batch of results (or a review's decision) changed some samples' outcomes: one event per batch, never per tube,
    /// naming each round's communities and buildings (where the people lived when sampled) it touched. Containment
    /// re-evaluates the zones over them instead of waiting for the night.
    /// </summary>
    public const string ResultsApplied = "testing.results-applied";
}

public sealed record IndividualPositiveResult(long PersonId, long SampleId, string CommunityCode, DateTime SampledAt);

/// <summary>What one result batch changed: per round, the communities and the buildings of the people whose outcome moved.</summary>
public sealed record ResultsAppliedEvent(IReadOnlyList<RoundResultsApplied> Rounds);

public sealed record RoundResultsApplied(long RoundId, IReadOnlyList<string> Communities, IReadOnlyList<long> Buildings);

/// <summary>The rounds, communities and buildings a batch's applied results touched, written as one <see cref="TestingEvents.ResultsApplied"/>.</summary>
sealed class AppliedResults
{
    readonly SortedDictionary<long, (SortedSet<string> Communities, SortedSet<long> Buildings)> rounds = [];

    public void Add(long round, IEnumerable<string> communities, IEnumerable<long> buildings)
    {
        if (!rounds.TryGetValue(round, out var r)) rounds[round] = r = (new(StringComparer.Ordinal), []);
        r.Communities.UnionWith(communities);
        r.Buildings.UnionWith(buildings);
    }

    /// <summary>Writes the event in the batch's transaction when anything was applied; returns whether it did.</summary>
    public async Task<bool> WriteAsync(DbConnection connection, DbTransaction tx, DateTime now, CancellationToken ct)
    {
        if (rounds.Count == 0) return false;
        await Outbox.AddAsync(connection, tx, TestingEvents.ResultsApplied,
            new ResultsAppliedEvent([.. rounds.Select(r => new RoundResultsApplied(r.Key, [.. r.Value.Communities], [.. r.Value.Buildings]))]), now, ct);
        return true;
    }
}

/// <summary>One tube's result. Checked per item: an item that fails is answered in <c>rejected</c>, the batch goes on.</summary>
public sealed record ResultEvent(
    [Required, Description("Unique per result, at most 64 characters: a retry with the same id counts as a duplicate.")] string? EventId,
    [Description("When given, the tube must belong to this round.")] string? RoundId,
    [Required] string? TubeCode, [Required, OneOf("negative", "positive", "invalid")] string? Outcome,
    [Range(0, 50)] double? CtOrf1ab, [Range(0, 50)] double? CtN, string? Lab,
    [Description("Default: when received.")] DateTimeOffset? ReportedAt);

/// <summary>
/// Takes a lab's batch of tube results. A result applies to its tube and to every sample in it, and in the
/// same transaction sets off what it must: a positive pool puts everyone in it under temporary control and
/// orders their individual re-tests (with a supervised task for each community), an invalid tube orders
/// re-sampling, a re-test's negative lifts the control and its positive makes a case (through the outbox).
/// A second, different result for a tube is kept and flagged for review; it never overwrites the first.
/// A result is taken only for a tube of the caller's jurisdiction, or of a round the caller's lab account is assigned to;
/// any other tube is unknown to the caller (<c>unknown-tube</c>, as a missing one). Each result row records the account
/// that sent it, and each batch leaves one audit entry per community it concerns, in the batch's transaction.
/// </summary>
public sealed class ResultIngest(
    IDbContextFactory<FrontlineDb> dbs, SqlDialect sql, PolicySets policies, Outbox outbox, TestingDirectory directory, AuditLog audit,
    TableGrowth growth, TimeProvider clock, ILogger<ResultIngest> log)
{
    public const int MaxBatch = 1000;
    /// <summary>The lab's name as its system sends it.</summary>
    public const int MaxLab = 64;

    internal sealed record TubeRow(long Id, long RoundId, string Code, string Community, Outcome Outcome, int Count);
    /// <summary>A swab of the tube; one taken by an order carries what a re-sampling must keep of it (its requester, day and list).</summary>
    sealed record Swab(long SampleId, long PersonId, string Community, long BuildingId, long? RetestOrderId, DateTime CollectedAt, string? Requester = null,
        int? DayNumber = null, string? OrderCommunity = null);

    /// <summary>What a batch did in one community, for its audit entry.</summary>
    sealed class Tally
    {
        public int Accepted, Conflicting, Negative, Positive, Invalid;
        public readonly List<string> PositiveTubes = [];
    }

    /// <summary>Takes a batch; a null item (one the body could not read) is refused on its own as <c>invalid-item</c>.</summary>
    public Task<BatchAnswer> IngestAsync(Caller caller, IReadOnlyList<ResultEvent?> results, CancellationToken ct = default) =>
        IngestAsync(caller, results, "results-batch:" + Guid.NewGuid().ToString("N"), ct);

    /// <summary>Takes a batch whose audit entries are filed under <paramref name="subject"/> (a result file's upload).</summary>
    internal async Task<BatchAnswer> IngestAsync(Caller caller, IReadOnlyList<ResultEvent?> results, string subject, CancellationToken ct)
    {
        if (results.Count > MaxBatch) throw new DomainException("batch-too-large", field: "results", args: MaxBatch);
        var policy = policies.Active;
        var now = clock.GetUtcNow().UtcDateTime;
        var rejected = new List<BatchRejection>();
        var accepted = 0;
        var duplicates = 0;
        var anyEvent = false;
        var stored = 0;
        var tallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var buildingCounts = new RoundBuildingTally();
        var applied = new AppliedResults();
        Tally TallyOf(string community) => tallies.TryGetValue(community, out var t) ? t : tallies[community] = new Tally();

        await using var db = await dbs.CreateDbContextAsync(ct);
        using (await sql.EnterWriteGateAsync(ct))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var postgres = db.IsPostgres;
            var known = await KnownEventsAsync(connection, tx, postgres,
                results.Select(r => r?.EventId).Where(e => !string.IsNullOrWhiteSpace(e)).Distinct().ToArray()!, ct);
            var tubes = await TubesAsync(connection, tx, postgres,
                results.Select(r => r?.TubeCode?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Distinct().ToArray()!, ct);
            var assigned = new Dictionary<long, bool>();
            async Task<bool> MayReportAsync(TubeRow tube)
            {
                if (caller.Scope.Contains(tube.Community)) return true;
                if (!assigned.TryGetValue(tube.RoundId, out var may))
                    assigned[tube.RoundId] = may = (await directory.RoundAsync(tube.RoundId, ct))?.Labs.Contains(caller.UserName, StringComparer.Ordinal) == true;
                return may;
            }
            var seen = new HashSet<string>();
            for (var index = 0; index < results.Count; index++)
            {
                var r = results[index];
                void Reject(string code, params object[] args) =>
                    rejected.Add(new BatchRejection(index, r?.EventId, code, ErrorCatalog.Message(code, null, args)));

                if (r is null) { Reject("invalid-item"); continue; }
                if (string.IsNullOrWhiteSpace(r.EventId) || r.EventId.Length > 64) { Reject("missing-field", "eventId"); continue; }
                if (!seen.Add(r.EventId) || known.Contains(r.EventId)) { duplicates++; continue; }
                if (r.Lab is { } lab && TextRules.Check(lab.Trim(), MaxLab) is { } labError) { Reject(labError, "lab", MaxLab); continue; }
                var (outcome, error) = TestingRules.InterpretResult(r.Outcome, r.CtOrf1ab, r.CtN, policy.CtThreshold);
                if (error is not null) { Reject(error); continue; }
                var tube = r.TubeCode?.Trim() is { Length: > 0 } code ? tubes.GetValueOrDefault(code) : null;
                if (tube is null || (long.TryParse(r.RoundId, NumberStyles.None, CultureInfo.InvariantCulture, out var roundId) && roundId != tube.RoundId)
                    || !await MayReportAsync(tube))
                {
                    Reject("unknown-tube");
                    continue;
                }
                var reportedAt = r.ReportedAt?.UtcDateTime ?? now;
                var conflicting = tube.Outcome != Outcome.Pending && tube.Outcome != outcome;
                await InsertResultAsync(connection, tx, r, caller.UserName, tube.Id, outcome!.Value, reportedAt, now, conflicting, ct);
                stored++;
                var tally = TallyOf(tube.Community);
                if (conflicting)
                {
                    tally.Conflicting++;
                    await ExecAsync(connection, tx, "UPDATE tubes SET needs_review = @true WHERE id = @id", ct, ("@true", true), ("@id", tube.Id));
                    Reject("conflicting-result", tube.Outcome.ToString().ToLowerInvariant());
                    continue;
                }
                accepted++;
                tally.Accepted++;
                switch (outcome.Value)
                {
                    case Outcome.Negative: tally.Negative++; break;
                    case Outcome.Positive: tally.Positive++; break;
                    case Outcome.Invalid: tally.Invalid++; break;
                }
                // The same outcome again from another lab event: stored as a confirmation, nothing more to do.
                if (tube.Outcome == outcome) continue;
                var effect = await ApplyAsync(db, connection, tx, policy, tube, outcome.Value, r, reportedAt, now, buildingCounts, applied, ct);
                anyEvent |= effect.WroteEvent;
                // A positive pool concerns every community whose people it holds: each one's auditor sees the tube.
                if (outcome == Outcome.Positive)
                    foreach (var community in effect.Communities.Append(tube.Community).Distinct()) TallyOf(community).PositiveTubes.Add(tube.Code);
                tubes[tube.Code] = tube with { Outcome = outcome.Value };
            }
            await buildingCounts.WriteAsync(connection, tx, ct);
            anyEvent |= await applied.WriteAsync(connection, tx, now, ct);
            if (tallies.Count > 0)
            {
                if (db.Database.CurrentTransaction is null) await db.Database.UseTransactionAsync(tx, ct);
                var batch = new { items = results.Count, accepted, duplicates, rejected = rejected.Count };
                foreach (var (community, t) in tallies)
                    db.Audit.Add(audit.Entry(caller, TestingAuditActions.Results, subject, community, detail: new
                    {
                        t.Accepted, t.Conflicting, t.Negative, t.Positive, t.Invalid, t.PositiveTubes, batch,
                    }));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            growth.Wrote(TestingTables.LabResults, stored);
        }
        if (anyEvent) outbox.Notify();
        if (rejected.Count > 0)
            log.LogInformation("Result batch from {User}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected ({Codes})",
                caller.UserName, accepted, duplicates, rejected.Count, string.Join(",", rejected.Select(x => x.Code).Distinct()));
        return new BatchAnswer(accepted, duplicates, rejected);
    }

    /// <summary>
    /// Applies a tube's first result, or the one adopted in a review (<see cref="ResultReview"/>), in place of the
    /// outcome the tube has (its people leave that outcome's coverage counts and, in <paramref name="buildingCounts"/>, their
    /// buildings' counts); returns whether a domain event was written and the communities of the tube's people. What it
    /// touched is added to <paramref name="applied"/>, which the caller writes as one event for its whole batch.
    /// </summary>
    internal static async Task<(bool WroteEvent, IReadOnlyList<string> Communities)> ApplyAsync(FrontlineDb db, DbConnection connection, DbTransaction tx, PolicySet policy, TubeRow tube, Outcome outcome,
        ResultEvent r, DateTime reportedAt, DateTime now, RoundBuildingTally buildingCounts, AppliedResults applied, CancellationToken ct)
    {
        await ExecAsync(connection, tx, """
            UPDATE tubes SET outcome = @o, ct_orf1ab = @c1, ct_n = @c2, lab = @lab, result_at = @at WHERE id = @id
            """, ct, ("@o", (int)outcome), ("@c1", r.CtOrf1ab), ("@c2", r.CtN), ("@lab", r.Lab?.Trim()), ("@at", reportedAt), ("@id", tube.Id));
        await ExecAsync(connection, tx, "UPDATE samples SET outcome = @o WHERE tube_id = @id", ct, ("@o", (int)outcome), ("@id", tube.Id));

        var swabs = await SwabsAsync(connection, tx, tube.Id, ct);
        foreach (var group in swabs.Where(s => s.RetestOrderId is null).GroupBy(s => s.Community))
        {
            if (tube.Outcome != Outcome.Pending)
                await CoverageCounts.AddOutcomeAsync(connection, tx, tube.RoundId, group.Key, tube.Outcome, -group.Count(), ct);
            await CoverageCounts.AddOutcomeAsync(connection, tx, tube.RoundId, group.Key, outcome, group.Count(), ct);
        }
        // By the building each person lived in when sampled (kept on the sample), where the scan counted them: a person who
        // moved since is not counted in their new building, and the old one is not left waiting for a result.
        foreach (var group in swabs.Where(s => s.RetestOrderId is null).GroupBy(s => s.BuildingId))
            buildingCounts.Moved(tube.RoundId, group.Key, tube.Outcome, outcome, group.Count());
        applied.Add(tube.RoundId, swabs.Select(s => s.Community), swabs.Select(s => s.BuildingId));

        var wroteEvent = false;
        var tasks = new Dictionary<string, (int People, DateTime DueBy, string Reason)>();
        foreach (var swab in swabs)
        {
            var decision = TestingRules.Decide(policy, outcome, swab.RetestOrderId is not null, reportedAt);
            if (swab.RetestOrderId is { } order)
            {
                await ExecAsync(connection, tx, "UPDATE retest_orders SET outcome = @o WHERE id = @id", ct, ("@o", (int)outcome), ("@id", order));
                await RetestTasks.ResultAppliedAsync(db, tx, order, now, ct);
            }
            if (decision.TemporaryControl)
                await ExecAsync(connection, tx, """
                    INSERT INTO temporary_controls (person_id, source_tube_id, community_code, since) VALUES (@p, @t, @c, @at)
                    ON CONFLICT DO NOTHING
                    """, ct, ("@p", swab.PersonId), ("@t", tube.Id), ("@c", swab.Community), ("@at", now));
            if (decision.RetestReason is { } reason)
            {
                // The re-sampling of a requested test (a stay's day N) stays the requester's: it is on the same list, and
                // the requester reads it as that day's test.
                var community = swab.Requester is null ? swab.Community : swab.OrderCommunity!;
                await ExecAsync(connection, tx, """
                    INSERT INTO retest_orders (person_id, round_id, source_tube_id, reason, community_code, created_at, due_by, outcome, requester, day_number)
                    VALUES (@p, @r, @t, @reason, @c, @now, @due, 0, @requester, @day)
                    ON CONFLICT DO NOTHING
                    """, ct, ("@p", swab.PersonId), ("@r", tube.RoundId), ("@t", tube.Id), ("@reason", reason), ("@c", community),
                    ("@now", now), ("@due", decision.RetestDueBy!.Value), ("@requester", swab.Requester), ("@day", swab.DayNumber));
                var current = tasks.GetValueOrDefault(community);
                tasks[community] = (current.People + 1, decision.RetestDueBy!.Value, reason);
            }
            if (decision.LiftsControl)
                // Lifted only when no other positive pool of theirs still waits for a re-test.
                await ExecAsync(connection, tx, """
                    UPDATE temporary_controls SET lifted_at = @now
                    WHERE person_id = @p AND lifted_at IS NULL AND NOT EXISTS (
                        SELECT 1 FROM retest_orders o WHERE o.person_id = @p AND o.reason = 'positive-pool' AND o.outcome = 0 AND o.id <> @order)
                    """, ct, ("@now", now), ("@p", swab.PersonId), ("@order", swab.RetestOrderId));
            if (decision.MakesCase)
            {
                await Outbox.AddAsync(connection, tx, TestingEvents.IndividualPositive,
                    new IndividualPositiveResult(swab.PersonId, swab.SampleId, swab.Community, swab.CollectedAt), now, ct);
                wroteEvent = true;
            }
        }
        if (tasks.Count > 0)
        {
            await db.Database.UseTransactionAsync(tx, ct);
            foreach (var (community, t) in tasks)
            {
                var title = t.Reason == "positive-pool"
                    ? $"混管阳性：采样管 {tube.Code} 的 {t.People} 人须单管复核，并落实临时管控"
                    : $"采样管 {tube.Code} 检测无效：{t.People} 人须重新采样";
                await SupervisedTasks.RaiseAsync(db, t.Reason == "positive-pool" ? "positive-pool" : "invalid-tube", tube.Id.ToString(),
                    community, title, now, t.DueBy, ct);
            }
            await db.SaveChangesAsync(ct);
        }
        return (wroteEvent, swabs.Select(s => s.Community).Distinct().ToList());
    }

    static async Task<HashSet<string>> KnownEventsAsync(DbConnection connection, DbTransaction tx, bool postgres, string[] eventIds, CancellationToken ct)
    {
        if (eventIds.Length == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = "SELECT event_id FROM lab_results WHERE " + Sql.InList(cmd, postgres, "event_id", "@e", eventIds);
        return (await Sql.ReadAsync(cmd, r => r.GetString(0), ct)).ToHashSet();
    }

    /// <summary>
    /// The batch's tubes, read once. On PostgreSQL their rows stay locked until commit (in code order, so batches
    /// never deadlock): two labs reporting one tube at once cannot both apply a first result.
    /// </summary>
    static async Task<Dictionary<string, TubeRow>> TubesAsync(DbConnection connection, DbTransaction tx, bool postgres, string[] codes, CancellationToken ct)
    {
        if (codes.Length == 0) return [];
        await using var cmd = Sql.Command(connection, tx, "");
        cmd.CommandText = $"SELECT {TubeColumns} FROM tubes WHERE " + Sql.InList(cmd, postgres, "code", "@t", codes)
            + (postgres ? " ORDER BY code FOR UPDATE" : "");
        return (await Sql.ReadAsync(cmd, ReadTube, ct)).ToDictionary(t => t.Code);
    }

    /// <summary>One tube by id, locked on PostgreSQL until commit.</summary>
    internal static async Task<TubeRow?> TubeAsync(DbConnection connection, DbTransaction tx, bool postgres, long tubeId, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, tx, $"SELECT {TubeColumns} FROM tubes WHERE id = @id" + (postgres ? " FOR UPDATE" : ""), "@id");
        cmd.Set("@id", tubeId);
        return (await Sql.ReadAsync(cmd, ReadTube, ct)).SingleOrDefault();
    }

    const string TubeColumns = "id, round_id, code, community_code, outcome, count";

    static TubeRow ReadTube(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), (Outcome)r.GetInt32(4), r.GetInt32(5));

    static async Task<List<Swab>> SwabsAsync(DbConnection connection, DbTransaction tx, long tubeId, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, tx, """
            SELECT s.id, s.person_id, s.community_code, s.building_id, s.retest_order_id, s.collected_at, o.requester, o.day_number, o.community_code
            FROM samples s LEFT JOIN retest_orders o ON o.id = s.retest_order_id
            WHERE s.tube_id = @t ORDER BY s.id
            """, "@t");
        cmd.Set("@t", tubeId);
        return await Sql.ReadAsync(cmd, r => new Swab(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
            DateTime.SpecifyKind(r.GetDateTime(5), DateTimeKind.Utc), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetInt32(7),
            r.IsDBNull(8) ? null : r.GetString(8)), ct);
    }

    static async Task InsertResultAsync(DbConnection connection, DbTransaction tx, ResultEvent r, string sentBy, long tubeId, Outcome outcome,
        DateTime reportedAt, DateTime now, bool conflicting, CancellationToken ct) =>
        await ExecAsync(connection, tx, """
            INSERT INTO lab_results (event_id, tube_id, outcome, ct_orf1ab, ct_n, lab, sent_by, reported_at, received_at, conflicting)
            VALUES (@e, @t, @o, @c1, @c2, @lab, @by, @rep, @now, @conf)
            """, ct, ("@e", r.EventId), ("@t", tubeId), ("@o", (int)outcome), ("@c1", r.CtOrf1ab), ("@c2", r.CtN), ("@lab", r.Lab?.Trim()),
            ("@by", sentBy), ("@rep", reportedAt), ("@now", now), ("@conf", conflicting));

    static async Task ExecAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] values)
    {
        await using var cmd = Sql.Command(connection, tx, sql, values.Select(v => v.Name).ToArray());
        foreach (var (name, value) in values) cmd.Set(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
