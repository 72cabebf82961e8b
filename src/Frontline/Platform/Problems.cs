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
        ["database-busy"] = ("系统繁忙，请 {0} 秒后重试（数据未丢失）", "The database is busy; retry in {0} s (nothing was lost)"),
        ["too-many-requests"] = ("请求过于频繁，请 {0} 秒后再试", "Too many requests; try again in {0} s"),
        ["not-found"] = ("找不到{0}", "{0} not found"),
        ["duplicate-code"] = ("代码已存在：{0}", "Code already exists: {0}"),
        ["invalid-kind"] = ("类型无法识别：{0}", "Unknown kind: {0}"),
        ["invalid-field"] = ("{0}不正确", "{0} is not valid"),
        ["invalid-verification"] = ("核查结果应为在住、已搬离或不在家", "The check result must be present, moved-out or absent"),
        ["reason-required"] = ("请填写查看原因", "Give the reason for this view"),
        ["unknown-policy-set"] = ("找不到政策版本：{0}", "No such policy set: {0}"),
        ["forbidden"] = ("您没有执行此操作的权限", "You do not have the permission for this"),
        ["unauthenticated"] = ("请先登录", "Sign in first"),
        // Mass testing: batch items and round management (the testing module answered these codes without words).
        ["unknown-round"] = ("找不到该检测轮次", "No such testing round"),
        ["round-closed"] = ("采样时间不在该轮次的起止时间内", "The collection time is outside the round's window"),
        ["unknown-site"] = ("找不到该采样点，或不在您的辖区内", "No such sampling site in your jurisdiction"),
        ["unknown-person"] = ("该证件号码未登记；请补充姓名和手机号码后重新上传", "This document number is not registered; add name and phone and send again"),
        ["tube-full"] = ("该采样管已满", "The tube is full"),
        ["tube-in-other-round"] = ("该试管条码已用于其他轮次", "The tube belongs to another round"),
        ["tube-resulted"] = ("该采样管已有检测结果，不能再加样", "The tube already has a result"),
        ["already-sampled"] = ("该人员本轮已采样", "This person has already been sampled in this round"),
        ["retest-needs-single-tube"] = ("该人员有单管复核任务，须使用单采管", "This person has an individual re-test: use a single tube"),
        ["invalid-pool-size"] = ("混采人数应为 1、5、10 或 20", "The pool size must be 1, 5, 10 or 20"),
        ["batch-too-large"] = ("一批最多 {0} 条", "At most {0} items per batch"),
        ["unknown-tube"] = ("找不到该采样管", "No such tube"),
        ["conflicting-result"] = ("与该采样管已有的检测结果不一致，已留待复核", "Conflicts with the tube's earlier result; kept for review"),
        ["invalid-outcome"] = ("检测结果应为阴性、阳性或无效", "The outcome must be negative, positive or invalid"),
        ["invalid-ct"] = ("Ct 值应在 0 到 50 之间", "Ct values must be between 0 and 50"),
        ["inconsistent-ct"] = ("检测结果与 Ct 值不一致", "The outcome contradicts its Ct values"),
        ["export-too-large"] = ("导出 {0} 行超过上限 {1} 行，请缩小辖区范围", "{0} rows exceed the export limit of {1}; choose a smaller jurisdiction"),
        ["internal-error"] = ("服务器内部错误，已记录，请稍后重试", "Internal error; it has been logged, please retry"),
    };

    static readonly Dictionary<string, (string Zh, string En)> Subjects = new()
    {
        ["person"] = ("该人员", "Person"),
        ["building"] = ("该楼栋", "Building"),
        ["community"] = ("该社区", "Community"),
        ["import"] = ("该导入记录", "Import"),
        [""] = ("该记录", "Record"),
    };

    public static IReadOnlyCollection<string> Codes => Messages.Keys;

    public static string Message(string code, CultureInfo? culture = null, params object?[] args)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (!Messages.TryGetValue(code, out var text)) return code;
        var english = culture.TwoLetterISOLanguageName == "en";
        var template = english ? text.En : text.Zh;
        if (code == "not-found")
        {
            var subject = args.Length > 0 ? args[0] as string ?? "" : "";
            args = [Subjects.TryGetValue(subject, out var s) ? (english ? s.En : s.Zh) : subject];
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
            http.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new()
            {
                HttpContext = http,
                ProblemDetails = Problem(bad.StatusCode, "invalid-request", bad.Message),
            });
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
    public static IResult Validation(IEnumerable<FieldError> errors) => TypedResults.Problem(ValidationDetails(errors.ToList()));

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

public sealed record FieldError(string Field, string Code, params object[] Args);
