using Microsoft.Extensions.Configuration;
using Frontline.Command.Requests;

namespace Frontline.Tests.Command;

/// <summary>The time limits of resident requests, row by row against RequestTimeLimits.json, and the queue's order.</summary>
public sealed class RequestRulesTests
{
    static readonly RequestTimeLimits Limits = RequestTimeLimits.Load();
    static readonly DateTime At = new(2022, 3, 14, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("dialysis", "urgent", false, 4)]
    [InlineData("dialysis", "urgent", true, 2)]
    [InlineData("dialysis", "normal", false, 24)]
    [InlineData("dialysis", "normal", true, 12)]
    [InlineData("medicine", "urgent", true, 2)]
    [InlineData("pregnancy", "urgent", false, 2)]
    [InlineData("pregnancy", "urgent", true, 1)]
    [InlineData("food", "normal", false, 48)]
    [InlineData("food", "urgent", true, 6)]
    [InlineData("elderly-care", "urgent", false, 6)]
    [InlineData("complaint", "normal", true, 72)]
    [InlineData("public-opinion", "urgent", false, 2)]
    public void The_time_limit_follows_kind_urgency_and_a_sealed_zone(string kind, string urgency, bool sealedZone, double hours)
    {
        Assert.Equal(hours, RequestRules.Hours(Limits, kind, urgency, sealedZone));
        Assert.Equal(At.AddHours(hours), RequestRules.DueBy(Limits, kind, urgency, sealedZone, At));
    }

    [Fact]
    public void Every_kind_has_its_limits_and_a_sealed_zone_is_never_looser()
    {
        foreach (var kind in RequestKinds.All)
            foreach (var urgency in new[] { RequestUrgency.Urgent, RequestUrgency.Normal })
            {
                Assert.True(RequestRules.Hours(Limits, kind, urgency, true) <= RequestRules.Hours(Limits, kind, urgency, false), kind);
                Assert.True(RequestRules.Hours(Limits, kind, RequestUrgency.Urgent, false) <= RequestRules.Hours(Limits, kind, RequestUrgency.Normal, false), kind);
            }
        // Urgent medical needs in a sealed zone: hours, not a day.
        foreach (var kind in RequestKinds.All.Where(RequestKinds.IsMedical))
            Assert.True(RequestRules.Hours(Limits, kind, RequestUrgency.Urgent, true) <= 2, kind);
    }

    [Fact]
    public void A_deployment_overrides_a_limit_in_configuration_and_a_broken_table_fails_at_start()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Frontline:Requests:TimeLimits:dialysis:sealedUrgent"] = "1.5",
        }).Build();
        var limits = RequestTimeLimits.Load(config);
        Assert.Equal(1.5, RequestRules.Hours(limits, RequestKinds.Dialysis, RequestUrgency.Urgent, true));
        Assert.Equal(4, RequestRules.Hours(limits, RequestKinds.Dialysis, RequestUrgency.Urgent, false));
        var broken = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:Requests:TimeLimits:food:normal"] = "0" }).Build();
        Assert.Throws<InvalidOperationException>(() => RequestTimeLimits.Load(broken));
    }

    [Fact]
    public void A_queue_puts_late_then_urgent_then_the_rest_and_closed_last()
    {
        var now = At;
        Assert.Equal(0, RequestRules.Rank(RequestStatus.Open, RequestUrgency.Normal, now.AddMinutes(-1), now));
        Assert.Equal(1, RequestRules.Rank(RequestStatus.Accepted, RequestUrgency.Urgent, now.AddHours(1), now));
        Assert.Equal(2, RequestRules.Rank(RequestStatus.Open, RequestUrgency.Normal, now.AddHours(1), now));
        Assert.Equal(3, RequestRules.Rank(RequestStatus.Closed, RequestUrgency.Urgent, now.AddHours(-5), now));
        Assert.Equal(61, RequestRules.MinutesLate(RequestStatus.Open, now.AddMinutes(-61.5), now));
        Assert.Equal(0, RequestRules.MinutesLate(RequestStatus.Closed, now.AddMinutes(-61), now));
    }

    [Theory]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("0755-27712345", "075527712345")]
    [InlineData("27712345", "27712345")]
    [InlineData("12345", null)]
    [InlineData("1380013800", null)]
    [InlineData("abc", null)]
    public void Phones_are_mobiles_or_landlines(string raw, string? expected) => Assert.Equal(expected, RequestRules.NormalisePhone(raw));
}
