using System.Text.RegularExpressions;

namespace AuditKit.Browser.Tests.Support;

/// <summary>
/// The web ERP sample (<see cref="AuditKit.Samples.Erp.Tests.Support.ErpHost"/>) as a person uses it in the browser: its
/// own sign-in page, its record pages, the "Audit log" link to the embedded screens, and the screens' navigation.
/// </summary>
public static partial class ErpBrowser
{
    /// <summary>Every wait of a sample page is bounded: a step that hangs fails the test after this.</summary>
    public const float StepTimeoutMs = 20_000;

    /// <summary>Screenshot names of the navigation's screens (by the link's <c>data-screen</c>) as docs/screens names them.</summary>
    private static readonly Dictionary<string, string> ScreenNames = new(StringComparer.Ordinal)
    {
        ["dashboard"] = "dashboard",
        ["logs"] = "log-viewer",
        ["users"] = "users",
        ["security"] = "security-events",
        ["system"] = "system-events",
        ["settings"] = "event-configuration",
    };

    /// <summary>Opens the sample's sign-in page, signs in as <paramref name="user"/> with the demo password and lands on the customers.</summary>
    public static async Task<ScreenPage> SignInAsync(Uri address, string user, string password = "erp-demo")
    {
        var screen = await ScreenPage.NewAsync(address);
        screen.Page.SetDefaultTimeout(StepTimeoutMs);
        screen.Page.SetDefaultNavigationTimeout(StepTimeoutMs);
        await screen.Page.GotoAsync(new Uri(address, "/login").ToString());
        await Assertions.Expect(screen.Page.Locator("main h1")).ToHaveTextAsync("Sign in");
        await screen.Page.GetByLabel("User name").FillAsync(user);
        await screen.Page.GetByLabel("Password").FillAsync(password);
        await screen.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await screen.Page.WaitForURLAsync(new Regex("/customers$"));
        await Assertions.Expect(screen.Page.Locator("header .who")).ToContainTextAsync(user == "ochen" ? "borealis" : "angage");
        return screen;
    }

    /// <summary>Follows the sample's "Audit log" link to the audit screens' dashboard and waits until the optional screens' links settled.</summary>
    public static async Task OpenAuditLogAsync(ScreenPage screen)
    {
        await screen.Page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await screen.WaitForScreenAsync("Audit Logs Dashboard");
        // The optional screens' links (alerts, retention, reports) show once GET ui/features answered.
        await screen.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>The audit screens' navigation links shown right now: (data-screen, link text), read from the page.</summary>
    public static async Task<IReadOnlyList<(string Screen, string Text)>> NavigationAsync(ScreenPage screen)
    {
        var links = await screen.Page.EvaluateAsync<string[][]>(
            "() => [...document.querySelectorAll('#nav a')].filter(a => a.offsetParent !== null).map(a => [a.dataset.screen, a.textContent.trim()])");
        return [.. links.Select(l => (l[0], l[1]))];
    }

    /// <summary>Clicks the navigation link of <paramref name="dataScreen"/> and waits for its screen; returns the heading.</summary>
    public static async Task<string> OpenFromNavigationAsync(ScreenPage screen, string dataScreen)
    {
        var link = screen.Page.Locator($"#nav a[data-screen='{dataScreen}']");
        var href = await link.GetAttributeAsync("href");
        var here = await screen.Page.EvaluateAsync<string>("() => location.hash");
        return here == href
            ? ScreenPage.Normalize(await screen.Page.Locator("main h1").InnerTextAsync())
            : await screen.NextScreenAsync(() => link.ClickAsync());
    }

    /// <summary>The screenshot name of a navigation screen (docs/screens' names; other screens by their data-screen).</summary>
    public static string ScreenshotName(string dataScreen) => ScreenNames.GetValueOrDefault(dataScreen, dataScreen);

    /// <summary>
    /// Takes the screenshot (a test attachment) and, when the environment variable <c>AUDITKIT_UPDATE_SCREENS=1</c> is set,
    /// also writes it to the repository's docs/screens/ (how the committed screenshots are refreshed).
    /// </summary>
    public static async Task ScreenshotAsync(ScreenPage screen, string name)
    {
        var path = await screen.ScreenshotAsync(name);
        if (Environment.GetEnvironmentVariable("AUDITKIT_UPDATE_SCREENS") == "1")
        {
            File.Copy(path, Path.Combine(DocsScreensFolder(), name + ".png"), overwrite: true);
        }
    }

    /// <summary>Fills the log viewer's filter bar and submits it; waits for the results.</summary>
    public static async Task FilterAsync(ScreenPage screen, string? from = null, string? user = null, string? action = null, string? entity = null, string? text = null)
    {
        var page = screen.Page;
        await screen.NextScreenAsync(async () =>
        {
            await page.GetByLabel("From").FillAsync(from ?? "");
            await page.GetByLabel("User").SelectOptionAsync(user ?? "");
            await page.GetByLabel("Action Type").SelectOptionAsync(action ?? "");
            await page.GetByLabel("Entity").SelectOptionAsync(entity ?? "");
            await page.GetByLabel("Search").FillAsync(text ?? "");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        });
    }

    /// <summary>The number of events the log viewer says it found ("Results: N events (M shown)").</summary>
    public static async Task<long> ResultCountAsync(ScreenPage screen)
    {
        var text = ScreenPage.Normalize(await screen.Page.Locator("#results-count").InnerTextAsync());
        var match = ResultsText().Match(text);
        match.Success.Should().BeTrue($"the results line reads \"{text}\"");
        return long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string DocsScreensFolder()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuditKit.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screens")).FullName;
            }
        }

        throw new InvalidOperationException("AUDITKIT_UPDATE_SCREENS=1: no AuditKit.sln above the test folder to find docs/screens in.");
    }

    [GeneratedRegex(@"^Results: ([\d,]+) events")]
    private static partial Regex ResultsText();
}
