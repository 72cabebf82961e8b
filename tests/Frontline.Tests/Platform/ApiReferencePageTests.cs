using System.Net;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Frontline.Tests.Platform;

/// <summary>The interactive reference page (Scalar) at /api-reference: open in Development, behind sign-in elsewhere.</summary>
public sealed class ApiReferencePageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Development_serves_the_page_without_signing_in()
    {
        Assert.True(app.Services.GetRequiredService<IWebHostEnvironment>().IsDevelopment());
        var client = app.Anonymous();
        var page = await client.GetAsync(ApiDocument.ReferencePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        // Nothing of what is tried there goes to a third party.
        Assert.Contains("\"telemetry\":false", html);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.DoesNotContain("proxyUrl", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ApiDocument.ReferencePath + "/scalar.js")).StatusCode);
    }
}

public sealed class ProductionApp : FrontlineApp
{
    public override string Provider => "sqlite";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environments.Production);
    }
}

public sealed class ProductionApiReferencePageTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Production_sends_a_stranger_to_sign_in_and_serves_a_signed_in_caller()
    {
        Assert.True(app.Services.GetRequiredService<IWebHostEnvironment>().IsProduction());
        var stranger = app.CreateClient(new() { AllowAutoRedirect = false });
        var page = await stranger.GetAsync(ApiDocument.ReferencePath);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);

        var signedIn = await app.As("auditor");
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync(ApiDocument.ReferencePath)).StatusCode);
        // The document itself holds no data and stays open, for tools and generators.
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
