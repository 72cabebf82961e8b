namespace Frontline.Investigation;

/// <summary>
/// How the call team works (configuration <c>Frontline:Calls</c>, not the policy set: it is how a team organises its
/// phones, not an epidemiological rule). An unanswered call comes back after <see cref="RetryAfterMinutes"/> and is closed
/// as unreachable after <see cref="MaxAttempts"/> unanswered tries; an attempt sent again without a client key by the same
/// caller with the same outcome within <see cref="RepeatWindowSeconds"/> is taken as the same attempt.
/// </summary>
public sealed record CallSettings
{
    public int RetryAfterMinutes { get; init; } = 60;
    public int MaxAttempts { get; init; } = 3;
    public int RepeatWindowSeconds { get; init; } = 30;

    public static CallSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Frontline:Calls");
        var defaults = new CallSettings();
        return new CallSettings
        {
            RetryAfterMinutes = Math.Max(1, section.GetValue("RetryAfterMinutes", defaults.RetryAfterMinutes)),
            MaxAttempts = Math.Max(1, section.GetValue("MaxAttempts", defaults.MaxAttempts)),
            RepeatWindowSeconds = Math.Max(0, section.GetValue("RepeatWindowSeconds", defaults.RepeatWindowSeconds)),
        };
    }
}

/// <summary>What a call becomes after an attempt.</summary>
public readonly record struct CallState(CallStatus Status, CallOutcome Outcome, DateTime? DueAt);

public static class CallRules
{
    /// <summary>
    /// After the <paramref name="attempts"/>-th attempt (counting this one): an answered, refused, wrong or gone call is
    /// done; an unanswered one comes back after the retry time until the tries run out, then is done as unreachable.
    /// </summary>
    public static CallState After(CallSettings settings, int attempts, CallOutcome outcome, DateTime now) => outcome switch
    {
        CallOutcome.NoAnswer when attempts >= settings.MaxAttempts => new(CallStatus.Done, CallOutcome.Unreachable, null),
        CallOutcome.NoAnswer => new(CallStatus.Open, CallOutcome.NoAnswer, now.AddMinutes(settings.RetryAfterMinutes)),
        _ => new(CallStatus.Done, outcome, null),
    };

    /// <summary>An outcome as the API writes it: <c>NoAnswer</c> → <c>no-answer</c>.</summary>
    public static string Code(CallOutcome o) => Platform.OneOfAttribute.Kebab(o.ToString());

    /// <summary>An attempt's outcome as the API writes it; <see cref="CallOutcome.Unreachable"/> is no attempt's.</summary>
    public static CallOutcome? ParseOutcome(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "reached" => CallOutcome.Reached,
        "no-answer" => CallOutcome.NoAnswer,
        "wrong-number" => CallOutcome.WrongNumber,
        "refused" => CallOutcome.Refused,
        "left-area" => CallOutcome.LeftArea,
        _ => null,
    };

    /// <summary>Open calls whose retry time has come.</summary>
    public static bool IsDue(Call c, DateTime now) => c.Status == CallStatus.Open && c.DueAt is { } due && due <= now;
}
