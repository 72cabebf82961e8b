using System.Net;

namespace Frontline.Tests.Security;

public abstract partial class AuthSecurityTests
{
    [SkippableFact]
    public async Task Pages_the_sampler_page_and_the_api_answer_with_the_security_headers()
    {
        var browser = Browser("10.7.13.1");
        Assert.Equal("/persons", Location(await SignInWithForm(browser, "commander", "/persons")));
        var token = await TokenOf("commander", "10.7.13.2");
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["/login"] = await browser.GetAsync("/login"),
            ["/persons"] = await browser.GetAsync("/persons"),
            ["/sampler/"] = await Client("10.7.13.3").GetAsync("/sampler/"),
            ["/sampler/app.js"] = await Client("10.7.13.3").GetAsync("/sampler/app.js"),
            ["/api/persons"] = await Bearer(token, "10.7.13.2").GetAsync("/api/persons?pageSize=1"),
            ["/api/persons 401"] = await Client("10.7.13.3").GetAsync("/api/persons"),
            ["/api/persons/0 404"] = await Bearer(token, "10.7.13.2").GetAsync("/api/persons/0"),
        };
        foreach (var (what, answer) in answers)
        {
            string Header(string name) => answer.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : $"(no {name} on {what})";
            Assert.Equal("nosniff", Header("X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header("Referrer-Policy"));
            Assert.Equal("DENY", Header("X-Frame-Options"));
            var csp = Header("Content-Security-Policy");
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, answers["/persons"].StatusCode);
        Assert.Equal(HttpStatusCode.OK, answers["/sampler/"].StatusCode);
    }
}
