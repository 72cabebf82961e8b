using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>The outbound-call API (外呼): lists, their split among callers, the callers' own calls and their attempts.</summary>
public static class CallEndpoints
{
    public const long MaxFileBytes = 64L * 1024 * 1024;
    const string ExampleCommunity = "440306005002";
    const string UnmaskText = "Full names, document numbers and phones (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";

    public static IServiceCollection AddCalls(this IServiceCollection services) => services
        .AddVocabulary(CallsVocabulary.Words)
        .AddSingleton(sp => CallSettings.From(sp.GetRequiredService<IConfiguration>()))
        .AddScoped<CallLists>()
        .AddScoped<IDemoActivity, Demo.CallsDemo>();

    public static void MapCallEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/call-lists", CreateList).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("Makes a call list: everyone who checked in at a venue over a span, or a case's contacts")
            .WithDescription("One call per person. A venue or case outside the caller's jurisdiction is answered 404 as one that does not exist.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "call-source-required", "call-invalid-span", "call-span-too-long")
            .Answers(404, "not-found")
            .Example(now => new ApiExample { Body = new CallListInput("红星农贸市场 扫码人员", "HX-MARKET-01", now.AddDays(-2), now.AddHours(-1), null) });
        api.MapPost("/call-lists/import", ImportList).RequirePermission(InvestigationPermissions.CallsManage).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxFileBytes))
            .WithSummary("Makes a call list from a spreadsheet (.xlsx or .csv): 姓名/name, 证件号码/idNumber, 手机号码/phone")
            .WithDescription("Multipart field `file`. A row needs a name and a phone or a resident ID; bad rows are answered in `errors` with their " +
                "spreadsheet row number (the header is row 1) and the list is made from the good ones; a person twice is one call. " +
                "`id` is null when no row could be called.")
            .Answers(400, "missing-field", "field-too-long", "unknown-jurisdiction", "out-of-scope", "unsupported-file-type", "invalid-file", "empty-file", "missing-column")
            .Example(new ApiExample
            {
                Query = { ["name"] = "外区协查名单", ["jurisdiction"] = ExampleCommunity },
                File = "姓名,证件号码,手机号码\r\n赵敏,440306199001011236,13700137000\r\n",
            });
        api.MapGet("/call-lists", ListLists).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("Call lists of the caller's jurisdiction with their progress, paged").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306005000", ["sort"] = "newest" } });
        api.MapGet("/call-lists/{id:long}", GetProgress).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("A call list's progress: outcomes, open calls, due retries, per caller").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapGet("/call-lists/{id:long}/calls", ListCalls).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("A call list's calls, paged; masked unless unmasked with a reason")
            .WithDescription("`open`: not closed; `retry`: open and tried before (oldest retry time first); `done`: closed.")
            .Answers(400, "invalid-field", "reason-required", "field-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["status"] = "open" } });
        api.MapGet("/call-lists/{id:long}/results.xlsx", ExportResults).RequirePermission(InvestigationPermissions.CallsManage)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("A call list's results as a spreadsheet; masked unless unmasked with a reason (audited)")
            .Answers(400, "reason-required", "field-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/call-lists/{id:long}/split", Split).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("Deals the list's open unassigned calls evenly to callers holding calls.work in its jurisdiction")
            .Answers(400, "call-unknown-caller", "call-no-callers").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CallSplitInput(["community-worker", "investigator"]) });
        api.MapPost("/call-lists/{id:long}/reassign", Reassign).RequirePermission(InvestigationPermissions.CallsManage)
            .WithSummary("Hands one caller's open calls of the list to another")
            .Answers(400, "missing-field", "field-too-long", "call-unknown-caller").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CallReassignInput("community-worker", "investigator") });
        api.MapPost("/call-lists/{id:long}/take", Take).RequirePermission(InvestigationPermissions.CallsWork)
            .WithSummary("The caller takes the list's next open unassigned calls").Answers(400, "call-invalid-count").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CallTakeInput(10) });
        api.MapPost("/call-lists/{id:long}/start", Start).RequirePermission(InvestigationPermissions.CallsWork)
            .WithSummary("The caller's one stated reason for the list (audited once): their own calls on it then show names and phones in full")
            .Answers(400, "reason-required", "field-too-long", "invalid-characters").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CallStartInput("电话通知场所暴露人员核酸检测") });
        api.MapGet("/calls", MyCalls).RequirePermission(InvestigationPermissions.CallsWork)
            .WithSummary("The caller's own open calls: due retries first, then calls never tried, then retries still waiting")
            .Example(new ApiExample { Query = { ["listId"] = 1 } });
        api.MapPost("/calls/{id:long}/attempts", Attempt).RequirePermission(InvestigationPermissions.CallsWork)
            .WithSummary("Records a call attempt and its outcome; an unanswered call comes back after the retry time")
            .WithDescription("No answer: the call comes back after Frontline:Calls:RetryAfterMinutes (default 60) and is closed as unreachable " +
                "after Frontline:Calls:MaxAttempts (default 3) unanswered tries. A repeated `clientKey` records nothing more; without one, the " +
                "same caller's same outcome within 30 s is taken as the same attempt. An unassigned call becomes the caller's.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "call-invalid-outcome", "call-where-to-required")
            .Answers(404, "not-found").Answers(409, "call-closed", "call-not-yours")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CallAttemptInput("reached", "已通知明日上午到红星社区采样点采样", null, "c0a8f3e2-0001") });
    }

    static async Task<Created<CallListCreated>> CreateList(CallListInput input, HttpContext http, CallLists lists)
    {
        var created = await lists.CreateAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/call-lists/{created.Id}", created);
    }

    static async Task<Ok<CallListImportResult>> ImportList(IFormFile? file, [Description("Default: the file's name.")] string? name,
        [Description("The list's jurisdiction (12 digits); default the caller's.")] string? jurisdiction, HttpContext http, CallLists lists)
    {
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await lists.ImportAsync(Caller.From(http), temp.Stream, file.FileName, name, jurisdiction, http.RequestAborted));
    }

    static async Task<Ok<Paged<CallListView>>> ListLists(string? jurisdiction, [OneOf("newest", "oldest", "name", "total")] string? sort,
        int? page, int? pageSize, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.ListAsync(Caller.From(http), jurisdiction, sort, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<CallListProgress>> GetProgress(long id, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.ProgressAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<Paged<CallView>>> ListCalls(long id, [OneOf("open", "done", "retry")] string? status,
        [Description("Only the calls of this caller.")] string? caller, int? page, int? pageSize,
        [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.CallsAsync(Caller.From(http), id, status, caller, PageRequest.From(page, pageSize), unmask == true, reason, http.RequestAborted));

    static async Task<FileContentHttpResult> ExportResults(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason,
        HttpContext http, CallLists lists)
    {
        var (content, name) = await lists.ExportAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted);
        return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    static async Task<Ok<CallSplitResult>> Split(long id, CallSplitInput input, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.SplitAsync(Caller.From(http), id, input.Callers, http.RequestAborted));

    static async Task<Ok<CallCount>> Reassign(long id, CallReassignInput input, HttpContext http, CallLists lists) =>
        TypedResults.Ok(new CallCount(await lists.ReassignAsync(Caller.From(http), id, input.From, input.To, http.RequestAborted)));

    static async Task<Ok<CallCount>> Take(long id, CallTakeInput input, HttpContext http, CallLists lists) =>
        TypedResults.Ok(new CallCount(await lists.TakeAsync(Caller.From(http), id, input.Count, http.RequestAborted)));

    static async Task<NoContent> Start(long id, CallStartInput input, HttpContext http, CallLists lists)
    {
        await lists.StartAsync(Caller.From(http), id, input.Reason, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<Paged<CallView>>> MyCalls([Description("Only this list's calls.")] long? listId, int? page, int? pageSize, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.MyCallsAsync(Caller.From(http), listId, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<CallView>> Attempt(long id, CallAttemptInput input, HttpContext http, CallLists lists) =>
        TypedResults.Ok(await lists.AttemptAsync(Caller.From(http), id, input, http.RequestAborted));
}
