using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Frontline.Browser;

/// <summary>
/// One Frontline server on a real loopback socket (fresh SQLite folder, a small demo district) and one
/// Chromium for all the browser tests of the collection.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string Password = "Frontline2022";
    public static readonly string ShotsFolder = Path.Combine(Path.GetTempPath(), "ui-shots");

    readonly string dataFolder = Path.Combine(Path.GetTempPath(), $"frontline-browser-{Guid.NewGuid():N}");
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
        Directory.CreateDirectory(dataFolder);
        Directory.CreateDirectory(ShotsFolder);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("FRONTLINE_DATA", dataFolder)
            .UseSetting("FRONTLINE_DEMO_RESIDENTS", "2000")
            .UseSetting("Frontline:DemoActivity", "false")
            // Every flow signs in and takes API tokens from this one address; the per-address limit has its own API test.
            .UseSetting("Frontline:SignInPerMinute", "1000"));
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A signed-in page in a fresh context (its own cookies), with the layout's circuit up.</summary>
    public async Task<IPage> SignInAsync(string user, int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Clicks before the Blazor circuit is up are lost silently: wait for the layout to say it is interactive.</summary>
    public static async Task WaitInteractiveAsync(IPage page)
    {
        try
        {
            await page.Locator("[data-interactive=true]").WaitForAsync();
        }
        catch (TimeoutException)
        {
            await ShotAsync(page, "failed-" + new Uri(page.Url).AbsolutePath.Trim('/').Replace('/', '-'));
            throw;
        }
    }

    public async Task GoAsync(IPage page, string path)
    {
        await page.GotoAsync($"{BaseUrl}{path}");
        await WaitInteractiveAsync(page);
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ShotsFolder, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        try { Directory.Delete(dataFolder, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
