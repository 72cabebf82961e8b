using Frontline.Command.Notices;
using Frontline.Command.Requests;
using Frontline.Platform;

namespace Frontline.Command;

/// <summary>
/// Command (floor 6): the command's field work — inspections of key places, notices with acknowledgement, residents'
/// requests, staff deployment and care — and the command picture (dashboard, briefing). It may read every module below;
/// nothing below reads it. Each part registers itself here.
/// </summary>
public static class CommandModule
{
    public static IServiceCollection AddCommand(this IServiceCollection services) => services
        .AddRequests()
        .AddNotices();

    public static void MapCommandEndpoints(this IEndpointRouteBuilder api, IEndpointRouteBuilder app)
    {
        api.MapRequestEndpoints();
        api.MapNoticeEndpoints();
    }
}
