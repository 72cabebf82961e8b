using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Investigation;

/// <summary>A newcomer's first start shows case files at work: classified, one reclassified, deadlines running, notices drafted and approved.</summary>
public sealed class CasesDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_district_has_believable_case_files()
    {
        var investigator = await app.As("investigator");
        var cases = (await investigator.GetJson("/api/cases?sort=number&pageSize=50")).GetProperty("items").EnumerateArray().ToList();
        Assert.True(cases.Count >= 5, $"{cases.Count} cases");
        Assert.Equal(Enumerable.Range(1, cases.Count), cases.Select(c => c.Int("number")));
        var byHand = cases.Where(c => c.Str("detectedBy") != "mass-testing").ToList();
        Assert.Contains(byHand, c => c.Str("classification") == "pending");
        Assert.Contains(byHand, c => c.Str("classification") == "asymptomatic" && c.GetProperty("infectorCaseId").ValueKind == JsonValueKind.String);
        var reclassified = 0;
        foreach (var c in byHand)
        {
            var events = (await investigator.GetJson($"/api/cases/{c.Str("id")}/events")).GetProperty("items").EnumerateArray();
            if (events.Any(e => e.Str("kind") == "classification" && e.Str("from") == "asymptomatic" && e.Str("to") == "confirmed")) reclassified++;
        }
        Assert.Equal(1, reclassified);
        var pending = byHand.Single(c => c.Str("classification") == "pending");
        var deadline = (await investigator.GetJson($"/api/cases/{pending.Str("id")}")).GetProperty("deadlines")[0];
        Assert.Equal(("notified", "due"), (deadline.Str("milestone"), deadline.Str("status")));

        var notices = (await investigator.GetJson("/api/notices/trajectory")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(notices, n => n.Str("status") == "approved" && n.Str("approvedBy") == "commander" && n.Str("text").Contains("农贸市场"));
        Assert.Contains(notices, n => n.Str("status") == "draft");
        var report = await investigator.GetAsync($"/api/cases/{notices[^1].Str("caseId")}/report?format=docx");
        Assert.True(report.IsSuccessStatusCode);
    }
}
