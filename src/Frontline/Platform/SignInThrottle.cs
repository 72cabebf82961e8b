using System.Net;
using Microsoft.Extensions.Caching.Memory;

namespace Frontline.Platform;

/// <summary>
/// Failed sign-ins counted per (account, address). After <see cref="FreeFailures"/> failures that address waits
/// 2^n seconds (n = its failures, at most <see cref="MaxWait"/>) before it may try that account again; the
/// account itself stays open to every other address, so nobody can lock the administrator out from outside.
/// Unknown names are counted the same way, so a throttled answer tells nothing about whether a name exists.
/// </summary>
/// <remarks>
/// Held in this process: with several nodes behind a balancer each node counts on its own, which multiplies an
/// address's free attempts by the number of nodes; a shared counter (a table or Redis, keyed the same way) would
/// close that. Behind a reverse proxy the address is the proxy's unless forwarded headers are configured for it.
/// </remarks>
public sealed class SignInThrottle(TimeProvider clock) : IDisposable
{
    public const int FreeFailures = 4;
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);
    // A count is forgotten after an hour in which nobody tried that pair; a success forgets it at once.
    static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    sealed class Count
    {
        public int Failures;
        public DateTimeOffset WaitUntil;
    }

    // Bounded: a spray of made-up names from many addresses cannot grow it without end (the oldest go first).
    readonly MemoryCache counts = new(new MemoryCacheOptions { SizeLimit = 100_000, CompactionPercentage = 0.2 });

    /// <summary>The wait before an address may try an account again after its n-th failure in a row.</summary>
    public static TimeSpan WaitAfter(int failures) =>
        failures <= FreeFailures ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(MaxWait.TotalSeconds, Math.Pow(2, Math.Min(failures, 30))));

    /// <summary>How long this address must still wait for this account, or null when it may try now.</summary>
    public TimeSpan? WaitFor(string? account, string? address)
    {
        if (!counts.TryGetValue(Key(account, address), out Count? count) || count is null) return null;
        lock (count)
        {
            var left = count.WaitUntil - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    public void Failed(string? account, string? address)
    {
        var count = counts.GetOrCreate(Key(account, address), entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = Memory;
            return new Count();
        })!;
        lock (count)
        {
            count.Failures++;
            count.WaitUntil = clock.GetUtcNow() + WaitAfter(count.Failures);
        }
    }

    public void Succeeded(string? account, string? address) => counts.Remove(Key(account, address));

    /// <summary>
    /// Names as Identity compares them; IPv6 addresses by their /64, which one subscriber usually holds whole
    /// (counting each of its addresses apart would give it 2^64 fresh starts).
    /// </summary>
    static (string, string) Key(string? account, string? address)
    {
        var name = (account ?? "").Trim().ToUpperInvariant();
        if (!IPAddress.TryParse(address, out var ip)) return (name, address ?? "local");
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return (name, new IPAddress(bytes) + "/64");
        }
        return (name, ip.ToString());
    }

    public void Dispose() => counts.Dispose();
}
