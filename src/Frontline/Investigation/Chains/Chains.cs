using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

public sealed record ChainNode(string Id, [OneOf("case", "contact")] string Kind, string Label, double X, double Y, int Generation,
    [System.ComponentModel.Description("close or secondary, for a contact; null for a case.")] string? ContactType = null, string? CaseId = null, bool InScope = true);

public sealed record ChainEdge(string From, string To, [OneOf("infection", "close", "secondary")] string Kind);

public sealed record Chain(string RootCaseId, int Cases, int Contacts, IReadOnlyList<ChainNode> Nodes, IReadOnlyList<ChainEdge> Edges);

/// <summary>
/// 传播链: the whole cluster a case belongs to — up the infector links to the root, down to every descendant — with the
/// contacts of its cases as leaves, laid out on the server (<see cref="ChainLayout"/>). Cases outside the caller's
/// jurisdiction stay in the picture as bare nodes (the chain would break without them) without their contacts; labels
/// are case numbers and masked names.
/// </summary>
public sealed class Chains(IDbContextFactory<FrontlineDb> dbs)
{
    const int Chunk = 500;

    public static string CaseNode(long id) => "c" + id;
    public static string ContactNode(long id) => "k" + id;

    public async Task<Chain> ForCaseAsync(Caller caller, long caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await Contacts.CaseInScopeAsync(db, caller, caseId, ct);
        // Every case's link, once: a district's cases number in the thousands, and walking the forest in memory is one
        // pass where a query per generation would be dozens of round trips for a long chain.
        var links = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.InfectorCaseId, c.PersonId, c.CommunityCode }).ToListAsync(ct);
        var byId = links.ToDictionary(l => l.Id);
        var root = caseId;
        var seen = new HashSet<long> { root };
        while (byId[root].InfectorCaseId is { } up && byId.ContainsKey(up) && seen.Add(up)) root = up;
        var childrenOf = links.Where(l => l.InfectorCaseId is not null).GroupBy(l => l.InfectorCaseId!.Value).ToDictionary(g => g.Key, g => g.Select(l => l.Id).Order().ToList());
        var cluster = new List<long>();
        var queue = new Queue<long>([root]);
        var inCluster = new HashSet<long> { root };
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            cluster.Add(id);
            foreach (var child in childrenOf.GetValueOrDefault(id, []))
                if (inCluster.Add(child)) queue.Enqueue(child);
        }
        var visible = cluster.Where(id => caller.Scope.Contains(byId[id].CommunityCode)).ToList();
        var contacts = new List<(long Id, long CaseId, long PersonId, ContactKind Kind, long? Via)>();
        foreach (var part in visible.Chunk(Chunk))
            contacts.AddRange((await db.Contacts.AsNoTracking().Where(c => part.Contains(c.CaseId))
                .Select(c => new { c.Id, c.CaseId, c.PersonId, c.Kind, c.ViaContactId }).ToListAsync(ct))
                .Select(c => (c.Id, c.CaseId, c.PersonId, c.Kind, c.ViaContactId)));
        // A contact who became a case of this cluster is drawn as that case, not twice.
        var casePersons = cluster.Select(id => byId[id].PersonId).ToHashSet();
        contacts = contacts.Where(c => !casePersons.Contains(c.PersonId)).OrderBy(c => c.CaseId).ThenBy(c => c.Kind).ThenBy(c => c.Id).ToList();
        var names = new Dictionary<long, string>();
        foreach (var part in contacts.Select(c => c.PersonId).Distinct().Chunk(Chunk))
            foreach (var p in await db.Persons.AsNoTracking().Where(p => part.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                names[p.Id] = p.Name;

        var index = new Dictionary<string, int>();
        var inputs = new List<ChainLayout.Input>();
        var nodes = new List<(string Id, string Kind, string Label, string? Type, string? CaseId, bool InScope)>();
        var edges = new List<ChainEdge>();
        foreach (var id in cluster)
        {
            index[CaseNode(id)] = nodes.Count;
            nodes.Add((CaseNode(id), "case", $"病例{id}", null, id.ToString(), caller.Scope.Contains(byId[id].CommunityCode)));
        }
        var contactIds = contacts.Select(c => c.Id).ToHashSet();
        foreach (var c in contacts)
        {
            index[ContactNode(c.Id)] = nodes.Count;
            nodes.Add((ContactNode(c.Id), "contact", Masking.Name(names.GetValueOrDefault(c.PersonId)) ?? "", ContactRules.Code(c.Kind), c.CaseId.ToString(), true));
        }
        foreach (var id in cluster)
        {
            var up = byId[id].InfectorCaseId;
            var parent = id != root && up is { } u && index.TryGetValue(CaseNode(u), out var pi) ? pi : -1;
            inputs.Add(new(parent, 0));
            if (parent >= 0) edges.Add(new(CaseNode(up!.Value), CaseNode(id), "infection"));
        }
        foreach (var c in contacts)
        {
            var viaNode = c.Via is { } v && contactIds.Contains(v) ? ContactNode(v) : null;
            var parentId = c.Kind == ContactKind.Secondary && viaNode is not null ? viaNode : CaseNode(c.CaseId);
            inputs.Add(new(index[parentId], c.Kind == ContactKind.Secondary && viaNode is not null ? 2 : 1));
            edges.Add(new(parentId, ContactNode(c.Id), ContactRules.Code(c.Kind)));
        }
        var placed = ChainLayout.Layout(inputs);
        var result = nodes.Select((n, i) => new ChainNode(n.Id, n.Kind, n.InScope ? n.Label : "辖区外病例", placed[i].X, placed[i].Y, placed[i].Generation,
            n.Type, n.CaseId, n.InScope)).ToList();
        return new Chain(root.ToString(), cluster.Count, contacts.Count, result, edges);
    }
}

/// <summary>
/// A chain as the drawing script takes it: parallel arrays and edges as index triples, about a third of the JSON of the
/// API's objects for a cluster of 25,000 nodes.
/// </summary>
public sealed record ChainDrawing(string[] Ids, string[] Labels, double[] X, double[] Y, int[] Kinds, string?[] CaseIds, int[] Edges)
{
    public static ChainDrawing From(Chain chain)
    {
        var index = new Dictionary<string, int>(chain.Nodes.Count);
        for (var i = 0; i < chain.Nodes.Count; i++) index[chain.Nodes[i].Id] = i;
        var edges = new int[chain.Edges.Count * 3];
        for (var i = 0; i < chain.Edges.Count; i++)
        {
            var e = chain.Edges[i];
            edges[3 * i] = index[e.From];
            edges[3 * i + 1] = index[e.To];
            edges[3 * i + 2] = e.Kind switch { "infection" => 0, "close" => 1, _ => 2 };
        }
        return new(chain.Nodes.Select(n => n.Id).ToArray(), chain.Nodes.Select(n => n.Label).ToArray(), chain.Nodes.Select(n => n.X).ToArray(),
            chain.Nodes.Select(n => n.Y).ToArray(),
            chain.Nodes.Select(n => n.Kind == "case" ? (n.InScope ? 0 : 1) : n.ContactType == "close" ? 2 : 3).ToArray(),
            chain.Nodes.Select(n => n.InScope ? n.CaseId : null).ToArray(), edges);
    }
}
