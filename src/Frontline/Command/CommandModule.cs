using Frontline.Platform;
using Frontline.Command.Briefing;
using Frontline.Command.Dashboard;
using Frontline.Command.Epidemic;
using Frontline.Command.Inspections;
using Frontline.Command.Notices;
using Frontline.Command.Requests;
using Frontline.Command.Staff;

namespace Frontline.Command;

/// <summary>
/// Command (floor 6): the command's field work — inspections of key places, notices with acknowledgement, residents'
/// requests, staff deployment and care — and the command picture (dashboard, briefing). It may read every module below;
/// nothing below reads it. Each part registers itself here.
/// </summary>
public static class CommandModule
{
    public static IServiceCollection AddCommand(this IServiceCollection services, IConfiguration configuration) => services
        .AddInspections()
        .AddRequests()
        .AddNotices()
        .AddStaff()
        .AddDashboard()
        .AddEpidemic()
        .AddBriefings(configuration);

    public static void MapCommandEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapInspectionEndpoints(app);
        api.MapRequestEndpoints();
        api.MapNoticeEndpoints();
        api.MapStaffEndpoints();
        api.MapDashboardEndpoints(app);
        api.MapEpidemicEndpoints();
        api.MapBriefingEndpoints(app);
    }
}
