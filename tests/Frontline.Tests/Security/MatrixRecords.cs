using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// The records of one community that the authorization matrix asks for by id, lists, or writes into: 红星社区 (under
/// 松岗街道) on one side, 海裕社区 (新安街道) on the other, so that every demo user has one side in scope and, unless the
/// whole district is theirs, the other side out of it.
/// </summary>
public sealed class MatrixSide(string name, string community, string worker)
{
    public string Name { get; } = name;
    public string Community { get; } = community;
    /// <summary>The community worker of the side, whose roster import it holds (an import is its uploader's only).</summary>
    public string Worker { get; } = worker;

    public string PersonId { get; set; } = "";
    public string IdNumber { get; set; } = "";
    public string BuildingId { get; set; } = "";
    public string PlaceId { get; set; } = "";
    public string SiteId { get; set; } = "";
    public string SiteCode { get; set; } = "";
    /// <summary>The samplers on the side's sites: the demo sampler in 红星; 海裕 has no sampler account of its own.</summary>
    public string[] Team => Community == TestData.Hongxing ? ["sampler"] : [];
    /// <summary>A second site, renamed by the matrix, so the scanning site's team is never touched.</summary>
    public string EditSiteId { get; set; } = "";
    /// <summary>An open round scoped to this community alone.</summary>
    public string RoundId { get; set; } = "";
    /// <summary>A round of its own for the close endpoint (closing it again answers 204 as well).</summary>
    public string ClosableRoundId { get; set; } = "";
    /// <summary>A negative tube: a lab's result for it again is a confirmation, accepted without side effects.</summary>
    public string ConfirmTube { get; set; } = "";
    /// <summary>Someone of the positive pool, with an individual re-test order.</summary>
    public string RetestPersonId { get; set; } = "";
    /// <summary>A tube with a conflicting result that nobody decides, so it stays on the review list.</summary>
    public string ListedConflictTube { get; set; } = "";
    /// <summary>The waiting result of another conflicting tube, for the decide endpoint (then 409 already-reviewed).</summary>
    public string DecideResultId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string ClosableTaskId { get; set; } = "";
    public string CaseId { get; set; } = "";
    /// <summary>A close contact of the side's case, and the assist-check request of another one living elsewhere.</summary>
    public string ContactId { get; set; } = "";
    public string AssistCheckId { get; set; } = "";
    public string ImportId { get; set; } = "";
    /// <summary>A lab result file with a refused row, uploaded by the administrator: its error list is the uploader's alone.</summary>
    public string ResultUploadId { get; set; } = "";
    /// <summary>An account of the side that the matrix never signs in as: revoking its tokens touches no caller of the matrix.</summary>
    public string RevocableUser => "matrix-" + Community[^3..];
    public string ResultUploader => "admin";

    // Containment: transfers and self-report links (MatrixRecords.Containment.cs fills them).
    public string FacilityId { get; set; } = "";
    /// <summary>An arrival the side's facility could not take in, for the resolve row.</summary>
    public string IntakeFailureId { get; set; } = "";
    /// <summary>A dispatched transfer: dispatching it again is a retry, served and changing nothing.</summary>
    public string TransferId { get; set; } = "";
    /// <summary>A home stay whose link the matrix issues (each issue revokes the one before: no probe posts with it).</summary>
    public string LinkStayId { get; set; } = "";
    /// <summary>The live self-report token of another home stay, for the anonymous report.</summary>
    public string SelfReportToken { get; set; } = "";

    // Command: inspections (MatrixRecords.Command.cs fills it).
    /// <summary>An inspection of the side's market, with one open finding.</summary>
    public string InspectionId { get; set; } = "";

    public override string ToString() => Name;
}

/// <summary>Creates both sides' records through the API, as the administrator (and each side's worker for the import).</summary>
public static class MatrixRecords
{
    static int serial = Random.Shared.Next(1_000_000);

