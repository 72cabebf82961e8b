using System.Threading.RateLimiting;

namespace Frontline.Platform;

/// <summary>One refused item of a batch: where it was, its event id, the code and the words for it.</summary>
public sealed record BatchRejection(int Index, string? EventId, string Code, string Message)
{
    public static BatchRejection Of(int index, string? eventId, string code, params object?[] args) =>
        new(index, eventId, code, ErrorCatalog.Message(code, null, args));
}

/// <summary>The answer to every batch endpoint: how many were stored, how many were retries, and each refusal.</summary>
public sealed record BatchAnswer(int Accepted, int Duplicates, IReadOnlyList<BatchRejection> Rejected);

/// <summary>
/// Back-pressure for the batch endpoints (scans, results, check-ins): a bounded number of batches at work and a short
/// queue; past that, 429 at once with Retry-After instead of piling requests up until the devices time out. Each account
/// passes its own share first (<c>Frontline:IngestPerAccount</c> of the slots, and as much of the queue), so one account's
/// flood — a device stuck re-sending, a script — takes at most its share of the slots and leaves the rest to everyone else.
/// </summary>
public static class IngestLimit
{
    public const string Policy = "ingest";

    public static IServiceCollection AddIngestLimit(this IServiceCollection services) =>
        services.AddSingleton<IngestSlots>()
            .Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy(Policy, http =>
            {
                var slots = http.RequestServices.GetRequiredService<IngestSlots>();
                // The rate limiter runs after authorization: every batch endpoint has a signed-in caller here.
                return RateLimitPartition.Get(http.User.Identity?.Name ?? "", _ => slots.ForAccount());
            }));

    /// <summary>A batch endpoint: its permission and the shared limit.</summary>
    public static TBuilder AsIngest<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy);
}

/// <summary>The ingest slots every account shares, and the share each account may hold of them.</summary>
sealed class IngestSlots : IDisposable
{
    readonly ConcurrencyLimiter shared;
    readonly int share, shareQueue;

    public IngestSlots(IConfiguration config)
    {
        var permits = Math.Max(1, config.GetValue("Frontline:IngestConcurrency", 4));
        var queue = Math.Max(0, config.GetValue("Frontline:IngestQueue", 32));
        share = Math.Clamp(config.GetValue("Frontline:IngestPerAccount", Math.Max(1, permits / 2)), 1, permits);
        shareQueue = queue * share / permits;
        shared = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public RateLimiter ForAccount() => new FairShare(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
    {
        PermitLimit = share, QueueLimit = shareQueue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    }), shared);

    public void Dispose() => shared.Dispose();

    /// <summary>
    /// An account's own limiter in front of the shared one: a batch holds its account's permit while it waits for or holds a
    /// shared slot, so an account never has more than its share in the shared slots and queue. Disposing it (the rate
    /// limiting middleware does when the account has been idle) leaves the shared slots alone.
    /// </summary>
    sealed class FairShare(ConcurrencyLimiter account, ConcurrencyLimiter shared) : RateLimiter
    {
        public override TimeSpan? IdleDuration => account.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => account.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            var own = account.AttemptAcquire(permitCount);
            if (!own.IsAcquired) return own;
            var slot = shared.AttemptAcquire(permitCount);
            if (slot.IsAcquired) return new Both(own, slot);
            own.Dispose();
            return slot;
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            var own = await account.AcquireAsync(permitCount, cancellationToken);
            if (!own.IsAcquired) return own;
            try
            {
                var slot = await shared.AcquireAsync(permitCount, cancellationToken);
                if (slot.IsAcquired) return new Both(own, slot);
                own.Dispose();
                return slot;
            }
            catch
            {
                own.Dispose();
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) account.Dispose();
        }

        protected override ValueTask DisposeAsyncCore() => account.DisposeAsync();
    }

    sealed class Both(RateLimitLease own, RateLimitLease slot) : RateLimitLease
    {
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => own.MetadataNames.Concat(slot.MetadataNames).Distinct();

        public override bool TryGetMetadata(string metadataName, out object? metadata) =>
            slot.TryGetMetadata(metadataName, out metadata) || own.TryGetMetadata(metadataName, out metadata);

        protected override void Dispose(bool disposing)
        {
            if (!disposing) return;
            slot.Dispose();
            own.Dispose();
        }
    }
}
