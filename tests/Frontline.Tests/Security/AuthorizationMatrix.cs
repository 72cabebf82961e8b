using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>What decides whether a probe's record is the caller's.</summary>
public enum Reach
{
    /// <summary>No record: the answer follows from the permission alone.</summary>
    None,
    /// <summary>The record is the caller's when it lies in the caller's jurisdiction.</summary>
    Jurisdiction,
    /// <summary>The record is its uploader's alone: a roster import holds the personal data of its file.</summary>
    Uploader,
    /// <summary>A lab result file's error list: its uploader's alone.</summary>
    ResultUploader,
}

/// <summary>
/// A probe's request: the URL (path and query; the method is the operation's), the body if any, and a bearer token to
/// send instead of the caller's matrix token (<see cref="ProbeContext.OwnTokenAsync"/>).
/// </summary>
public sealed record ProbeRequest(string Url, HttpContent? Body = null, string? Token = null);

/// <summary>
/// What a probe's request is built from: the side whose record it targets, the caller's own side (the target itself
/// when the target is in the caller's scope, else the side that is), the administrator for records made on the spot,
/// and a fresh token of the caller's (null for anonymous) for a probe that ends the session it is sent with.
/// </summary>
public sealed record ProbeContext(string Caller, MatrixSide Target, MatrixSide Home, HttpClient Admin, Func<Task<string?>> OwnTokenAsync);

/// <summary>One way of reaching an operation's record. Most operations have one; a write that names several records has one per record.</summary>
public sealed record Probe(string Name, Func<ProbeContext, Task<ProbeRequest>> Build)
{
    /// <summary>For a 2xx answer: whether it served the target (listed it, wrote it). Null: any 2xx did.</summary>
    public Func<JsonElement, ProbeContext, bool>? Served { get; init; }
    /// <summary>Problem codes that only come after the permission and scope checks passed (a second close, a second decision).</summary>
    public string[] ServedCodes { get; init; } = [];
}

/// <summary>An operation of the OpenAPI document, and how the matrix reaches a record of each side through it.</summary>
public sealed record Operation(string Method, string Path, Reach Reach, Probe[] Probes);

/// <summary>A cell of the matrix where today's code serves what the rules refuse: a finding of issue 7, fixed elsewhere.</summary>
public sealed record KnownHole(string Method, string Path, string Probe, string Caller, string Side, int Finding);

