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
    /// Finds something in the snapshot; what is not there may have been added on another node a moment ago, so the
    /// snapshot is reloaded once — unless it is only a second old: a batch of a thousand unknown ids must not reload
    /// it a thousand times.
    /// </summary>
    public async Task<TResult?> FindAsync<TResult>(Func<T, TResult?> find, CancellationToken ct) where TResult : class
    {
        if (find(await GetAsync(ct)) is { } found) return found;
        InvalidateIfOlderThan(TimeSpan.FromSeconds(1));
        return find(await GetAsync(ct));
    }

    void InvalidateIfOlderThan(TimeSpan age)
    {
        var entry = current;
        if (entry is not null && clock.GetUtcNow() - entry.LoadedAt >= age) current = null;
    }

    T? Fresh(Entry? entry) => entry is not null && clock.GetUtcNow() - entry.LoadedAt < maxAge ? entry.Value : null;
}
