using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace Frontline.Platform;

/// <summary>
/// What the API answers at its edges, where no endpoint's own code runs: a parameter the framework could not
/// read, a path no endpoint has, a method the path does not take, and the bare statuses (401, 403, 404) of
/// the endpoints themselves. Each gets a stable code in both languages, as every other problem does.
/// </summary>
public static partial class ApiEdges
{
    public const string ApiPrefix = "/api";
    static readonly HashSet<string> PagingParameters = new(StringComparer.Ordinal) { "page", "pageSize" };

    // The framework names the parameter only in its message, in English: "Failed to bind parameter
    // "Nullable<int> pageSize" from "abc"." and "Required parameter "string name" was not provided from query string."
    [GeneratedRegex("""^Failed to bind parameter "(?:.* )?(?<name>[^ "]+)" from "(?<value>.*)"\.?$""", RegexOptions.Singleline)]
    private static partial Regex BindFailed();

    [GeneratedRegex("""^Required parameter "(?:.* )?(?<name>[^ "]+)" was not provided""")]
    private static partial Regex RequiredMissing();

    /// <summary>The problem for a query, route or header value the framework could not read; null when the message is not one of those.</summary>
    public static ProblemDetails? UnreadableParameter(BadHttpRequestException bad)
    {
        if (BindFailed().Match(bad.Message) is { Success: true } failed)
            return ParameterProblem(failed.Groups["name"].Value, failed.Groups["value"].Value);
        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
            return FieldProblem(400, "missing-field", missing.Groups["name"].Value, missing.Groups["name"].Value);
        return null;
    }

    static ProblemDetails ParameterProblem(string name, string value) => PagingParameters.Contains(name)
        ? FieldProblem(400, "invalid-paging", name, name, PageRequest.MaxPageSize)
        : FieldProblem(400, "invalid-parameter", name, name, value);

    static ProblemDetails FieldProblem(int status, string code, string field, params object[] args)
    {
        var details = ProblemDetailsExceptionHandler.Problem(status, code, ErrorCatalog.Message(code, null, args));
        details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [code] };
        return details;
    }

    /// <summary>
    /// Gives a status-only answer its code. Under /api, when routing found no endpoint (404) or not for this method
    /// (405), the API's own routes decide what the caller got wrong: the method (405 with the methods the path takes
    /// in Allow), a route value not of its type (400), or the path (404 unknown-endpoint, never the missing record's
    /// not-found). Routing alone cannot say: the static-asset fallback of development (`{**path:file}`, GET and HEAD)
    /// is a candidate for every path, so it hides a POST-only path's 405 behind a 404 and adds GET to the Allow header.
    /// </summary>
    public static void Describe(ProblemDetailsContext ctx)
    {
        var details = ctx.ProblemDetails;
        if (details.Extensions.ContainsKey("code")) return;
        var http = ctx.HttpContext;
        var request = http.Request;
        var unrouted = details.Status == 404 && http.GetEndpoint() is null || details.Status == 405;
        if (unrouted && request.Path.StartsWithSegments(ApiPrefix, StringComparison.Ordinal))
        {
            var (methods, badValue) = MatchApiRoutes(http);
            if (methods.Count > 0)
            {
                var allow = string.Join(", ", methods);
                http.Response.Headers.Allow = allow;
                Replace(ctx, ProblemDetailsExceptionHandler.Problem(405, "method-not-allowed",
                    ErrorCatalog.Message("method-not-allowed", null, request.Method, allow)));
            }
            else if (badValue is var (name, value))
                Replace(ctx, ParameterProblem(name, value));
            else
                Replace(ctx, ProblemDetailsExceptionHandler.Problem(404, "unknown-endpoint",
                    ErrorCatalog.Message("unknown-endpoint", null, $"{request.Method} {request.Path}")));
            return;
        }
        var code = details.Status switch
        {
            401 => "unauthenticated",
            403 => "forbidden",
            404 => "not-found",
            405 => "method-not-allowed",
            _ => null,
        };
        details.Extensions["code"] = code ?? $"http-{details.Status}";
        if (code is not null && details.Detail is null)
            details.Detail = code == "method-not-allowed"
                ? ErrorCatalog.Message(code, null, request.Method, http.Response.Headers.Allow.ToString())
                : ErrorCatalog.Message(code, null, "");
    }

    static void Replace(ProblemDetailsContext ctx, ProblemDetails replacement)
    {
        var details = ctx.ProblemDetails;
        ctx.HttpContext.Response.StatusCode = replacement.Status!.Value;
        details.Status = replacement.Status;
        details.Title = replacement.Title;
        details.Type = replacement.Type;
        details.Detail = replacement.Detail;
        foreach (var (key, value) in replacement.Extensions) details.Extensions[key] = value;
    }

    /// <summary>
    /// The methods of the /api routes this path matches, and the first route value that breaks its route's
    /// constraint (`/api/persons/abc` for `{id:long}`) where the path has a route's shape but not its types.
    /// </summary>
    static (SortedSet<string> Methods, (string Name, string Value)? BadValue) MatchApiRoutes(HttpContext http)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        (string, string)? badValue = null;
        var policies = http.RequestServices.GetRequiredService<ParameterPolicyFactory>();
        foreach (var endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (pattern.PathSegments is not [{ Parts: [RoutePatternLiteralPart { Content: "api" }] }, ..]) continue;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults)).TryMatch(http.Request.Path, values))
                continue;
            var broken = pattern.ParameterPolicies
                .SelectMany(p => p.Value.Select(reference => (Name: p.Key, Policy: policies.Create(pattern.GetParameter(p.Key), reference))))
                .FirstOrDefault(p => p.Policy is IRouteConstraint constraint && !constraint.Match(http, null, p.Name, values, RouteDirection.IncomingRequest));
            if (broken.Name is null)
                methods.UnionWith(endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []);
            else
                badValue ??= (broken.Name, Convert.ToString(values[broken.Name], System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        return (methods, badValue);
    }
}
