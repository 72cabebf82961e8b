using Frontline.Platform.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform.Scheduling;

/// <summary>
/// Two servers on one PostgreSQL database, both running the clustered scheduler: every occurrence of every work runs
/// on exactly one of them.
/// </summary>
public sealed class SchedulerClusterTests : IDisposable
{
    static readonly string[] WorkNames = ["test.cluster-a", "test.cluster-b", "test.cluster-c"];
    const int OccurrencesEach = 8;
    readonly SharedDatabase database = new("postgres");

    static void Works(IServiceCollection services)
    {
        // Three works, each busy for a moment, so that both nodes meet occurrences while the other is occupied: on a
        // loaded two-core machine one node could otherwise win every acquisition and the test would prove nothing.
        foreach (var name in WorkNames) services.AddScheduledWork<BusyWork>(name, WorkSchedule.Interval(TimeSpan.FromSeconds(1)));
    }

    [SkippableFact]
    public async Task Two_servers_sharing_one_PostgreSQL_database_run_each_occurrence_once_and_both_take_part()
    {
        database.SkipIfUnavailable();
        await using var first = database.Node(Works);
        // One after the other: the first one migrates the database.
        var firstId = await first.StartAsync();
        await using var second = database.Node(Works);
        var secondId = await second.StartAsync();
        Assert.NotEqual(firstId, secondId);

        // Both nodes are members of the cluster (each checks in to Quartz's state table).
        Assert.Equal(2, await first.ScalarAsync<int>(
            "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE instance_name IN (@a, @b)", ("@a", firstId), ("@b", secondId)));

        // Both nodes ran something and every work reached its count; the bound is only there to end a broken run.
        var bothRan = await Eventually.HoldsAsync(async () =>
        {
            var runs = await AllRunsAsync(first);
            return runs.Select(r => r.NodeId).Distinct().Count() == 2
                && WorkNames.All(w => runs.Count(r => r.WorkName == w && r.Outcome is not null) >= OccurrencesEach);
        }, seconds: 180);

        var all = await AllRunsAsync(first);
        var duplicates = all.GroupBy(r => (r.WorkName, r.ScheduledFor)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.WorkName} @ {g.Key.ScheduledFor:O} on {string.Join(" and ", g.Select(r => r.NodeId))}").ToList();
        Assert.True(duplicates.Count == 0, "occurrences run twice: " + string.Join("; ", duplicates));
        Assert.True(bothRan, $"expected runs from both nodes and {OccurrencesEach} of each work; got " +
            string.Join(", ", all.GroupBy(r => r.NodeId).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.All(all.Where(r => r.Outcome is not null), r => Assert.Equal(ScheduledRunOutcome.Ok, r.Outcome));
    }

    static async Task<List<ScheduledRun>> AllRunsAsync(SchedulerNode node)
    {
        var runs = new List<ScheduledRun>();
        foreach (var name in WorkNames) runs.AddRange(await node.RunsAsync(name));
        return runs;
    }

    public void Dispose() => database.Dispose();
}
