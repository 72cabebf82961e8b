using System.Net;
using System.Net.Http.Json;
using Frontline.Tests.Support;
using Frontline.Tests.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Frontline.Tests.Security;

/// <summary>An app whose ingest takes two batches at a time and queues none, so one account's flood meets its share.</summary>
public sealed class TwoSlotIngestApp : FrontlineApp
{
    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Frontline:IngestConcurrency", "2");
        builder.UseSetting("Frontline:IngestQueue", "0");
    }
}

/// <summary>Finding 15: the ingest limit gives each account a share, so one account's flood leaves slots for the others.</summary>
public sealed class IngestFairShareTests(TwoSlotIngestApp app) : IClassFixture<TwoSlotIngestApp>
{
    [SkippableFact]
    public async Task One_accounts_flood_leaves_a_slot_for_another_account()
    {
        var flooder = await StreamingClientAsync("admin");
        var other = await StreamingClientAsync("sampler");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The limiter takes its slot before the body is read: held-back bodies keep the flood's slots taken.
        var flood = Enumerable.Range(0, 6)
            .Select(_ => flooder.PostAsync("/api/testing/samples/batch", new HeldBackJson(new { events = Array.Empty<object>() }, release.Task))).ToList();
        HttpResponseMessage answer;
        try
        {
            // The test server answers a request only once its body is sent: the flood is given a moment to reach the limiter.
            await Task.Delay(TimeSpan.FromSeconds(2));
            answer = await other.PostAsJsonAsync("/api/testing/samples/batch", new { events = Array.Empty<object>() });
        }
        finally
        {
            release.SetResult();
            await Task.WhenAll(flood);
        }
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var refused = flood.Select(t => t.Result).Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(5, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        Assert.Single(flood.Select(t => t.Result), r => r.StatusCode == HttpStatusCode.OK);
    }

    /// <summary>
    /// A client that sends a request before its body is complete: the factory's default client follows redirects, and to
    /// resend a body after one it reads the whole body before sending anything.
    /// </summary>
    async Task<HttpClient> StreamingClientAsync(string userName)
    {
        var token = await (await app.Anonymous().PostAsJsonAsync("/api/auth/token", new { username = userName, password = FrontlineApp.Password })).Body();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.Str("token"));
        return client;
    }
}
