using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Investigation;

/// <summary>A newcomer's first start shows a chain of transmission with its contacts, made through the module's services.</summary>
public sealed class ContactsDemoTests(DemoDistrictApp app) : IClassFixture<DemoDistrictApp>
{
    [Fact]
    public async Task The_demo_cluster_has_three_generations_with_close_and_secondary_contacts_and_an_assist_check()
    {
        var investigator = await app.As("investigator");
        var cases = (await investigator.GetJson("/api/cases?pageSize=50")).GetProperty("items").EnumerateArray()
            .Where(c => c.Str("detectedBy") != "mass-testing").ToList();
        // The case demo reports cases by hand too; the cluster is the one whose chain has four cases.
        JsonElement? found = null;
        foreach (var c in cases)
        {
            var candidate = await investigator.GetJson($"/api/cases/{c.Str("id")}/chain");
            if (candidate.Int("cases") == 4) { found = candidate; break; }
        }
        Assert.True(found.HasValue, "no demo cluster of four cases");
        var chain = found.Value;
        var nodes = chain.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, nodes.Max(n => n.Int("generation")));
        Assert.Contains(nodes, n => n.Str("kind") == "contact" && n.Str("contactType") == "close");
        Assert.Contains(nodes, n => n.Str("kind") == "contact" && n.Str("contactType") == "secondary");
        Assert.True(chain.Int("contacts") >= 10, chain.ToString());
        var checks = await investigator.GetJson("/api/assist-checks");
        Assert.Equal(1, checks.Int("total"));
    }
}
