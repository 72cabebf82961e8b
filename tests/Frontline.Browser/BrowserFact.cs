namespace Frontline.Browser;

/// <summary>
/// A browser test: reported as skipped, never silently passed, on a machine without Debian's Chromium
/// (Playwright's own browser download is not used here).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
            Skip = $"They need Debian's Chromium at {ChromiumPath} (Playwright's own browser download is not used): apt-get install chromium, or run bash .ci/run, which installs it.";
    }
}
