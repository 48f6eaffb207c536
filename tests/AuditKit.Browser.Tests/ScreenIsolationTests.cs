using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>Event text is shown as text, and a tenant's users see nothing of another tenant on any screen.</summary>
public sealed class ScreenIsolationTests
{
    [Test]
    public async Task ScriptInARecordName_IsShownAsText_AndNeverRuns()
    {
        var seed = BrowserSession.Seed;
        await using var screen = await ScreenPage.OpenAsync("a-auditor", "A");
        foreach (var (route, heading) in new[]
        {
            ("#/logs?q=CUST-A2", "Audit Log Search"),
            ($"#/events/{seed.ScriptCustomerA.Id}", "Audit Log Entry"),
            ("#/records/Customer/CUST-A2", "History of Customer CUST-A2"),
            ("#/users/a-alice", "User Activity Log"),
        })
        {
            await screen.GoAsync(route, heading);
            (await screen.Page.Locator("main").InnerTextAsync()).Should().Contain(SeededLog.ScriptName, $"{route} shows the name as text");
            (await screen.Page.Locator("main script").CountAsync()).Should().Be(0);
        }

        await screen.ScreenshotAsync("script-name-as-text");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task TenantBUser_SeesNoneOfTenantA_OnAnyScreen()
    {
        var seed = BrowserSession.Seed;
        await using var screen = await ScreenPage.OpenAsync("b-auditor", "B");
        var aTexts = new[] { "Acme Corporation", "Alice Able", "a-alice", "Mike Wilson", "CUST-A1", "Scheduled Backup", "Daily Reconciliation", SeededLog.ScriptName };

        foreach (var (route, heading) in new[]
        {
            ("#/dashboard", "Audit Logs Dashboard"),
            ("#/logs", "Audit Log Search"),
            ("#/logs?q=acme", "Audit Log Search"),
            ("#/users", "User Activity"),
            ("#/users/a-alice", "User Activity Log"),
            ("#/security", "Security Event Log"),
            ("#/system", "System Event Log"),
            ("#/records/Customer/CUST-A1", "History of Customer CUST-A1"),
        })
        {
            await screen.GoAsync(route, heading);
            var main = ScreenPage.Normalize(await screen.Page.Locator("main").InnerTextAsync());
            foreach (var text in aTexts.Where(t => !heading.Contains(t, StringComparison.Ordinal) && !route.Contains(t, StringComparison.Ordinal)))
            {
                main.Should().NotContain(text, $"{route} is scoped to tenant B");
            }
        }

        await screen.GoAsync("#/logs?entity=Invoice", "Audit Log Search");
        var invoicesOfB = seed.OfB.Count(e => e.Target?.EntityType == "Invoice");
        await Assertions.Expect(screen.Page.Locator("#results-count")).ToHaveTextAsync($"Results: {invoicesOfB} events ({invoicesOfB} shown)");
        (await screen.TextAsync()).Should().Contain("Bravo Holdings");
        await screen.ScreenshotAsync("tenant-b-log-viewer");

        // A's event by id: not found for B.
        await screen.Page.GotoAsync(BrowserSession.Host.Url($"/audit/#/events/{seed.CustomerUpdatedA.Id}"));
        await Assertions.Expect(screen.Page.Locator("main .error")).ToContainTextAsync("Not found");
        screen.ConsoleErrors.Should().OnlyContain(e => e.Contains("404", StringComparison.Ordinal), "the only error is the refused read of A's event");
    }

    [Test]
    public async Task AnonymousVisitor_IsSentToTheHostsLoginPage()
    {
        var context = await BrowserSession.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(BrowserSession.Host.Url("/audit/"));
            page.Url.Should().StartWith(BrowserSession.Host.Url("/test/login"));
            (await page.Locator("h1").InnerTextAsync()).Should().Be("Sign in");
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
