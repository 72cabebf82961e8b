using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Frontline.Tests.Support;

/// <summary>
/// The whole application in-process on a fresh database of its own, seeded with a small demo district.
/// SQLite always; PostgreSQL when FRONTLINE_TEST_POSTGRES holds a connection string to a server where
/// the test may create databases (each fixture gets a new one and drops it afterwards).
/// </summary>
public abstract class FrontlineApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-pass-2022";
    public const int Residents = 1200;
    readonly string dataFolder = Path.Combine(Path.GetTempPath(), "frontline-tests-" + Guid.NewGuid().ToString("N"));
    readonly Dictionary<string, string> tokens = [];

    public abstract string Provider { get; }
    protected virtual bool DemoActivity => false;
    protected virtual int ResidentCount => Residents;
    /// <summary>Why this fixture cannot run here, or null when it can.</summary>
    public virtual string? SkipReason => null;
    protected virtual string? ConnectionString => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(dataFolder);
        builder.UseSetting("FRONTLINE_DATA", dataFolder);
        builder.UseSetting("FRONTLINE_DEMO_RESIDENTS", ResidentCount.ToString());
        builder.UseSetting("FRONTLINE_DEMO_PASSWORD", Password);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The modules' demo work (rounds, scans, results) stays out of the tests' district unless a test asks for it.
        builder.UseSetting("Frontline:DemoActivity", DemoActivity ? "true" : "false");
        // Off: dozens of test hosts would otherwise each start a scheduler (threads, check-ins, a store lock on the
        // shared SQLite file) for work no test asked for. The scheduler's own tests turn it on for their hosts.
        builder.UseSetting("Frontline:Scheduler:Enabled", "false");
        if (ConnectionString is { } cs)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Frontline", cs);
        }
    }

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    /// <summary>A client holding a bearer token of the given demo user (tokens are cached per fixture).</summary>
    public async Task<HttpClient> As(string userName, string? language = null)
    {
        SkipIfUnavailable();
        if (!tokens.TryGetValue(userName, out var token))
        {
            using var anonymous = CreateClient();
            var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = userName, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
            tokens[userName] = token;
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public HttpClient Anonymous()
    {
        SkipIfUnavailable();
        return CreateClient();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public class SqliteApp : FrontlineApp
{
    public override string Provider => "sqlite";
}

/// <summary>A district as a newcomer's first start makes it: the registry's residents and every module's demo work.</summary>
public sealed class DemoDistrictApp : FrontlineApp
{
    public override string Provider => "sqlite";
    protected override bool DemoActivity => true;
    // Enough people in 红星社区 for whole tubes of ten: the positive pool and its re-tests as on a first start.
    protected override int ResidentCount => 4_000;
}

public class PostgresApp : FrontlineApp
{
    static readonly string? PostgresServer = Environment.GetEnvironmentVariable("FRONTLINE_TEST_POSTGRES");
    readonly string database = "frontline_test_" + Guid.NewGuid().ToString("N")[..12];
    bool created;

    public override string Provider => "postgres";
    public override string? SkipReason => string.IsNullOrEmpty(PostgresServer) ? NotConfigured : null;

    public const string NotConfigured = "They need PostgreSQL: set FRONTLINE_TEST_POSTGRES to a server where the tests may create databases, " +
        "e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=postgres\", or run bash .ci/run, which installs and starts one.";

    protected override string? ConnectionString
    {
        get
        {
            if (PostgresServer is null) return null;
            if (!created)
            {
                using var admin = new NpgsqlConnection(PostgresServer);
                admin.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                cmd.ExecuteNonQuery();
                created = true;
            }
            return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ToString();
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !created || PostgresServer is null) return;
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(PostgresServer);
        admin.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
        cmd.ExecuteNonQuery();
    }
}
