using Frontline.Containment.Demo;
using Frontline.Tests.Support;

namespace Frontline.Tests.Containment;

/// <summary>A newcomer's first start shows a quarantine hotel in 松岗 with guests, a fever alert and a room to clean.</summary>
public sealed class StaysDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_hotel_has_guests_from_the_close_contacts_a_fever_alert_and_a_room_to_clean()
    {
        var staff = await app.As("facility-staff");
        var hotel = (await staff.GetJson("/api/facilities")).GetProperty("items").EnumerateArray().Single(f => f.Str("name") == StaysDemo.HotelName);
        var capacity = hotel.GetProperty("capacity");
        Assert.Equal(40, capacity.Int("rooms"));
        Assert.InRange(capacity.Int("occupied"), 8, 12);
        Assert.Equal(1, capacity.Int("cleaning"));
        var grid = await staff.GetJson($"/api/facilities/{hotel.Str("id")}/occupancy");
        var alert = Assert.Single(grid.GetProperty("alerts").EnumerateArray());
        Assert.True(alert.GetProperty("temperature").GetDouble() >= 37.3);
        var stays = await staff.GetJson($"/api/stays?facilityId={hotel.Str("id")}&status=active");
        Assert.Equal(capacity.Int("occupied"), stays.Int("total"));
        var withNote = false;
        foreach (var s in stays.GetProperty("items").EnumerateArray())
            withNote |= (await staff.GetJson($"/api/stays/{s.Str("id")}")).GetProperty("notes").GetArrayLength() > 0;
        Assert.True(withNote, "no counselling note in the demo");
        // 今日核酸: the guests exposed four days ago are due their day-4 test; the hotel's sampler has taken two, one is back negative.
        var tests = await staff.GetJson($"/api/facilities/{hotel.Str("id")}/tests");
        var items = tests.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, t => t.Str("status") == "negative");
        Assert.Contains(items, t => t.Str("status") == "sampled");
        Assert.All(items, t => Assert.Contains("*", t.Str("guest")));
        Assert.Equal(items.Count(t => t.Str("status") == "due"), tests.Int("due"));
    }
}
