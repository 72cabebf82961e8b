using System.Net;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

public abstract partial class AuthSecurityTests
{
    [SkippableFact]
    public async Task Wrong_passwords_from_one_address_slow_that_address_only()
    {
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await AskToken("admin", "wrong-" + i, "10.7.10.1")).StatusCode);
        var locked = await AskToken("admin", FrontlineApp.Password, "10.7.10.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(["locked-out"], await locked.ProblemCodes());
        // The form says the same, on the sign-in page.
        var form = await SignInWithForm(Browser("10.7.10.1"), "admin", "/persons");
        Assert.StartsWith("/login?error=locked-out", Location(form), StringComparison.Ordinal);

        // The administrator at their own desk signs in as ever, through the API and the form.
        Assert.Equal(HttpStatusCode.OK, (await AskToken("admin", FrontlineApp.Password, "10.7.10.2")).StatusCode);
        Assert.Equal("/persons", Location(await SignInWithForm(Browser("10.7.10.3"), "admin", "/persons")));
    }

    [SkippableFact]
    public async Task Unknown_user_names_cost_a_password_hash_like_known_ones_and_are_throttled_alike()
    {
        var before = Hasher.Verifications;
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskToken("no-such-user-" + Guid.NewGuid().ToString("N")[..8], "wrong-password", "10.7.10.20")).StatusCode);
        Assert.Equal(before + 1, Hasher.Verifications);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskToken("auditor", "wrong-password", "10.7.10.21")).StatusCode);
        Assert.Equal(before + 2, Hasher.Verifications);

        // An unknown name is throttled after as many failures as a known one: the 429 tells nothing either.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await AskToken("no-such-user", "wrong-" + i, "10.7.10.22")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AskToken("no-such-user", "wrong", "10.7.10.22")).StatusCode);
    }
}
