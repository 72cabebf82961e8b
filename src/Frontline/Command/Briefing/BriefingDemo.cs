using System.Security.Claims;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Briefing;

/// <summary>Yesterday's briefing of the demo district, made on a first start after the dashboard's figures are counted, so the list is never empty.</summary>
public sealed class BriefingDemo(Briefings briefings, TimeProvider clock, ILogger<BriefingDemo> log) : IDemoActivity
{
    public int Order => 960;

    public async Task SeedAsync(CancellationToken ct)
    {
        var district = Frontline.Registry.Demo.DemoSeed.District;
        var yesterday = ChinaTime.Today(clock).AddDays(-1);
        var (view, _) = await briefings.MakeAsync(new Caller("system", new JurisdictionScope(district), new ClaimsPrincipal()), yesterday, district, ct);
        log.LogInformation("Briefing: {Title} made", view.Title);
    }
}
