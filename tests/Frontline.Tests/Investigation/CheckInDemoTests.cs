using Frontline.Tests.Support;

namespace Frontline.Tests.Investigation;

/// <summary>A first start shows venue codes at work around the demo's case: check-ins, its trajectory, companions to decide.</summary>
public sealed class CheckInDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_case_has_a_trajectory_from_its_check_ins_and_companions_one_of_them_confirmed()
    {
        var investigator = await app.As("investigator");
        var cases = (await investigator.GetJson("/api/cases?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        // The case the mass testing found: the one the check-in demo works on.
        var theCase = Assert.Single(cases, c => c.Str("detectedBy") == "mass-testing").Str("id");

        var places = await investigator.GetJson("/api/places?jurisdiction=440306005000&pageSize=50");
        var codes = places.GetProperty("items").EnumerateArray().Select(p => p.Str("code")).ToList();
        Assert.Equal(8, codes.Count(c => c.StartsWith("SG-V", StringComparison.Ordinal)));

        var trajectory = await investigator.GetJson($"/api/cases/{theCase}/trajectory");
        var sources = trajectory.GetProperty("items").EnumerateArray().Select(e => e.Str("source")).ToList();
        Assert.Equal(4, sources.Count(s => s == "checkin"));
        Assert.Equal(1, sources.Count(s => s == "manual"));

        var own = await investigator.GetJson($"/api/cases/{theCase}/trajectory/checkins");
        Assert.True(own.GetProperty("total").GetInt64() > 4, own.ToString());

        var companions = await investigator.GetJson($"/api/cases/{theCase}/companions?pageSize=500");
        Assert.InRange(companions.GetProperty("total").GetInt64(), 5, 500);
        var overlaps = companions.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("overlapMinutes").GetInt32()).ToList();
        Assert.Equal(overlaps.OrderByDescending(m => m), overlaps);

        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=case:{theCase}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), a => a.Str("action") == "companion.confirm");
    }
}
