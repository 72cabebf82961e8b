using Frontline.Tests.Support;

namespace Frontline.Tests.Command;

/// <summary>A newcomer's first start shows the 督导组's day in 松岗: a market with a finding open, the hotel all fine, a sampling site re-inspected.</summary>
public sealed class InspectionsDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_has_a_market_with_an_open_finding_a_fine_hotel_and_a_site_fixed_on_reinspection()
    {
        var commander = await app.As("street-commander");
        var all = (await commander.GetJson("/api/inspections?pageSize=50")).GetProperty("items").EnumerateArray().ToList();
        var market = Assert.Single(all, i => i.Str("placeKind") == "market");
        Assert.Equal(1, market.Int("openFindings"));
        var hotel = Assert.Single(all, i => i.Str("placeKind") == "quarantine-hotel");
        Assert.Equal(0, hotel.Int("findings"));
        var site = all.Where(i => i.Str("placeKind") == "sampling-site").ToList();
        Assert.Equal(2, site.Count);
        var history = await commander.GetJson($"/api/inspections/history?placeId={site[0].Str("placeId")}");
        Assert.Equal(0, history.GetProperty("openFindings").GetArrayLength());
        Assert.Contains(history.GetProperty("inspections").GetProperty("items").EnumerateArray(),
            i => i.GetProperty("findings").EnumerateArray().Any(f => f.Str("status") == "fixed"));
        var open = await commander.GetJson("/api/inspections?openFindings=true");
        Assert.Equal(1, open.Int("total"));
    }
}
