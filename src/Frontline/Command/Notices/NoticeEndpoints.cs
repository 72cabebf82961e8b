using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Frontline.Platform;
using Frontline.Platform.Files;

namespace Frontline.Command.Notices;

/// <summary>The notices API (收发文): send, inbox and sent box, one notice with who has and has not acknowledged, acknowledge, remind, attachments.</summary>
public static class NoticeEndpoints
{
    /// <summary>Ten attachments of 20 MB in base64 would not fit: the API takes up to 64 MB a notice; the send page streams each file.</summary>
    const long MaxNoticeBytes = 64L * 1024 * 1024;

    /// <summary>A minimal PDF, for the example.</summary>
    static readonly byte[] ExamplePdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    public static IServiceCollection AddNotices(this IServiceCollection services) => services
        .AddVocabulary(NoticesVocabulary.Words)
        .AddScoped<Notices>()
        .AddScoped<NoticesDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<NoticesDemo>());

    public static void MapNoticeEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Command");
        group.MapPost("/notices", SendNotice).RequirePermission(NoticePermissions.Send).WithMetadata(new RequestSizeLimitAttribute(MaxNoticeBytes))
            .WithSummary("Sends a notice (收发文) to jurisdictions, roles and task forces, with attachments")
            .WithDescription("Each recipient code is expanded to receiving units: a jurisdiction code reaches its own command and every street and community below " +
                "it; `role:<role>` reaches the people of that role in the sender's jurisdiction; `taskforce:<code>` the cadres (with an account) posted now to that task force under it. Every code must exist and lie in the sender's jurisdiction. " +
                "Attachments are checked by their content (PDF, .docx, .xlsx, JPEG, PNG; 20 MB each, 10 at most); any refusal writes nothing.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "notice-no-recipients", "notice-too-many-recipients", "notice-unknown-recipient",
                "notice-recipient-out-of-scope", "notice-duplicate-recipient", "file-too-large", "file-empty", "file-type-not-allowed", "too-many-files")
            .Answers(409, "notice-key-taken")
            .Example(new ApiExample
            {
                Body = new NoticeInput("关于进一步做好封控区居民生活保障工作的通知", "各街道、社区：请于今日18时前完成封控楼栋居民生活物资需求摸排，并按附件表格上报。",
                    ["440306000000"], [new NoticeAttachmentInput("生活物资需求摸排表.pdf", ExamplePdf)]),
            });
        group.MapGet("/notices", ListCommandNotices).RequirePermission(NoticePermissions.Read)
            .WithSummary("The caller's notice inbox (pending first) or their command's sent box; paged")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["box"] = "inbox", ["status"] = "pending" } });
        group.MapGet("/notices/{id:long}", GetCommandNotice).RequirePermission(NoticePermissions.Read)
            .WithSummary("A notice with its receiving units: those that acknowledged and those pending")
            .WithDescription("The sender's side (the sending command and those above it) sees every unit; a recipient sees its own. Anyone else: 404.")
            .Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapPost("/notices/{id:long}/ack", AcknowledgeNotice).RequirePermission(NoticePermissions.Read)
            .WithSummary("Acknowledges (签收) a notice for the caller's units; a second time changes nothing")
            .WithDescription("A unit has acknowledged when one of its people did: a community's worker for the community, a street command's staff for the street.")
            .Answers(404, "not-found").Answers(409, "notice-not-recipient")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapPost("/notices/{id:long}/remind", RemindNotice).RequirePermission(NoticePermissions.Send)
            .WithSummary("Reminds (催办) every unit that has not acknowledged; recorded and shown in their inbox")
            .Answers(403, "notice-not-sender").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapGet("/notices/{id:long}/attachments/{fileId}", DownloadAttachment).RequirePermission(NoticePermissions.Read)
            .WithSummary("An attachment of a notice, for its sender's side and its recipients only; audited")
            .Produces(StatusCodes.Status200OK, typeof(Stream), FileRules.Attachments.Types[0].ContentType, FileRules.Attachments.Types.Skip(1).Select(t => t.ContentType).ToArray())
            .Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1, ["fileId"] = "00000000-0000-0000-0000-000000000001" } });
    }

    static async Task<Created<NoticeCreated>> SendNotice(NoticeInput input, HttpContext http, Notices notices)
    {
        var created = await notices.SendAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/notices/{created.Id}", created);
    }

    static async Task<Ok<Paged<NoticeSummary>>> ListCommandNotices([OneOf("inbox", "sent"), Description("Default inbox.")] string? box,
        [OneOf("pending", "acknowledged", "all"), Description("Inbox only; default all.")] string? status, int? page, int? pageSize, HttpContext http, Notices notices) =>
        TypedResults.Ok(await notices.ListAsync(Caller.From(http), box, status, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<NoticeDetail>> GetCommandNotice(long id, HttpContext http, Notices notices) =>
        TypedResults.Ok(await notices.GetAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<NoticeAcknowledged>> AcknowledgeNotice(long id, HttpContext http, Notices notices) =>
        TypedResults.Ok(await notices.AcknowledgeAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<Ok<NoticeReminded>> RemindNotice(long id, HttpContext http, Notices notices) =>
        TypedResults.Ok(await notices.RemindAsync(Caller.From(http), id, http.RequestAborted));

    static async Task<IResult> DownloadAttachment(long id, [Description("The attachment's id (a GUID), from the notice's attachments.")] string fileId, HttpContext http, Notices notices) =>
        Guid.TryParse(fileId, out var file) ? await notices.DownloadAsync(Caller.From(http), id, file, http.RequestAborted) : throw new NotFoundException("file");
}
