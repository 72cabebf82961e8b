using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Registry;

namespace Frontline.Browser;

/// <summary>What the mass-testing flows need before a person starts: a round, a site and fresh residents, made through the API as admin.</summary>
public static class TestingData
{
    public const string Hongxing = "440306005002";
    public const string HongxingName = "红星社区";
    public const string Songgang = "440306005000";
    public const string SonggangName = "松岗街道";

    static int serial = Random.Shared.Next(100, 900);

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref serial)}{Guid.NewGuid().ToString("N")[..4].ToUpperInvariant()}";

    /// <summary>An open round (started an hour ago) over the given scope, and a site in 红星社区.</summary>
    public static async Task<(string RoundId, string RoundName, string SiteCode, string SiteName)> RoundAndSiteAsync(
        AppFixture app, string scope, int poolSize = 10, int startedHoursAgo = 1)
    {
        using var admin = await app.ApiAsync("admin");
        var name = Unique("第") + "轮全员核酸";
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name, scope = new[] { scope }, startsAt = DateTimeOffset.UtcNow.AddHours(-startedHoursAgo), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize,
        });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync());
        var siteCode = Unique("HX-");
        var siteName = $"红星广场采样点{siteCode[^4..]}";
        var site = await admin.PostAsJsonAsync("/api/testing/sites", new { code = siteCode, name = siteName, communityCode = Hongxing, samplers = new[] { "sampler" } });
        Assert.True(site.StatusCode == HttpStatusCode.Created, await site.Content.ReadAsStringAsync());
        return ((await round.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!, name, siteCode, siteName);
    }

    /// <summary>A valid resident ID the demo district never generates (Beijing area codes, 1950s birth dates).</summary>
    public static string NewResidentId()
    {
        var n = Interlocked.Increment(ref serial);
        var first17 = $"110101{new DateOnly(1950, 1, 1).AddDays(n % 3650):yyyyMMdd}{n % 1000:000}";
        return first17 + IdentityDocuments.CheckChar(first17);
    }

    public static string WithBadChecksum(string id) => id[..17] + "10X98765432".First(c => c != id[17]);

    /// <summary>Fresh residents of 红星社区 in one new building, so a flow never shares people with another.</summary>
    public static async Task<List<string>> ResidentsAsync(AppFixture app, int count)
    {
        using var admin = await app.ApiAsync("admin");
        var building = Unique("采样测试楼");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = NewResidentId();
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = $"受检{i + 1}", idNumber = id, phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}", communityCode = Hongxing, building,
                room = $"{101 + i}",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            ids.Add(id);
        }
        return ids;
    }
}
