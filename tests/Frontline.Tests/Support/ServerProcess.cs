using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Frontline.Tests.Support;

/// <summary>
/// Frontline as a real, separate server process (the built Frontline.dll beside the tests), so a test can
/// kill it with SIGKILL mid-write and start it again on the same data folder.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    readonly string dataFolder;
    readonly IReadOnlyDictionary<string, string> environment;
    Process? process;
    public int Port { get; } = FreePort();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public string DataFolder => dataFolder;

    /// <param name="environment">More settings for the process, e.g. Database__Provider=Postgres and its connection string.</param>
    public ServerProcess(string dataFolder, IReadOnlyDictionary<string, string>? environment = null)
    {
        this.dataFolder = dataFolder;
        this.environment = environment ?? new Dictionary<string, string>();
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string AppDll => Path.Combine(AppContext.BaseDirectory, "Frontline.dll");

    ProcessStartInfo Info(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["FRONTLINE_DATA"] = dataFolder;
        info.Environment["FRONTLINE_DEMO_RESIDENTS"] = "600";
        info.Environment["FRONTLINE_DEMO_PASSWORD"] = FrontlineApp.Password;
        info.Environment["Frontline__DemoActivity"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return info;
    }

    /// <summary>Runs a command-line verb to completion (seed, user add …).</summary>
    public async Task RunVerbAsync(params string[] args)
    {
        using var verb = Process.Start(Info(args))!;
        var output = verb.StandardOutput.ReadToEndAsync();
        var error = verb.StandardError.ReadToEndAsync();
        await verb.WaitForExitAsync();
        Assert.True(verb.ExitCode == 0, $"Frontline {string.Join(' ', args)} exited {verb.ExitCode}: {await output}{await error}");
    }

    public async Task StartAsync()
    {
        process = Process.Start(Info("--urls", BaseAddress.ToString().TrimEnd('/')))!;
        // Drain the pipes so a chatty server never blocks on a full buffer; keep what it said for the tests of its start.
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        // A cold start migrates and seeds: seconds on an idle machine, over 90 s once on a 2-core one at load 25 under stress-ng.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) Assert.Fail("the server process exited during start; it said:\n" + string.Join('\n', Output.TakeLast(40)));
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the server did not become ready in 180 s; it said:\n" + string.Join('\n', Output.TakeLast(40)));
    }

    readonly List<string> output = [];

    void Keep(string? line)
    {
        if (line is null) return;
        lock (output) output.Add(line);
    }

    /// <summary>The lines the server printed so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output
    {
        get { lock (output) return output.ToList(); }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }
}
