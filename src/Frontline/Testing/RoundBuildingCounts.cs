using System.Data.Common;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>
/// What one scan or result batch changes in the per-(round, building) counts (<see cref="RoundBuildingCount"/>), gathered in
/// memory and written once per distinct (round, building) when the batch ends, inside its transaction: a batch of a
/// thousand scans touches a few buildings, so the hot path pays a few upserts a batch, never one a scan. Re-tests are not
/// counted (a zone's round is its residents' samples of the round, one each).
/// </summary>
sealed class RoundBuildingTally
{
    readonly Dictionary<(long Round, long Building), (int Sampled, int Negative, int Positive, int Invalid)> changes = [];

    /// <summary><paramref name="people"/> sampled in the round, living in the building when sampled, their result pending.</summary>
    public void Sampled(long round, long building, int people)
    {
        var c = changes.GetValueOrDefault((round, building));
        changes[(round, building)] = c with { Sampled = c.Sampled + people };
    }

    /// <summary>A tube's result reached <paramref name="people"/> of the building: they leave <paramref name="from"/> (pending counts nowhere) for <paramref name="to"/>.</summary>
    public void Moved(long round, long building, Outcome from, Outcome to, int people)
    {
        var c = changes.GetValueOrDefault((round, building));
        c = Add(c, from, -people);
        changes[(round, building)] = Add(c, to, people);
    }

    static (int Sampled, int Negative, int Positive, int Invalid) Add((int Sampled, int Negative, int Positive, int Invalid) c, Outcome outcome, int n) =>
        outcome switch
        {
            Outcome.Negative => c with { Negative = c.Negative + n },
            Outcome.Positive => c with { Positive = c.Positive + n },
            Outcome.Invalid => c with { Invalid = c.Invalid + n },
            _ => c,
        };

    /// <summary>
    /// Adds the batch's changes to the running counts inside the caller's transaction, in (round, building) order so that
    /// two batches on PostgreSQL take the rows' locks in the same order and never deadlock.
    /// </summary>
    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        await using var cmd = Sql.Command(connection, transaction, """
            INSERT INTO round_building_counts (round_id, building_id, sampled, negative, positive, invalid)
            VALUES (@r, @b, @s, @n, @p, @i)
            ON CONFLICT (round_id, building_id) DO UPDATE SET
                sampled = round_building_counts.sampled + excluded.sampled,
                negative = round_building_counts.negative + excluded.negative,
                positive = round_building_counts.positive + excluded.positive,
                invalid = round_building_counts.invalid + excluded.invalid
            """, "@r", "@b", "@s", "@n", "@p", "@i");
        foreach (var ((round, building), c) in changes.OrderBy(e => e.Key.Round).ThenBy(e => e.Key.Building))
        {
            if (c == default) continue;
            cmd.Set("@r", round);
            cmd.Set("@b", building);
            cmd.Set("@s", c.Sampled);
            cmd.Set("@n", c.Negative);
            cmd.Set("@p", c.Positive);
            cmd.Set("@i", c.Invalid);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        changes.Clear();
    }
}

/// <summary>The per-(round, building) counts as the round's samples say them, for data written around the ingest.</summary>
static class RoundBuildingCounts
{
    /// <summary>
    /// Replaces a round's counts with a count of its samples (one pass over the round by its index). For samples written
    /// without the ingest — a benchmark's or a test's seeded week — and for checking that the running counts are right.
    /// </summary>
    public static async Task RecountAsync(DbConnection connection, DbTransaction? transaction, long roundId, CancellationToken ct)
    {
        await using var delete = Sql.Command(connection, transaction, "DELETE FROM round_building_counts WHERE round_id = @r", "@r");
        delete.Set("@r", roundId);
        await delete.ExecuteNonQueryAsync(ct);
        await using var insert = Sql.Command(connection, transaction, $"""
            INSERT INTO round_building_counts (round_id, building_id, sampled, negative, positive, invalid)
            SELECT round_id, building_id, COUNT(*),
                SUM(CASE WHEN outcome = {(int)Outcome.Negative} THEN 1 ELSE 0 END), SUM(CASE WHEN outcome = {(int)Outcome.Positive} THEN 1 ELSE 0 END),
                SUM(CASE WHEN outcome = {(int)Outcome.Invalid} THEN 1 ELSE 0 END)
            FROM samples WHERE round_id = @r AND retest_order_id IS NULL
            GROUP BY round_id, building_id
            """, "@r");
        insert.Set("@r", roundId);
        await insert.ExecuteNonQueryAsync(ct);
    }
}
