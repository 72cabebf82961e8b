using Frontline.Platform;
using Frontline.Containment.Zones;

namespace Frontline.Containment;

/// <summary>
/// Containment (floor 5): the three zones or risk areas with rule-driven release, quarantine facilities and their rooms,
/// stays with their test days and health checks, self-report links and transfers. Each part registers itself here.
/// </summary>
public static class ContainmentModule
{
    public static IServiceCollection AddContainment(this IServiceCollection services) => services
        .AddVocabulary(ContainmentVocabulary.Words)
        .AddZones()
        .AddStays()
        .AddTransfers()
        .AddSelfReport();

    public static void MapContainmentEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapZoneEndpoints(app);
        api.MapStayEndpoints(app);
        api.MapTransferEndpoints();
        api.MapSelfReportEndpoints(app);
    }
}
