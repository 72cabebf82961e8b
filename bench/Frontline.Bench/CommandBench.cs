using System.Diagnostics;
using Frontline.Command.Briefing;
using Frontline.Command.Dashboard;
using Frontline.Command.Epidemic;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Bench;

/// <summary>
/// The command picture at district scale: the containment bench's week (N residents, Z sealed zones each with a case from
/// the last week, three district rounds over the zoned buildings), then the daily figures counted for the week, the
/// dashboard of the district and of a street read as the API reads it, and yesterday's briefing made and written as Word.
/// Baseline of the same run: reading the stored daily figures rows the dashboard sums, with nothing done to them.
/// </summary>
sealed class CommandBench(ZoneReleaseOptions options)
{
    const int Runs = 5;

    public Task<int> RunAsync() => ZoneReleaseBench.RunOnSeededWeekAsync(options, "command", MeasureAsync);

    static async Task<int> MeasureAsync(WebApplication app, int zones)
    {
        Caller admin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin") ?? throw new InvalidOperationException("no admin");
            admin = Caller.From(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user));
        }
        var today = ChinaTime.Today(TimeProvider.System);
        var yesterday = today.AddDays(-1);

        // Keeping the figures: the week's days counted once each (then closed), and today's count the job repeats every minute.
        var week = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var refresh = scope.ServiceProvider.GetRequiredService<DailyFiguresRefresh>();
            for (var d = today.AddDays(-7); d < today; d = d.AddDays(1)) await refresh.RefreshAsync(d);
        }
        var weekMs = week.Elapsed.TotalMilliseconds;
        var todayCounts = await TimeAsync(app.Services, async s => await s.GetRequiredService<DailyFiguresRefresh>().RefreshAsync(today));

        var street = await FirstStreetAsync(app.Services);
        var district = await TimeAsync(app.Services, async s => await ReadDashboardAsync(s, admin, yesterday, null));
        var streetView = await TimeAsync(app.Services, async s => await ReadDashboardAsync(s, admin, yesterday, street));
        var baseline = await TimeAsync(app.Services, async s =>
        {
            await using var db = await s.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
            var rows = await db.Set<DailyFigures>().AsNoTracking().Where(f => f.Day == yesterday || f.Day == yesterday.AddDays(-1)).ToListAsync();
            if (rows.Count == 0) throw new InvalidOperationException("no daily figures stored");
        });

        // The briefing: made once from the closed figures (snapshot stored), then its Word document written from the snapshot.
        var make = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (view, made) = await scope.ServiceProvider.GetRequiredService<Briefings>().MakeAsync(admin, yesterday, null);
            if (!made) throw new InvalidOperationException("the briefing was there already");
        }
        var makeMs = make.Elapsed.TotalMilliseconds;
        long docxBytes = 0;
        var docx = await TimeAsync(app.Services, async s => docxBytes = (await s.GetRequiredService<Briefings>().DocxAsync(admin, yesterday, null)).Content.Length);

        Console.WriteLine();
        Console.WriteLine($"| measure | value | aim |");
        Console.WriteLine($"|---|---:|---|");
        Console.WriteLine($"| daily figures of the week (7 days, each counted and closed) | {weekMs:N0} ms ({weekMs / 7:N0} ms a day) |  |");
        Console.WriteLine($"| today's count (the job, every minute), median of {Runs} | {Median(todayCounts):N0} ms (max {todayCounts.Max():N0}) | well under 60 s |");
        Console.WriteLine($"| dashboard of the district (sums, day before, 10 streets, Rt), median of {Runs} | {Median(district):0.0} ms (max {district.Max():0.0}) | < 300 ms |");
        Console.WriteLine($"| dashboard of a street ({street}), median of {Runs} | {Median(streetView):0.0} ms (max {streetView.Max():0.0}) | < 300 ms |");
        Console.WriteLine($"| baseline: read the two days' stored rows, median of {Runs} | {Median(baseline):0.0} ms | district / baseline = {Median(district) / Median(baseline):0.0} |");
        Console.WriteLine($"| briefing made (snapshot of the closed day, stored) | {makeMs:N0} ms | < 5,000 ms |");
        Console.WriteLine($"| briefing as Word (3 charts), median of {Runs} | {Median(docx):N0} ms, {docxBytes / 1024:N0} KiB | < 5,000 ms |");
        return 0;
    }

    static async Task ReadDashboardAsync(IServiceProvider services, Caller admin, DateOnly date, string? jurisdiction)
    {
        // What GET /api/dashboard does: the sums, Rt, the view.
        var dashboard = services.GetRequiredService<Dashboard>();
        var sums = await dashboard.SumsAsync(admin, date, jurisdiction);
        var rt = await services.GetRequiredService<EpidemicCurve>().RtAsync(sums.Jurisdiction.Code, sums.Date, CancellationToken.None);
        var view = dashboard.View(sums, rt);
        if (view.ByChild.Count == 0) throw new InvalidOperationException("a dashboard without children");
    }

    static async Task<string> FirstStreetAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.Street).OrderBy(j => j.Code).Select(j => j.Code).FirstAsync();
    }

    /// <summary>One warm-up, then <see cref="Runs"/> timed runs, each in its own scope as a request has.</summary>
    static async Task<List<double>> TimeAsync(IServiceProvider services, Func<IServiceProvider, Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            await action(scope.ServiceProvider);
            if (i > 0) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
