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
/// queue; past that, 429 at once with Retry-After instead of piling requests up until the devices time out.
/// </summary>
public static class IngestLimit
{
    public const string Policy = "ingest";

    public static IServiceCollection AddIngestLimit(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy(Policy, http =>
        {
            var config = http.RequestServices.GetRequiredService<IConfiguration>();
            return RateLimitPartition.GetConcurrencyLimiter(Policy, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = config.GetValue("Frontline:IngestConcurrency", 4),
                QueueLimit = config.GetValue("Frontline:IngestQueue", 32),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }));

    /// <summary>A batch endpoint: its permission and the shared limit.</summary>
    public static TBuilder AsIngest<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy);
}
