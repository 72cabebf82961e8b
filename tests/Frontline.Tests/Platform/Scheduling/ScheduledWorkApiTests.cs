using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Frontline.Platform.Scheduling;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform.Scheduling;

/// <summary>GET /api/platform/scheduled-work on a host whose scheduler runs two test works, each provider.</summary>
public abstract class ScheduledWorkApiTests<TApp>(TApp app) where TApp : FrontlineApp
{
    public const string Tick = "test.api-tick";
    public const string Nightly = "test.api-nightly";

    public static void Configure(IWebHostBuilder builder) => builder.SchedulerOn().ConfigureTestServices(s => s
        .AddScheduledWork<TickWork>(Tick, WorkSchedule.Interval(TimeSpan.FromSeconds(1)))
        .AddScheduledWork<TickWork>(Nightly, WorkSchedule.Daily(new TimeOnly(2, 0))));

    static JsonElement Item(JsonElement list, string name) =>
        list.GetProperty("items").EnumerateArray().Single(i => i.Str("name") == name);

    [SkippableFact]
    public async Task The_list_gives_each_work_its_schedule_next_fire_time_in_Beijing_time_and_last_run()
    {
        using var admin = await app.As("admin");
        JsonElement list = default;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            list = await admin.GetJson("/api/platform/scheduled-work");
            return Item(list, Tick).GetProperty("lastRun") is { ValueKind: JsonValueKind.Object } run && run.Str("outcome") == "ok";
        }), "the tick work never ran: " + list);

        Assert.True(list.GetProperty("schedulerRunning").GetBoolean());
        var nodeId = list.Str("nodeId");
        var tick = Item(list, Tick);
        Assert.Equal("00:00:01", tick.Str("every"));
        Assert.Equal(JsonValueKind.Null, tick.GetProperty("dailyAtChinaTime").ValueKind);
        Assert.Equal(nodeId, tick.GetProperty("lastRun").Str("nodeId"));
        Assert.Equal(JsonValueKind.Null, tick.GetProperty("lastRun").GetProperty("error").ValueKind);

        var nightly = Item(list, Nightly);
        Assert.Equal("02:00", nightly.Str("dailyAtChinaTime"));
        Assert.Equal("daily at 02:00 China time", nightly.Str("schedule"));
        Assert.Equal(JsonValueKind.Null, nightly.GetProperty("lastRun").ValueKind);
        // The next 02:00 on Beijing's clock, written with its +08:00 offset.
        var next = nightly.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(8), next.Offset);
        Assert.Equal(new TimeSpan(2, 0, 0), next.TimeOfDay);
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));

        // The auditor reads it too; a sampler does not (the matrix checks every role).
        using var auditor = await app.As("auditor");
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/platform/scheduled-work")).StatusCode);
        using var sampler = await app.As("sampler");
        Assert.Equal(HttpStatusCode.Forbidden, (await sampler.GetAsync("/api/platform/scheduled-work")).StatusCode);
    }

    [SkippableFact]
    public async Task A_node_with_the_scheduler_off_lists_the_works_without_fire_times_and_runs_none()
    {
        using var admin = await app.As("admin");
        var token = admin.DefaultRequestHeaders.Authorization!;
        // Another host on the same database, as the test hosts run by default.
        await using var off = app.WithWebHostBuilder(b => b.UseSetting("Frontline:Scheduler:Enabled", "false"));
        using var client = off.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(token.Scheme, token.Parameter);
        var list = await client.GetJson("/api/platform/scheduled-work");
        Assert.False(list.GetProperty("schedulerRunning").GetBoolean());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("nodeId").ValueKind);
        Assert.Equal(JsonValueKind.Null, Item(list, Nightly).GetProperty("nextRunAt").ValueKind);
        Assert.Null(off.Services.GetRequiredService<ScheduledWorkScheduler>().Running);
    }
}

public sealed class SchedulerSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ScheduledWorkApiTests<SchedulerSqliteApp>.Configure(builder);
    }
}

public sealed class SchedulerPostgresApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ScheduledWorkApiTests<SchedulerPostgresApp>.Configure(builder);
    }
}

public sealed class SqliteScheduledWorkApiTests(SchedulerSqliteApp app) : ScheduledWorkApiTests<SchedulerSqliteApp>(app), IClassFixture<SchedulerSqliteApp>;
public sealed class PostgresScheduledWorkApiTests(SchedulerPostgresApp app) : ScheduledWorkApiTests<SchedulerPostgresApp>(app), IClassFixture<SchedulerPostgresApp>;
