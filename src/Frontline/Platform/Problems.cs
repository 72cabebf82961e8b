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
/// Every error code Frontline answers with, in one place, with its words in Chinese and English.
/// Import rows, batch items, forms and problem details all read their messages from here.
/// </summary>
public static class ErrorCatalog
{
    static readonly Dictionary<string, (string Zh, string En)> Messages = new()
    {
        ["missing-field"] = ("缺少必填项：{0}", "Required field is missing: {0}"),
        ["invalid-id-format"] = ("证件号码格式不正确", "The document number is not in a valid format"),
        ["invalid-id-checksum"] = ("身份证号码校验位不正确，请核对是否录错", "The resident ID checksum does not match; check for a typing error"),
        ["invalid-birth-date"] = ("身份证号码中的出生日期不存在或晚于今天", "The birth date in the resident ID is not a real past date"),
        ["invalid-phone"] = ("手机号码不正确（应为11位大陆手机号）", "Not a valid mainland mobile number (11 digits starting with 1)"),
        ["invalid-doc-type"] = ("证件类型无法识别：{0}", "Unknown document type: {0}"),
        ["invalid-resident-type"] = ("人员类型无法识别：{0}（应为户籍、常住或流动）", "Unknown resident type: {0} (registered, resident or floating)"),
        ["unknown-community"] = ("找不到社区：{0}", "No such community: {0}"),
        ["ambiguous-community"] = ("社区名称“{0}”有重名，请填写社区代码", "Community name \"{0}\" is shared by several communities; give its code"),
        ["out-of-scope"] = ("该社区不在您的管辖范围内", "This community is outside your jurisdiction"),
        ["duplicate-in-file"] = ("与本文件第 {0} 行的证件号码重复", "Same document number as row {0} of this file"),
        ["conflicts-with-existing"] = ("该证件号码已登记为“{0}”，姓名不一致", "This document number is already registered under another name ({0})"),
        ["field-too-long"] = ("{0}过长（最多 {1} 个字符）", "{0} is too long (at most {1} characters)"),
        ["invalid-file"] = ("无法读取文件：{0}", "The file cannot be read: {0}"),
        ["unsupported-file-type"] = ("只支持 .xlsx 和 .csv 文件", "Only .xlsx and .csv files are supported"),
        ["missing-column"] = ("表头缺少必填列：{0}", "The header lacks a required column: {0}"),
        ["empty-file"] = ("文件中没有数据行", "The file has no data rows"),
        ["invalid-mode"] = ("导入模式应为 all-or-nothing 或 valid-rows", "Mode must be all-or-nothing or valid-rows"),
        ["invalid-credentials"] = ("用户名或密码错误", "Wrong user name or password"),
        ["locked-out"] = ("登录失败次数过多，账号已暂时锁定，请 {0} 秒后再试", "Too many failed sign-ins; the account is locked, try again in {0} s"),
        ["invalid-json"] = ("请求内容无法解析：字段 {0} 的格式或类型不正确", "The request body cannot be read: field {0} has the wrong format or type"),
        ["invalid-request"] = ("请求参数不正确：{0}", "The request is not valid: {0}"),
        ["unknown-round"] = ("找不到该轮次", "No such testing round"),
        ["round-closed"] = ("采样时间不在本轮次时间范围内，或轮次已结束", "Collected outside the round's window, or the round is closed"),
        ["unknown-site"] = ("找不到该采样点，或不在您的辖区", "No such sampling site in your jurisdiction"),
        ["unknown-person"] = ("该证件号码未登记；请补充姓名和手机号码后重新上传", "This document number is not registered; add name and phone and send again"),
        ["tube-full"] = ("该采样管已满，请换新管", "This tube is full; start a new tube"),
        ["tube-in-other-round"] = ("该采样管属于其他轮次，请换新管", "This tube belongs to another round; use a new tube"),
        ["already-sampled"] = ("此人本轮已采样，无需重复采样", "Already sampled in this round"),
        ["tube-resulted"] = ("该采样管已出结果，不能再采入", "This tube already has a result; use a new tube"),
        ["retest-needs-single-tube"] = ("此人待单管复核，请使用单采管（1人1管）", "This person is due an individual re-test: use a single tube"),
        ["invalid-pool-size"] = ("混采人数只能是 1、5、10 或 20", "Pool size must be 1, 5, 10 or 20"),
        ["unknown-tube"] = ("找不到该采样管（或不属于该轮次）", "No such tube in this round"),
        ["conflicting-result"] = ("该管已有不同结果（{0}），本结果已保留、未覆盖，请在“结果冲突处理”中核实决定",
            "The tube already has another result ({0}); this one is kept, not applied: decide it under Conflicting results"),
        ["invalid-outcome"] = ("检测结果应为阴性、阳性或无效", "Outcome must be negative, positive or invalid"),
        ["invalid-ct"] = ("Ct 值不正确（应为 0–50 的数字）", "Ct value must be a number from 0 to 50"),
        ["inconsistent-ct"] = ("检测结果与 Ct 值不一致，请核对", "The outcome contradicts its Ct values; check the result"),
        ["batch-too-large"] = ("一批最多 {0} 条", "At most {0} items a batch"),
        ["export-too-large"] = ("未检测人数 {0} 超过导出上限 {1}，请选择街道或社区后导出", "{0} rows exceed the export limit of {1}; choose a street or community"),
        ["database-busy"] = ("系统繁忙，请 {0} 秒后重试（数据未丢失）", "The database is busy; retry in {0} s (nothing was lost)"),
        ["too-many-requests"] = ("请求过于频繁，请 {0} 秒后再试", "Too many requests; try again in {0} s"),
        ["not-found"] = ("找不到{0}", "{0} not found"),
        ["unknown-sampler"] = ("以下账号不是可在该社区采样的采样员：{0}", "Not sampler accounts that may work in this community: {0}"),
        ["team-too-large"] = ("一个采样点最多 {0} 名采样员", "At most {0} samplers a site"),
        ["already-reviewed"] = ("该冲突结果已有处理决定，请刷新列表", "This conflicting result has already been decided; reload the list"),
        ["duplicate-code"] = ("代码已存在：{0}", "Code already exists: {0}"),
        ["invalid-kind"] = ("类型无法识别：{0}", "Unknown kind: {0}"),
        ["invalid-field"] = ("{0}不正确", "{0} is not valid"),
        ["invalid-verification"] = ("核查结果应为在住、已搬离或不在家", "The check result must be present, moved-out or absent"),
        ["reason-required"] = ("请填写查看原因", "Give the reason for this view"),
        ["unknown-policy-set"] = ("找不到政策版本：{0}", "No such policy set: {0}"),
        ["forbidden"] = ("您没有执行此操作的权限", "You do not have the permission for this"),
        ["unauthenticated"] = ("请先登录", "Sign in first"),
        ["internal-error"] = ("服务器内部错误，已记录，请稍后重试", "Internal error; it has been logged, please retry"),
        // Registry (persons)
        ["verification-changed"] = ("该人员的核查结果刚被他人更新，请刷新后再试", "Someone has just recorded another check of this person; reload and try again"),
    };

