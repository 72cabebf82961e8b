using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Registry;

namespace Frontline.Command.Briefing;

/// <summary>
/// The evening briefing writes itself: at the configured hour (<c>Frontline:Briefing:Hour</c>, default 22:00 Asia/Shanghai)
/// each district's briefing of today is made from the figures as they stand, and kept.
/// </summary>
public sealed class BriefingJob(Briefings briefings, IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, ILogger<BriefingJob> log) : IScheduledWork
{
    public const string Name = "command.briefing";
    public const int DefaultHour = 22;

    /// <summary>The job's hour from the settings: 0–23; anything else is refused at start rather than ignored.</summary>
    public static TimeOnly At(IConfiguration configuration)
    {
        var hour = configuration.GetValue<int?>("Frontline:Briefing:Hour") ?? DefaultHour;
        if (hour is < 0 or > 23) throw new InvalidOperationException($"Frontline:Briefing:Hour must be 0–23, not {hour}");
        return new TimeOnly(hour, 0);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        List<string> districts;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            districts = await db.Set<Jurisdiction>().AsNoTracking().Where(j => j.Level == JurisdictionLevel.District).Select(j => j.Code).ToListAsync(ct);
        foreach (var code in districts)
        {
            // The job acts for the district's command: its caller's scope is the district.
            var caller = new Caller("system", new JurisdictionScope(code), new ClaimsPrincipal());
            var (view, made) = await briefings.MakeAsync(caller, today, code, ct);
            log.LogInformation("Briefing of {District} for {Day}: {Outcome}, cut-off {Cutoff}", code, today, made ? "made" : "kept", view.CutoffAt);
        }
    }
}
