using System.Net;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>Issue #13, item 10: the sampler's page takes its bearer token from the signed-in session, never from the cookie alone.</summary>
public abstract partial class AuthSecurityTests
{
    [SkippableFact]
    public async Task A_signed_in_sampler_s_page_gets_a_token_with_the_session_s_form_token_and_the_issue_is_audited()
    {
        // Nobody signed in: the page hears "nobody" (no redirect to the sign-in page), and no token is issued.
        var anonymous = Browser("10.7.8.1");
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.GetAsync("/sampler/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/sampler/session/token", null)).StatusCode);

        var browser = Browser("10.7.8.2");
        Assert.Equal("/sampler/", Location(await SignInWithForm(browser, "sampler", "/sampler/")));
        var session = await browser.GetAsync("/sampler/session");
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Contains("no-store", session.Headers.CacheControl?.ToString() ?? "");
        var who = await session.Body();
        Assert.Equal("sampler", who.Str("userName"));
        Assert.True(who.GetProperty("mayScan").GetBoolean());

        // The cookie alone, as another site can make the browser send it: refused.
        var forged = await browser.PostAsync("/sampler/session/token", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(["invalid-form-token"], await forged.ProblemCodes());

        using var request = new StringContent("");
        request.Headers.Add(who.Str("formTokenHeader"), who.Str("formToken"));
        var issued = await browser.PostAsync("/sampler/session/token", request);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Body()).Str("token");
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token, "10.7.8.2").GetAsync("/api/testing/rounds")).StatusCode);

        // A bearer token cannot be traded for another one here: the hand-over is for the browser's session only.
        var device = Bearer(token, "10.7.8.2");
        Assert.Equal(HttpStatusCode.NoContent, (await device.GetAsync("/sampler/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.PostAsync("/sampler/session/token", null)).StatusCode);

        var audit = await Bearer(await TokenOf("admin", "10.7.8.3"), "10.7.8.3").GetJson("/api/audit?action=token-issued&user=sampler");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(),
            e => e.GetProperty("reason").GetString() == Frontline.Testing.SamplerHandover.Reason);
    }

    [SkippableFact]
    public async Task An_account_that_may_not_scan_gets_no_token_from_its_session()
    {
        var browser = Browser("10.7.8.4");
        Assert.Equal("/persons", Location(await SignInWithForm(browser, "community-worker", "/persons")));
        var who = await (await browser.GetAsync("/sampler/session")).Body();
        Assert.False(who.GetProperty("mayScan").GetBoolean());
        using var request = new StringContent("");
        request.Headers.Add(who.Str("formTokenHeader"), who.Str("formToken"));
        var refused = await browser.PostAsync("/sampler/session/token", request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
