using Frontline.Investigation;

namespace Frontline.Tests.Investigation;

/// <summary>The server's tidy layout of a chain of transmission: no overlaps, parents above children, generations on rows, linear time.</summary>
public sealed class ChainLayoutTests
{
    /// <summary>A deterministic forest: <paramref name="cases"/> cases, each infected by an earlier one (some roots), and contacts under them.</summary>
    public static List<ChainLayout.Input> Forest(int cases, int contacts, int seed = 7)
    {
        var random = new Random(seed);
        var nodes = new List<ChainLayout.Input>(cases + contacts);
        for (var i = 0; i < cases; i++) nodes.Add(new(i == 0 || random.Next(50) == 0 ? -1 : random.Next(Math.Max(0, i - 40), i), 0));
        var closeIndexes = new List<int>();
        for (var i = 0; i < contacts; i++)
        {
            if (closeIndexes.Count > 0 && random.Next(4) == 0)
                nodes.Add(new(closeIndexes[random.Next(closeIndexes.Count)], 2));
            else
            {
                closeIndexes.Add(nodes.Count);
                nodes.Add(new(random.Next(cases), 1));
            }
        }
        return nodes;
    }

    static void AssertTidy(IReadOnlyList<ChainLayout.Input> nodes, ChainLayout.Placed[] placed)
    {
        Assert.Equal(nodes.Count, placed.Length);
        // No two nodes on one spot: on each row, x at least half a column apart.
        foreach (var row in Enumerable.Range(0, nodes.Count).GroupBy(i => placed[i].Y))
        {
            var xs = row.Select(i => placed[i].X).Order().ToArray();
            for (var k = 1; k < xs.Length; k++) Assert.True(xs[k] - xs[k - 1] >= 0.5, $"row {row.Key}: {xs[k - 1]} and {xs[k]}");
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var p = nodes[i].Parent;
            if (p < 0) continue;
            Assert.True(placed[p].Y < placed[i].Y, $"node {i} is not below its parent {p}");
            // Generations on rows: a case one generation below its infector, contacts in their case's generation.
            Assert.Equal(nodes[i].Level == 0 ? placed[p].Generation + 1 : placed[p].Generation, placed[i].Generation);
            Assert.Equal((placed[i].Generation - 1) * ChainLayout.RowsPerGeneration + nodes[i].Level, placed[i].Y);
        }
    }

    [Fact]
    public void A_small_chain_is_laid_out_as_a_tidy_tree()
    {
        // 0 → 1 → 3; 0 → 2; contacts: 4 (close of 1), 5 (secondary via 4), 6 (close of 0). A second tree: 7 with contact 8.
        ChainLayout.Input[] nodes = [new(-1, 0), new(0, 0), new(0, 0), new(1, 0), new(1, 1), new(4, 2), new(0, 1), new(-1, 0), new(7, 1)];
        var placed = ChainLayout.Layout(nodes);
        AssertTidy(nodes, placed);
        Assert.Equal(1, placed[0].Generation);
        Assert.Equal(3, placed[3].Generation);
        Assert.Equal(0, placed[0].Y);
        Assert.Equal(3, placed[1].Y);
        Assert.Equal(4, placed[4].Y);
        Assert.Equal(5, placed[5].Y);
        // The parent over the middle of its children; the second tree to the right of the first.
        Assert.Equal((placed[1].X + placed[6].X) / 2, placed[0].X);
        Assert.True(placed[7].X > nodes.Take(7).Select((_, i) => placed[i].X).Max());
    }

    [Fact]
    public void A_cycle_in_bad_data_is_cut_and_every_node_still_placed()
    {
        ChainLayout.Input[] nodes = [new(2, 0), new(0, 0), new(1, 0), new(-1, 0), new(3, 1)];
        var placed = ChainLayout.Layout(nodes);
        Assert.Equal(5, placed.Length);
        Assert.Equal(3, placed.Select(p => p.Generation).Distinct().Count(g => g <= 3 && g >= 1));
        Assert.Equal(5, placed.Select(p => (p.X, p.Y)).Distinct().Count());
    }

    [Fact]
    public void A_cluster_of_five_thousand_cases_and_twenty_thousand_contacts_is_tidy_and_fast()
    {
        var nodes = Forest(5_000, 20_000);
        ChainLayout.Layout(nodes);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var placed = ChainLayout.Layout(nodes);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        AssertTidy(nodes, placed);
        // Linear: 1.7 ms median in the chain benchmark (load 17 on two cores); a generous bound for a test run beside others.
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_chain_thousands_of_generations_deep_does_not_overflow_the_stack()
    {
        var nodes = Enumerable.Range(0, 50_000).Select(i => new ChainLayout.Input(i - 1, 0)).ToList();
        var placed = ChainLayout.Layout(nodes);
        Assert.Equal(50_000, placed[^1].Generation);
        Assert.All(placed, p => Assert.Equal(0, p.X));
    }
}