    public static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    public static async Task<(MatrixSide Hongxing, MatrixSide Haiyu)> CreateAsync(HttpClient admin, Func<string, HttpClient> asUser)
    {
        var hongxing = new MatrixSide("红星", TestData.Hongxing, "community-worker");
        var haiyu = new MatrixSide("海裕", TestData.Haiyu, "worker-haiyu");
        foreach (var side in new[] { hongxing, haiyu }) await FillAsync(side, admin, asUser(side.Worker));
        return (hongxing, haiyu);
    }

    /// <summary>
    /// A resident of the community, created by the administrator: (id, ID number, name). In a building of their own: two
    /// registrations at once into a building not yet known collide on its unique index (a 500 on PostgreSQL).
    /// </summary>
    public static async Task<(string Id, string IdNumber, string Name)> PersonAsync(HttpClient admin, string community)
    {
        var idNumber = TestData.NewResidentId();
        var name = "矩阵" + idNumber[^4..];
        var id = await CreatedAsync(admin, "/api/persons", new
        {
            name, idNumber, phone = TestData.NewPhone(), communityCode = community, building = Next("矩阵楼"), room = "101",
        });
        return (id, idNumber, name);
    }

    static async Task FillAsync(MatrixSide side, HttpClient admin, HttpClient worker)
    {
        var now = DateTimeOffset.UtcNow;
        (side.PersonId, side.IdNumber, _) = await PersonAsync(admin, side.Community);
        side.BuildingId = (await admin.GetJson($"/api/persons/{side.PersonId}")).Str("buildingId");
        side.PlaceId = await CreatedAsync(admin, "/api/places", new { code = Next("PLACE"), name = side.Name + "矩阵市场", kind = "market", communityCode = side.Community });

        side.SiteCode = Next("SITE");
        side.SiteId = await CreatedAsync(admin, "/api/testing/sites", new { code = side.SiteCode, name = side.Name + "矩阵采样点", communityCode = side.Community, samplers = side.Team });
        side.EditSiteId = await CreatedAsync(admin, "/api/testing/sites", new { code = Next("SITE"), name = side.Name + "矩阵备用点", communityCode = side.Community, samplers = side.Team });
        object Round(string name) => new { name, scope = new[] { side.Community }, startsAt = now.AddHours(-1), endsAt = now.AddDays(1), poolSize = 10 };
        side.RoundId = await CreatedAsync(admin, "/api/testing/rounds", Round(Next(side.Name + "矩阵轮次")));
        side.ClosableRoundId = await CreatedAsync(admin, "/api/testing/rounds", Round(Next(side.Name + "待结束轮次")));

        // A few scans: the known resident in a tube that comes back negative, two strangers (registered at the site) in a
        // positive pool, and one stranger in each of two tubes that will get conflicting results.
        side.ConfirmTube = Next("CONF");
        var positive = Next("POS");
        side.ListedConflictTube = Next("CFL");
        var decided = Next("CFL");
        var strangers = Enumerable.Range(0, 4).Select(_ => TestData.NewResidentId()).ToArray();
        object Stranger(string tube, string idNumber) => new
        {
            eventId = Next("ev"), roundId = side.RoundId, siteCode = side.SiteCode, tubeCode = tube, idNumber, name = "矩阵受检", phone = TestData.NewPhone(),
            collectedAt = now.AddMinutes(-30), collector = "矩阵采样员",
        };
        var scans = await OkAsync(admin, "/api/testing/samples/batch", new
        {
            events = new object[]
            {
                new { eventId = Next("ev"), roundId = side.RoundId, siteCode = side.SiteCode, tubeCode = side.ConfirmTube, personId = side.PersonId,
                    collectedAt = now.AddMinutes(-30), collector = "矩阵采样员" },
                Stranger(positive, strangers[0]), Stranger(positive, strangers[1]),
                Stranger(side.ListedConflictTube, strangers[2]), Stranger(decided, strangers[3]),
            },
        });
        Assert.True(scans.Int("accepted") == 5, scans.ToString());

        object Result(string tube, string outcome) => new { eventId = Next("r"), roundId = side.RoundId, tubeCode = tube, outcome, lab = "矩阵实验室" };
        var first = await OkAsync(admin, "/api/testing/results/batch", new
        {
            results = new[] { Result(side.ConfirmTube, "negative"), Result(positive, "positive"), Result(side.ListedConflictTube, "negative"), Result(decided, "negative") },
        });
        Assert.True(first.Int("accepted") == 4, first.ToString());
        var second = await OkAsync(admin, "/api/testing/results/batch", new { results = new[] { Result(side.ListedConflictTube, "positive"), Result(decided, "positive") } });
        Assert.True(second.GetProperty("rejected").GetArrayLength() == 2, second.ToString());

        side.RetestPersonId = (await admin.GetJson($"/api/persons?q={strangers[0]}")).GetProperty("items")[0].Str("id");
        var conflicts = await admin.GetJson($"/api/testing/result-reviews?roundId={side.RoundId}");
        side.DecideResultId = conflicts.GetProperty("items").EnumerateArray().Single(c => c.Str("tubeCode") == decided).GetProperty("waiting")[0].Str("id");

        object Task(string title) => new { title, kind = "manual", jurisdiction = side.Community, dueBy = now.AddDays(2) };
        side.TaskId = await CreatedAsync(admin, "/api/tasks", Task(side.Name + "矩阵督办"));
        side.ClosableTaskId = await CreatedAsync(admin, "/api/tasks", Task(side.Name + "待办结督办"));
        side.CaseId = await CreatedAsync(admin, "/api/cases", new { personId = side.PersonId, classification = "confirmed" });
        var (contactPerson, _, _) = await PersonAsync(admin, side.Community);
        side.ContactId = await CreatedAsync(admin, $"/api/cases/{side.CaseId}/contacts",
            new { personId = contactPerson, type = "close", lastExposureAt = now.AddHours(-3), setting = "household" });
        var outside = await CreatedAsync(admin, $"/api/cases/{side.CaseId}/contacts", new
        {
            idNumber = TestData.NewResidentId("440106"), name = "矩阵协查", phone = TestData.NewPhone(), type = "close",
            lastExposureAt = now.AddHours(-3), setting = "meal", livesOutside = true,
        });
        side.AssistCheckId = (await admin.GetJson("/api/assist-checks?pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(a => a.Str("contactId") == outside).Str("id");

        // The side's worker imports a roster with one good row and one refused (so the rejected rows are a real file).
        var roster = TestData.Csv([
            TestData.Row("矩阵导入", TestData.NewResidentId(), community: side.Community, building: "矩阵导入楼"),
            TestData.Row("矩阵错行", TestData.WithBadChecksum(TestData.NewResidentId()), community: side.Community, building: "矩阵导入楼"),
        ]);
        var import = await worker.PostAsync("/api/registry/imports?mode=valid-rows", TestData.Upload(roster, "matrix.csv"));
        Assert.True(import.StatusCode == HttpStatusCode.OK, await import.Content.ReadAsStringAsync());
        side.ImportId = (await import.Body()).Str("importId");

        var results = TestData.Csv([[side.ConfirmTube, "阴性", "", "", "矩阵上传", ""], [Next("NOTUBE"), "阴性", "", "", "矩阵上传", ""]],
            header: ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"]);
        var upload = await admin.PostAsync($"/api/testing/results/upload?roundId={side.RoundId}", TestData.Upload(results, "matrix-upload.csv"));
        Assert.True(upload.StatusCode == HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());
        side.ResultUploadId = (await upload.Body()).Str("uploadId");
    }

    public static async Task<string> CreatedAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    static async Task<JsonElement> OkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }
}
