using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Command.Staff;

/// <summary>The staff API (下沉干部): cadres, deployments, rest days, care, the list with duty days and care alerts, workload, roster import.</summary>
public static class StaffEndpoints
{
    const string ExampleCommunity = "440306005002";
    const long MaxRosterBytes = 32L * 1024 * 1024;
    const string UnmaskText = "Full phone and ID number (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";

    public static IServiceCollection AddStaff(this IServiceCollection services) => services
        .AddVocabulary(StaffVocabulary.Words)
        .AddScoped<Cadres>()
        .AddScoped<CadreRosterImport>()
        .AddScoped<StaffDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<StaffDemo>())
        // Just after Beijing midnight: the runs of duty days that ended yesterday give way to the next ones.
        .AddScheduledWork<DutyRollover>(DutyRollover.Name, WorkSchedule.Daily(new TimeOnly(0, 5)));

    public static void MapStaffEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Command");
        group.MapPost("/staff", RegisterStaff).RequirePermission(StaffPermissions.Manage)
            .WithSummary("Registers a deployed cadre (下沉干部) with their home organisation")
            .WithDescription("The phone identifies the cadre: a retried registration answers the same id; the phone of another cadre is 409 staff-phone-taken. " +
                "An ID number, if given, must pass GB 11643. Until deployed the cadre belongs to the caller's jurisdiction.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "invalid-phone", "invalid-id-format", "invalid-id-checksum", "invalid-birth-date", "unknown-user")
            .Answers(409, "staff-phone-taken")
            .Example(new ApiExample { Body = new StaffInput("李建国", "区总工会", "13800138001") });
        group.MapGet("/staff", ListStaff).RequirePermission(StaffPermissions.Read)
            .WithSummary("The cadres in scope with their consecutive duty days; the longest run first, so the care alerts lead; paged")
            .WithDescription("`dutyDays` counts the consecutive days on duty up to today (Beijing date), both ends included: deployed since yesterday → 2; " +
                "a rest day breaks the run. `careAlert` is true from the configured number of days (Frontline:Staff:CareAlertDays, default 14). " +
                "`jurisdiction` narrows to where the cadres work now; `taskForce` to a task force; `q` matches a name prefix or the full phone.")
            .Answers(400, "invalid-field", "unknown-task-force")
            .Example(new ApiExample { Query = { ["careAlert"] = true } });
        group.MapGet("/staff/{id:long}", GetStaff).RequirePermission(StaffPermissions.Read)
            .WithSummary("A cadre with their deployments, rest days and care records; phone and ID number masked unless unmasked")
            .Answers(400, "reason-required", "field-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
        group.MapGet("/staff/{id:long}/workload", GetStaffWorkload).RequirePermission(StaffPermissions.Read)
            .WithSummary("What the cadre's linked account did in a period: household checks, samples taken, outbound calls")
            .WithDescription("Read from the modules that record the acting user (Registry's checks and Investigation's call attempts through the audit trail, " +
                "Testing's samples by collector). Default: the 30 days up to today; at most 92 days. Without a linked account every figure is null.")
            .Answers(400, "invalid-period").Answers(404, "not-found")
            .Example(now => new ApiExample { Path = { ["id"] = 1 }, Query = { ["from"] = Day(now, -6), ["to"] = Day(now, 0) } });
        group.MapPost("/deployments", DeployStaff).RequirePermission(StaffPermissions.Manage)
            .WithSummary("Deploys a cadre to a community or command (jurisdiction) or to a task force, with role and dates")
            .WithDescription("`to` absent: open-ended. A task force belongs to the deploying command: `jurisdiction` if given, else the caller's. " +
                "A deployment overlapping another of the same cadre is 409 deployment-overlaps; a retried one answers the same id.")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "deployment-place-required", "unknown-task-force", "unknown-jurisdiction",
                "out-of-scope", "deployment-ends-before-start")
            .Answers(404, "not-found").Answers(409, "deployment-overlaps")
            .Example(now => new ApiExample { Body = new DeploymentInput("1", ExampleCommunity, null, "卡口值守", DateOnly.Parse(Day(now, -20)), null) });
        group.MapPost("/deployments/{id:long}/end", EndDeployment).RequirePermission(StaffPermissions.Manage)
            .WithSummary("Ends a deployment: its last day on duty (default today)")
            .Answers(400, "deployment-ends-before-start").Answers(404, "not-found").Answers(409, "deployment-already-ended", "deployment-overlaps")
            .Example(now => new ApiExample { Path = { ["id"] = 1 }, Body = new EndDeploymentInput(DateOnly.Parse(Day(now, 0))) });
        group.MapPost("/staff/{id:long}/rest-days", AddStaffRestDay).RequirePermission(StaffPermissions.Manage)
            .WithSummary("Records a day off (轮休): it breaks the run of consecutive duty days")
            .Answers(400, "missing-field", "field-too-long", "invalid-characters", "not-on-duty-that-day").Answers(404, "not-found").Answers(409, "rest-day-taken")
            .Example(now => new ApiExample { Path = { ["id"] = 1 }, Body = new RestDayInput(DateOnly.Parse(Day(now, -10)), "轮休") });
        group.MapPost("/staff/{id:long}/care", AddStaffCare).RequirePermission(StaffPermissions.Manage)
            .WithSummary("Records care for a cadre: a visit (走访慰问), supplies (物资), counselling (心理疏导) or a rest arranged")
            .Answers(400, "missing-field", "invalid-care-kind", "care-in-future", "field-too-long", "invalid-characters").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new CareInput("visit", null, "街道工委走访慰问，送去水果和药品") });
        group.MapPost("/staff/imports", ImportStaffRoster).RequirePermission(StaffPermissions.Manage)
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxRosterBytes))
            .WithSummary("Imports a roster of cadres and their deployments (.xlsx, or .csv in UTF-8 or GB18030)")
            .WithDescription("Multipart field `file`; columns 姓名, 派出单位, 手机号, 下沉社区/专班 (a community's name or code, or a task force such as 流调专班), 岗位, " +
                "开始日期, 结束日期 (optional), 身份证号 (optional), 账号 (optional). All-or-nothing by default: any bad row and nothing is written; `errors` name the row " +
                "(the header is row 1), the column and why. `mode=valid-rows` writes the good rows. Re-importing the same file changes nothing.")
            .Answers(400, "invalid-mode", "missing-field", "unsupported-file-type", "invalid-file", "empty-file", "missing-column", "batch-too-large")
            .Example(now => new ApiExample
            {
                File = $"姓名,派出单位,手机号,下沉社区/专班,岗位,开始日期,结束日期\r\n王海燕,区教育局,13800138002,红星社区,卡口值守,{Day(now, -3)},\r\n" +
                    $"陈志强,区教育局,13800138003,流调专班,流调员,{Day(now, -5)},{Day(now, 10)}\r\n",
            });
    }

    static string Day(DateTimeOffset now, int days) => DateOnly.FromDateTime(now.ToOffset(ChinaTime.Offset).DateTime).AddDays(days).ToString("yyyy-MM-dd");

    static async Task<Created<IdAnswer>> RegisterStaff(StaffInput input, HttpContext http, Cadres cadres)
    {
        var created = await cadres.RegisterAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/staff/{created.Id}", created);
    }

    static async Task<Ok<Paged<StaffRow>>> ListStaff([Description("Only those with (true) or without (false) a care alert.")] bool? careAlert,
        [Description("派出单位, exactly.")] string? organisation, string? jurisdiction,
        [OneOf("investigation", "quarantine-hotel", "testing-site", "transfer", "hotline", "supplies")] string? taskForce,
        [Description("A name prefix or the full phone.")] string? q,
        [OneOf("duty-days", "-duty-days", "name", "last-care"), Description("Default duty-days: the longest run first.")] string? sort,
        [Description("Only those on duty today.")] bool? onDuty, int? page, int? pageSize, HttpContext http, Cadres cadres) =>
        TypedResults.Ok(await cadres.ListAsync(Caller.From(http), new StaffQuery(careAlert, organisation, jurisdiction, taskForce, q, sort, onDuty),
            PageRequest.From(page, pageSize), http.RequestAborted));

    static async Task<Ok<StaffDetail>> GetStaff(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, Cadres cadres) =>
        TypedResults.Ok(await cadres.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));

    static async Task<Ok<Workload>> GetStaffWorkload(long id, [Description("First day (Beijing date).")] DateOnly? from, [Description("Last day, included.")] DateOnly? to,
        HttpContext http, Cadres cadres) =>
        TypedResults.Ok(await cadres.WorkloadAsync(Caller.From(http), id, from, to, http.RequestAborted));

    static async Task<Created<IdAnswer>> DeployStaff(DeploymentInput input, HttpContext http, Cadres cadres)
    {
        var created = await cadres.DeployAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/deployments/{created.Id}", created);
    }

    static async Task<Ok<DeploymentView>> EndDeployment(long id, EndDeploymentInput input, HttpContext http, Cadres cadres) =>
        TypedResults.Ok(await cadres.EndAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<NoContent> AddStaffRestDay(long id, RestDayInput input, HttpContext http, Cadres cadres)
    {
        await cadres.RestDayAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.NoContent();
    }

    static async Task<Created<IdAnswer>> AddStaffCare(long id, CareInput input, HttpContext http, Cadres cadres)
    {
        var created = await cadres.CareAsync(Caller.From(http), id, input, http.RequestAborted);
        return TypedResults.Created($"/api/staff/{id}", created);
    }

    static async Task<Ok<StaffImportResult>> ImportStaffRoster(IFormFile? file, [OneOf("all-or-nothing", "valid-rows"), Description("Default all-or-nothing.")] string? mode,
        HttpContext http, CadreRosterImport importer)
    {
        var allOrNothing = mode switch
        {
            null or "" or "all-or-nothing" => true,
            "valid-rows" => false,
            _ => throw new DomainException("invalid-mode", field: "mode"),
        };
        await using var temp = await SpreadsheetUpload.SpoolAsync(file, http.RequestAborted);
        return TypedResults.Ok(await importer.ImportAsync(Caller.From(http), temp.Stream, file.FileName, allOrNothing, http.RequestAborted));
    }
}
