namespace Frontline.Platform;

/// <summary>
/// The headers every answer carries: pages, the sampler's page (which keeps a bearer token in localStorage, so a
/// script injected into it would hold the token), files and the API alike.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this site: Blazor Server needs no eval (that is WebAssembly's 'wasm-unsafe-eval') and our
    /// pages have no inline script. Inline styles stay: AntDesign writes style attributes. 'self' in connect-src
    /// covers the circuit's WebSocket to this host in current browsers (CSP 3). The sampler's page registers a
    /// service worker from this site and posts to /api. Checked in Chromium on the sign-in page, every menu page
    /// (circuit connected) and the sampler's page: no violation reported.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>First in the pipeline, and set as the answer starts: the exception handler clears headers set earlier.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        }, http.Response);
        return next(http);
    });
}
