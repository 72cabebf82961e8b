using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>Each side's command records for the matrix: an inspection of the side's market with one open finding, made through the API.</summary>
public static class CommandMatrixRecords
{
    public static readonly Dictionary<string, object> MarketAnswers = new()
    {
        ["venue-code-scan"] = false, ["temperature-check"] = true, ["masks"] = true, ["disinfection-log"] = true, ["staff-tested"] = true,
    };

    public static async Task FillAsync(HttpClient admin, MatrixSide side) =>
        side.InspectionId = await MatrixRecords.CreatedAsync(admin, "/api/inspections", new
        {
            placeId = "place:" + side.PlaceId, template = "market", answers = MarketAnswers,
            findings = new[] { new { text = "矩阵：入口未扫场所码", fixBy = DateTimeOffset.UtcNow.AddDays(1) } },
        });
}
