using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>Contacts, assist-checks and the chain of transmission over HTTP (shared/api.md, Investigation).</summary>
public static class ContactEndpoints
{
    /// <summary>Out-of-district residents (ID issued in Guangzhou) for the examples: not in the demo registry, valid checksums.</summary>
    internal const string ExampleOutsideId = "440106199003121032", ExampleImportId = "440106199201013454";
    public const long MaxContactFileBytes = 16L * 1024 * 1024;

    public static IServiceCollection AddContacts(this IServiceCollection services) => services
        .AddVocabulary(ContactVocabulary.Words)
        .AddScoped<Contacts>()
        .AddScoped<ContactImporter>()
        .AddScoped<AssistChecks>()
        .AddScoped<Chains>()
        .AddSingleton<IDomainEventHandler, Contacts.CaseCreatedHandler>()
        .AddSingleton(new CasePagePanel("contacts", "密接与次密接", "Contacts", typeof(Pages.ContactsPanel), 500))
        .AddSingleton(new CasePagePanel("chain", "传播链", "Chain of transmission", typeof(Pages.ChainPanel), 600))
        .AddScoped<IDemoActivity, Demo.ContactsDemo>();

    public static void MapContactEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/cases/{id:long}/contacts", AddContact).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Records a close or secondary contact of a case")
            .WithDescription("A secondary contact names one of the case's close contacts in `viaContactId`. A person the registry does not hold is " +
                "registered on the spot (floating, in the case's community, flagged for a community worker) when `name` and `phone` are given. " +
                "A contact living outside the district (said so, or an unregistered person with an ID issued outside 440306) raises an " +
                "assist-check request due within the policy's hours. The same person twice on one case is 409 `duplicate-contact`.")
            .Answers(400, "missing-field", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "unknown-person", "contact-is-case",
                "invalid-contact-type", "secondary-not-identified", "unknown-via-contact", "via-not-close", "via-only-for-secondary",
                "exposure-in-future", "invalid-setting", "field-too-long")
            .Answers(409, "duplicate-contact")
            .Example(now => new ApiExample
            {
                Path = { ["id"] = 1 },
                Body = new ContactInput(null, ExampleOutsideId, "陈晓", "13912345678", "close", null, now.AddHours(-30), "meal", null, "广州市天河区"),
            });
        api.MapGet("/cases/{id:long}/contacts", ListContacts).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("A case's contacts with their state under the policy set's linked rule, close contacts first, paged")
            .Answers(400, "invalid-contact-type")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["type"] = "close", ["page"] = 1, ["pageSize"] = 50 } });
        api.MapPost("/cases/{id:long}/contacts/import", ImportContacts).RequirePermission(InvestigationPermissions.Write)
            .DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxContactFileBytes))
            .WithSummary("Imports a contact list (.xlsx, or .csv in UTF-8 or GB18030) into a case")
            .WithDescription("Multipart field `file`; columns 姓名, 证件号码, 手机号码, 密接类型, 经由密接证件号, 接触场景, 最后接触时间 (China time), " +
                "optional 是否外区, 现住址. Rows are answered in `errors` with their spreadsheet row number (the header is row 1); in all-or-nothing " +
                "mode any error means nothing is written.")
            .Answers(400, "invalid-mode", "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column", "contact-list-too-long")
            .Example(now => new ApiExample
            {
                Path = { ["id"] = 1 },
                Query = { ["mode"] = "valid-rows" },
                File = $"姓名,证件号码,手机号码,密接类型,经由密接证件号,接触场景,最后接触时间\r\n林珊,{ExampleImportId},13712345678,密接,,同餐,{now.AddHours(-20):yyyy-MM-dd HH:mm}\r\n",
            });
        api.MapGet("/contacts/{id:long}/phone", ContactPhone).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("A contact's phone and its tel: link, for a call (pii.view and a reason; audited)")
            .Answers(400, "reason-required", "field-too-long").Answers(409, "contact-no-phone")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Query = { ["reason"] = "电话告知密接管控要求" } });

        api.MapGet("/assist-checks", ListAssistChecks).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("Outgoing assist-check requests (协查) in the caller's jurisdiction, open first by deadline, paged; masked")
            .Answers(400, "invalid-field")
            .Example(new ApiExample { Query = { ["state"] = "open" } });
        api.MapGet("/assist-checks.xlsx", ExportAssistChecks).RequirePermission(InvestigationPermissions.Read)
            .Produces(StatusCodes.Status200OK, typeof(Stream), ApiDocument.Xlsx)
            .WithSummary("The assist-check requests as a spreadsheet to send (audited; masked unless unmasked with pii.view and a reason)")
            .Answers(400, "invalid-field", "reason-required", "field-too-long")
            .Example(new ApiExample { Query = { ["state"] = "open" } });
        api.MapPost("/assist-checks/{id:long}/sent", MarkAssistCheckSent).RequirePermission(InvestigationPermissions.Write)
            .WithSummary("Records that an assist-check request was sent (audited, late or not)")
            .Example(new ApiExample { Path = { ["id"] = 1 } });

        api.MapGet("/cases/{id:long}/chain", GetChain).RequirePermission(InvestigationPermissions.Read)
            .WithSummary("The case's whole cluster of transmission, laid out: cases by generation, their contacts as leaves")
            .WithDescription("Nodes carry x (columns) and y (rows: 3 per generation — the case, its close contacts, their secondary contacts). " +
                "Cases outside the caller's jurisdiction stay as bare nodes labelled 辖区外病例, without their contacts. Labels are case numbers and masked names.")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
    }

    static async Task<Created<RegistryModule.IdResponse>> AddContact(long id, ContactInput input, HttpContext http, Contacts contacts)
    {
        var contactId = await contacts.AddAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.Created($"/api/cases/{id}/contacts", new RegistryModule.IdResponse(contactId.ToString()));
    }

    static async Task<Ok<Paged<ContactView>>> ListContacts(long id, [OneOf("close", "secondary")] string? type, int? page, int? pageSize, HttpContext http, Contacts contacts) =>
        TypedResults.Ok(await contacts.ListAsync(Caller.From(http), id, type, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<ContactImportResult>> ImportContacts(long id, IFormFile? file, [OneOf(typeof(ImportMode)), Description("Default all-or-nothing.")] string? mode,
        HttpContext http, ContactImporter importer)
    {
        var chosen = RosterImporter.ParseMode(mode) ?? throw new DomainException("invalid-mode", field: "mode");
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await importer.ImportAsync(Caller.From(http), id, temp.Stream, file.FileName, chosen, http.RequestAborted));
    }

    static async Task<Ok<ContactPhone>> ContactPhone(long id, [Description("Why the phone is needed (required, at most 500 characters); audited.")] string? reason,
        HttpContext http, Contacts contacts) =>
        TypedResults.Ok(await contacts.PhoneAsync(Caller.From(http), id, reason, http.RequestAborted));

    static async Task<Ok<Paged<AssistCheckView>>> ListAssistChecks([OneOf("open", "sent")] string? state, int? page, int? pageSize, HttpContext http, AssistChecks checks) =>
        TypedResults.Ok(await checks.ListAsync(Caller.From(http), state, PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<FileContentHttpResult> ExportAssistChecks([OneOf("open", "sent")] string? state,
        [Description("Full name, document number and phone (permission pii.view; audited with the reason).")] bool? unmask,
        [Description("Required with unmask=true.")] string? reason, HttpContext http, AssistChecks checks)
    {
        var content = await checks.ExportAsync(Caller.From(http), state, unmask == true, reason, http.RequestAborted);
        return TypedResults.File(content, ApiDocument.Xlsx, $"assist-checks-{DateTime.UtcNow.ToChina():yyyyMMdd-HHmm}.xlsx");
    }

    static async Task<NoContent> MarkAssistCheckSent(long id, HttpContext http, AssistChecks checks)
    {
        await checks.MarkSentAsync(Caller.From(http), id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Ok<Chain>> GetChain(long id, HttpContext http, Chains chains) =>
        TypedResults.Ok(await chains.ForCaseAsync(Caller.From(http), id, http.RequestAborted));
}
