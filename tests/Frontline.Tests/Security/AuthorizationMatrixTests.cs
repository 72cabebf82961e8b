using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontline.Platform;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Frontline.Tests.Security;

/// <summary>How an answer reads, in the classes of the rules (shared/api.md, Conventions).</summary>
public enum Verdict
{
    /// <summary>401: no valid token.</summary>
    Unauthenticated,
    /// <summary>403: the caller's role lacks the permission.</summary>
    Forbidden,
    /// <summary>The record is not the caller's: 404, absent from the list, or the write refused with nothing written.</summary>
    OutOfScope,
    /// <summary>Served: a 2xx that read or wrote the record, or a problem that only comes after every check passed.</summary>
    Served,
    /// <summary>A 5xx.</summary>
    ServerError,
    /// <summary>Anything else (429, 405, 415 …): the table's request is wrong or the server is overwhelmed.</summary>
    Unexpected,
}

/// <summary>
/// Issue 7, "Must hold": every operation of the OpenAPI document × every demo user and anonymous × a record inside and
/// outside the caller's jurisdiction, reads and writes, each answer checked against what the role table (through each
/// endpoint's authorization metadata) and the scope rule predict. See <see cref="AuthorizationMatrix"/> for the table.
/// </summary>
public abstract partial class AuthorizationMatrixTests(FrontlineApp app, ITestOutputHelper output)
{
    const string Anonymous = "(anonymous)";
    const int InFlight = 4;

    static readonly string[] DemoUsers =
    [
        "admin", "commander", "street-commander", "community-worker", "sampler", "lab", "investigator", "dispatcher", "facility-staff",
        "auditor", "worker-haiyu", "inspector", "hotline",
    ];

    /// <summary>Authorization policies that are not a single permission of the role table, spelled out.</summary>
    static readonly Dictionary<string, string[]> CombinedPolicies = new(StringComparer.Ordinal)
    {
        [TestingModule.AnyTesting] = [TestingPermissions.Read, TestingPermissions.Sample, TestingPermissions.Result],
    };

    sealed record MatrixCaller(string Name, JurisdictionScope? Scope, HashSet<string> Permissions, HttpClient Client);

    /// <summary>What the endpoint's metadata requires: anonymous access, or each of these policies (each a set of which any permission will do).</summary>
    sealed record Requirement(bool Anonymous, IReadOnlyList<string[]> Policies);

    sealed record Cell(Operation Operation, Probe Probe, MatrixCaller Caller, MatrixSide? Target, Verdict Expected)
    {
        public string Key => $"{Operation.Method} {Operation.Path}{(Probe.Name.Length > 0 ? $" [{Probe.Name}]" : "")} as {Caller.Name}" +
            (Target is null ? "" : $" on {Target.Name}");
    }

    sealed record Outcome(Cell Cell, Verdict Verdict, string Answer);

