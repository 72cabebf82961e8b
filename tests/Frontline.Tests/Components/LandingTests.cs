using System.Net;
using System.Net.Http.Json;
using Frontline.Components;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Components;

/// <summary>Where each demo role starts after signing in and at <c>/</c> (the landing table), on each provider.</summary>
public abstract class LandingTests(FrontlineApp app)
{
    async Task<string> LandingOfAsync(string userName)
    {
        app.SkipIfUnavailable();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no demo user {userName}");
        return await scope.ServiceProvider.GetRequiredService<Landing>().PageAsync(Caller.From(await principals.CreateAsync(user)));
    }

    [SkippableTheory]
    [InlineData("admin", "/jurisdictions")]
    [InlineData("community-worker", "/registry/verification")]
    [InlineData("worker-haiyu", "/registry/verification")]
    [InlineData("sampler", "/sampler/")]
    [InlineData("lab", "/testing/results")]
    [InlineData("commander", "/dashboard")]
    [InlineData("street-commander", "/dashboard")]
    [InlineData("investigator", "/investigation/cases")]
    [InlineData("dispatcher", "/transfers")]
    [InlineData("inspector", "/command/inspections")]
    [InlineData("hotline", "/requests")]
    [InlineData("auditor", "/audit")]
    public async Task Each_role_starts_on_its_main_task(string user, string page) => Assert.Equal(page, await LandingOfAsync(user));

    [SkippableFact]
    public async Task Facility_staff_start_on_their_facility_s_room_grid_when_their_jurisdiction_has_one()
    {
        Assert.Equal("/containment/facilities", await LandingOfAsync("facility-staff"));
        var first = await FacilityAsync();
        Assert.Equal($"/containment/facilities/{first}", await LandingOfAsync("facility-staff"));
        await FacilityAsync();
        Assert.Equal("/containment/facilities", await LandingOfAsync("facility-staff"));
    }

    async Task<string> FacilityAsync()
    {
        var commander = await app.As("commander");
        var created = await commander.PostAsJsonAsync("/api/facilities", new
        {
            name = "落地页测试酒店" + Guid.NewGuid().ToString("N")[..6], address = "松岗街道测试路1号", communityCode = TestData.Hongxing,
            rooms = new[] { new { number = "201", floor = 2 } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }
}

public sealed class SqliteLandingTests(SqliteApp app) : LandingTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresLandingTests(PostgresApp app) : LandingTests(app), IClassFixture<PostgresApp>;
