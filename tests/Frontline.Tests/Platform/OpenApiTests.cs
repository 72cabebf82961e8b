using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Frontline.Tests.Support;
using Xunit.Abstractions;

namespace Frontline.Tests.Platform;

/// <summary>
/// The OpenAPI document tells the truth: every operation carries an example request that, sent as it stands, succeeds
/// with an answer the document describes; every operation that needs a token says so and answers 401 without one; and
/// docs/api.md lists exactly the operations the document has.
/// </summary>
public abstract partial class OpenApiTests(FrontlineApp app, ITestOutputHelper output)
{
    sealed record Operation(string Method, string Path, JsonElement Spec)
    {
        public override string ToString() => $"{Method} {Path}";
        public bool Secured => Spec.TryGetProperty("security", out var s) && s.GetArrayLength() > 0;
        public IEnumerable<JsonElement> Parameters => Spec.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : [];
        public JsonElement? Body => Spec.TryGetProperty("requestBody", out var b) ? b.GetProperty("content") : null;
        public JsonElement Responses => Spec.GetProperty("responses");
    }

    async Task<(JsonElement Document, List<Operation> Operations)> DocumentAsync()
    {
        var document = await app.Anonymous().GetJson("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value)))
            .ToList();
        return (document, operations);
    }

    [SkippableFact]
    public async Task Every_operation_has_an_id_a_summary_and_an_example_that_fits_its_schema()
    {
        var (document, operations) = await DocumentAsync();
        var check = new SchemaCheck(document);
        var problems = new List<string>();
        foreach (var op in operations)
        {
            if (!op.Spec.TryGetProperty("operationId", out _)) problems.Add($"{op}: no operationId");
            if (!op.Spec.TryGetProperty("summary", out _)) problems.Add($"{op}: no summary");
            foreach (var parameter in op.Parameters)
            {
                var name = parameter.Str("name");
                var required = parameter.TryGetProperty("required", out var r) && r.GetBoolean();
                if (!parameter.TryGetProperty("example", out var example))
                {
                    if (required) problems.Add($"{op}: required parameter {name} has no example");
                    continue;
                }
                problems.AddRange(check.Check(example, parameter.GetProperty("schema"), $"{op} {name}"));
            }
            if (op.Body is { } body)
                foreach (var media in body.EnumerateObject())
                {
                    if (!media.Value.TryGetProperty("example", out var example)) problems.Add($"{op}: {media.Name} body has no example");
                    else if (media.Name == "application/json") problems.AddRange(check.Check(example, media.Value.GetProperty("schema"), $"{op} body"));
                    else if (!example.TryGetProperty("file", out _)) problems.Add($"{op}: {media.Name} example has no file");
                }
        }
        var ids = operations.Select(o => o.Spec.TryGetProperty("operationId", out var id) ? id.GetString() : null).OfType<string>().ToList();
        problems.AddRange(ids.GroupBy(i => i, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"operationId {g.Key} is used twice"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public async Task The_schema_check_finds_what_a_document_forbids()
    {
        var (document, _) = await DocumentAsync();
        var check = new SchemaCheck(document);
        var place = JsonDocument.Parse("""{ "$ref": "#/components/schemas/PlaceView" }""").RootElement;
        Assert.Empty(check.Check(JsonDocument.Parse("""{ "id": "1", "code": "A", "name": "N", "kind": "market", "communityCode": "440306005002" }""").RootElement, place));
        var wrong = check.Check(JsonDocument.Parse("""{ "id": 1, "code": "A", "name": null, "kind": "shop" }""").RootElement, place);
        Assert.Contains(wrong, e => e.Contains("$.id", StringComparison.Ordinal));
        Assert.Contains(wrong, e => e.Contains("$.name", StringComparison.Ordinal));
        Assert.Contains(wrong, e => e.Contains("shop", StringComparison.Ordinal));
        Assert.Contains(wrong, e => e.Contains("communityCode is missing", StringComparison.Ordinal));
        var person = JsonDocument.Parse("""{ "$ref": "#/components/schemas/CreatePersonRequest" }""").RootElement;
        Assert.Contains(check.Check(JsonDocument.Parse("""{ "name": "李明", "idNumber": "x", "building": "3栋" }""").RootElement, person),
            e => e.Contains("anyOf", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Every_secured_operation_declares_the_bearer_scheme_and_answers_401_without_a_token()
    {
        var (document, operations) = await DocumentAsync();
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").Str("scheme"));
        var check = new SchemaCheck(document);
        var anonymous = app.Anonymous();
        var problems = new List<string>();
        foreach (var op in operations)
        {
            var open = op.Path is "/api/auth/token" or "/healthz" or "/readyz" or "/api/self-report/{token}";
            if (open == op.Secured) problems.Add($"{op}: security is {(op.Secured ? "declared" : "missing")}");
            if (!op.Secured) continue;
            if (!op.Responses.TryGetProperty("401", out var declared)) problems.Add($"{op}: 401 not declared");
            var url = op.Path.Replace("{id}", "1").Replace("{resultId}", "1");
            // A body of the declared kind: routing answers 415 to another before authorization is asked.
            HttpContent? content = op.Body is not { } body ? null
                : body.TryGetProperty("application/json", out _) ? new StringContent("{}", Encoding.UTF8, "application/json")
                : new MultipartFormDataContent();
            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(op.Method), url) { Content = content });
            if (response.StatusCode != HttpStatusCode.Unauthorized) problems.Add($"{op}: {(int)response.StatusCode} without a token");
            else if (declared.ValueKind == JsonValueKind.Object)
                problems.AddRange(check.Check(await response.Body(), declared.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema"), $"{op} 401"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public async Task Every_operation_with_a_body_answers_415_as_declared_to_another_media_type()
    {
        var (document, operations) = await DocumentAsync();
        var check = new SchemaCheck(document);
        var admin = await app.As("admin");
        var problems = new List<string>();
        foreach (var op in operations.Where(o => o.Body is not null && o.Secured))
        {
            var url = op.Path.Replace("{id}", "1").Replace("{resultId}", "1");
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(op.Method), url) { Content = new StringContent("x", Encoding.UTF8, "text/plain") });
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType) problems.Add($"{op}: {(int)response.StatusCode}");
            else if (!op.Responses.TryGetProperty("415", out var declared)) problems.Add($"{op}: 415 not declared");
            else problems.AddRange(check.Check(await response.Body(), declared.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema"), $"{op} 415"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Sends every operation's example as the admin (anonymous where the document asks no token), in an order that
    /// makes each one's records first: sign-in, creations, uploads and batches, reads, then closing and deciding. Ids
    /// the examples name (path ids, roundId, personId) are replaced by those of the records made here, found by the
    /// path segment before the id ("/rounds/{id}" → the round created by POST …/rounds).
    /// </summary>
    [SkippableFact]
    public async Task Every_operation_answers_its_example_with_a_success_the_document_describes()
    {
        var (document, operations) = await DocumentAsync();
        var check = new SchemaCheck(document);
        var admin = await app.As("admin");
        var anonymous = app.Anonymous();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        // Records the examples name that no operation of this branch creates: a hotel, home stays, a live self-report link.
        await Containment.ContainmentExamples.PrepareAsync(app, admin, ids);

        foreach (var op in operations.OrderBy(Phase).ThenBy(o => o.Path.Contains('{')))
        {
            using var request = Request(op, op.Path == "/api/stays/{id}/self-report-link" ? new(ids) { ["stays"] = ids["home-stays"] } : ids);
            var response = await (op.Secured ? admin : anonymous).SendAsync(request);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            var text = await response.Content.ReadAsStringAsync();
            seen.Add($"{op} → {status}");
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"{op}: {status} {text}");
                continue;
            }
            if (!op.Responses.TryGetProperty(status, out var declared))
            {
                problems.Add($"{op}: {status} is not declared");
                continue;
            }
            if (!declared.TryGetProperty("content", out var content))
            {
                if (text.Length > 0) problems.Add($"{op}: {status} declares no content, got {text}");
                continue;
            }
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            if (!content.TryGetProperty(mediaType, out var media))
            {
                problems.Add($"{op}: {status} answered {mediaType}, declared {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}");
                continue;
            }
            if (mediaType != "application/json")
            {
                if (response.Content.Headers.ContentLength is 0 or null && text.Length == 0) problems.Add($"{op}: empty {mediaType}");
                continue;
            }
            var body = JsonDocument.Parse(text).RootElement;
            problems.AddRange(check.Check(body, media.GetProperty("schema"), op.ToString()));
            // A batch or a file answers 200 with its refused items: the example's items must all be taken.
            foreach (var refused in new[] { "rejected", "errors" })
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(refused, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
                    problems.Add($"{op}: the example's items were refused: {list}");
            Remember(op, body, ids);
            if (op.Path == "/api/testing/results/batch") await MakeConflictingResultAsync(admin, Request(op, ids), ids);
            if (op.Path == "/api/checkins/batch") await MakeCompanionsAsync(admin, ids);
            if (op.Path == "/api/cases/{id}/companions/{personId}/confirm") ids["companions"] = ids["companions-next"];
            // Zones: two proposals from fresh cases, one to accept and one to reject.
            if (op.Path == "/api/zones") await MakeZoneProposalsAsync(admin, ids);
            if (op.Path == "/api/zones/proposals/{id}/accept") ids["proposals"] = ids["proposals-next"];
            // A notice's attachment: the download example names the one the send example stored.
            if (op.Path == "/api/notices" && op.Method == "POST") ids["attachments"] = body.GetProperty("attachmentIds")[0].GetString()!;
        }
        output.WriteLine(string.Join("\n", seen));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(operations.Count >= 43, $"{operations.Count} operations");
    }

    /// <summary>0 sign-in, 1 creations (201), 2 other writes answering 200 (batches, uploads), 3 reads, 4 the rest (close, decide, update), 5 sign-out.</summary>
    static int Phase(Operation op) =>
        op.Path == "/api/auth/token" ? 0
        // Signing out ends the token every other request of the test is sent with: last.
        : op.Path == "/api/auth/logout" ? 5
        : op.Method == "GET" ? 3
        : op.Responses.TryGetProperty("201", out _) ? 1
        : op.Responses.TryGetProperty("200", out _) ? 2
        : 4;

    static string Segment(string path, int index) => path.Split('/', StringSplitOptions.RemoveEmptyEntries)[index];

    static string Substitute(string name, string value, Dictionary<string, string> ids) =>
        name.EndsWith("Id", StringComparison.Ordinal) && ids.TryGetValue(name[..^2] + "s", out var id) ? id : value;

    static HttpRequestMessage Request(Operation op, Dictionary<string, string> ids)
    {
        var segments = op.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = new List<string>();
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            // A parameter may fill part of a segment: /api/briefings/{date}.docx.
            var close = segments[i].IndexOf('}');
            var (name, suffix) = (segments[i][1..close], segments[i][(close + 1)..]);
            var example = op.Parameters.First(p => p.Str("name") == name).GetProperty("example");
            segments[i] = (ids.TryGetValue(segments[i - 1], out var id) ? id : Text(example)) + suffix;
        }
        foreach (var parameter in op.Parameters.Where(p => p.Str("in") == "query" && p.TryGetProperty("example", out _)))
        {
            var name = parameter.Str("name");
            query.Add($"{name}={Uri.EscapeDataString(Substitute(name, Text(parameter.GetProperty("example")), ids))}");
        }
        var url = "/" + string.Join('/', segments) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        if (op.Body is not { } body) return request;
        if (body.TryGetProperty("application/json", out var json))
        {
            var node = JsonNode.Parse(json.GetProperty("example").GetRawText())!;
            SubstituteIds(node, ids);
            // The document's example holds the demo password; this host has its own.
            if (op.Path == "/api/auth/token") node["password"] = FrontlineApp.Password;
            request.Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else
        {
            var file = body.GetProperty("multipart/form-data").GetProperty("example").Str("file");
            var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(content, "file", "example.csv");
            request.Content = form;
        }
        return request;
    }

    static void SubstituteIds(JsonNode? node, Dictionary<string, string> ids)
    {
        if (node is JsonArray array)
            foreach (var item in array) SubstituteIds(item, ids);
        if (node is not JsonObject obj) return;
        foreach (var (name, value) in obj.ToList())
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text)) obj[name] = Substitute(name, text, ids);
            else SubstituteIds(value, ids);
        }
    }

    static string Text(JsonElement example) => example.ValueKind switch
    {
        JsonValueKind.String => example.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => example.GetRawText(),
    };

    /// <summary>A created record's id under its collection's name ("/api/testing/rounds" → rounds); a list's first item when none was made.</summary>
    static void Remember(Operation op, JsonElement body, Dictionary<string, string> ids)
    {
        var collection = op.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        if (op.Method == "POST" && body.ValueKind == JsonValueKind.Object)
        {
            if (body.TryGetProperty("id", out var id)) ids.TryAdd(collection, id.GetString()!);
            foreach (var property in body.EnumerateObject().Where(p => p.Name.EndsWith("Id", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String))
                ids.TryAdd(property.Name[..^2] + "s", property.Value.GetString()!);
        }
        if (op.Method != "GET" || op.Path.Contains('{')) return;
        var items = body.ValueKind == JsonValueKind.Array ? body
            : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("items", out var paged) ? paged : default;
        if (items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 && items[0].TryGetProperty("id", out var first))
            ids.TryAdd(collection, first.GetString()!);
    }

    /// <summary>Two pending zone proposals: each a new case in a building of its own, raised by the outbox's dispatcher.</summary>
    static async Task MakeZoneProposalsAsync(HttpClient admin, Dictionary<string, string> ids)
    {
        var proposals = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var person = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "建议示例" + i, idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = "440306005002",
                building = "建议示例楼" + Guid.NewGuid().ToString("N")[..6], room = "101",
            });
            var personId = (await person.Body()).Str("id");
            var created = await admin.PostAsJsonAsync("/api/cases", new { personId, classification = "confirmed" });
            var caseId = (await created.Body()).Str("id");
            for (var attempt = 0; ; attempt++)
            {
                var pending = await admin.GetJson("/api/zones/proposals?status=pending&pageSize=500");
                var found = pending.GetProperty("items").EnumerateArray().FirstOrDefault(p => p.Str("caseId") == caseId);
                if (found.ValueKind == JsonValueKind.Object) { proposals.Add(found.Str("id")); break; }
                Assert.True(attempt < 60, $"no zone proposal for case {caseId}");
                await Task.Delay(250);
            }
        }
        ids["proposals"] = proposals[0];
        ids["proposals-next"] = proposals[1];
    }

    /// <summary>
    /// The companion operations need companions of the example case: two residents who checked in at the example's place
    /// beside its trajectory entry, one to confirm and one to dismiss.
    /// </summary>
    static async Task MakeCompanionsAsync(HttpClient admin, Dictionary<string, string> ids)
    {
        var residents = (await admin.GetJson("/api/persons?jurisdiction=440306005002&pageSize=5")).GetProperty("items").EnumerateArray()
            .Select(p => p.Str("id")).Where(id => id != ids["persons"]).Take(2).ToList();
        var at = DateTimeOffset.UtcNow.AddHours(-19).AddMinutes(-20);
        var answer = await (await admin.PostAsync("/api/checkins/batch", new StringContent(JsonSerializer.Serialize(new
        {
            events = residents.Select((id, i) => new { eventId = $"openapi-companion-{i}", venueCode = "HX-MARKET-01", personId = id, at }),
        }), Encoding.UTF8, "application/json"))).Body();
        Assert.Equal(2, answer.Int("accepted"));
        (ids["companions"], ids["companions-next"]) = (residents[0], residents[1]);
    }

    /// <summary>The review operations need a conflicting result: the example's tube again, with another outcome.</summary>
    static async Task MakeConflictingResultAsync(HttpClient admin, HttpRequestMessage sent, Dictionary<string, string> ids)
    {
        using var again = sent;
        var batch = JsonNode.Parse(await again.Content!.ReadAsStringAsync())!;
        var result = batch["results"]![0]!;
        result["eventId"] = result["eventId"]!.GetValue<string>() + "-second";
        result["outcome"] = result["outcome"]!.GetValue<string>() == "positive" ? "negative" : "positive";
        var answer = await (await admin.PostAsync("/api/testing/results/batch",
            new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json"))).Body();
        Assert.Equal("conflicting-result", answer.GetProperty("rejected")[0].Str("code"));
        var reviews = await admin.GetJson("/api/testing/result-reviews");
        ids["result-reviews"] = reviews.GetProperty("items")[0].GetProperty("waiting")[0].Str("id");
    }

    [SkippableFact]
    public async Task Docs_api_md_lists_exactly_the_operations_of_the_document()
    {
        var (_, operations) = await DocumentAsync();
        var documented = operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Frontline.slnx"))) root = root.Parent;
        Assert.NotNull(root);
        var listed = File.ReadLines(Path.Combine(root.FullName, "docs", "api.md"))
            .Select(line => ServedOperation().Match(line)).Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();
        var differences = listed.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"listed twice in docs/api.md: {g.Key}")
            .Concat(documented.Except(listed).Select(o => $"in the OpenAPI document, not in docs/api.md: {o}"))
            .Concat(listed.Except(documented).Select(o => $"in docs/api.md, not in the OpenAPI document: {o}"))
            .ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>docs/api.md's convention: a served operation starts a bullet with its method and path in code.</summary>
    [GeneratedRegex(@"^- `(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)")]
    private static partial Regex ServedOperation();
}

public sealed class SqliteOpenApiTests(SqliteApp app, ITestOutputHelper output) : OpenApiTests(app, output), IClassFixture<SqliteApp>;

public sealed class PostgresOpenApiTests(PostgresApp app, ITestOutputHelper output) : OpenApiTests(app, output), IClassFixture<PostgresApp>;
