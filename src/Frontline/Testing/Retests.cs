using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

public sealed record RetestView(string Id, string PersonId, string PersonName, string TubeCode, [OneOf("positive-pool", "invalid-tube")] string Reason,
    DateTimeOffset DueBy, [OneOf("due", "overdue", "done")] string Status, string CommunityCode, DateTimeOffset? SampledAt,
    [OneOf(typeof(Outcome))] string Outcome);

/// <summary>The individual re-tests ordered by positive pools and invalid tubes: due, overdue and done, in the caller's scope.</summary>
public sealed class Retests(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
{
    public async Task<Paged<RetestView>> ListAsync(Caller caller, long? roundId, string? status, string? jurisdiction, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Orders a tube's result made (a stay's scheduled tests are listed by TestOrders); one withdrawn by its requester is nobody's work.
        var q = db.Set<RetestOrder>().AsNoTracking().InScope(scope).Where(o => o.SourceTubeId != null && o.CancelledAt == null);
        if (roundId is { } r) q = q.Where(o => o.RoundId == r);
        q = status switch
        {
            "due" => q.Where(o => o.SampleId == null && o.DueBy > now),
            "overdue" => q.Where(o => o.SampleId == null && o.DueBy <= now),
            "done" => q.Where(o => o.SampleId != null),
            null or "" => q,
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(o => o.DueBy).ThenBy(o => o.Id).Skip(page.Skip).Take(page.PageSize)
            .Join(db.Set<Tube>(), o => o.SourceTubeId!.Value, t => t.Id, (o, t) => new { o, t.Code })
            .Join(db.Persons, x => x.o.PersonId, p => p.Id, (x, p) => new { x.o, x.Code, p.Name })
            .ToListAsync(ct);
        return new(total, rows.OrderBy(x => x.o.DueBy).ThenBy(x => x.o.Id).Select(x => new RetestView(x.o.Id.ToString(), x.o.PersonId.ToString(), x.Name,
            x.Code, x.o.Reason, x.o.DueBy.ToChina(), x.o.SampleId is not null ? "done" : x.o.DueBy <= now ? "overdue" : "due",
            x.o.CommunityCode, x.o.SampledAt?.ToChina(), x.o.Outcome.ToString().ToLowerInvariant())).ToList());
    }
}
