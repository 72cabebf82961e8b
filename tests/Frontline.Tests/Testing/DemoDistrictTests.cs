using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Testing;

/// <summary>A newcomer's first start shows mass testing at work, made through the module's own services.</summary>
public sealed class DemoDistrictTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    static long Long(JsonElement e, string name) => e.GetProperty(name).GetInt64();

    [Fact]
    public async Task Yesterdays_round_is_complete_with_a_positive_pool_and_a_conflict_and_todays_is_under_way()
    {
        var commander = await app.As("commander");
        var rounds = (await commander.GetJson("/api/testing/rounds")).EnumerateArray().ToList();
        Assert.Equal(2, rounds.Count);
        var (today, yesterday) = (rounds[0], rounds[1]);
        Assert.Equal(("open", "closed"), (today.Str("state"), yesterday.Str("state")));

        var done = await commander.GetJson($"/api/testing/rounds/{yesterday.Str("id")}/coverage");
        Assert.Equal(0, Long(done, "untested"));
        Assert.Equal(2, Long(done, "exempt"));
        Assert.Equal(1, Long(done, "positiveTubes"));
        Assert.Equal(0, Long(done, "pending"));
        Assert.Equal(Long(done, "population"), Long(done, "exempt") + Long(done, "sampled"));

        var retests = (await commander.GetJson($"/api/testing/retests?roundId={yesterday.Str("id")}&pageSize=50")).GetProperty("items")
            .EnumerateArray().GroupBy(r => r.Str("status")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, retests.GetValueOrDefault("done"));
        Assert.Equal(4, retests.GetValueOrDefault("overdue"));

        var conflicts = await commander.GetJson($"/api/testing/result-reviews?roundId={yesterday.Str("id")}");
        Assert.Equal(1, Long(conflicts, "total"));
        var cases = await (await app.As("investigator")).GetJson("/api/cases?detectedBy=mass-testing");
        Assert.Equal(1, Long(cases, "total"));
        var tasks = await commander.GetJson("/api/tasks?status=overdue");
        Assert.Contains(tasks.GetProperty("items").EnumerateArray(), t => t.Str("kind") == "positive-pool");

        var underWay = await commander.GetJson($"/api/testing/rounds/{today.Str("id")}/coverage");
        Assert.InRange(Long(underWay, "sampled"), 1, Long(underWay, "population") - 1);
        Assert.True(Long(underWay, "pending") > 0 && Long(underWay, "negative") > 0, "today's earliest tubes resulted, the rest pending");
        Assert.Equal(Long(underWay, "population"), Long(underWay, "exempt") + Long(underWay, "sampled") + Long(underWay, "untested"));

        var sites = (await (await app.As("sampler")).GetJson("/api/testing/sites")).EnumerateArray()
            .Where(s => s.Str("communityCode") == TestData.Hongxing).ToList();
        Assert.True(sites.Count >= 3, "the sampler of 红星 has several sites");
    }
}
