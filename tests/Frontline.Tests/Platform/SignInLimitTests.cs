using System.Net;
using System.Net.Http.Json;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Frontline.Tests.Platform;

/// <summary>An app whose sign-in limit is small enough to reach in a test.</summary>
public sealed class StrictSignInApp : FrontlineApp
{
    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Frontline:SignInPerMinute", "3");
        builder.UseSetting("FRONTLINE_DEMO_RESIDENTS", "0");
    }
}

public class SignInLimitTests(StrictSignInApp app) : IClassFixture<StrictSignInApp>
{
    [Fact]
    public async Task Sign_ins_from_one_address_are_limited_with_a_retry_after()
    {
        var client = app.Anonymous();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            answers.Add(await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = FrontlineApp.Password }));
        Assert.All(answers.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var limited = answers[3];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(["too-many-requests"], await limited.ProblemCodes());
        // Only sign-in is limited; the rest of the server answers as before.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