    [SkippableFact]
    public async Task Every_operation_answers_every_caller_as_the_role_table_and_the_scope_rule_predict()
    {
        app.SkipIfUnavailable();
        var started = DateTime.UtcNow;

        // The table lists what the document lists, and every other route under /api or /exports is in the table's downloads.
        var documented = await DocumentedOperationsAsync();
        var tabled = AuthorizationMatrix.Operations.Select(o => (o.Method, o.Path)).ToList();
        Assert.True(tabled.Count == tabled.Distinct().Count(), "An operation is in the table twice.");
        var missing = documented.Except(tabled).ToList();
        var extra = tabled.Except(documented).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            "The authorization matrix and the OpenAPI document differ. " +
            (missing.Count > 0 ? $"Add an entry to AuthorizationMatrix.Operations for: {Names(missing)}. " : "") +
            (extra.Count > 0 ? $"Not in the document any more: {Names(extra)}." : ""));
        var requirements = Requirements();
        var operations = AuthorizationMatrix.Operations.Concat(AuthorizationMatrix.Downloads).ToList();
        var unlisted = requirements.Keys.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal) || r.Path.StartsWith("/exports/", StringComparison.Ordinal))
            .Except(operations.Select(o => (o.Method, o.Path))).ToList();
        Assert.True(unlisted.Count == 0, $"Routes of the app in neither the document nor AuthorizationMatrix.Downloads: {Names(unlisted)}.");

        var callers = await SignInAsync();
        var signedIn = DateTime.UtcNow - started;
        var admin = callers.Single(c => c.Name == "admin").Client;
        var anonymous = callers.Single(c => c.Scope is null).Client;
        var (hongxing, haiyu) = await MatrixRecords.CreateAsync(admin, user => callers.Single(c => c.Name == user).Client);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var side in new[] { hongxing, haiyu })
                if (await users.FindByNameAsync(side.RevocableUser) is null)
                {
                    var user = new AppUser { UserName = side.RevocableUser, DisplayName = side.RevocableUser, JurisdictionCode = side.Community };
                    Assert.True((await users.CreateAsync(user, FrontlineApp.Password)).Succeeded);
                    Assert.True((await users.AddToRoleAsync(user, Roles.Sampler)).Succeeded);
                }
        }
        foreach (var side in new[] { hongxing, haiyu }) await ContainmentMatrixRecords.FillAsync(app.Services, admin, side);
        foreach (var side in new[] { hongxing, haiyu }) await StaffMatrixRecords.FillAsync(admin, side);
        foreach (var side in new[] { hongxing, haiyu }) await CommandMatrixRecords.FillAsync(admin, side);
        foreach (var side in new[] { hongxing, haiyu }) await MessagingMatrixRecords.FillAsync(admin, side);
        var setUp = DateTime.UtcNow - started - signedIn;

        var cells = new List<Cell>();
        foreach (var operation in operations)
        {
            Assert.True(requirements.TryGetValue((operation.Method, operation.Path), out var requirement),
                $"{operation.Method} {operation.Path} is in the table but no endpoint of the app has that route.");
            foreach (var probe in operation.Probes)
                foreach (var caller in callers)
                    foreach (var target in operation.Reach == Reach.None ? new MatrixSide?[] { null } : [hongxing, haiyu])
                        cells.Add(new Cell(operation, probe, caller, target, Expected(requirement!, operation.Reach, caller, target)));
        }

        var outcomes = new List<Outcome>();
        using (var gate = new SemaphoreSlim(InFlight))
            outcomes.AddRange(await Task.WhenAll(cells.Select(async cell =>
            {
                await gate.WaitAsync();
                try { return await RunAsync(cell, admin, anonymous, hongxing, haiyu); }
                finally { gate.Release(); }
            })));

        var holes = AuthorizationMatrix.KnownHoles.ToDictionary(h => (h.Method, h.Path, h.Probe, h.Caller, h.Side));
        var wrong = new List<Outcome>();
        var closed = new List<(Outcome Outcome, KnownHole Hole)>();
        var open = new List<(Outcome Outcome, KnownHole Hole)>();
        foreach (var outcome in outcomes)
        {
            var cell = outcome.Cell;
            var key = (cell.Operation.Method, cell.Operation.Path, cell.Probe.Name, cell.Caller.Name, cell.Target?.Name ?? "");
            if (holes.Remove(key, out var hole))
            {
                if (outcome.Verdict == cell.Expected) closed.Add((outcome, hole));
                else if (outcome.Verdict == Verdict.Served) open.Add((outcome, hole));
                else wrong.Add(outcome);
            }
            else if (outcome.Verdict != cell.Expected) wrong.Add(outcome);
        }

        output.WriteLine(Summary(outcomes, open, DateTime.UtcNow - started - signedIn - setUp, signedIn, setUp));
        var failures = new StringBuilder();
        foreach (var o in wrong)
            failures.AppendLine($"{o.Cell.Key}: expected {o.Cell.Expected}, answered {o.Verdict} ({o.Answer})");
        foreach (var (o, hole) in closed)
            failures.AppendLine($"{o.Cell.Key}: known hole of finding {hole.Finding} is closed ({o.Answer}): take it out of AuthorizationMatrix.KnownHoles");
        foreach (var hole in holes.Values)
            failures.AppendLine($"Known hole {hole} matches no cell of the matrix: take it out of AuthorizationMatrix.KnownHoles");
        Assert.True(failures.Length == 0, $"{wrong.Count + closed.Count + holes.Count} cells of the authorization matrix are not as predicted:\n{failures}");
    }

    static string Names(IEnumerable<(string Method, string Path)> routes) => string.Join(", ", routes.Select(r => $"{r.Method} {r.Path}"));

    /// <summary>The demo users signed in (their roles and jurisdiction from the token's answer), and anonymous.</summary>
    async Task<List<MatrixCaller>> SignInAsync()
    {
        var callers = new List<MatrixCaller>();
        var roles = new HashSet<string>(StringComparer.Ordinal);
        using var anonymous = Client();
        foreach (var user in DemoUsers)
        {
            var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user, password = FrontlineApp.Password });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} cannot sign in: {(int)response.StatusCode}");
            var token = await response.Body();
            var held = token.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList();
            roles.UnionWith(held);
            var client = Client();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Str("token"));
            callers.Add(new MatrixCaller(user, new JurisdictionScope(token.Str("jurisdiction")),
                RolePermissions.Table.ForRoles(held).ToHashSet(StringComparer.Ordinal), client));
        }
        callers.Add(new MatrixCaller(Anonymous, null, [], Client()));
        var roleless = RolePermissions.Table.Roles.Except(roles).ToList();
        Assert.True(roleless.Count == 0, $"Roles of the role table that no demo user of the matrix holds: {string.Join(", ", roleless)}.");
        return callers;
    }

    /// <summary>A client that shows redirects rather than following them: a page route answers anonymous callers with one to /login.</summary>
    HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    async Task<List<(string Method, string Path)>> DocumentedOperationsAsync()
    {
        using var client = app.CreateClient();
        var document = await client.GetJson("/openapi/v1.json");
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                .Select(op => (op.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    /// <summary>Each route's requirement, read from the app's endpoints: the permissions are the policy names of their authorize metadata.</summary>
    Dictionary<(string Method, string Path), Requirement> Requirements()
    {
        var permissions = RolePermissions.Table.AllPermissions.ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<(string, string), Requirement>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().Select(policy =>
                CombinedPolicies.TryGetValue(policy, out var any) ? any
                : permissions.Contains(policy) ? [policy]
                : throw new InvalidOperationException(
                    $"{endpoint.DisplayName} requires policy '{policy}', which is neither a permission of the role table nor in CombinedPolicies: map it there."))
                .ToList();
            var requirement = new Requirement(endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null, policies);
            foreach (var method in methods) found[(method, Template(endpoint.RoutePattern))] = requirement;
        }
        return found;
    }

    /// <summary>A route pattern as the OpenAPI document writes it: `/api/persons/{id}`, without constraints.</summary>
    static string Template(RoutePattern pattern) => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}"),
    }))));

    /// <summary>The rules: anonymous 401 (unless the endpoint is open), a missing permission 403, a record outside the caller's reach 404, else served.</summary>
    static Verdict Expected(Requirement requirement, Reach reach, MatrixCaller caller, MatrixSide? target)
    {
        if (requirement.Anonymous) return Verdict.Served;
        if (caller.Scope is null) return Verdict.Unauthenticated;
        if (!requirement.Policies.All(any => any.Any(caller.Permissions.Contains))) return Verdict.Forbidden;
        return target is null || Reaches(reach, caller, target) ? Verdict.Served : Verdict.OutOfScope;
    }

    static bool Reaches(Reach reach, MatrixCaller caller, MatrixSide target) => reach switch
    {
        Reach.Uploader => caller.Name == target.Worker,
        Reach.ResultUploader => caller.Name == target.ResultUploader,
        _ => caller.Scope is { } scope && scope.Contains(target.Community),
    };

    async Task<Outcome> RunAsync(Cell cell, HttpClient admin, HttpClient anonymous, MatrixSide hongxing, MatrixSide haiyu)
    {
        var target = cell.Target ?? hongxing;
        var home = cell.Caller.Scope is { } scope && !scope.Contains(target.Community)
            ? new[] { hongxing, haiyu }.FirstOrDefault(s => scope.Contains(s.Community)) ?? target
            : target;
        var context = new ProbeContext(cell.Caller.Name, target, home, admin,
            () => cell.Caller.Scope is null ? Task.FromResult<string?>(null) : IssueTokenAsync(cell.Caller.Name));
        var built = await cell.Probe.Build(context);
        var path = built.Url.Split('?')[0];
        Assert.True(RouteOf(cell.Operation.Path).IsMatch(path), $"{cell.Key}: the table's request {built.Url} is not of {cell.Operation.Path}");
        using var request = new HttpRequestMessage(new HttpMethod(cell.Operation.Method), built.Url) { Content = built.Body };
        if (built.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", built.Token);
        using var response = await (built.Token is null ? cell.Caller.Client : anonymous).SendAsync(request);
        var (verdict, answer) = await ReadAsync(response, cell.Probe, context);
        return new Outcome(cell, verdict, answer);
    }

    /// <summary>A token issued in-process, as sign-in would (the sign-in endpoint's per-address limit is for people).</summary>
    async Task<string?> IssueTokenAsync(string userName)
    {
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName);
        return (await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(user!, Caller.System)).Token;
    }

    static Regex RouteOf(string template) => new("^" + ParameterPattern().Replace(Regex.Escape(template).Replace(@"\{", "{"), "[^/]+") + "$");

    [GeneratedRegex(@"\{[^}/]+\}")] private static partial Regex ParameterPattern();

    static async Task<(Verdict, string)> ReadAsync(HttpResponseMessage response, Probe probe, ProbeContext context)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0;
        JsonElement? body = isJson ? JsonDocument.Parse(text).RootElement : null;
        var codes = body is { ValueKind: JsonValueKind.Object } problem ? Codes(problem) : [];
        var answer = codes.Length > 0 ? $"{status} {string.Join(",", codes)}" : status.ToString();
        if (status is >= 200 and < 300)
        {
            if (probe.Served is null) return (Verdict.Served, answer);
            Assert.True(body is not null, $"{status} without a JSON body where the table reads one");
            return probe.Served(body!.Value, context) ? (Verdict.Served, answer + " served") : (Verdict.OutOfScope, answer + " not served: " + Shorten(text));
        }
        return status switch
        {
            401 => (Verdict.Unauthenticated, answer),
            302 when RedirectPath(response) == "/login" => (Verdict.Unauthenticated, "302 to /login"),
            >= 500 => (Verdict.ServerError, answer + " " + Shorten(text)),
            403 when codes is [] or ["forbidden"] => (Verdict.Forbidden, answer),
            404 => (Verdict.OutOfScope, answer),
            400 or 403 or 409 or 422 when codes.Length > 0 && codes.All(probe.ServedCodes.Contains) => (Verdict.Served, answer),
            400 or 403 or 409 or 422 => (Verdict.OutOfScope, answer),
            _ => (Verdict.Unexpected, $"{answer} {response.Headers.Location} {Shorten(text)}"),
        };
    }

    static string? RedirectPath(HttpResponseMessage response) => response.Headers.Location is not { } to ? null
        : to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString.Split('?')[0];

    static string[] Codes(JsonElement problem)
    {
        var codes = new List<string>();
        if (problem.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String) codes.Add(code.GetString()!);
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            codes.AddRange(errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(v => v.GetString()!));
        return codes.Distinct().ToArray();
    }

    static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    string Summary(List<Outcome> outcomes, List<(Outcome Outcome, KnownHole Hole)> open, TimeSpan took, TimeSpan signedIn, TimeSpan setUp)
    {
        var s = new StringBuilder();
        var operations = outcomes.Select(o => o.Cell.Operation).Distinct().Count(o => !AuthorizationMatrix.Downloads.Contains(o));
        var probes = outcomes.Select(o => (o.Cell.Operation, o.Cell.Probe)).Distinct().Count();
        var callers = outcomes.Select(o => o.Cell.Caller.Name).Distinct().Count();
        var scoped = outcomes.Count(o => o.Cell.Target is not null);
        var predicted = outcomes.Count(o => o.Verdict == o.Cell.Expected);
        s.AppendLine($"Authorization matrix on {app.Provider}: {operations} operations of the document + {AuthorizationMatrix.Downloads.Length} page downloads " +
            $"({probes} probes) × {callers} callers × in/out of scope = " +
            $"{outcomes.Count} requests ({scoped} against a 红星 or 海裕 record, {outcomes.Count - scoped} without one), in {took.TotalSeconds:0.0} s " +
            $"(before: start, document and sign-in {signedIn.TotalSeconds:0.0} s, records {setUp.TotalSeconds:0.0} s).");
        s.AppendLine($"Answered as the table predicts: {predicted}; known holes (served where the rules refuse): {open.Count}; " +
            $"other differences: {outcomes.Count - predicted - open.Count}.");
        foreach (var group in outcomes.GroupBy(o => o.Cell.Expected).OrderBy(g => g.Key))
            s.AppendLine($"  expected {group.Key}: {group.Count()} ({group.Count(o => o.Verdict == o.Cell.Expected)} as predicted)");
        foreach (var (o, hole) in open.OrderBy(h => h.Hole.Finding))
            s.AppendLine($"  finding {hole.Finding}: {o.Cell.Key} → {o.Answer}");
        return s.ToString();
    }
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApp app, ITestOutputHelper output) : AuthorizationMatrixTests(app, output), IClassFixture<SqliteApp>;

public sealed class PostgresAuthorizationMatrixTests(PostgresApp app, ITestOutputHelper output) : AuthorizationMatrixTests(app, output), IClassFixture<PostgresApp>;
