using Frontline.Platform;

namespace Frontline.Tests.Security;

/// <summary>Issue #7, finding 10: failures slow the address that makes them, for that account, more and more.</summary>
public class SignInThrottleTests
{
    sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2022, 4, 1, 8, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 32)]
    [InlineData(6, 64)]
    [InlineData(7, 128)]
    [InlineData(9, 512)]
    [InlineData(10, 900)]
    [InlineData(1000, 900)]
    public void The_wait_doubles_with_each_failure_past_four_up_to_a_quarter_of_an_hour(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SignInThrottle.WaitAfter(failures));

    [Fact]
    public void Only_the_failing_address_waits_and_only_for_that_account()
    {
        var clock = new Clock();
        using var throttle = new SignInThrottle(clock);
        for (var i = 0; i < 4; i++) throttle.Failed("admin", "203.0.113.9");
        Assert.Null(throttle.WaitFor("admin", "203.0.113.9"));
        throttle.Failed(" Admin ", "203.0.113.9");
        Assert.Equal(TimeSpan.FromSeconds(32), throttle.WaitFor("ADMIN", "203.0.113.9"));
        Assert.Equal(TimeSpan.FromSeconds(32), throttle.WaitFor("admin", "::ffff:203.0.113.9"));
        Assert.Null(throttle.WaitFor("admin", "198.51.100.7"));
        Assert.Null(throttle.WaitFor("auditor", "203.0.113.9"));

        clock.Now += TimeSpan.FromSeconds(33);
        Assert.Null(throttle.WaitFor("admin", "203.0.113.9"));
        throttle.Failed("admin", "203.0.113.9");
        Assert.Equal(TimeSpan.FromSeconds(64), throttle.WaitFor("admin", "203.0.113.9"));

        // A success from that address starts it afresh.
        throttle.Succeeded("admin", "203.0.113.9");
        Assert.Null(throttle.WaitFor("admin", "203.0.113.9"));
    }

    [Fact]
    public void An_ipv6_subscriber_is_one_address_by_its_64_bit_prefix()
    {
        using var throttle = new SignInThrottle(new Clock());
        for (var i = 0; i < 5; i++) throttle.Failed("admin", $"2001:db8:1:2::{i + 1:x}");
        Assert.NotNull(throttle.WaitFor("admin", "2001:db8:1:2:ffff::1"));
        Assert.Null(throttle.WaitFor("admin", "2001:db8:1:3::1"));
    }
}
