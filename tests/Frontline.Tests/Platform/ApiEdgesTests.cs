using System.Net;
using Frontline.Tests.Support;

namespace Frontline.Tests.Platform;

/// <summary>
/// The API's edges, where no endpoint's own code runs: paging out of range, values the framework cannot read,
/// paths we do not have, methods a path does not take. Each is a problem with a stable code and the field it is
/// about, in the caller's language. Routing and binding do not depend on the database: SQLite only.
/// </summary>
public sealed class ApiEdgesTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    static async Task<(string Code, string[] Fields, string Detail)> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Body();
        var fields = body.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name).ToArray() : [];
        return (body.Str("code"), fields, body.Str("detail"));
    }

    [Theory]
    [InlineData("/api/persons?pageSize=-5", "pageSize")]
    [InlineData("/api/persons?pageSize=0", "pageSize")]
    [InlineData("/api/persons?pageSize=501", "pageSize")]
    [InlineData("/api/persons?pageSize=abc", "pageSize")]
    [InlineData("/api/persons?page=0", "page")]
    [InlineData("/api/persons?page=-1", "page")]
    [InlineData("/api/persons?page=abc", "page")]
    [InlineData("/api/persons?page=99999999999", "page")]
    [InlineData("/api/audit?pageSize=1000", "pageSize")]
    [InlineData("/api/tasks?page=0", "page")]
    public async Task Paging_out_of_range_or_not_a_number_is_a_400_naming_the_field(string url, string field)
    {
        var admin = await app.As("admin");
        var (code, fields, detail) = await ProblemAsync(await admin.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal("invalid-paging", code);
        Assert.Equal([field], fields);
        Assert.Contains(field, detail);
        Assert.Contains("500", detail);
    }

    [Fact]
    public async Task Paging_speaks_the_callers_language()
    {
        var (_, _, zh) = await ProblemAsync(await (await app.As("admin")).GetAsync("/api/persons?pageSize=abc"), HttpStatusCode.BadRequest);
        Assert.StartsWith("分页参数 pageSize 不正确", zh, StringComparison.Ordinal);
        var (_, _, en) = await ProblemAsync(await (await app.As("admin", "en")).GetAsync("/api/persons?pageSize=abc"), HttpStatusCode.BadRequest);
        Assert.StartsWith("Paging parameter pageSize is not valid", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_even_where_page_times_size_overflows()
    {
        var admin = await app.As("admin");
        foreach (var url in new[] { "/api/persons?page=2147483647", "/api/persons?page=2147483647&pageSize=500", "/api/persons?page=100000&pageSize=500" })
        {
            var page = await admin.GetJson(url);
            Assert.True(page.GetProperty("total").GetInt64() >= FrontlineApp.Residents, url);
            Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        }
        Assert.Equal(500, (await admin.GetJson("/api/persons?page=1&pageSize=500")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/testing/retests?roundId=abc", "roundId", "abc")]
    [InlineData("/api/persons?unmask=perhaps", "unmask", "perhaps")]
    [InlineData("/api/audit?from=yesterday", "from", "yesterday")]
    [InlineData("/api/persons/abc", "id", "abc")]
    [InlineData("/api/persons/99999999999999999999/status", "id", "99999999999999999999")]
    public async Task An_unreadable_query_or_route_value_is_a_400_naming_the_parameter(string url, string parameter, string value)
    {
        var admin = await app.As("admin");
        var (code, fields, detail) = await ProblemAsync(await admin.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal("invalid-parameter", code);
        Assert.Equal([parameter], fields);
        Assert.Equal($"参数 {parameter} 的值无法识别：{value}", detail);
        Assert.DoesNotContain("Failed to bind", detail);
    }

    [Fact]
    public async Task An_unknown_path_under_the_api_is_not_a_missing_record()
    {
        var admin = await app.As("admin");
        var (code, _, detail) = await ProblemAsync(await admin.GetAsync("/api/jurisdictions/tree"), HttpStatusCode.NotFound);
        Assert.Equal("unknown-endpoint", code);
        Assert.Equal("没有这个接口：GET /api/jurisdictions/tree", detail);
        var (_, _, en) = await ProblemAsync(await (await app.As("admin", "en")).GetAsync("/api/no/such/thing"), HttpStatusCode.NotFound);
        Assert.Equal("No such endpoint: GET /api/no/such/thing", en);
        // Without a token too: there is nothing there to protect.
        Assert.Equal("unknown-endpoint", (await ProblemAsync(await app.Anonymous().GetAsync("/api/jurisdictions/tree"), HttpStatusCode.NotFound)).Code);

        // A record that is not there (or not the caller's) is still the other 404.
        var (missing, _, _) = await ProblemAsync(await admin.GetAsync("/api/persons/987654321987"), HttpStatusCode.NotFound);
        Assert.Equal("not-found", missing);
    }

    [Theory]
    [InlineData("DELETE", "/api/persons", "GET, POST")]
    [InlineData("PUT", "/api/tasks/1/close", "POST")]
    [InlineData("GET", "/api/tasks/1/close", "POST")]
    [InlineData("GET", "/api/testing/samples/batch", "POST")]
    [InlineData("POST", "/api/policy", "GET")]
    public async Task A_wrong_method_is_a_405_that_lists_the_allowed_ones(string method, string url, string allowed)
    {
        var admin = await app.As("admin");
        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "GET" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        });
        var (code, _, detail) = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method-not-allowed", code);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal($"该接口不接受 {method} 请求，可用的方法：{allowed}", detail);
    }
}
