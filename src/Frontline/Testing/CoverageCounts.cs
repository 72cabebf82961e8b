using System.Data.Common;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>The running per-(round, community) counts that coverage reads, kept by the scan and result transactions.</summary>
static class CoverageCounts
{
    /// <summary>
    /// Counts <paramref name="people"/> of a community (negative: takes them out) under a tube's outcome, and the tube
    /// among the positive ones when it is positive.
    /// </summary>
    public static Task AddOutcomeAsync(DbConnection connection, DbTransaction transaction, long roundId, string community, Outcome outcome,
        int people, CancellationToken ct) =>
        AddAsync(connection, transaction, roundId, community, 0,
            outcome == Outcome.Negative ? people : 0, outcome == Outcome.Positive ? people : 0, outcome == Outcome.Invalid ? people : 0, ct,
            positiveTubes: outcome == Outcome.Positive ? Math.Sign(people) : 0);

    /// <summary>Adds to the running coverage counts of (round, community) inside the caller's transaction.</summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, long roundId, string community,
        int sampled, int negative, int positive, int invalid, CancellationToken ct, int positiveTubes = 0, int infantsSampled = 0)
    {
        await using var cmd = Sql.Command(connection, transaction, """
            INSERT INTO coverage_counts (round_id, community_code, sampled, negative, positive, invalid, positive_tubes, infants_sampled)
            VALUES (@r, @c, @s, @n, @p, @i, @pt, @is)
            ON CONFLICT (round_id, community_code) DO UPDATE SET
                sampled = coverage_counts.sampled + excluded.sampled,
                negative = coverage_counts.negative + excluded.negative,
                positive = coverage_counts.positive + excluded.positive,
                invalid = coverage_counts.invalid + excluded.invalid,
                positive_tubes = coverage_counts.positive_tubes + excluded.positive_tubes,
                infants_sampled = coverage_counts.infants_sampled + excluded.infants_sampled
            """, "@r", "@c", "@s", "@n", "@p", "@i", "@pt", "@is");
        cmd.Set("@r", roundId);
        cmd.Set("@c", community);
        cmd.Set("@s", sampled);
        cmd.Set("@n", negative);
        cmd.Set("@p", positive);
        cmd.Set("@i", invalid);
        cmd.Set("@pt", positiveTubes);
        cmd.Set("@is", infantsSampled);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
