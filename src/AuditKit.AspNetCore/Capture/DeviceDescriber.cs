namespace AuditKit.AspNetCore;

/// <summary>
/// Turns a User-Agent header into a readable device ("Chrome on Windows", "Safari on iPhone"). No maintained
/// user-agent parsing package is available to AuditKit, so this is a small ordered table of well-known tokens: browsers
/// whose user agents also name the ones they are built on are tested first (Edge and Opera before Chrome, Chrome before
/// Safari). Unknown agents give "Other browser on Other OS"; no agent gives null. See docs/aspnetcore.md.
/// </summary>
internal static class DeviceDescriber
{
    // (token, name): the first token found names the browser.
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("Edge/", "Edge"),
        ("OPR/", "Opera"), ("Opera", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("YaBrowser/", "Yandex Browser"),
        ("Vivaldi/", "Vivaldi"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"),
        ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("MSIE ", "Internet Explorer"), ("Trident/", "Internet Explorer"),
        ("Version/", "Safari"), ("curl/", "curl"), ("PostmanRuntime/", "Postman"), ("python-requests/", "Python requests"),
        ("okhttp/", "OkHttp"), ("Go-http-client/", "Go HTTP client"), ("axios/", "axios"), ("node-fetch", "node-fetch"),
    ];

    // (token, name): the first token found names the operating system or device.
    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows Phone", "Windows Phone"), ("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("iPod", "iPod"),
        ("CrOS", "ChromeOS"), ("Android", "Android"), ("Macintosh", "macOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"),
        ("FreeBSD", "FreeBSD"),
    ];

    /// <summary>The readable device, or null for a missing or blank agent.</summary>
    public static string? Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var browser = Find(Browsers, userAgent);
        var system = Find(Systems, userAgent);
        if (browser == "Safari" && !userAgent.Contains("Safari", StringComparison.Ordinal))
        {
            browser = null;
        }

        return (browser, system) switch
        {
            (null, null) => "Other browser on Other OS",
            (null, { } os) => $"Other browser on {os}",
            ({ } b, null) => b,
            ({ } b, { } os) => $"{b} on {os}",
        };
    }

    private static string? Find((string Token, string Name)[] table, string userAgent)
    {
        foreach (var (token, name) in table)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }
}
