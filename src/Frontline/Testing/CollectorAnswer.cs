using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>
/// A refused scan as the collector's phone needs it: the batch's refusal, and the name of the person it was for, so the
/// sampler can call them back by name (they hold that person's document in their hand). Null when nobody is registered
/// under the scanned document (unknown-person) or the item named no document.
/// </summary>
public sealed record SampleRejection(int Index, string? EventId, string Code, string Message, string? PersonName);

/// <summary>What the server holds for one tube of the batch after it: the swabs it accepted into it, from every phone.</summary>
public sealed record TubeTally(string TubeCode, int Accepted);

/// <summary>
/// The answer to a batch of scans: the common batch answer (accepted, duplicates, refusals) with each refusal's person
/// named, and the accepted count of every tube the batch touched, so that the phone's tally is the server's, not its own
/// count of what it sent.
/// </summary>
public sealed record SampleBatchAnswer(int Accepted, int Duplicates, IReadOnlyList<SampleRejection> Rejected, IReadOnlyList<TubeTally> Tubes);

public static class CollectorAnswer
{
    /// <summary>
    /// At most two indexed reads after the batch committed, each only when needed: the persons of the refused items (by
    /// document number, or by person id within the caller's jurisdiction: an id proves nothing about holding the
    /// document), and the tubes the ingest did not reach (items refused before it looked at tubes), by code, those of
    /// the caller's jurisdiction. The tubes it reached it read under their lock and reports as they stood at its commit.
    /// </summary>
    public static async Task<SampleBatchAnswer> ExplainAsync(IDbContextFactory<FrontlineDb> dbs, Caller caller, IReadOnlyList<SampleEvent?> events,
        SampleIngestOutcome outcome, CancellationToken ct = default)
    {
        var answer = outcome.Answer;
        var refused = answer.Rejected.Select(r => (Rejection: r, Event: r.Index >= 0 && r.Index < events.Count ? events[r.Index] : null)).ToList();
        static string DocOf(SampleEvent? e) => IdentityDocuments.Normalise(e?.IdNumber);
        var docs = refused.Select(r => DocOf(r.Event)).Where(d => d.Length is > 0 and <= 32).Distinct().ToList();
        var personIds = refused.Select(r => long.TryParse(r.Event?.PersonId, out var id) ? id : (long?)null).OfType<long>().Distinct().ToList();
        var codes = events.Select(e => e?.TubeCode?.Trim()).OfType<string>().Where(c => c.Length is > 0 and <= 64).Distinct().ToList();
        var unread = codes.Where(c => !outcome.Tubes.ContainsKey(c)).ToList();
        // Most batches need neither read: no context is made for them.
        await using var db = docs.Count + personIds.Count + unread.Count > 0 ? await dbs.CreateDbContextAsync(ct) : null;
        var byDoc = docs.Count == 0 ? [] : (await db!.Persons.Where(p => docs.Contains(p.DocNumber))
                .Select(p => new { p.DocNumber, p.Name }).ToListAsync(ct))
            .GroupBy(p => p.DocNumber).ToDictionary(g => g.Key, g => g.First().Name);
        var byId = personIds.Count == 0 ? [] : (await db!.Persons.Where(p => personIds.Contains(p.Id))
                .Select(p => new { p.Id, p.Name, p.CommunityCode }).ToListAsync(ct))
            .Where(p => caller.Scope.Contains(p.CommunityCode)).ToDictionary(p => p.Id, p => p.Name);
        var rejected = refused.Select(r =>
        {
            string? name = null;
            if (long.TryParse(r.Event?.PersonId, out var id)) byId.TryGetValue(id, out name);
            else byDoc.TryGetValue(DocOf(r.Event), out name);
            return new SampleRejection(r.Rejection.Index, r.Rejection.EventId, r.Rejection.Code, r.Rejection.Message, name);
        }).ToList();

        var held = outcome.Tubes.Where(t => caller.Scope.Contains(t.Value.Community)).ToDictionary(t => t.Key, t => t.Value.Count);
        if (unread.Count > 0)
            foreach (var t in await db!.Set<Tube>().Where(t => unread.Contains(t.Code)).Select(t => new { t.Code, t.Count, t.CommunityCode }).ToListAsync(ct))
                if (caller.Scope.Contains(t.CommunityCode)) held[t.Code] = t.Count;
        // A tube none of whose scans was ever accepted does not exist on the server: it holds nothing.
        var tubes = codes.Select(c => new TubeTally(c, held.GetValueOrDefault(c))).ToList();
        return new SampleBatchAnswer(answer.Accepted, answer.Duplicates, rejected, tubes);
    }
}
