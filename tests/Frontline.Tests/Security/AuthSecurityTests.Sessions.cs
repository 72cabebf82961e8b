using System.Net;
using System.Net.Http.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

public abstract partial class AuthSecurityTests
{
    [SkippableFact]
    public async Task After_sign_out_the_old_cookie_opens_no_page_and_no_export()
    {
        var browser = Browser("10.7.7.1");
        Assert.Equal("/persons", Location(await SignInWithForm(browser, "admin", "/persons")));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/persons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/exports/roster-template.xlsx")).StatusCode);
        var stolen = new Dictionary<string, string>(browser.Cookies);

        // Finding 13: sign-out is a form of the signed-in pages; without the form's token it is refused and changes nothing.
        var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/persons")).StatusCode);

        var token = await FormTokenOf(browser, "/persons");
        var signedOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/login", Location(signedOut));

        var replay = Browser("10.7.7.2");
        foreach (var (name, value) in stolen) replay.Cookies[name] = value;
        var page = await replay.GetAsync("/persons");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", new Uri(new Uri("http://localhost"), Location(page)).PathAndQuery, StringComparison.Ordinal);
        var export = await replay.GetAsync("/exports/roster-template.xlsx");
        Assert.Equal(HttpStatusCode.Redirect, export.StatusCode);
        Assert.StartsWith("/login", new Uri(new Uri("http://localhost"), Location(export)).PathAndQuery, StringComparison.Ordinal);

        // Signing in again opens a new session.
        var again = Browser("10.7.7.1");
        Assert.Equal("/persons", Location(await SignInWithForm(again, "admin", "/persons")));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/persons")).StatusCode);
        var audit = await Bearer(await TokenOf("admin", "10.7.7.3"), "10.7.7.3").GetJson("/api/audit?action=sign-out&user=admin");
        Assert.True(audit.GetProperty("total").GetInt64() >= 1);
    }

    [SkippableFact]
    public async Task Api_sign_out_revokes_the_token_at_once_on_every_path()
    {
        var token = await TokenOf("sampler", "10.7.7.10");
        var sampler = Bearer(token, "10.7.7.10");
        // The principal is now in the handler's one-minute cache.
        Assert.Equal(HttpStatusCode.OK, (await sampler.GetAsync("/api/testing/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sampler.GetAsync("/api/persons?pageSize=1")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await sampler.PostAsync("/api/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sampler.GetAsync("/api/testing/rounds")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sampler.GetAsync("/api/persons?pageSize=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sampler.PostAsJsonAsync("/api/testing/samples/batch", new { events = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sampler.PostAsync("/api/auth/logout", null)).StatusCode);

        // Another token of the same account is not touched.
        Assert.Equal(HttpStatusCode.OK, (await Bearer(await TokenOf("sampler", "10.7.7.10"), "10.7.7.10").GetAsync("/api/testing/rounds")).StatusCode);
    }

    [SkippableFact]
    public async Task An_administrator_revokes_a_users_tokens_and_sessions()
    {
        var first = Bearer(await TokenOf("dispatcher", "10.7.7.20"), "10.7.7.20");
        var second = Bearer(await TokenOf("dispatcher", "10.7.7.21"), "10.7.7.21");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/persons?pageSize=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/persons?pageSize=1")).StatusCode);
        var browser = Browser("10.7.7.22");
        await SignInWithForm(browser, "dispatcher", "/persons");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/persons")).StatusCode);

        var commander = Bearer(await TokenOf("commander", "10.7.7.23"), "10.7.7.23");
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.PostAsync("/api/users/dispatcher/revoke-tokens", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/persons?pageSize=1")).StatusCode);

        var admin = Bearer(await TokenOf("admin", "10.7.7.24"), "10.7.7.24");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/users/nobody-here/revoke-tokens", null)).StatusCode);
        var revoked = await admin.PostAsync("/api/users/dispatcher/revoke-tokens", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.True((await revoked.Body()).Int("revoked") >= 2);

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/persons?pageSize=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/persons?pageSize=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/persons")).StatusCode);

        var audit = await admin.GetJson("/api/audit?action=tokens-revoked&subject=dispatcher");
        Assert.Equal(1, audit.GetProperty("total").GetInt64());
        Assert.Equal("admin", audit.GetProperty("items")[0].Str("userName"));
        // The account itself goes on: a new sign-in gets a working token.
        Assert.Equal(HttpStatusCode.OK, (await Bearer(await TokenOf("dispatcher", "10.7.7.20"), "10.7.7.20").GetAsync("/api/persons?pageSize=1")).StatusCode);
    }
}
