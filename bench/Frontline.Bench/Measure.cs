using System.Diagnostics;
using System.Globalization;
using Frontline.Registry;

namespace Frontline.Bench;

/// <summary>Process-wide measurements the benchmarks share.</summary>
static class Measure
{
    /// <summary>CPU time of the whole process (all threads, GC included).</summary>
    public static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) so it covers the measured part alone ("5" to clear_refs, Linux ≥ 4.0).</summary>
    public static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

readonly record struct Memory(long PeakWorkingSet, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan PauseTotal)
{
    public static Memory Now() => new(ReadPeakWorkingSet(), GC.GetTotalAllocatedBytes(precise: true),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>VmHWM from /proc/self/status (kB), else the runtime's own peak.</summary>
    static long ReadPeakWorkingSet()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}

/// <summary>Samples the managed heap (GC.GetTotalMemory) every 50 ms; the largest value seen is the peak.</summary>
sealed class HeapSampler : IDisposable
{
    readonly Timer timer;
    long peak;

    public HeapSampler() => timer = new Timer(_ => Sample(), null, 0, 50);

    void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
    }

    public long Stop()
    {
        timer.Dispose();
        Sample();
        return Interlocked.Read(ref peak);
    }

    public void Dispose() => timer.Dispose();
}

/// <summary>Reports on the importer's own thread (no posting), every tenth of the rows, to stderr.</summary>
sealed class ConsoleProgress(int rows) : IProgress<ImportProgress>
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    int next = Math.Max(1, rows / 10);

    public void Report(ImportProgress value)
    {
        if (value.RowsRead < next) return;
        next = value.RowsRead + Math.Max(1, rows / 10);
        Console.Error.Write($"\r  importing … {value.RowsRead:N0} rows ({value.Fraction:P0} of the file) in {clock.Elapsed.TotalSeconds:0.0} s   ");
    }

    public void Done() => Console.Error.WriteLine();
}
