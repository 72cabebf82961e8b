using Frontline.Investigation;

namespace Frontline.Tests.Investigation;

/// <summary>What a call becomes after an attempt: the retry rule as a table.</summary>
public sealed class CallRulesTests
{
    static readonly DateTime Now = new(2022, 4, 1, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1, CallOutcome.NoAnswer, CallStatus.Open, CallOutcome.NoAnswer, 60)]
    [InlineData(2, CallOutcome.NoAnswer, CallStatus.Open, CallOutcome.NoAnswer, 60)]
    [InlineData(3, CallOutcome.NoAnswer, CallStatus.Done, CallOutcome.Unreachable, null)]
    [InlineData(1, CallOutcome.Reached, CallStatus.Done, CallOutcome.Reached, null)]
    [InlineData(2, CallOutcome.WrongNumber, CallStatus.Done, CallOutcome.WrongNumber, null)]
    [InlineData(1, CallOutcome.Refused, CallStatus.Done, CallOutcome.Refused, null)]
    [InlineData(3, CallOutcome.LeftArea, CallStatus.Done, CallOutcome.LeftArea, null)]
    public void An_attempt_closes_the_call_or_brings_it_back_after_the_retry_time(int attempts, CallOutcome outcome, CallStatus status,
        CallOutcome result, int? dueInMinutes)
    {
        var state = CallRules.After(new CallSettings(), attempts, outcome, Now);
        Assert.Equal(new CallState(status, result, dueInMinutes is { } m ? Now.AddMinutes(m) : null), state);
    }

    [Fact]
    public void The_retry_time_and_the_tries_come_from_the_settings()
    {
        var settings = new CallSettings { RetryAfterMinutes = 15, MaxAttempts = 5 };
        Assert.Equal(Now.AddMinutes(15), CallRules.After(settings, 4, CallOutcome.NoAnswer, Now).DueAt);
        Assert.Equal(CallOutcome.Unreachable, CallRules.After(settings, 5, CallOutcome.NoAnswer, Now).Outcome);
    }

    [Theory]
    [InlineData("reached", CallOutcome.Reached)]
    [InlineData(" No-Answer ", CallOutcome.NoAnswer)]
    [InlineData("left-area", CallOutcome.LeftArea)]
    [InlineData("unreachable", null)]
    [InlineData("1", null)]
    [InlineData(null, null)]
    public void Only_an_attempts_five_outcomes_are_read(string? text, CallOutcome? expected) => Assert.Equal(expected, CallRules.ParseOutcome(text));
}
