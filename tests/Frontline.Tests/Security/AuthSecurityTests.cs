using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Security;

/// <summary>
/// The app on one of the providers, with two test-only seams: the caller's address comes from a test header (set
/// on the connection by a startup filter, as a proxy-free server sees it; X-Forwarded-For is never trusted), and
/// the password hasher counts its verifications.
/// </summary>
public sealed class AuthHost<TApp> : IDisposable where TApp : FrontlineApp, new()
{
    public const string AddressHeader = "X-Test-Remote-Address";
    public TApp App { get; } = new();
    public WebApplicationFactory<Program> Host { get; }
    public CountingHasher Hasher { get; } = new();

    public AuthHost()
    {
        Host = App.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IStartupFilter, AddressFromHeader>();
            s.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
        }));
    }

    public void Dispose() => App.Dispose();

    sealed class AddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers[AddressHeader].ToString() is { Length: > 0 } address)
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    readonly PasswordHasher<AppUser> inner = new();
    int verifications;
    public int Verifications => Volatile.Read(ref verifications);

    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>A client that keeps its cookies where the test can see them, copy them and replay them.</summary>
public sealed class CookieBrowser(HttpClient client)
{
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=')];
                var value = pair[(pair.IndexOf('=') + 1)..];
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                else Cookies[name] = value;
            }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);
    public Task<HttpResponseMessage> PostAsync(string url, HttpContent? content) => SendAsync(HttpMethod.Post, url, content);
}

/// <summary>
/// Issue #7, findings 4, 7, 10 and 13, one part each: redirects (.Redirects), sign-out (.Sessions), sign-in
/// throttling (.SignIn), headers (.Headers). One host per provider for all of them.
/// </summary>
public abstract partial class AuthSecurityTests(FrontlineApp app, WebApplicationFactory<Program> host, CountingHasher hasher)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")] private static partial Regex FormToken();

    /// <summary>Counts the password checks of this host.</summary>
    CountingHasher Hasher { get; } = hasher;

    HttpClient Client(string address)
    {
        app.SkipIfUnavailable();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(AuthHost<SqliteApp>.AddressHeader, address);
        return client;
    }

    CookieBrowser Browser(string address) => new(Client(address));

    static async Task<string> FormTokenOf(CookieBrowser browser, string page)
    {
        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var match = FormToken().Match(html);
        Assert.True(match.Success, $"{page} renders no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Signs in through the sign-in page's form, as a browser does; answers the redirect.</summary>
    static async Task<HttpResponseMessage> SignInWithForm(CookieBrowser browser, string userName, string? returnUrl, string password = FrontlineApp.Password)
    {
        var token = await FormTokenOf(browser, "/login");
        var fields = new Dictionary<string, string> { ["username"] = userName, ["password"] = password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    async Task<HttpResponseMessage> AskToken(string userName, string password, string address) =>
        await Client(address).PostAsJsonAsync("/api/auth/token", new { username = userName, password });

    async Task<string> TokenOf(string userName, string address)
    {
        var answer = await AskToken(userName, FrontlineApp.Password, address);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Body()).Str("token");
    }

    HttpClient Bearer(string token, string address)
    {
        var client = Client(address);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static string? Location(HttpResponseMessage r) => r.Headers.Location?.OriginalString;
}

public sealed class SqliteAuthSecurityTests(AuthHost<SqliteApp> fixture)
    : AuthSecurityTests(fixture.App, fixture.Host, fixture.Hasher), IClassFixture<AuthHost<SqliteApp>>;

public sealed class PostgresAuthSecurityTests(AuthHost<PostgresApp> fixture)
    : AuthSecurityTests(fixture.App, fixture.Host, fixture.Hasher), IClassFixture<AuthHost<PostgresApp>>;
