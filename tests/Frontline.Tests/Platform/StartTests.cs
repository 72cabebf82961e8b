using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Frontline.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Frontline.Tests.Platform;

/// <summary>
/// What a person sees when the server starts, as a separate process in Production: a few lines that say what was
/// done, then the banner with where the data is, last; and the data-protection keys encrypted at rest when a
/// certificate is configured.
/// </summary>
public sealed partial class StartTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "frontline-start-" + Guid.NewGuid().ToString("N"));

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)" """)] private static partial Regex AntiforgeryField();

    static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information", ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>Starts the server and waits for its banner, which comes just after it answers.</summary>
    static async Task<List<string>> StartAsync(ServerProcess server)
    {
        await server.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!server.Output.Any(l => l.StartsWith("  Users:", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no banner in 60 s:\n" + string.Join('\n', server.Output));
            await Task.Delay(100);
        }
        // Whatever would come after the banner at start has had its moment.
        await Task.Delay(1000);
        return WithoutHeartbeat(server.Output);
    }

    /// <summary>
    /// What the server printed, less Kestrel's heartbeat warnings ("the heartbeat has been running for … longer than
    /// 1 second"): they say the machine is overloaded, as CI's is under stress, not what the server did.
    /// </summary>
    static List<string> WithoutHeartbeat(IEnumerable<string> lines)
    {
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in lines)
        {
            if (LogEntryStart().IsMatch(line)) skipping = line.StartsWith("warn: Microsoft.AspNetCore.Server.Kestrel[22]", StringComparison.Ordinal);
            else if (!line.StartsWith("      ", StringComparison.Ordinal)) skipping = false;
            if (!skipping) kept.Add(line);
        }
        return kept;
    }

    [GeneratedRegex("^(trce|dbug|info|warn|fail|crit): ")] private static partial Regex LogEntryStart();

    static string Said(List<string> lines) => "\n" + string.Join('\n', lines);

    [Fact]
    public async Task The_first_start_says_what_it_did_in_a_few_lines_and_ends_with_the_banner_that_says_where_the_data_is()
    {
        List<string> first;
        using (var server = new ServerProcess(folder, Settings()))
            first = await StartAsync(server);
        var said = Said(first);
        Assert.Single(first, l => Regex.IsMatch(l, @"Database ready: \d+ migrations? applied \(Initial[^)]*\)$"));
        Assert.DoesNotContain(first, l => l.Contains("Applying migration", StringComparison.Ordinal));
        Assert.Single(first, l => l.Contains("Data-protection keys are stored unencrypted", StringComparison.Ordinal));
        Assert.DoesNotContain(first, l => l.Contains("XML encryptor", StringComparison.Ordinal));
        Assert.DoesNotContain(first, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal));
        Assert.DoesNotContain(first, l => l.Contains("Hosting environment", StringComparison.Ordinal));

        var banner = first.FindIndex(l => l.Contains("is running (Production)", StringComparison.Ordinal));
        Assert.True(banner > 0, said);
        Assert.True(first.FindLastIndex(l => l.StartsWith("info:", StringComparison.Ordinal)) < banner, "a log line after the banner:" + said);
        Assert.Contains($"  Database:  SQLite {Path.Combine(folder, "frontline.db")}", first);
        var users = first.FindIndex(l => l.StartsWith("  Users:", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Skip(users + 1), l => l.Length > 0);
        Assert.True(first.Count(l => l.StartsWith("info:", StringComparison.Ordinal)) <= 3, said);

        // Started again on the same data: nothing to migrate, nothing to seed.
        using (var again = new ServerProcess(folder, Settings()))
        {
            var second = await StartAsync(again);
            Assert.Single(second, l => Regex.IsMatch(l, @"Database ready: up to date \(\d+ migrations?\)$"));
            Assert.DoesNotContain(second, l => l.Contains("Seeded", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task With_a_certificate_the_data_protection_keys_are_encrypted_at_rest_and_read_back_after_a_restart()
    {
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=frontline-test-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
        }
        var settings = Settings(("Frontline__DataProtectionCertificate", pfx), ("Frontline__DataProtectionCertificatePassword", "pfx-pass"));

        string cookie, token;
        using (var server = new ServerProcess(folder, settings))
        {
            var said = await StartAsync(server);
            Assert.Single(said, l => l.Contains("Data-protection keys are encrypted at rest with the certificate CN=frontline-test-keys", StringComparison.Ordinal));
            // A sign-in form's antiforgery pair, protected with this run's key.
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
            var login = await client.GetAsync("/login");
            cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            token = WebUtility.HtmlDecode(AntiforgeryField().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value);
            Assert.NotEmpty(token);
        }

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder, "frontline.db")};Pooling=false"))
        {
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT Xml FROM data_protection_keys";
            var keys = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
            var key = Assert.Single(keys);
            Assert.Contains("EncryptedData", key);
            Assert.DoesNotContain("<value>", key);
        }

        // Another process reads the encrypted key back: the form from before the restart still signs in.
        using (var restarted = new ServerProcess(folder, settings))
        {
            var said = await StartAsync(restarted);
            Assert.DoesNotContain(said, l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal));
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = restarted.BaseAddress };
            using var form = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = "admin", ["password"] = FrontlineApp.Password, ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
                }),
            };
            form.Headers.Add("Cookie", cookie);
            var signedIn = await client.SendAsync(form);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{(int)signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync()}");
            Assert.DoesNotContain("error=", signedIn.Headers.Location?.ToString() ?? "");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}