/// <summary>
/// Every operation of the OpenAPI document with how to build its request against a 红星 record and a 海裕 record. The
/// permission each needs is not written here: the test reads it from the endpoint's metadata and the role table. A
/// new endpoint fails the test until it has an entry.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly Operation[] Operations =
    [
        // Platform
        Op("POST", "/api/auth/token", Reach.None, Send(_ => "/api/auth/token", _ => new { username = "auditor", password = FrontlineApp.Password })),
        // Signing a device out ends the token it is sent with: each caller sends a fresh one of its own.
        Op("POST", "/api/auth/logout", Reach.None, new Probe("", async c => new ProbeRequest("/api/auth/logout", Token: await c.OwnTokenAsync()))),
        Op("POST", "/api/users/{name}/revoke-tokens", Reach.Jurisdiction,
            new Probe("", c => Task.FromResult(new ProbeRequest($"/api/users/{c.Target.RevocableUser}/revoke-tokens")))),
        Op("GET", "/healthz", Reach.None, To(_ => "/healthz")),
        Op("GET", "/readyz", Reach.None, To(_ => "/readyz")),
        Op("GET", "/api/policy", Reach.None, To(_ => "/api/policy")),
        Op("GET", "/api/policy/sets", Reach.None, To(_ => "/api/policy/sets")),
        Op("GET", "/api/audit", Reach.Jurisdiction,
            To(c => $"/api/audit?subject=site:{c.Target.SiteId}") with { Served = (b, c) => Lists(b, "subject", $"site:{c.Target.SiteId}") }),
        // Scheduled work: no record, the permission alone (audit.read) decides.
        Op("GET", "/api/platform/scheduled-work", Reach.None, To(_ => "/api/platform/scheduled-work")),
        Op("POST", "/api/platform/scheduled-work/{name}/run", Reach.None, To(_ => "/api/platform/scheduled-work/supervision.escalation/run")),

        // Registry
        Op("GET", "/api/jurisdictions", Reach.Jurisdiction, To(c => $"/api/jurisdictions?parent={c.Target.Community}")),
        Op("GET", "/api/places", Reach.Jurisdiction, To(_ => "/api/places?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.PlaceId) }),
        Op("POST", "/api/places", Reach.Jurisdiction, Send(_ => "/api/places",
            c => new { code = MatrixRecords.Next("PLACE"), name = "矩阵新场所", kind = "market", communityCode = c.Target.Community })),
        Op("GET", "/api/persons", Reach.Jurisdiction, To(c => $"/api/persons?q={c.Target.IdNumber}") with { Served = (b, c) => Lists(b, "id", c.Target.PersonId) }),
        Op("POST", "/api/persons", Reach.Jurisdiction, Send(_ => "/api/persons", c => new
        {
            name = "矩阵新登记", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = c.Target.Community,
            building = MatrixRecords.Next("矩阵新登记楼"), room = "201",
        })),
        Op("GET", "/api/persons/{id}", Reach.Jurisdiction, To(c => $"/api/persons/{c.Target.PersonId}")),
        Op("POST", "/api/persons/{id}/verification", Reach.Jurisdiction,
            Send(c => $"/api/persons/{c.Target.PersonId}/verification", _ => new { present = true, note = "矩阵核查" }) with { ServedCodes = ["verification-changed"] }),
        Op("GET", "/api/persons/{id}/status", Reach.Jurisdiction, To(c => $"/api/persons/{c.Target.PersonId}/status")),
        Op("GET", "/api/registry/buildings", Reach.Jurisdiction, To(c => $"/api/registry/buildings?community={c.Target.Community}")),
        Op("GET", "/api/registry/buildings/{id}/walk", Reach.Jurisdiction, To(c => $"/api/registry/buildings/{c.Target.BuildingId}/walk")),
        // A tap on a person out of scope is answered 200 with the tap rejected (not-found): served only when saved.
        Op("POST", "/api/registry/walk/taps", Reach.Jurisdiction,
            Send(_ => "/api/registry/walk/taps", c => new { taps = new[] { new { eventId = MatrixRecords.Next("tap"), personId = c.Target.PersonId, status = "present" } } })
                with { Served = (b, _) => b.GetProperty("saved").GetArrayLength() + b.GetProperty("retry").GetArrayLength() > 0 }),
        Op("POST", "/api/registry/imports", Reach.Jurisdiction,
            // A new resident of the target community.
            new Probe("new-row", c => Task.FromResult(Roster(
                TestData.Row("矩阵导入新", TestData.NewResidentId(), community: c.Target.Community, building: MatrixRecords.Next("矩阵导入楼")))))
                { Served = Imported },
            // A resident of the target community, by their real name and ID number, given the caller's own community (finding 1).
            new Probe("takeover", async c =>
            {
                var (_, idNumber, name) = await MatrixRecords.PersonAsync(c.Admin, c.Target.Community);
                return Roster(TestData.Row(name, idNumber, community: c.Home.Community, building: MatrixRecords.Next("矩阵接管楼")));
            }) { Served = Imported }),
        Op("GET", "/api/registry/imports/{id}", Reach.Uploader, To(c => $"/api/registry/imports/{c.Target.ImportId}")),
        Op("GET", "/api/registry/imports/{id}/rejected.xlsx", Reach.Uploader, To(c => $"/api/registry/imports/{c.Target.ImportId}/rejected.xlsx")),
        // Grids: the target community's grids; a new grid of it; a fresh grid's buildings; its first grid restated by a file.
        Op("GET", "/api/registry/grids", Reach.Jurisdiction, To(c => $"/api/registry/grids?jurisdiction={c.Target.Community}")),
        Op("POST", "/api/registry/grids", Reach.Jurisdiction, Send(_ => "/api/registry/grids",
            c => new { code = NextGridCode(c.Target.Community), name = "矩阵网格" })),
        Op("PUT", "/api/registry/grids/{code}/buildings", Reach.Jurisdiction, new Probe("", async c =>
        {
            var code = NextGridCode(c.Target.Community);
            (await c.Admin.PostAsJsonAsync("/api/registry/grids", new { code, name = "矩阵网格" })).EnsureSuccessStatusCode();
            return new ProbeRequest($"/api/registry/grids/{code}/buildings", JsonContent.Create(new { buildingIds = Array.Empty<long>() }));
        })),
        Op("POST", "/api/registry/grids/imports", Reach.Jurisdiction, new Probe("", async c =>
        {
            var building = (await c.Admin.GetJson($"/api/registry/buildings?community={c.Target.Community}")).EnumerateArray()
                .First(b => b.TryGetProperty("gridCode", out var g) && g.ValueKind == JsonValueKind.String);
            var grid = (await c.Admin.GetJson($"/api/registry/grids?jurisdiction={c.Target.Community}")).EnumerateArray()
                .Single(g => g.Str("code") == building.Str("gridCode"));
            var csv = TestData.Csv([[grid.Str("code"), grid.Str("name"), c.Target.Community, building.Str("name")]], header: ["网格编码", "网格名称", "社区编码", "楼栋"]);
            return new ProbeRequest("/api/registry/grids/imports", TestData.Upload(csv, "matrix-grids.csv"));
        }) { Served = (b, _) => b.GetProperty("rejected").GetInt32() == 0 }),
        Op("GET", "/api/testing/results/uploads/{id}/errors.xlsx", Reach.ResultUploader,
            To(c => $"/api/testing/results/uploads/{c.Target.ResultUploadId}/errors.xlsx")),

        // Supervision
        Op("GET", "/api/tasks", Reach.Jurisdiction, To(_ => "/api/tasks?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.TaskId) }),
        Op("POST", "/api/tasks", Reach.Jurisdiction, Send(_ => "/api/tasks",
            c => new { title = "矩阵新督办", kind = "manual", jurisdiction = c.Target.Community, dueBy = DateTimeOffset.UtcNow.AddDays(2) })),
        Op("GET", "/api/tasks/{id}", Reach.Jurisdiction, To(c => $"/api/tasks/{c.Target.TaskId}")),
        // The side's task: the first served caller accepts it, the later ones are told whose it is.
        Op("POST", "/api/tasks/{id}/accept", Reach.Jurisdiction, To(c => $"/api/tasks/{c.Target.TaskId}/accept") with { ServedCodes = ["task-accepted-by-other"] }),
        Op("POST", "/api/tasks/{id}/comments", Reach.Jurisdiction, Send(c => $"/api/tasks/{c.Target.TaskId}/comments", _ => new { text = "矩阵进展" })),
        // To the transfer task force: the first served caller hands it over, the later ones find it there.
        Op("POST", "/api/tasks/{id}/hand-over", Reach.Jurisdiction,
            Send(c => $"/api/tasks/{c.Target.TaskId}/hand-over", _ => new { team = "transfer", reason = "矩阵转办" }) with { ServedCodes = ["same-team"] }),
        Op("POST", "/api/tasks/{id}/close", Reach.Jurisdiction,
            Send(c => $"/api/tasks/{c.Target.ClosableTaskId}/close", _ => new { note = "矩阵办结" }) with { ServedCodes = ["already-closed"] }),

        // Investigation
        Op("POST", "/api/cases", Reach.Jurisdiction,
            Send(_ => "/api/cases", c => new { personId = c.Target.PersonId, classification = "asymptomatic" }, "person"),
            // The caller's own resident, infected by the target side's case (finding 9).
            Send(_ => "/api/cases", c => new { personId = c.Home.PersonId, classification = "asymptomatic", infectorCaseId = c.Target.CaseId }, "infector")),
        Op("GET", "/api/cases", Reach.Jurisdiction, To(_ => "/api/cases?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.CaseId) }),
        Op("GET", "/api/cases/{id}", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}")),
        Op("GET", "/api/cases/{id}/events", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/events")),
        // The target case is confirmed: confirming it again is served and changes nothing.
        Op("POST", "/api/cases/{id}/classification", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/classification", _ => new { classification = "confirmed" })),
        Op("PUT", "/api/cases/{id}/clinical", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/clinical", _ => new { severity = "mild", outcome = "hospital" })),
        Op("PUT", "/api/cases/{id}/dates", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/dates", _ => new { sampledAt = DateTimeOffset.UtcNow.AddHours(-6) })),
        Op("PUT", "/api/cases/{id}/infector", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/infector", _ => new { infectorCaseId = (string?)null }, "case"),
            // A fresh case of the caller's own side, infected by the target side's case.
            new Probe("infector", async c =>
            {
                var own = await MatrixRecords.CreatedAsync(c.Admin, "/api/cases", new { personId = c.Home.PersonId, classification = "confirmed" });
                return new ProbeRequest($"/api/cases/{own}/infector", JsonContent.Create(new { infectorCaseId = c.Target.CaseId }));
            })),
        Op("POST", "/api/cases/{id}/milestones", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/milestones", _ => new { milestone = "core-facts" }) with { ServedCodes = ["case-milestone-done"] }),
        Op("GET", "/api/cases/line-list.xlsx", Reach.Jurisdiction, To(c => $"/api/cases/line-list.xlsx?jurisdiction={c.Target.Community}")),
        Op("GET", "/api/cases/{id}/report", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/report?format=docx")),
        Op("POST", "/api/cases/{id}/notice", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/notice")),
        Op("GET", "/api/notices/trajectory", Reach.Jurisdiction, new Probe("", async c =>
        {
            await NoticeAsync(c);
            return new ProbeRequest($"/api/notices/trajectory?caseId={c.Target.CaseId}");
        }) { Served = (b, c) => Lists(b, "caseId", c.Target.CaseId) }),
        Op("GET", "/api/notices/trajectory/{id}", Reach.Jurisdiction,
            new Probe("", async c => new ProbeRequest($"/api/notices/trajectory/{await NoticeAsync(c)}"))),
        Op("PUT", "/api/notices/trajectory/{id}", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/notices/trajectory/{await NoticeAsync(c)}", JsonContent.Create(new { text = "病例，现住红星社区。请上述时间段在以上场所活动的人员报告。" })))),
        Op("POST", "/api/notices/trajectory/{id}/approve", Reach.Jurisdiction,
            new Probe("", async c => new ProbeRequest($"/api/notices/trajectory/{await NoticeAsync(c)}/approve"))),
        Op("POST", "/api/cases/{id}/contacts", Reach.Jurisdiction, Send(c => $"/api/cases/{c.Target.CaseId}/contacts", _ => new
        {
            idNumber = TestData.NewResidentId(), name = "矩阵密接", phone = TestData.NewPhone(), type = "close",
            lastExposureAt = DateTimeOffset.UtcNow.AddHours(-2), setting = "household",
        })),
        Op("GET", "/api/cases/{id}/contacts", Reach.Jurisdiction,
            To(c => $"/api/cases/{c.Target.CaseId}/contacts?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.ContactId) }),
        Op("POST", "/api/cases/{id}/contacts/import", Reach.Jurisdiction, new Probe("", c => Task.FromResult(new ProbeRequest(
            $"/api/cases/{c.Target.CaseId}/contacts/import?mode=valid-rows",
            TestData.Upload(TestData.Csv([["矩阵导入密接", TestData.NewResidentId(), TestData.NewPhone(), "密接", "", "同住家属",
                DateTime.UtcNow.AddHours(6).ToString("yyyy-MM-dd HH:mm")]],
                header: ["姓名", "证件号码", "手机号码", "密接类型", "经由密接证件号", "接触场景", "最后接触时间"]), "matrix-contacts.csv"))))
            { Served = (b, _) => b.GetProperty("imported").GetInt32() > 0 }),
        Op("GET", "/api/contacts/{id}/phone", Reach.Jurisdiction, To(c => $"/api/contacts/{c.Target.ContactId}/phone?reason=矩阵外呼")),
        Op("GET", "/api/assist-checks", Reach.Jurisdiction,
            To(_ => "/api/assist-checks?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.AssistCheckId) }),
        Op("GET", "/api/assist-checks.xlsx", Reach.None, To(_ => "/api/assist-checks.xlsx")),
        Op("POST", "/api/assist-checks/{id}/sent", Reach.Jurisdiction, To(c => $"/api/assist-checks/{c.Target.AssistCheckId}/sent")),
        Op("GET", "/api/cases/{id}/chain", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/chain")),
        // Outbound calls: a list of the target side (made once per side, from its case) and, for an attempt, a fresh call of its own.
        Op("POST", "/api/call-lists", Reach.Jurisdiction, Send(_ => "/api/call-lists", c => new { name = MatrixRecords.Next("矩阵外呼"), caseId = c.Target.CaseId })),
        Op("POST", "/api/call-lists/import", Reach.Jurisdiction, new Probe("", c => Task.FromResult(new ProbeRequest(
            $"/api/call-lists/import?jurisdiction={c.Target.Community}", TestData.Upload(CallRow(), "matrix-calls.csv"))))
            { Served = (b, _) => b.GetProperty("id").ValueKind == JsonValueKind.String }),
        Op("GET", "/api/call-lists", Reach.Jurisdiction, new Probe("", async c =>
            {
                await CallListAsync(c);
                return new ProbeRequest("/api/call-lists?pageSize=500");
            })
            { Served = (b, c) => Lists(b, "id", CallListAsync(c).Result) }),
        Op("GET", "/api/call-lists/{id}", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/call-lists/{await CallListAsync(c)}"))),
        Op("GET", "/api/call-lists/{id}/calls", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/call-lists/{await CallListAsync(c)}/calls"))),
        Op("GET", "/api/call-lists/{id}/results.xlsx", Reach.Jurisdiction,
            new Probe("", async c => new ProbeRequest($"/api/call-lists/{await CallListAsync(c)}/results.xlsx"))),
        Op("POST", "/api/call-lists/{id}/split", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/call-lists/{await CallListAsync(c)}/split", JsonContent.Create(new { callers = new[] { c.Target.Worker } })))),
        Op("POST", "/api/call-lists/{id}/reassign", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/call-lists/{await CallListAsync(c)}/reassign", JsonContent.Create(new { from = c.Target.Worker, to = c.Target.Worker })))),
        Op("POST", "/api/call-lists/{id}/take", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/call-lists/{await CallListAsync(c)}/take", JsonContent.Create(new { count = 1 })))),
        Op("POST", "/api/call-lists/{id}/start", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/call-lists/{await CallListAsync(c)}/start", JsonContent.Create(new { reason = "矩阵外呼" })))),
        Op("GET", "/api/calls", Reach.None, To(_ => "/api/calls")),
        Op("POST", "/api/calls/{id}/attempts", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/calls/{await FreshCallAsync(c)}/attempts", JsonContent.Create(new { outcome = "reached", clientKey = MatrixRecords.Next("k") })))),
        // A check-in at the target's place (a check-in belongs to the place's community), by the caller's own resident.
        Op("POST", "/api/checkins/batch", Reach.Jurisdiction, new Probe("venue", async c => new ProbeRequest("/api/checkins/batch", JsonContent.Create(new
        {
            events = new[] { new { eventId = MatrixRecords.Next("ci"), venueCode = await PlaceCodeAsync(c), personId = c.Home.PersonId, at = DateTimeOffset.UtcNow.AddMinutes(-5) } },
        }))) { Served = Accepted }),
        Op("GET", "/api/places/{id}/poster", Reach.Jurisdiction, To(c => $"/api/places/{c.Target.PlaceId}/poster")),
        Op("GET", "/api/cases/{id}/trajectory", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/trajectory")),
        Op("POST", "/api/cases/{id}/trajectory", Reach.Jurisdiction, Send(c => $"/api/cases/{c.Target.CaseId}/trajectory", _ => TrajectoryEntry())),
        Op("DELETE", "/api/cases/{id}/trajectory/{entryId}", Reach.Jurisdiction, new Probe("", async c =>
        {
            // An entry of the target's case made on the spot by the administrator: each probe deletes its own.
            var made = await c.Admin.PostAsJsonAsync($"/api/cases/{c.Target.CaseId}/trajectory", TrajectoryEntry());
            var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetString();
            return new ProbeRequest($"/api/cases/{c.Target.CaseId}/trajectory/{id}");
        })),
        Op("GET", "/api/cases/{id}/trajectory/checkins", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/trajectory/checkins")),
        Op("POST", "/api/cases/{id}/trajectory/checkins", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/trajectory/checkins", _ => new { checkInIds = new[] { "999999999" } }) with { ServedCodes = ["checkin-not-own"] }),
        Op("GET", "/api/cases/{id}/companions", Reach.Jurisdiction, To(c => $"/api/cases/{c.Target.CaseId}/companions")),
        Op("POST", "/api/cases/{id}/companions/{personId}/confirm", Reach.Jurisdiction,
            To(c => $"/api/cases/{c.Target.CaseId}/companions/{c.Home.PersonId}/confirm") with { ServedCodes = ["not-a-companion"] }),
        Op("POST", "/api/cases/{id}/companions/{personId}/dismiss", Reach.Jurisdiction,
            Send(c => $"/api/cases/{c.Target.CaseId}/companions/{c.Home.PersonId}/dismiss", _ => new { reason = "矩阵排除" }) with { ServedCodes = ["not-a-companion"] }),

        // Command: the dashboard and the epidemic curve of a jurisdiction
        Op("GET", "/api/dashboard", Reach.Jurisdiction, To(c => $"/api/dashboard?jurisdiction={c.Target.Community}")),
        Op("GET", "/api/dashboard/export", Reach.Jurisdiction, To(c => $"/api/dashboard/export?jurisdiction={c.Target.Community}&table=cases")),
        // Command: the daily briefing of a jurisdiction (the administrator makes the target's first, so that reading it can be served)
        Op("GET", "/api/briefings", Reach.Jurisdiction, To(c => $"/api/briefings?jurisdiction={c.Target.Community}")),
        Op("GET", "/api/briefings/{date}", Reach.Jurisdiction, Briefing(c => $"/api/briefings/{Yesterday}?jurisdiction={c.Target.Community}")),
        Op("POST", "/api/briefings/{date}", Reach.Jurisdiction, To(c => $"/api/briefings/{Yesterday}?jurisdiction={c.Target.Community}")),
        Op("GET", "/api/briefings/{date}.docx", Reach.Jurisdiction, Briefing(c => $"/api/briefings/{Yesterday}.docx?jurisdiction={c.Target.Community}")),
        Op("GET", "/api/epidemic-curve", Reach.Jurisdiction, To(c => $"/api/epidemic-curve?jurisdiction={c.Target.Community}")),

        // Command: resident requests (民生诉求) and notices (收发文)
        Op("POST", "/api/requests", Reach.Jurisdiction, Send(_ => "/api/requests", c => new
        {
            kind = "food", urgency = "normal", address = "矩阵诉求新地址", communityCode = c.Target.Community, phone = TestData.NewPhone(), text = "矩阵新诉求",
        })),
        Op("GET", "/api/requests", Reach.Jurisdiction,
            To(_ => "/api/requests?pageSize=500") with { Served = (b, c) => Lists(b, "id", MessagingMatrixRecords.Of(c.Target).RequestId) }),
        Op("GET", "/api/requests/{id}", Reach.Jurisdiction, To(c => $"/api/requests/{MessagingMatrixRecords.Of(c.Target).RequestId}")),
        Op("POST", "/api/requests/{id}/accept", Reach.Jurisdiction, To(c => $"/api/requests/{MessagingMatrixRecords.Of(c.Target).RequestId}/accept")),
        Op("POST", "/api/requests/{id}/progress", Reach.Jurisdiction,
            Send(c => $"/api/requests/{MessagingMatrixRecords.Of(c.Target).RequestId}/progress", _ => new { note = "矩阵进展" })),
        Op("POST", "/api/requests/{id}/close", Reach.Jurisdiction,
            Send(c => $"/api/requests/{MessagingMatrixRecords.Of(c.Target).ClosableRequestId}/close", _ => new { outcome = "矩阵办结" })),
        Op("POST", "/api/notices", Reach.Jurisdiction, Send(_ => "/api/notices", c => new { title = "矩阵新通知", text = "矩阵", recipients = new[] { c.Target.Community } })),
        // The inbox and the sent box hold what is the caller's: no record of a side decides.
        Op("GET", "/api/notices", Reach.None, To(_ => "/api/notices")),
        Op("GET", "/api/notices/{id}", Reach.Jurisdiction, To(c => $"/api/notices/{MessagingMatrixRecords.Of(c.Target).NoticeId}")),
        // The sending commands hold no unit of their own notice: 409 notice-not-recipient comes after the scope check.
        Op("POST", "/api/notices/{id}/ack", Reach.Jurisdiction,
            To(c => $"/api/notices/{MessagingMatrixRecords.Of(c.Target).NoticeId}/ack") with { ServedCodes = ["notice-not-recipient"] }),
        // A street command that received the district's notice may send, but not remind for the district.
        Op("POST", "/api/notices/{id}/remind", Reach.Jurisdiction,
            To(c => $"/api/notices/{MessagingMatrixRecords.Of(c.Target).NoticeId}/remind") with { ServedCodes = ["notice-not-sender"] }),
        Op("GET", "/api/notices/{id}/attachments/{fileId}", Reach.Jurisdiction,
            To(c => $"/api/notices/{MessagingMatrixRecords.Of(c.Target).NoticeId}/attachments/{MessagingMatrixRecords.Of(c.Target).NoticeFileId}")),

        // Containment: transfers and self-report links
        Op("POST", "/api/transfers", Reach.Jurisdiction, new Probe("", async c =>
        {
            // A fresh resident of the target side each time: a person is on one open transfer at a time.
            var (personId, _, _) = await MatrixRecords.PersonAsync(c.Admin, c.Target.Community);
            return new ProbeRequest("/api/transfers", JsonContent.Create(new { personIds = new[] { personId }, pickupAddress = "矩阵接人地址1号", facilityId = c.Target.FacilityId }));
        })),
        Op("POST", "/api/transfers/{id}/events", Reach.Jurisdiction,
            Send(c => $"/api/transfers/{c.Target.TransferId}/events", _ => new { status = "dispatched", vehicle = "粤B·矩阵", driver = "矩阵司机" })),
        Op("GET", "/api/transfers", Reach.Jurisdiction, To(_ => "/api/transfers?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.TransferId) }),
        Op("GET", "/api/transfers/{id}", Reach.Jurisdiction, To(c => $"/api/transfers/{c.Target.TransferId}")),
        Op("POST", "/api/stays/{id}/self-report-link", Reach.Jurisdiction, To(c => $"/api/stays/{c.Target.LinkStayId}/self-report-link")),
        // The side's arrival not taken in: the first caller in reach settles it, the later ones are told it was settled.
        Op("POST", "/api/intake-failures/{id}/resolve", Reach.Jurisdiction,
            Send(c => $"/api/intake-failures/{c.Target.IntakeFailureId}/resolve", _ => new { outcome = "not-arrived", note = "矩阵未到达" }) with { ServedCodes = ["intake-failure-resolved"] }),
        // Open to anyone holding the link: the token is the key, whoever (or no one) is signed in. (A probe without a
        // target side is given 红星's records.)
        Op("POST", "/api/self-report/{token}", Reach.None, Send(c => $"/api/self-report/{c.Target.SelfReportToken}", _ => new { temperature = 36.5 })),

        // Testing
        Op("POST", "/api/testing/rounds", Reach.Jurisdiction, Send(_ => "/api/testing/rounds", c => new
        {
            name = MatrixRecords.Next("矩阵新轮次"), scope = new[] { c.Target.Community }, startsAt = DateTimeOffset.UtcNow.AddHours(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(1), poolSize = 10,
        })),
        Op("GET", "/api/testing/rounds", Reach.Jurisdiction, To(_ => "/api/testing/rounds") with { Served = (b, c) => Lists(b, "id", c.Target.RoundId) }),
        Op("POST", "/api/testing/rounds/{id}/close", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.ClosableRoundId}/close")),
        Op("POST", "/api/testing/sites", Reach.Jurisdiction, Send(_ => "/api/testing/sites",
            c => new { code = MatrixRecords.Next("SITE"), name = "矩阵新采样点", communityCode = c.Target.Community })),
        Op("GET", "/api/testing/sites", Reach.Jurisdiction, To(_ => "/api/testing/sites") with { Served = (b, c) => Lists(b, "id", c.Target.SiteId) }),
        Op("PUT", "/api/testing/sites/{id}", Reach.Jurisdiction, Send(c => $"/api/testing/sites/{c.Target.EditSiteId}",
            c => new { name = c.Target.Name + "矩阵备用点", samplers = c.Target.Team })),
        Op("GET", "/api/testing/samplers", Reach.None, To(_ => "/api/testing/samplers")),
        Op("POST", "/api/testing/samples/batch", Reach.Jurisdiction,
            // The target's round, at the caller's own site, for a stranger registered there (finding 6).
            Send(_ => "/api/testing/samples/batch", c => Scan(c.Target.RoundId, c.Home.SiteCode), "round") with { Served = Accepted },
            Send(_ => "/api/testing/samples/batch", c => Scan(c.Home.RoundId, c.Target.SiteCode), "site") with { Served = Accepted },
            // The caller's own round and site, for a resident of the target community (finding 6).
            new Probe("person", async c =>
            {
                var (personId, _, _) = await MatrixRecords.PersonAsync(c.Admin, c.Target.Community);
                return new ProbeRequest("/api/testing/samples/batch", JsonContent.Create(Scan(c.Home.RoundId, c.Home.SiteCode, personId)));
            }) { Served = Accepted }),
        // A result for the target's negative tube: the same outcome again, a confirmation without side effects (finding 2).
        Op("POST", "/api/testing/results/batch", Reach.Jurisdiction, Send(_ => "/api/testing/results/batch", c => new
        {
            results = new[] { new { eventId = MatrixRecords.Next("r"), roundId = c.Target.RoundId, tubeCode = c.Target.ConfirmTube, outcome = "negative", lab = "矩阵复核" } },
        }) with { Served = Accepted }),
        Op("POST", "/api/testing/results/upload", Reach.Jurisdiction, new Probe("", c => Task.FromResult(new ProbeRequest(
            $"/api/testing/results/upload?roundId={c.Target.RoundId}",
            // Another lab name each time: a file's rows are known by their content, and a repeat would be a duplicate.
            TestData.Upload(TestData.Csv([[c.Target.ConfirmTube, "阴性", "", "", MatrixRecords.Next("矩阵实验室"), ""]],
                header: ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"]), "matrix-results.csv"))))
            { Served = Accepted }),
        Op("GET", "/api/testing/rounds/{id}/coverage", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.RoundId}/coverage")),
        Op("GET", "/api/testing/rounds/{id}/coverage/children", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.RoundId}/coverage/children")),
        Op("GET", "/api/testing/rounds/{id}/coverage/buildings", Reach.Jurisdiction,
            To(c => $"/api/testing/rounds/{c.Target.RoundId}/coverage/buildings?community={c.Target.Community}")),
        Op("GET", "/api/testing/rounds/{id}/untested", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.RoundId}/untested")),
        Op("GET", "/api/testing/rounds/{id}/untested.xlsx", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.RoundId}/untested.xlsx")),
        Op("POST", "/api/testing/rounds/{id}/untested/unmask", Reach.Jurisdiction,
            Send(c => $"/api/testing/rounds/{c.Target.RoundId}/untested/unmask", _ => new { reason = "矩阵：电话通知未检测人员" })),
        Op("GET", "/api/testing/rounds/{id}/retests.xlsx", Reach.Jurisdiction, To(c => $"/api/testing/rounds/{c.Target.RoundId}/retests.xlsx")),
        // The side's guest's test orders (ordered at intake), by their requester.
        Op("GET", "/api/testing/test-orders", Reach.Jurisdiction, new Probe("", async c =>
                new ProbeRequest($"/api/testing/test-orders?requester=stay:{(await StaysOfAsync(c)).StayId}&pageSize=500"))
            { Served = (b, c) => Lists(b, "requester", $"stay:{StaysOfAsync(c).Result.StayId}") }),
        Op("GET", "/api/testing/retests", Reach.Jurisdiction,
            To(c => $"/api/testing/retests?roundId={c.Target.RoundId}&pageSize=500") with { Served = (b, c) => Lists(b, "personId", c.Target.RetestPersonId) }),
        Op("GET", "/api/testing/result-reviews", Reach.Jurisdiction,
            To(_ => "/api/testing/result-reviews?pageSize=500") with { Served = (b, c) => Lists(b, "tubeCode", c.Target.ListedConflictTube) }),
        Op("POST", "/api/testing/result-reviews/{resultId}", Reach.Jurisdiction,
            Send(c => $"/api/testing/result-reviews/{c.Target.DecideResultId}", _ => new { decision = "keep", note = "矩阵复核：维持原结果" })
                with { ServedCodes = ["already-reviewed"] }),
        Op("POST", "/api/testing/exemptions", Reach.Jurisdiction, Send(_ => "/api/testing/exemptions", c => new { personId = c.Target.PersonId, reason = "away" })),

        // Containment: zones
        Op("POST", "/api/zones", Reach.Jurisdiction,
            Send(_ => "/api/zones", c => new { level = "sealed", buildingIds = new[] { c.Target.BuildingId }, reason = "矩阵划定" }, "building"),
            Send(_ => "/api/zones", c => new { level = "controlled", jurisdictionCodes = new[] { c.Target.Community }, reason = "矩阵划定" }, "jurisdiction")),
        Op("GET", "/api/zones", Reach.Jurisdiction, new Probe("", async c => { await ZoneAsync(c); return new ProbeRequest("/api/zones?pageSize=500"); })
            { Served = (b, c) => Lists(b, "id", ZoneAsync(c).Result) }),
        Op("GET", "/api/zones/{id}", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/zones/{await ZoneAsync(c)}"))),
        Op("GET", "/api/zones/{id}/residents", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/zones/{await ZoneAsync(c)}/residents"))),
        // The side's zone holds a case of today: a release is refused as not eligible, once the permission and the scope let it through.
        Op("POST", "/api/zones/{id}/release", Reach.Jurisdiction, new Probe("", async c =>
            new ProbeRequest($"/api/zones/{await ZoneAsync(c)}/release", JsonContent.Create(new { reason = "矩阵解封", @override = false })))
            { ServedCodes = ["not-eligible", "zone-released"] }),
        Op("GET", "/api/zones/proposals", Reach.Jurisdiction, new Probe("", async c => { await ProposalAsync(c); return new ProbeRequest("/api/zones/proposals?pageSize=500"); })
            { Served = (b, c) => Lists(b, "id", ProposalAsync(c).Result) }),
        // One proposal per side for both decisions: the first served caller decides it, the others find it decided.
        Op("POST", "/api/zones/proposals/{id}/accept", Reach.Jurisdiction, new Probe("", async c =>
            new ProbeRequest($"/api/zones/proposals/{await ProposalAsync(c)}/accept", JsonContent.Create(new { reason = "矩阵采纳" })))
            { ServedCodes = ["proposal-decided"] }),
        Op("POST", "/api/zones/proposals/{id}/reject", Reach.Jurisdiction, new Probe("", async c =>
            new ProbeRequest($"/api/zones/proposals/{await ProposalAsync(c)}/reject", JsonContent.Create(new { reason = "矩阵驳回" })))
            { ServedCodes = ["proposal-decided"] }),
        // Containment: facilities, rooms and stays (a facility of each side with a guest, made once per side by the administrator)
        Op("POST", "/api/facilities", Reach.Jurisdiction, Send(_ => "/api/facilities",
            c => new { name = MatrixRecords.Next("矩阵隔离酒店"), address = "矩阵地址", communityCode = c.Target.Community, rooms = new[] { new { number = "101", floor = 1 } } })),
        Op("GET", "/api/facilities", Reach.Jurisdiction, new Probe("", async c =>
        {
            await StaysOfAsync(c);
            return new ProbeRequest("/api/facilities?pageSize=500");
        }) { Served = (b, c) => Lists(b, "id", StaysOfAsync(c).Result.FacilityId) }),
        Op("GET", "/api/facilities/{id}/occupancy", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/facilities/{(await StaysOfAsync(c)).FacilityId}/occupancy"))),
        Op("GET", "/api/facilities/{id}/tests", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/facilities/{(await StaysOfAsync(c)).FacilityId}/tests"))),
        Op("POST", "/api/facilities/{id}/rooms", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/facilities/{(await StaysOfAsync(c)).FacilityId}/rooms", JsonContent.Create(new { rooms = new[] { new { number = RoomNumber(), floor = 9 } } })))),
        Op("POST", "/api/facilities/{id}/rooms/import", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/facilities/{(await StaysOfAsync(c)).FacilityId}/rooms/import", TestData.Upload(TestData.Csv([[RoomNumber(), "9"]], header: ["房间号", "楼层"]), "matrix-rooms.csv")))
            { Served = (b, _) => b.GetProperty("added").GetInt32() > 0 }),
        // Cleaning a free room: refused by its state, after the permission and the scope.
        Op("POST", "/api/rooms/{id}/state", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/rooms/{(await StaysOfAsync(c)).FreeRoomId}/state", JsonContent.Create(new { action = "cleaned" }))) { ServedCodes = ["room-state-change"] }),
        // A fresh resident of the target side taken into the side's facility (the next free room).
        Op("POST", "/api/stays", Reach.Jurisdiction, new Probe("", async c =>
        {
            var facility = (await StaysOfAsync(c)).FacilityId;
            var (personId, _, _) = await MatrixRecords.PersonAsync(c.Admin, c.Target.Community);
            return new ProbeRequest("/api/stays", JsonContent.Create(new
            {
                personId, kind = "centralised", facilityId = facility, reason = "矩阵入住", lastExposureAt = DateTimeOffset.UtcNow.AddHours(-6),
            }));
        })),
        Op("GET", "/api/stays", Reach.Jurisdiction, new Probe("", async c =>
        {
            await StaysOfAsync(c);
            return new ProbeRequest("/api/stays?pageSize=500&status=active");
        }) { Served = (b, c) => Lists(b, "id", StaysOfAsync(c).Result.StayId) }),
        Op("GET", "/api/stays/{id}", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest($"/api/stays/{(await StaysOfAsync(c)).StayId}"))),
        Op("POST", "/api/stays/{id}/health-checks", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/stays/{(await StaysOfAsync(c)).StayId}/health-checks", JsonContent.Create(new { temperature = 36.5, symptoms = Array.Empty<string>() })))),
        // The side's fever alert: the first caller in reach handles it, the later ones are told it was handled.
        Op("POST", "/api/health-checks/{id}/handle", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/health-checks/{(await StaysOfAsync(c)).AlertCheckId}/handle", JsonContent.Create(new { text = "矩阵处置" }))) { ServedCodes = ["alert-handled"] }),
        Op("POST", "/api/stays/{id}/notes", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/stays/{(await StaysOfAsync(c)).StayId}/notes", JsonContent.Create(new { text = "矩阵心理疏导" })))),
        Op("POST", "/api/stays/{id}/move", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/stays/{(await StaysOfAsync(c)).StayId}/move", JsonContent.Create(new { roomNumber = "201" }))) { ServedCodes = ["same-room"] }),
        Op("POST", "/api/stays/{id}/release", Reach.Jurisdiction, new Probe("", async c => new ProbeRequest(
            $"/api/stays/{(await StaysOfAsync(c)).StayId}/release", JsonContent.Create(new { }))) { ServedCodes = ["final-test-missing"] }),

        // Command: staff deployment and care (MatrixRecords.Staff.cs)
        .. StaffMatrixRecords.Operations,
        // Command: inspections of the side's market (a place outside the caller's jurisdiction is answered 400 inspection-unknown-place).
        Op("POST", "/api/inspections", Reach.Jurisdiction, Send(_ => "/api/inspections", c => new
        {
            placeId = "place:" + c.Target.PlaceId, template = "market", answers = CommandMatrixRecords.MarketAnswers,
            findings = new[] { new { text = "矩阵检查问题", fixBy = DateTimeOffset.UtcNow.AddDays(1) } },
        })),
        Op("GET", "/api/inspections", Reach.Jurisdiction, To(_ => "/api/inspections?pageSize=500") with { Served = (b, c) => Lists(b, "id", c.Target.InspectionId) }),
        Op("GET", "/api/inspections/{id}", Reach.Jurisdiction, To(c => $"/api/inspections/{c.Target.InspectionId}")),
        Op("GET", "/api/inspections/history", Reach.Jurisdiction, To(c => $"/api/inspections/history?placeId=place:{c.Target.PlaceId}")),
        Op("GET", "/api/inspections/places", Reach.Jurisdiction,
            To(c => $"/api/inspections/places?q={c.Target.Name}矩阵市场") with { Served = (b, c) => Lists(b, "placeId", "place:" + c.Target.PlaceId) }),
        Op("GET", "/api/inspections/templates", Reach.None, To(_ => "/api/inspections/templates")),
    ];

    /// <summary>
    /// The downloads that signed-in pages link to, outside the document (a page's cookie cannot call /api). The same
    /// handlers as their /api twins; they take a bearer token too, and send anonymous callers to /login.
    /// </summary>
    public static readonly Operation[] Downloads =
    [
        Op("GET", "/exports/imports/{id}/rejected.xlsx", Reach.Uploader, To(c => $"/exports/imports/{c.Target.ImportId}/rejected.xlsx")),
        Op("GET", "/exports/results/uploads/{id}/errors.xlsx", Reach.ResultUploader,
            To(c => $"/exports/results/uploads/{c.Target.ResultUploadId}/errors.xlsx")),
        Op("GET", "/exports/roster-template.{format}", Reach.None, To(_ => "/exports/roster-template.csv")),
        Op("GET", "/exports/grid-template.{format}", Reach.None, To(_ => "/exports/grid-template.csv")),
        Op("GET", "/exports/rounds/{id}/untested.xlsx", Reach.Jurisdiction, To(c => $"/exports/rounds/{c.Target.RoundId}/untested.xlsx")),
        Op("GET", "/exports/rounds/{id}/retests.xlsx", Reach.Jurisdiction, To(c => $"/exports/rounds/{c.Target.RoundId}/retests.xlsx")),
        Op("GET", "/exports/results-template.xlsx", Reach.None, To(_ => "/exports/results-template.xlsx")),
        Op("GET", "/exports/cases/line-list.xlsx", Reach.Jurisdiction, To(c => $"/exports/cases/line-list.xlsx?jurisdiction={c.Target.Community}")),
        Op("GET", "/exports/cases/{id}/report.docx", Reach.Jurisdiction, To(c => $"/exports/cases/{c.Target.CaseId}/report.docx")),
        Op("GET", "/exports/dashboard/{table}.xlsx", Reach.Jurisdiction, To(c => $"/exports/dashboard/cases.xlsx?jurisdiction={c.Target.Community}")),
        Op("GET", "/exports/briefings/{date}.docx", Reach.Jurisdiction, Briefing(c => $"/exports/briefings/{Yesterday}.docx?jurisdiction={c.Target.Community}")),
    ];

    static string Yesterday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A probe of a briefing that must exist to be served: the administrator makes the target community's (kept once made).</summary>
    static Probe Briefing(Func<ProbeContext, string> url) => new("", async c =>
    {
        (await c.Admin.PostAsync($"/api/briefings/{Yesterday}?jurisdiction={c.Target.Community}", null)).EnsureSuccessStatusCode();
        return new ProbeRequest(url(c));
    });

    /// <summary>
    /// Cells where today's code serves what the rules refuse, each with its finding of issue 7. The test passes on them
    /// while they answer as today and fails once one is closed: take its line out then, so the list only shrinks.
    /// </summary>
    public static readonly KnownHole[] KnownHoles =
    [
        // Empty since findings 1, 2, 6 and 9 of issue 7 were closed: a hole found later goes here with its finding.
    ];

    static Operation Op(string method, string path, Reach reach, params Probe[] probes) => new(method, path, reach, probes);

    static int gridNumber = 100;

    /// <summary>A grid code of the community no probe used before (the demo seed draws the first few).</summary>
    static string NextGridCode(string community) => community + Interlocked.Increment(ref gridNumber).ToString("000");

    /// <summary>A request without a body.</summary>
    static Probe To(Func<ProbeContext, string> url, string name = "") => new(name, c => Task.FromResult(new ProbeRequest(url(c))));

    /// <summary>A request with a JSON body.</summary>
    static Probe Send(Func<ProbeContext, string> url, Func<ProbeContext, object> body, string name = "") =>
        new(name, c => Task.FromResult(new ProbeRequest(url(c), JsonContent.Create(body(c)))));

    static object TrajectoryEntry() => new
    {
        entries = new[] { new { address = "矩阵轨迹地址", from = DateTimeOffset.UtcNow.AddHours(-3), to = DateTimeOffset.UtcNow.AddHours(-2) } },
    };

    /// <summary>The venue code of the target side's place, as the administrator reads it.</summary>
    static async Task<string> PlaceCodeAsync(ProbeContext c)
    {
        var places = await c.Admin.GetJson($"/api/places?jurisdiction={c.Target.Community}&pageSize=500");
        return Items(places).Single(p => p.GetProperty("id").GetString() == c.Target.PlaceId).GetProperty("code").GetString()!;
    }

    static ProbeRequest Roster(string[] row) =>
        new("/api/registry/imports?mode=valid-rows", TestData.Upload(TestData.Csv([row]), "matrix-roster.csv"));

    static object Scan(string round, string site, string? personId = null) => personId is null
        ? new { events = new object[] { new { eventId = MatrixRecords.Next("ev"), roundId = round, siteCode = site, tubeCode = MatrixRecords.Next("T"),
            idNumber = TestData.NewResidentId(), name = "矩阵路人", phone = TestData.NewPhone(), collector = "矩阵采样员" } } }
        : new { events = new object[] { new { eventId = MatrixRecords.Next("ev"), roundId = round, siteCode = site, tubeCode = MatrixRecords.Next("T"),
            personId, collector = "矩阵采样员" } } };

    static IEnumerable<JsonElement> Items(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array ? body.EnumerateArray() : body.GetProperty("items").EnumerateArray();

    static bool Lists(JsonElement body, string field, string value) =>
        Items(body).Any(i => i.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value);

    /// <summary>A fresh draft notice of the target's case, drafted by the administrator.</summary>
    static async Task<string> NoticeAsync(ProbeContext c) => await MatrixRecords.CreatedAsync(c.Admin, $"/api/cases/{c.Target.CaseId}/notice", new { });

    static bool Accepted(JsonElement body, ProbeContext _) => body.GetProperty("accepted").GetInt32() > 0;

    // Containment: zones — the side's zone (sealed over its building, holding its case) and a pending proposal from a
    // fresh case in a fresh building of the side, each made once per side by the administrator.
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixSide, Task<string>> Zones = [];
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixSide, Task<string>> ZoneProposals = [];

    static Task<string> ZoneAsync(ProbeContext c) => Zones.GetValue(c.Target, side => MatrixRecords.CreatedAsync(c.Admin, "/api/zones",
        new { level = "sealed", buildingIds = new[] { side.BuildingId }, reason = side.Name + "矩阵封控", caseIds = new[] { side.CaseId } }));

    static Task<string> ProposalAsync(ProbeContext c) => ZoneProposals.GetValue(c.Target, side => MakeProposalAsync(c.Admin, side));

    static async Task<string> MakeProposalAsync(HttpClient admin, MatrixSide side)
    {
        var person = await MatrixRecords.CreatedAsync(admin, "/api/persons", new
        {
            name = "矩阵建议", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = side.Community, building = MatrixRecords.Next("矩阵建议楼"), room = "101",
        });
        var caseId = await MatrixRecords.CreatedAsync(admin, "/api/cases", new { personId = person, classification = "confirmed" });
        // The outbox's dispatcher raises the proposal within its poll interval.
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var pending = await admin.GetJson("/api/zones/proposals?status=pending&pageSize=500");
            if (Items(pending).FirstOrDefault(p => p.GetProperty("caseId").GetString() == caseId) is { ValueKind: JsonValueKind.Object } found)
                return found.GetProperty("id").GetString()!;
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"No zone proposal for case {caseId}");
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixSide, Task<string>> CallLists = [];

    /// <summary>The target side's call list, made once per side by the administrator from the side's case.</summary>
    static Task<string> CallListAsync(ProbeContext c) => CallLists.GetValue(c.Target, _ => MakeCallListAsync(c.Admin, c.Target));

    static async Task<string> MakeCallListAsync(HttpClient admin, MatrixSide side)
    {
        var response = await admin.PostAsJsonAsync("/api/call-lists", new { name = side.Name + "矩阵外呼名单", caseId = side.CaseId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A side's facility (in its community, with room 201 taken by a guest and a fever alert open), a free room, the stay and the alert.</summary>
    public sealed record SideStays(string FacilityId, string FreeRoomId, string StayId, string AlertCheckId);

    // Lazy: probes run in parallel, and the table may call its factory twice for one side; only the lazy that wins is started.
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MatrixSide, Lazy<Task<SideStays>>> Stays = [];

    /// <summary>A room number no probe used before (at most 16 characters).</summary>
    static string RoomNumber() => "R" + Guid.NewGuid().ToString("N")[..12];

    static Task<SideStays> StaysOfAsync(ProbeContext c) => Stays.GetValue(c.Target, _ => new(() => MakeStaysAsync(c.Admin, c.Target))).Value;

    static async Task<SideStays> MakeStaysAsync(HttpClient admin, MatrixSide side)
    {
        // Enough rooms for every caller's intake probe.
        var rooms = Enumerable.Range(0, 300).Select(i => new { number = $"{2 + i / 50}{i % 50 + 1:00}", floor = 2 + i / 50 }).ToArray();
        var facility = await MatrixRecords.CreatedAsync(admin, "/api/facilities", new { name = side.Name + "矩阵隔离酒店", address = "矩阵地址", communityCode = side.Community, rooms });
        var (personId, _, _) = await MatrixRecords.PersonAsync(admin, side.Community);
        var stay = await MatrixRecords.CreatedAsync(admin, "/api/stays", new
        {
            personId, kind = "centralised", facilityId = facility, roomNumber = "201", reason = "矩阵入住", lastExposureAt = DateTimeOffset.UtcNow.AddHours(-6),
        });
        var alert = await MatrixRecords.CreatedAsync(admin, $"/api/stays/{stay}/health-checks", new { temperature = 38.2, symptoms = new[] { "cough" } });
        var grid = await admin.GetFromJsonAsync<JsonElement>($"/api/facilities/{facility}/occupancy");
        var free = grid.GetProperty("floors").EnumerateArray().SelectMany(f => f.GetProperty("rooms").EnumerateArray())
            .First(r => r.GetProperty("state").GetString() == "free").GetProperty("id").GetString()!;
        return new SideStays(facility, free, stay, alert);
    }

    static byte[] CallRow() => TestData.Csv([["矩阵外呼", TestData.NewResidentId(), TestData.NewPhone()]], header: ["姓名", "证件号码", "手机号码"]);

    /// <summary>A new unassigned call of the target side, made by the administrator: an attempt closes the call it is recorded on.</summary>
    static async Task<string> FreshCallAsync(ProbeContext c)
    {
        var response = await c.Admin.PostAsync($"/api/call-lists/import?jurisdiction={c.Target.Community}", TestData.Upload(CallRow(), "matrix-call.csv"));
        var list = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var calls = await c.Admin.GetFromJsonAsync<JsonElement>($"/api/call-lists/{list}/calls");
        return calls.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    static bool Imported(JsonElement body, ProbeContext _) =>
        body.GetProperty("imported").GetInt32() + body.GetProperty("updated").GetInt32() + body.GetProperty("unchanged").GetInt32() > 0;
}
