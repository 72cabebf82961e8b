using System.Net;
using System.Net.Http.Json;
using Frontline.Tests.Support;
using Frontline.Tests.Testing;

namespace Frontline.Tests.Investigation;

/// <summary>Check-ins share the ingest gate: a flood past its capacity gets 429 with Retry-After, and nothing acknowledged is lost.</summary>
public class CheckInIngestLimitTests(NarrowIngestApp app) : IClassFixture<NarrowIngestApp>
{
    [SkippableFact]
    public async Task A_flood_of_check_in_batches_meets_429_with_retry_after_and_a_resend_stores_each_once()
    {
        var admin = await app.As("admin");
        var code = "FLOOD-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/places", new { code, name = "洪峰测试场所", kind = "venue", communityCode = TestData.Hongxing })).StatusCode);
        var people = (await admin.GetJson("/api/persons?pageSize=500")).GetProperty("items").EnumerateArray().Select(p => p.Str("id")).ToList();
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        var batches = Enumerable.Range(0, 20).Select(b => people.Skip(b * 25).Take(25)
            .Select((id, i) => new { eventId = $"{code}-{b}-{i}", venueCode = code, personId = id, at }).ToList()).Where(b => b.Count > 0).ToList();

        var bodies = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = batches.Select(async batch => (batch, response: await admin.PostAsync("/api/checkins/batch", new HeldBackJson(new { events = batch }, bodies.Task)))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        bodies.SetResult();
        var acknowledged = 0;
        var limited = 0;
        foreach (var (batch, response) in await Task.WhenAll(sending))
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited++;
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
                continue;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(batch.Count, (await response.Body()).Int("accepted"));
            acknowledged += batch.Count;
        }
        Assert.True(limited > 0, $"a flood of {batches.Count} batches into one slot must meet the limit");

        var (accepted, duplicates) = (0, 0);
        foreach (var batch in batches)
            while (true)
            {
                var response = await admin.PostAsJsonAsync("/api/checkins/batch", new { events = batch });
                if (response.StatusCode == HttpStatusCode.TooManyRequests) { await Task.Delay(50); continue; }
                var answer = await response.Body();
                (accepted, duplicates) = (accepted + answer.Int("accepted"), duplicates + answer.Int("duplicates"));
                break;
            }
        Assert.Equal(acknowledged, duplicates);
        Assert.Equal(batches.Sum(b => b.Count), accepted + duplicates);
    }
}
