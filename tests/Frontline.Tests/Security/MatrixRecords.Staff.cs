using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// Each side's cadre for the staff rows of the matrix (下沉干部): registered by the administrator and deployed to the side's
/// community since five days ago, so the side's commanders see them and the other side's do not.
/// </summary>
public static class StaffMatrixRecords
{
    public sealed record SideStaff(string StaffId, string Name, string DeploymentId);

    static readonly ConcurrentDictionary<MatrixSide, SideStaff> Records = new();

    static SideStaff Of(MatrixSide side) => Records[side];

    static string Day(int days) => ChinaTime.Today(TimeProvider.System).AddDays(days).ToString("yyyy-MM-dd");

    public static async Task FillAsync(HttpClient admin, MatrixSide side)
    {
        var name = "矩阵干部" + MatrixRecords.Next("")[1..8];
        var staff = await MatrixRecords.CreatedAsync(admin, "/api/staff", new { name, organisation = "区总工会", phone = TestData.NewPhone() });
        var deployment = await MatrixRecords.CreatedAsync(admin, "/api/deployments", new { staffId = staff, jurisdiction = side.Community, role = "卡口值守", from = Day(-5), to = Day(30) });
        Records[side] = new SideStaff(staff, name, deployment);
    }

    static bool Lists(JsonElement body, string value) =>
        body.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == value);

    static Probe To(Func<ProbeContext, string> url) => new("", c => Task.FromResult(new ProbeRequest(url(c))));

    static Probe Send(Func<ProbeContext, string> url, Func<ProbeContext, object> body) =>
        new("", c => Task.FromResult(new ProbeRequest(url(c), JsonContent.Create(body(c)))));

    public static readonly Operation[] Operations =
    [
        // Registering: no record; the cadre belongs to the caller's own jurisdiction.
        new("POST", "/api/staff", Reach.None, [Send(_ => "/api/staff", _ => new { name = "矩阵新干部", organisation = "区教育局", phone = TestData.NewPhone() })]),
        new("GET", "/api/staff", Reach.Jurisdiction, [To(c => $"/api/staff?pageSize=500&q={Uri.EscapeDataString(Of(c.Target).Name)}") with { Served = (b, c) => Lists(b, Of(c.Target).StaffId) }]),
        new("GET", "/api/staff/{id}", Reach.Jurisdiction, [To(c => $"/api/staff/{Of(c.Target).StaffId}")]),
        new("GET", "/api/staff/{id}/workload", Reach.Jurisdiction, [To(c => $"/api/staff/{Of(c.Target).StaffId}/workload")]),
        // The same far-off deployment again is a retry: served with the same id.
        new("POST", "/api/deployments", Reach.Jurisdiction, [Send(_ => "/api/deployments",
            c => new { staffId = Of(c.Target).StaffId, jurisdiction = c.Target.Community, role = "矩阵岗位", from = Day(200), to = Day(200) })]),
        new("POST", "/api/deployments/{id}/end", Reach.Jurisdiction,
            [Send(c => $"/api/deployments/{Of(c.Target).DeploymentId}/end", _ => new { }) with { ServedCodes = ["deployment-already-ended"] }]),
        new("POST", "/api/staff/{id}/rest-days", Reach.Jurisdiction,
            [Send(c => $"/api/staff/{Of(c.Target).StaffId}/rest-days", _ => new { date = Day(-1) }) with { ServedCodes = ["rest-day-taken"] }]),
        new("POST", "/api/staff/{id}/care", Reach.Jurisdiction, [Send(c => $"/api/staff/{Of(c.Target).StaffId}/care", _ => new { kind = "visit", note = "矩阵慰问" })]),
        // A new cadre posted to the target community: written only for a caller whose jurisdiction holds it.
        new("POST", "/api/staff/imports", Reach.Jurisdiction, [new Probe("", c => Task.FromResult(new ProbeRequest("/api/staff/imports", TestData.Upload(TestData.Csv(
            [["矩阵导入干部", "区总工会", TestData.NewPhone(), c.Target.Community, "楼栋长", Day(-1), ""]],
            header: ["姓名", "派出单位", "手机号", "下沉社区/专班", "岗位", "开始日期", "结束日期"]), "matrix-staff.csv"))))
            { Served = (b, _) => b.GetProperty("written").GetBoolean() }]),
    ];
}
