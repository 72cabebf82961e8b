using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Frontline.Browser;

/// <summary>
/// One Frontline server on a real loopback socket (fresh SQLite folder, a small demo district) and one
/// Chromium for all the browser tests of the collection. Every flow waits for what the app signals (the
/// layout's <c>data-interactive="true"</c> once the circuit is up, a landmark element, a URL), never for the
/// browser's "load"; how long it waits is <see cref="Patience"/>, here and nowhere else. A flow that fails
/// leaves a screenshot and the text of each open page, with the server's warnings, under <see cref="FailuresFolder"/>
/// (see <see cref="BrowserFactAttribute"/>).
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string Password = "Frontline2022";

    /// <summary>
    /// How long any wait lasts: a page's circuit coming up, an element, an assertion, a navigation. Sized for a
    /// 2-core machine kept busy by other work (stress-ng on both cores, load 10 and more) with Chromium, the server
    /// and the tests on it; a flow that works waits for its conditions, so only a failure ever costs the full time.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static float PatienceMs => (float)Patience.TotalMilliseconds;

    /// <summary>Screenshots the flows take on purpose, to look at the pages.</summary>
    public static readonly string ShotsFolder = Path.Combine(Path.GetTempPath(), "ui-shots");
    /// <summary>What a failed flow leaves behind, one folder per failure; the failure message names the files.</summary>
    public static readonly string FailuresFolder = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser-failures");

    readonly string dataFolder = Path.Combine(Path.GetTempPath(), $"frontline-browser-{Guid.NewGuid():N}");
    readonly ServerLog serverLog = new();
    readonly ConditionalWeakTable<IPage, ConcurrentQueue<string>> consoles = new();
    WebApplicationFactory<Program>? factory;
    IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The server's services, for setting up and checking what a flow stored.</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("the server is not running");

    /// <summary>An HTTP client for our API with a bearer token of the given demo user, as a device or script would hold.</summary>
    public async Task<HttpClient> ApiAsync(string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = user, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.ChromiumPath)) return;
        Assertions.SetDefaultExpectTimeout(PatienceMs);
        Directory.CreateDirectory(dataFolder);
        Directory.CreateDirectory(ShotsFolder);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("FRONTLINE_DATA", dataFolder)
            .UseSetting("FRONTLINE_DEMO_RESIDENTS", "2000")
            .UseSetting("Frontline:DemoActivity", "false")
            // Off, as in the API tests' hosts: no flow waits on scheduled work; one that does turns it on for itself.
            .UseSetting("Frontline:Scheduler:Enabled", "false")
            // Every flow signs in and takes API tokens from this one address; the per-address limit has its own API test.
            .UseSetting("Frontline:SignInPerMinute", "1000")
            .ConfigureLogging(l => l.AddProvider(serverLog)));
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Timeout = PatienceMs,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A browser context with the fixture's patience, whose pages' console errors are kept for a failure's record.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(PatienceMs);
        context.SetDefaultNavigationTimeout(PatienceMs);
        context.Page += (_, page) =>
        {
            var lines = consoles.GetOrCreateValue(page);
            page.Console += (_, m) => { if (m.Type is "error" or "warning") lines.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {m.Type}: {m.Text}"); };
            page.PageError += (_, e) => lines.Enqueue($"{DateTime.Now:HH:mm:ss.fff} page error: {e}");
        };
        return context;
    }

    /// <summary>A signed-in page in a fresh context (its own cookies), with the layout's circuit up.</summary>
    public async Task<IPage> SignInAsync(string user, int width = 1366, int height = 900)
    {
        var context = await NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await OpenAsync(page, $"{BaseUrl}/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        // The form posts, the server redirects to the role's first page; its layout says when the circuit is up.
        await ArrivedAsync(page, new Regex("^(?!.*/login)"));
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Clicks before the Blazor circuit is up are lost silently: wait for the layout to say it is interactive.</summary>
    public static Task WaitInteractiveAsync(IPage page) => page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>A Blazor page of ours, opened afresh, with its circuit up.</summary>
    public async Task GoAsync(IPage page, string path)
    {
        await OpenAsync(page, $"{BaseUrl}{path}");
        await WaitInteractiveAsync(page);
    }

    /// <summary>
    /// Loads a URL and returns once the browser has the new document: what the flow waits for next is the app's
    /// own signal (a landmark element, the circuit). The "load" event waits for every script and style as well,
    /// which on a loaded machine is what timed out, while the page was already usable.
    /// </summary>
    public static Task OpenAsync(IPage page, string url) => page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });

    /// <summary>
    /// Waits until the page's URL is the one a click led to, a full load or the Blazor router's, by looking at it
    /// until it is: WaitForURL listens for the navigation after it compared the URL, and the router's pushState
    /// can land between the two (it did, under load: the page showed the new round, the wait timed out).
    /// </summary>
    public static Task ArrivedAsync(IPage page, Regex url) => Assertions.Expect(page).ToHaveURLAsync(url);

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder, $"{name}.png"), FullPage = true });

    /// <summary>
    /// After a failure: a screenshot and the text (URL, title, visible text, console errors) of every open page,
    /// and the server's warnings since the flow started. Best effort, each within a short wait of its own: the
    /// record of a failure must not become a second one.
    /// </summary>
    public async Task<IReadOnlyList<string>> KeepFailureAsync(string test, DateTimeOffset since)
    {
        var folder = Path.Combine(FailuresFolder, $"{DateTime.Now:yyyyMMdd-HHmmss}-{Safe(test)}");
        Directory.CreateDirectory(folder);
        var kept = new List<string>();
        var n = 0;
        foreach (var page in Browser.Contexts.SelectMany(c => c.Pages).ToList())
        {
            n++;
            var shot = Path.Combine(folder, $"page{n}.png");
            var text = new StringBuilder($"URL: {page.Url}\n");
            try
            {
                await page.ScreenshotAsync(new() { Path = shot, FullPage = true, Timeout = 15_000 });
                kept.Add(shot);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { text.Append($"(no screenshot: {e.Message})\n"); }
            try
            {
                text.Append($"Title: {await page.TitleAsync()}\n\n{await page.Locator("body").InnerTextAsync(new() { Timeout = 15_000 })}\n");
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException) { text.Append($"(no text: {e.Message})\n"); }
            if (consoles.TryGetValue(page, out var console) && !console.IsEmpty)
                text.Append("\n--- browser console errors and warnings ---\n").AppendJoin('\n', console).Append('\n');
            var textFile = Path.Combine(folder, $"page{n}.txt");
            await File.WriteAllTextAsync(textFile, text.ToString());
            kept.Add(textFile);
        }
        var log = serverLog.Since(since);
        if (log.Count > 0)
        {
            var logFile = Path.Combine(folder, "server-warnings.txt");
            await File.WriteAllLinesAsync(logFile, log);
            kept.Add(logFile);
        }
        return kept;
    }

    static string Safe(string name) =>
        new(name.Split('(')[0].Split('.').Last().Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').Take(80).ToArray());

    /// <summary>Closes what a flow left open (a failed one never reaches its own CloseAsync).</summary>
    public async Task CloseContextsAsync()
    {
        foreach (var context in Browser.Contexts.ToList())
            try { await context.CloseAsync(); }
            catch (PlaywrightException) { }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        try { Directory.Delete(dataFolder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>The server's warnings and errors, the last few hundred, for a failure's record.</summary>
    sealed class ServerLog : ILoggerProvider
    {
        readonly ConcurrentQueue<(DateTimeOffset At, string Line)> lines = new();

        public ILogger CreateLogger(string category) => new Logger(this, category);

        public List<string> Since(DateTimeOffset since) => lines.Where(l => l.At >= since).Select(l => l.Line).ToList();

        void Add(string line)
        {
            lines.Enqueue((DateTimeOffset.Now, line));
            while (lines.Count > 500) lines.TryDequeue(out _);
        }

        public void Dispose() { }

        sealed class Logger(ServerLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel level) => level >= LogLevel.Warning;

            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? error, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(level)) return;
                log.Add($"{DateTime.Now:HH:mm:ss.fff} {level} {category}: {formatter(state, error)}{(error is null ? "" : "\n" + error)}");
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