    /// <summary>Words that go into messages as arguments: the subjects of not-found, the outcomes of lab results.</summary>
    static readonly Dictionary<string, (string Zh, string En)> Words = new()
    {
        ["negative"] = ("阴性", "negative"),
        ["positive"] = ("阳性", "positive"),
        ["invalid"] = ("无效", "invalid"),
        ["pending"] = ("待出结果", "pending"),
        ["person"] = ("该人员", "Person"),
        ["building"] = ("该楼栋", "Building"),
        ["community"] = ("该社区", "Community"),
        ["import"] = ("该导入记录", "Import"),
        ["lab-result"] = ("该检测结果", "Lab result"),
        ["site"] = ("该采样点", "Sampling site"),
        [""] = ("该记录", "Record"),
    };

    /// <summary>A word of <see cref="Words"/> in the caller's language; an unknown one as it is.</summary>
    public static string Word(string key, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        return Words.TryGetValue(key, out var w) ? (culture.TwoLetterISOLanguageName == "en" ? w.En : w.Zh) : key;
    }

    public static string Message(string code, CultureInfo? culture = null, params object?[] args)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (!Messages.TryGetValue(code, out var text)) return code;
        var english = culture.TwoLetterISOLanguageName == "en";
        var template = english ? text.En : text.Zh;
        if (code is "not-found" or "conflicting-result")
        {
            var word = args.Length > 0 ? args[0] as string ?? "" : "";
            args = [Word(word, culture)];
        }
        return args.Length == 0 ? template : string.Format(culture, template, args);
    }
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
                : Problem(bad.StatusCode, "invalid-request", ErrorCatalog.Message("invalid-request", null, bad.Message));
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
