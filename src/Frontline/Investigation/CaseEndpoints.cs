using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>The case file's endpoints: one case, its facts and deadlines, its timeline, the line list, the report and the trajectory notice.</summary>
public static class CaseEndpoints
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const string UnmaskText = "Full document number and phone (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";

    public static void MapCaseEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapGet("/cases/{id:long}", GetCase).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("One case: its person (masked unless unmasked with a reason), facts, deadlines and lookback window")
            .Answers(400, "reason-required", "field-too-long")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapGet("/cases/{id:long}/events", ListEvents).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("A case's timeline: every change of its record, newest first, paged")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPost("/cases/{id:long}/classification", Reclassify).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Classifies a pending case, or reclassifies an asymptomatic case as confirmed (never back); recorded and audited")
            .Answers(400, "missing-field", "invalid-field", "field-too-long", "invalid-characters")
            .Answers(409, "case-classification-downgrade", "case-classification-pending", "case-changed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ClassificationInput("confirmed", "胸部CT示肺部磨玻璃影") });
        api.MapPut("/cases/{id:long}/clinical", UpdateClinical).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Sets a case's severity (confirmed cases) and outcome; recorded and audited")
            .Answers(400, "invalid-field").Answers(409, "case-severity-needs-confirmed")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new ClinicalInput("mild", "shelter-hospital") });
        api.MapPut("/cases/{id:long}/dates", UpdateDates).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Sets a case's sampling time, onset date and isolation time (they move its lookback window); recorded and audited")
            .Answers(400, "case-date-in-future")
            .Example(now => new ApiExample
            {
                Path = { ["id"] = 1 },
                Body = new CaseDatesInput(now.AddHours(-20), DateOnly.FromDateTime(now.Date.AddDays(-1)), now.AddHours(-2)),
            });
        api.MapPut("/cases/{id:long}/infector", SetInfector).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Sets (or clears) the case that infected this one; recorded and audited")
            .Answers(400, "case-infector-unknown", "case-infector-self", "case-infector-cycle")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new InfectorInput("") });
        api.MapPost("/cases/{id:long}/milestones", RecordMilestone).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Records when a deadline of the case file was met: notified (网络直报), core-facts, report-submitted")
            .Answers(400, "missing-field", "invalid-field", "case-date-in-future").Answers(409, "case-milestone-done")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new MilestoneInput("notified", null) });
        api.MapGet("/cases/line-list.xlsx", ExportLineList).RequirePermission(InvestigationPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("病例一览表: the filtered cases as a spreadsheet, masked unless unmasked with a reason; audited")
            .Answers(400, "invalid-field", "reason-required", "field-too-long", "case-export-too-large", "out-of-scope")
            .Example(new ApiExample { Query = { ["jurisdiction"] = "440306005000" } });
        app.MapGet("/exports/cases/line-list.xlsx", ExportLineList).RequirePermission(InvestigationPermissions.Read).ExcludeFromDescription();
        api.MapGet("/cases/{id:long}/report", Report).RequirePermission(InvestigationPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), CaseEndpoints.Docx)
            .WithSummary("流调报告: the case's investigation report as a Word document; audited").Answers(400, "case-report-format")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["format"] = "docx" } });
        app.MapGet("/exports/cases/{id:long}/report.docx", ReportDocx).RequirePermission(InvestigationPermissions.Read).ExcludeFromDescription();
        api.MapPost("/cases/{id:long}/notice", DraftNotice).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Drafts the public trajectory notice of a case from its trajectory over the lookback, anonymised")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapGet("/notices/trajectory", ListNotices).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("Trajectory notices in the caller's jurisdiction, newest first, paged").Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["status"] = "draft" } });
        api.MapGet("/notices/trajectory/{id:long}", GetNotice).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("One trajectory notice").Example(new ApiExample { Path = { ["id"] = 1 } });
        api.MapPut("/notices/trajectory/{id:long}", EditNotice).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Replaces a draft notice's text (an approved one is frozen)")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "notice-personal-data").Answers(409, "notice-approved")
            .Example(new ApiExample
            {
                Path = { ["id"] = 1 },
                Body = new NoticeInput("病例1，女，35岁，现住松岗街道红星社区红星花园。12月1日：08:00—09:30 红星农贸市场。请上述时间段在以上场所活动的人员，立即向所在社区报告。"),
            });
        api.MapPost("/notices/trajectory/{id:long}/approve", ApproveNotice).RequirePermission(InvestigationPermissions.Approve)
            .WithSummary("Approves a draft notice for publication: who and when are kept, and the text is frozen").Answers(409, "notice-approved")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
    }

    static async Task<Ok<CaseDetail>> GetCase(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, CaseWork work) =>
        TypedResults.Ok(await work.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));

    static async Task<Ok<Paged<CaseEventView>>> ListEvents(long id, int? page, int? pageSize, HttpContext http, CaseWork work) =>
        TypedResults.Ok(await work.EventsAsync(Caller.From(http), id, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<NoContent> Reclassify(long id, ClassificationInput input, HttpContext http, CaseWork work)
    {
        await work.ReclassifyAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> UpdateClinical(long id, ClinicalInput input, HttpContext http, CaseWork work)
    {
        await work.UpdateClinicalAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> UpdateDates(long id, CaseDatesInput input, HttpContext http, CaseWork work)
    {
        await work.UpdateDatesAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> SetInfector(long id, InfectorInput input, HttpContext http, CaseWork work)
    {
        await work.SetInfectorAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> RecordMilestone(long id, MilestoneInput input, HttpContext http, CaseWork work)
    {
        await work.RecordMilestoneAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<FileContentHttpResult> ExportLineList(string? jurisdiction, [OneOf(typeof(CaseClassification))] string? classification,
        DateOnly? reportedFrom, DateOnly? reportedTo, string? detectedBy, string? q, [OneOf(typeof(CaseSort))] string? sort,
        [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, CaseWork work)
    {
        var filter = new CaseFilter(jurisdiction, classification, reportedFrom, reportedTo, detectedBy, q, CaseWork.ParseSort(sort));
        var (content, name) = await work.LineListAsync(Caller.From(http), filter, unmask == true, reason, http.RequestAborted);
        return TypedResults.File(content, ApiDocument.Xlsx, name);
    }

    static async Task<FileContentHttpResult> Report(long id, [OneOf("docx"), Description("Default docx.")] string? format, HttpContext http, InvestigationReport report)
    {
        if (format is { Length: > 0 } f && !string.Equals(f, "docx", StringComparison.OrdinalIgnoreCase))
            throw new DomainException("case-report-format", field: "format");
        var (content, name) = await report.DocxAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.File(content, Docx, name);
    }

    static Task<FileContentHttpResult> ReportDocx(long id, HttpContext http, InvestigationReport report) => Report(id, "docx", http, report);

    static async Task<Created<NoticeView>> DraftNotice(long id, HttpContext http, TrajectoryNotices notices)
    {
        var notice = await notices.DraftAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.Created($"/api/notices/trajectory/{notice.Id}", notice);
    }

    static async Task<Ok<Paged<NoticeView>>> ListNotices([Description("Only this case's notices.")] long? caseId, [OneOf("draft", "approved")] string? status,
        int? page, int? pageSize, HttpContext http, TrajectoryNotices notices) =>
        TypedResults.Ok(await notices.ListAsync(Caller.From(http), caseId, status, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<NoticeView>> GetNotice(long id, HttpContext http, TrajectoryNotices notices) =>
        TypedResults.Ok(await notices.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<NoticeView>> EditNotice(long id, NoticeInput input, HttpContext http, TrajectoryNotices notices) =>
        TypedResults.Ok(await notices.EditAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<NoContent> ApproveNotice(long id, HttpContext http, TrajectoryNotices notices)
    {
        await notices.ApproveAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
