using System.Globalization;

namespace Frontline.Tests.Security;

/// <summary>
/// How far this process's memory rose while something ran: the kernel's peak resident set (VmHWM, reset first
/// through /proc/self/clear_refs as bench/Frontline.Bench/Measure.cs does) over the resident set before, and the
/// managed heap sampled every 20 ms over the heap before. Where the peak cannot be reset, the resident set is
/// sampled too. The server runs in this process, so this is the server's memory for one upload.
/// </summary>
public sealed class PeakMemory : IDisposable
{
    readonly long residentBefore, heapBefore;
    readonly bool peakReset;
    readonly Timer sampler;
    long heapPeak, residentPeak;

    PeakMemory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        heapBefore = heapPeak = GC.GetTotalMemory(false);
        residentBefore = residentPeak = Status("VmRSS:") ?? Environment.WorkingSet;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            peakReset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        sampler = new Timer(_ => Sample(), null, 0, 20);
    }

    public static PeakMemory Start() => new();

    void Sample()
    {
        Raise(ref heapPeak, GC.GetTotalMemory(false));
        if (!peakReset) Raise(ref residentPeak, Environment.WorkingSet);
    }

    static void Raise(ref long peak, long now)
    {
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
    }

    /// <summary>The rise of the resident set at its peak, in bytes.</summary>
    public long Growth
    {
        get
        {
            Sample();
            var peak = peakReset ? Status("VmHWM:") ?? residentPeak : Interlocked.Read(ref residentPeak);
            return Math.Max(0, peak - residentBefore);
        }
    }

    /// <summary>The rise of the managed heap at its sampled peak, in bytes.</summary>
    public long HeapGrowth
    {
        get
        {
            Sample();
            return Math.Max(0, Interlocked.Read(ref heapPeak) - heapBefore);
        }
    }

    public override string ToString() => $"peak +{Growth / 1048576.0:0} MB resident, +{HeapGrowth / 1048576.0:0} MB heap";

    static long? Status(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        return null;
    }

    public void Dispose() => sampler.Dispose();
}
