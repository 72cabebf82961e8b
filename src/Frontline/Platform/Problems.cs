using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Frontline.Platform;

/// <summary>A rule broken by the caller's input or by the state of a record; always maps to a 4xx problem.</summary>
public class DomainException(string code, int status = StatusCodes.Status400BadRequest, string? field = null, params object[] args)
    : Exception(code)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
    public string? Field { get; } = field;
    public object[] Args { get; } = args;
}

/// <summary>Several field errors at once, answered as one 400 problem listing them all.</summary>
public sealed class ValidationFailed(List<FieldError> errors)
    : DomainException(errors[0].Code, StatusCodes.Status400BadRequest, errors[0].Field, errors[0].Args)
{
    public List<FieldError> Errors { get; } = errors;
}

public sealed class NotFoundException(string what) : DomainException("not-found", StatusCodes.Status404NotFound, null, what);

/// <summary>
/// The words of every error code, in the caller's language. Each module registers its codes in its own
/// vocabulary (<see cref="Vocabulary"/>); import rows, batch items, forms and problem details all read here.
/// </summary>
public static class ErrorCatalog
{
    /// <summary>A term of a module's vocabulary in the caller's language; an unknown one as it is.</summary>
    public static string Word(string key, CultureInfo? culture = null) =>
        Vocabulary.TryTerm(key, out var w) ? w.In(culture) : key;

    /// <summary>Codes whose first argument names a field: a person reads its label, never the API's name for it.</summary>
    static readonly HashSet<string> FieldCodes = ["missing-field", "field-too-long", "invalid-field", "invalid-characters"];

    public static string Message(string code, CultureInfo? culture = null, params object?[] args)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (!Vocabulary.TryError(code, out var words)) return code;
        var template = words.In(culture);
        if (code is "not-found" or "conflicting-result")
        {
            var word = args.Length > 0 ? args[0] as string ?? "" : "";
            args = [Word(word, culture)];
        }
        else if (FieldCodes.Contains(code) && args is [string field, ..])
            args = [FieldLabel(field, culture), .. args[1..]];
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }

    /// <summary>
    /// A field's label from the vocabularies' <c>field:</c> terms: <c>name</c> → 名称, <c>entries[2].address</c> → 地址,
    /// <c>idNumber / personId</c> → 证件号码或人员. The API keeps the field's own name in a problem's <c>errors</c>.
    /// </summary>
    public static string FieldLabel(string field, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var labels = field.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(one =>
        {
            var last = one[(one.LastIndexOf('.') + 1)..];
            var bracket = last.IndexOf('[');
            var key = "field:" + (bracket >= 0 ? last[..bracket] : last);
            return Vocabulary.TryTerm(key, out var w) ? w.In(culture) : one;
        });
        return string.Join(culture.TwoLetterISOLanguageName == "en" ? " or " : "或", labels);
    }

    /// <summary>The message a person should read for a failed operation; unexpected errors keep their own words.</summary>
    public static string Describe(Exception e) => e switch
    {
        ValidationFailed v => string.Join(Ui.T("；", "; "), v.Errors.Select(f => Message(f.Code, null, f.Args))),
        DomainException d => Message(d.Code, null, d.Args),
        _ => Message("internal-error"),
    };
}

/// <summary>Turns domain, validation and unexpected errors into RFC 9457 problem details with a stable code.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            // Malformed JSON, a wrong type, an unparsable query value: say which field, not just "400".
            http.Response.StatusCode = bad.StatusCode;
            var json = bad.InnerException as System.Text.Json.JsonException;
            var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
            var badRequest = json is not null
                ? Problem(bad.StatusCode, "invalid-json", ErrorCatalog.Message("invalid-json", null, field ?? "$"))
                : ApiEdges.UnreadableParameter(bad) ?? Problem(bad.StatusCode, "invalid-request", ErrorCatalog.Message("invalid-request", null, bad.Message));
            if (field is not null) badRequest.Extensions["errors"] = new Dictionary<string, string[]> { [field] = ["invalid-json"] };
            return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = badRequest });
        }
        if (IsBusy(exception))
        {
            // The database's write lock is held (a large import on SQLite): the caller retries, nothing was acknowledged.
            log.LogWarning("Database busy on {Method} {Path}: answered 503", http.Request.Method, http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new()
            {
                HttpContext = http,
                ProblemDetails = Problem(503, "database-busy", ErrorCatalog.Message("database-busy", null, 5)),
            });
        }
        if (exception is not DomainException domain)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return await problems.TryWriteAsync(new()
            {
                HttpContext = http,
                ProblemDetails = Problem(500, "internal-error", ErrorCatalog.Message("internal-error")),
            });
        }
        http.Response.StatusCode = domain.Status;
        if (domain is ValidationFailed many)
            return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = Problems.ValidationDetails(many.Errors) });
        var details = Problem(domain.Status, domain.Code, ErrorCatalog.Message(domain.Code, null, domain.Args));
        if (domain.Field is not null)
            details.Extensions["errors"] = new Dictionary<string, string[]> { [domain.Field] = [domain.Code] };
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = details });
    }

    static bool IsBusy(Exception e) => e switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 } => true,
        Npgsql.PostgresException { SqlState: "40001" or "40P01" or "55P03" or "53300" } => true,
        Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };

    public static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = code,
        Detail = detail,
        Type = $"https://frontline.local/problems/{code}",
        Extensions = { ["code"] = code },
    };
}

public static class Problems
{
    /// <summary>A 400 listing every field error, each with its code and words.</summary>
    public static ProblemDetails ValidationDetails(List<FieldError> list)
    {
        var first = list[0];
        var details = ProblemDetailsExceptionHandler.Problem(400, first.Code, ErrorCatalog.Message(first.Code, null, first.Args));
        details.Extensions["errors"] = list.GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        details.Extensions["messages"] = list.Select(e => new { field = e.Field, code = e.Code, message = ErrorCatalog.Message(e.Code, null, e.Args) }).ToList();
        return details;
    }

    public static IResult Of(int status, string code, params object[] args) =>
        TypedResults.Problem(ProblemDetailsExceptionHandler.Problem(status, code, ErrorCatalog.Message(code, null, args)));
}

public sealed record FieldError(string Field, string Code, params object[] Args)
{
    /// <summary>A required text field, trimmed; adds missing-field or field-too-long and answers null when it fails.</summary>
    public static string? Required(List<FieldError> errors, string field, string? value, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add(new(field, "missing-field", field));
        else if (text.Length > maxLength) errors.Add(new(field, "field-too-long", field, maxLength));
        else return text;
        return null;
    }
}
