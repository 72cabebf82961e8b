using System.Net.Http.Json;
using System.Text.Json;

namespace Frontline.Tests.Support;

public static class Json
{
    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static async Task<JsonElement> GetJson(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
    public static int Int(this JsonElement e, string name) => e.GetProperty(name).GetInt32();

    /// <summary>The codes of a problem's per-field errors, or its single code.</summary>
    public static async Task<string[]> ProblemCodes(this HttpResponseMessage response)
    {
        var body = await response.Body();
        if (body.TryGetProperty("errors", out var errors))
            return errors.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(v => v.GetString()!)).ToArray();
        return [body.Str("code")];
    }
}
