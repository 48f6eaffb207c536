using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>Every audit screen renders its data in headless chromium with no console error and no CSP violation.</summary>
public sealed class AuditScreensTests
{
    [Test]
    public async Task EveryScreen_RendersWithoutConsoleErrorsOrCspViolations()
    {
        var seed = BrowserSession.Seed;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A", "Admin");
        var screens = new (string Name, string Route, string Heading, string Shows)[]
        {
            ("dashboard", "#/dashboard", "Audit Logs Dashboard", DashboardShows()),
            ("log-viewer", "#/logs", "Audit Log Search", "Acme Corporation"),
            ("entry-detail", $"#/events/{seed.CustomerUpdatedA.Id}", "Audit Log Entry", "Payment Terms"),
            ("record-history", "#/records/Customer/CUST-A1", "History of Customer CUST-A1", "State after this change"),
            ("users", "#/users", "User Activity", "a-alice"),
            ("user-activity", "#/users/a-alice", "User Activity Log", "Alice Able"),
            ("security-events", "#/security", "Security Event Log", "Failed Login (3/5)"),
            ("system-events", "#/system", "System Event Log", "Search"),
            ("event-configuration", "#/settings", "Audit Event Configuration", "2FA enrollment"),
        };

        foreach (var (name, route, heading, shows) in screens)
        {
            await screen.GoAsync(route, heading);
            (await screen.TextAsync()).Should().Contain(shows, $"the {name} screen shows its data");
            await screen.ScreenshotAsync(name);
            await screen.ShouldBeCleanAsync();
            await screen.ShouldHaveLabelledControlsAsync();
        }
    }

    // The dashboard shows "this month" in the viewer's zone (the browser runs in America/New_York): in the first hours of
    // a month there, the seeded record changes (an hour and more ago) are last month's, and the month's activity holds only
    // the newest events, so the screen is checked for its chart of the last 30 days instead.
    private static string DashboardShows()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var now = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone);
        var seededChange = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddHours(-3), zone);
        return seededChange.Month == now.Month ? "Record Changes" : "Events per Day";
    }

    [Test]
    public async Task Dashboard_DrawsItsChartsWithChartJs()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.Page.WaitForFunctionAsync("() => document.querySelectorAll('main canvas').length === 3");
        var charts = await screen.Page.EvaluateAsync<int>("() => [...document.querySelectorAll('main canvas')].filter(c => window.Chart.getChart(c)).length");
        charts.Should().Be(3, "activity by type, events per day and events per hour are Chart.js charts");
        var text = await screen.TextAsync();
        text.Should().Contain("Today").And.Contain("Storage Used").And.Contain("of 50.0 GB");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task EntryDetail_ShowsTheTimeInTheViewersTimeZone()
    {
        var e = BrowserSession.Seed.CustomerUpdatedA;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.GoAsync($"#/events/{e.Id}", "Audit Log Entry");
        var newYork = TimeZoneInfo.ConvertTime(e.Timestamp, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var time = ScreenPage.Normalize(await screen.Page.Locator("main dl.facts time").First.InnerTextAsync());
        time.Should().Contain(newYork.ToString("h:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture))
            .And.MatchRegex("E[SD]T$");
    }

    [Test]
    public async Task Keyboard_ReachesTheNavigation_AndMovesFocusToTheScreensHeading()
    {
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        var page = screen.Page;
        await page.Locator("a.skip").FocusAsync();
        (await page.Locator("a.skip").BoundingBoxAsync())!.X.Should().BeGreaterThanOrEqualTo(0, "the skip link shows when focused");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Should().Be("Log Viewer");
        await page.Keyboard.PressAsync("Enter");
        await screen.WaitForScreenAsync("Audit Log Search");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.tagName === 'H1'");
        (await page.Locator("#nav a[aria-current=page]").InnerTextAsync()).Should().Be("Log Viewer");

        // The filter bar works from the keyboard: type, Enter.
        await page.GetByLabel("Search").FocusAsync();
        await page.Keyboard.TypeAsync("acme");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#results-count")).ToContainTextAsync("Results: 2 events");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task CspViolationDetector_SeesAnInlineScript()
    {
        // The "no CSP violation" checks above can fail: an inline script is refused and reported.
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        await screen.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.append(s); }");
        await screen.Page.WaitForFunctionAsync("() => window.__csp.length > 0");
        (await screen.CspViolationsAsync()).Should().Contain(v => v.StartsWith("script-src", StringComparison.Ordinal));
        (await screen.Page.EvaluateAsync<bool>("() => window.__ran === true")).Should().BeFalse();
    }
}
