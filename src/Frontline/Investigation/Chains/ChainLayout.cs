namespace Frontline.Investigation;

/// <summary>
/// A tidy layout of a forest, computed on the server in linear time. Each node has at most one parent (a case its one
/// infector; a close contact its case; a secondary contact its close contact), so the cluster is a forest.
/// Leaves take consecutive columns, left to right in the order given; a parent is centred over its first and last child.
/// Every subtree thus owns a band of columns of its own, which is what keeps nodes apart: two nodes on one row are never
/// each other's ancestors, so their bands do not meet and their columns differ by at least half a column. (Reingold–Tilford
/// packs closer where a shallow leaf stands beside a deep subtree, by overlapping bands where the contours allow; a chain
/// of transmission spends most of its width on contact leaves, which neither can pack, and this is one pass with no
/// contour bookkeeping.)
/// Rows: a case of generation g (the root is 1) sits on row 3(g − 1); its close contacts one row below, their secondary
/// contacts two rows below. Trees of the forest stand side by side, a column apart.
/// </summary>
public static class ChainLayout
{
    /// <summary>0 a case, 1 a close contact, 2 a secondary contact: the row within a generation.</summary>
    public readonly record struct Input(int Parent, int Level);

    public readonly record struct Placed(double X, double Y, int Generation);

    public const int RowsPerGeneration = 3;

    /// <summary>
    /// Lays out <paramref name="nodes"/> (parents given by index, -1 for a root; a node's children in the order they
    /// appear). A parent pointer that would close a cycle is cut there and the node laid out as a root.
    /// </summary>
    public static Placed[] Layout(IReadOnlyList<Input> nodes)
    {
        var n = nodes.Count;
        // Children lists in CSR form: one pass to count, one to fill, in input order.
        var childStart = new int[n + 1];
        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = nodes[i].Parent is var p && p >= 0 && p < n && p != i ? p : -1;
        BreakCycles(parent);
        for (var i = 0; i < n; i++) if (parent[i] >= 0) childStart[parent[i] + 1]++;
        for (var i = 0; i < n; i++) childStart[i + 1] += childStart[i];
        var children = new int[childStart[n]];
        var fill = (int[])childStart.Clone();
        for (var i = 0; i < n; i++) if (parent[i] >= 0) children[fill[parent[i]]++] = i;

        var x = new double[n];
        var generation = new int[n];
        var next = 0.0;
        var stack = new Stack<(int Node, bool Done)>();
        for (var root = 0; root < n; root++)
        {
            if (parent[root] >= 0) continue;
            if (next > 0) next += 1;
            // Generations, top down.
            generation[root] = 1;
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (node, done) = stack.Pop();
                var from = childStart[node];
                var to = childStart[node + 1];
                if (!done)
                {
                    stack.Push((node, true));
                    for (var c = to - 1; c >= from; c--)
                    {
                        var child = children[c];
                        generation[child] = nodes[child].Level == 0 ? generation[node] + 1 : generation[node];
                        stack.Push((child, false));
                    }
                    continue;
                }
                // Post-order: a leaf takes the next column, a parent the middle of its children's.
                if (from == to) x[node] = next++;
                else x[node] = (x[children[from]] + x[children[to - 1]]) / 2;
            }
        }
        var placed = new Placed[n];
        for (var i = 0; i < n; i++)
            placed[i] = new Placed(x[i], (generation[i] - 1) * RowsPerGeneration + Math.Clamp(nodes[i].Level, 0, 2), generation[i]);
        return placed;
    }

    /// <summary>Cuts every parent pointer that closes a cycle (bad data: A infected B infected A), so every node is reached from a root.</summary>
    static void BreakCycles(int[] parent)
    {
        var state = new byte[parent.Length]; // 0 unseen, 1 on the current path, 2 settled
        var path = new List<int>();
        for (var start = 0; start < parent.Length; start++)
        {
            if (state[start] != 0) continue;
            path.Clear();
            var node = start;
            while (node >= 0 && state[node] == 0)
            {
                state[node] = 1;
                path.Add(node);
                node = parent[node];
            }
            if (node >= 0 && state[node] == 1) parent[node] = -1;
            foreach (var p in path) state[p] = 2;
        }
    }
}
