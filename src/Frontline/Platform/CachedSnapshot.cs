namespace Frontline.Platform;

/// <summary>
/// A small, read-mostly table held in memory (jurisdictions, rounds, sites): loaded once by one caller while
/// the others wait, dropped when this node changes it, and reloaded after a short age so that changes made
/// by another node show within that time.
/// </summary>
public sealed class CachedSnapshot<T>(Func<CancellationToken, Task<T>> load, TimeProvider clock, TimeSpan maxAge) where T : class
{
    sealed record Entry(DateTimeOffset LoadedAt, T Value);

    volatile Entry? current;
    readonly SemaphoreSlim loading = new(1, 1);

    public async Task<T> GetAsync(CancellationToken ct)
    {
        if (Fresh(current) is { } value) return value;
        await loading.WaitAsync(ct);
        try
        {
            if (Fresh(current) is { } loaded) return loaded;
            var entry = new Entry(clock.GetUtcNow(), await load(ct));
            current = entry;
            return entry.Value;
        }
        finally
        {
            loading.Release();
        }
    }

    public void Invalidate() => current = null;

    /// <summary>
    /// For a key that is not there yet: reload, unless the snapshot is only moments old — a batch of a thousand
    /// unknown ids must not reload it a thousand times.
    /// </summary>
    public void InvalidateIfOlderThan(TimeSpan age)
    {
        var entry = current;
        if (entry is not null && clock.GetUtcNow() - entry.LoadedAt >= age) current = null;
    }

    T? Fresh(Entry? entry) => entry is not null && clock.GetUtcNow() - entry.LoadedAt < maxAge ? entry.Value : null;
}
