using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Frontline.Tests.Security;

public abstract partial class AuthSecurityTests
{
    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")] private static partial Regex ReturnUrlField();

    public static TheoryData<string, string> ReturnUrls => new()
    {
        { "/\t/evil.example", "/" },           // the probe's /%09/evil.example: browsers drop the tab and go to //evil.example
        { "//evil.example", "/" },
        { "/\\evil.example", "/" },
        { "https://evil.example/", "/" },
        { "javascript:alert(1)", "/" },
        { "/\r\nX-Injected: 1", "/" },         // the probe's CR/LF: a 500 before
        { "~/persons", "/" },
        { "/人员", "/" },                      // not ASCII: cannot go into a Location header as it is
        { "", "/" },
        { "/persons", "/persons" },
        { "/persons?page=2", "/persons?page=2" },
    };

    [SkippableTheory]
    [MemberData(nameof(ReturnUrls))]
    public async Task The_culture_switch_follows_only_local_paths(string returnUrl, string expected)
    {
        var answer = await Client("10.7.4.1").GetAsync($"/account/culture?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(expected, Location(answer));
    }

    [SkippableFact]
    public async Task Sign_in_follows_only_local_paths_and_the_sign_in_page_never_echoes_another()
    {
        var row = 0;
        foreach (var (returnUrl, expected) in ReturnUrls.Select(r => ((string)r[0], (string)r[1])))
        {
            var browser = Browser($"10.7.4.{10 + row++}");
            var page = await (await browser.GetAsync($"/login?returnUrl={Uri.EscapeDataString(returnUrl)}")).Content.ReadAsStringAsync();
            Assert.Equal(expected, WebUtility.HtmlDecode(ReturnUrlField().Match(page).Groups[1].Value));

            var failed = await SignInWithForm(browser, "commander", returnUrl, password: "wrong-password");
            Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
            Assert.Equal($"/login?error=invalid-credentials&returnUrl={Uri.EscapeDataString(expected)}", Location(failed));

            var signedIn = await SignInWithForm(browser, "commander", returnUrl);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"returnUrl {JsonSerializer.Serialize(returnUrl)}: {(int)signedIn.StatusCode}");
            Assert.Equal(expected, Location(signedIn));
        }
    }
}
