using System.Globalization;
using AuditKit.Browser.Tests.Support;
using AuditKit.Samples.Erp.Seeding;
using AuditKit.Samples.Erp.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>
/// The web ERP sample itself in headless chromium, through its own pages only: the real sign-in page, a customer's
/// edit page, the "Audit log" link, and every audit screen its navigation offers (enumerated at run time, so a screen
/// added later is covered). One sample, seeded once into a temp folder, serves the fixture; each test uses its own
/// customer. Screenshots are test attachments; <c>AUDITKIT_UPDATE_SCREENS=1</c> also writes them to docs/screens/.
/// </summary>
public sealed class ErpSampleBrowserTests : ErpSampleFixture
{
    [Test]
    public async Task CreditLimit_ChangedOnTheCustomerPage_IsFoundByFiltersAndFreeText_WithBeforeAndAfter_History_AndExport()
    {
        await using var screen = await ErpBrowser.SignInAsync(Sample.Address, "sjohnson");
        var page = screen.Page;

        // The customer's own edit page: read the limit, raise it, save.
        await page.Locator("main tr", new() { HasText = "CUST-10003" }).GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Edit customer CUST-10003");
        var name = await page.GetByLabel("Name").InputValueAsync();
        var before = decimal.Parse(await page.GetByLabel("Credit Limit").InputValueAsync(), NumberStyles.Currency, UsDollars);
        var after = before + 1_234.56m;
        string Dollars(decimal amount) => amount.ToString("C", UsDollars);
        await page.GetByLabel("Credit Limit").FillAsync(after.ToString("0.00", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Customers");
        await Assertions.Expect(page.Locator("main tr", new() { HasText = "CUST-10003" })).ToContainTextAsync(Dollars(after));
        await Sample.FlushAsync();

        // The log viewer's filter bar: today (the viewer's day), the user, the action, the entity.
        await ErpBrowser.OpenAuditLogAsync(screen);
        (await ErpBrowser.OpenFromNavigationAsync(screen, "logs")).Should().Be("Audit Log Search");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await ErpBrowser.FilterAsync(screen, from: today, user: "sjohnson", action: "Update", entity: "Customer");
        (await ErpBrowser.ResultCountAsync(screen)).Should().BeGreaterThanOrEqualTo(1);
        var newest = page.Locator("table.log tbody tr").First;
        var row = ScreenPage.Normalize(await newest.InnerTextAsync());
        row.Should().Contain("Sarah Johnson").And.Contain("Update").And.Contain("Customer").And.Contain(name);
        var id = await newest.GetAttributeAsync("data-id");
        id.Should().NotBeNullOrEmpty();
        foreach (var shown in await page.Locator("table.log tbody tr").AllInnerTextsAsync())
        {
            shown.Should().Contain("Sarah Johnson").And.Contain("Update").And.Contain("Customer", "every row matches the filters");
        }

        await screen.ScreenshotAsync("log-viewer-filtered");

        // Export Results: the file holds the change's row, with the credit limit's before and after.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export Results" }).ClickAsync());
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "erp-export-" + Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(file);
        var lines = await File.ReadAllLinesAsync(file);
        File.Delete(file);
        // The sample has reports on (audit.AddReports()): Export Results is written on the server, CSV by default.
        lines[0].Should().Be("Time,Event ID,User,User ID,Category,Action,Entity,Record ID,Record Name,Outcome,Risk,Message,IP Address,Changes");
        var exported = lines.Skip(1).Where(l => l.Contains(",Sarah Johnson,sjohnson,RecordChange,Update,Customer,CUST-10003," + name + ",", StringComparison.Ordinal)).ToList();
        exported.Should().NotBeEmpty(string.Join("\n", lines.Take(5)));
        exported[0].Should().Contain($"Credit Limit: {Dollars(before)} → {Dollars(after)}", "the newest row is the change just made");
        var displayId = exported[0].Split(',')[1];

        // Free text: the record's name finds the same event.
        await ErpBrowser.FilterAsync(screen, text: name);
        await Assertions.Expect(page.Locator($"table.log tbody tr[data-id='{id}']")).ToHaveCountAsync(1);
        (await page.Locator("table.log tbody tr").AllInnerTextsAsync()).Should().OnlyContain(r => r.Contains(name, StringComparison.OrdinalIgnoreCase));

        // Its detail: before and after of the credit limit.
        (await screen.NextScreenAsync(() => page.Locator($"table.log tbody tr[data-id='{id}']").GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync()))
            .Should().Be("Audit Log Entry");
        (await screen.TextAsync()).Should().Contain(displayId, "the detail is the exported row's event");
        var cells = await page.Locator("main table tr", new() { HasText = "Credit Limit" }).Locator("th, td").AllInnerTextsAsync();
        cells.Select(ScreenPage.Normalize).Should().Equal("Credit Limit", Dollars(before), Dollars(after));
        (await screen.TextAsync()).Should().Contain("Sarah Johnson").And.Contain("CUST-10003");
        await ErpBrowser.ScreenshotAsync(screen, "entry-detail");

        // The record's history: the change on top of its timeline.
        (await screen.NextScreenAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "View Full History" }).ClickAsync()))
            .Should().Be("History of Customer CUST-10003");
        var latest = ScreenPage.Normalize(await page.Locator("ol.timeline > li").First.InnerTextAsync());
        latest.Should().Contain("Update by Sarah Johnson").And.Contain($"Credit Limit: {Dollars(before)} → {Dollars(after)}");
        await page.GetByRole(AriaRole.Button, new() { Name = "State after this change" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#record-state")).ToContainTextAsync(after.ToString("0.00", CultureInfo.InvariantCulture));
        await ErpBrowser.ScreenshotAsync(screen, "record-history");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task EveryAuditScreen_OfTheNavigation_RendersWithoutConsoleErrorsOrCspViolations()
    {
        await using var screen = await ErpBrowser.SignInAsync(Sample.Address, "sjohnson");
        await screen.ShouldBeCleanAsync();
        await ErpBrowser.OpenAuditLogAsync(screen);
        var navigation = await ErpBrowser.NavigationAsync(screen);
        navigation.Select(n => n.Screen).Should().Contain(["dashboard", "logs", "users", "security", "system", "settings", "retention", "alerts"]);

        foreach (var (dataScreen, text) in navigation)
        {
            var heading = await ErpBrowser.OpenFromNavigationAsync(screen, dataScreen);
            heading.Should().NotBeNullOrWhiteSpace($"the {text} screen has a heading");
            (await screen.Page.Locator("#nav a[aria-current=page]").InnerTextAsync()).Should().Be(text);
            (await screen.Page.Locator("main").InnerTextAsync()).Trim().Length.Should().BeGreaterThan(heading.Length, $"the {text} screen shows more than its heading");
            await ErpBrowser.ScreenshotAsync(screen, ErpBrowser.ScreenshotName(dataScreen));
            await screen.ShouldBeCleanAsync();
            await screen.ShouldHaveLabelledControlsAsync();
        }

        // The screens reached through links: a user's activity.
        await ErpBrowser.OpenFromNavigationAsync(screen, "users");
        (await screen.NextScreenAsync(() => screen.Page.Locator("main table").GetByRole(AriaRole.Link, new() { Name = "jsmith", Exact = true }).ClickAsync()))
            .Should().Be("User Activity Log");
        (await screen.TextAsync()).Should().Contain("John Smith");
        await ErpBrowser.ScreenshotAsync(screen, "user-activity");
        await screen.ShouldBeCleanAsync();
    }

    [Test]
    public async Task CustomerNamedScript_CreatedOnItsPage_IsShownAsTextOnTheAuditScreens_AndNeverRuns()
    {
        const string name = "<script>alert('erp')</script> Supplies";
        await using var clerk = await ErpBrowser.SignInAsync(Sample.Address, "jsmith");
        await clerk.Page.GetByRole(AriaRole.Link, new() { Name = "New customer" }).ClickAsync();
        await clerk.Page.GetByLabel("Name").FillAsync(name);
        await clerk.Page.GetByLabel("Credit Limit").FillAsync("100");
        await clerk.Page.GetByLabel("Payment Terms").FillAsync("Net 30");
        await clerk.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(clerk.Page.Locator("main h1")).ToHaveTextAsync("Customers");
        await Assertions.Expect(clerk.Page.Locator("main td", new() { HasTextString = name })).ToHaveCountAsync(1);
        await clerk.ShouldBeCleanAsync();
        await Sample.FlushAsync();

        await using var admin = await ErpBrowser.SignInAsync(Sample.Address, "sjohnson");
        await ErpBrowser.OpenAuditLogAsync(admin);
        await ErpBrowser.OpenFromNavigationAsync(admin, "logs");
        await ErpBrowser.FilterAsync(admin, user: "jsmith", action: "Create", entity: "Customer");
        var row = admin.Page.Locator("table.log tbody tr", new() { HasTextString = name });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        (await admin.Page.Locator("main script").CountAsync()).Should().Be(0);
        await ErpBrowser.ScreenshotAsync(admin, "script-name-as-text");

        (await admin.NextScreenAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync())).Should().Be("Audit Log Entry");
        (await admin.Page.Locator("main").InnerTextAsync()).Should().Contain(name, "the record name is text");
        (await admin.NextScreenAsync(() => admin.Page.GetByRole(AriaRole.Link, new() { Name = "View Full History" }).ClickAsync())).Should().StartWith("History of Customer CUST-");
        (await admin.Page.Locator("main .subtitle").InnerTextAsync()).Should().Be(name);
        (await admin.Page.Locator("main script").CountAsync()).Should().Be(0);
        await admin.ShouldBeCleanAsync();
    }

    [Test]
    public async Task RetentionPolicies_TheOperatorsAdminSavesThemOnTheScreen_TenantBsAdminIsToldTheyAreGlobal()
    {
        var retention = Sample.Services.GetRequiredService<IAuditRetention>();
        await using (var tenantB = await ErpBrowser.SignInAsync(Sample.Address, "ochen"))
        {
            await ErpBrowser.OpenAuditLogAsync(tenantB);
            (await ErpBrowser.OpenFromNavigationAsync(tenantB, "retention")).Should().Be("Audit Log Retention");
            await tenantB.Page.GetByLabel("System Events active retention (days)").FillAsync("45");
            await tenantB.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
            await Assertions.Expect(tenantB.Page.Locator("#retention-message")).ToContainTextAsync("global to the store");
        }

        (await retention.GetPoliciesAsync()).Value.Policies.Single(p => p.Category == AuditCategory.System).ActiveDays.Should().NotBe(45);

        await using var admin = await ErpBrowser.SignInAsync(Sample.Address, "sjohnson");
        await ErpBrowser.OpenAuditLogAsync(admin);
        (await ErpBrowser.OpenFromNavigationAsync(admin, "retention")).Should().Be("Audit Log Retention");
        await admin.Page.GetByLabel("System Events active retention (days)").FillAsync("120");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Retention Policies" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#retention-message")).ToContainTextAsync("Saved the retention policies");
        var stored = await retention.GetPoliciesAsync();
        stored.UpdatedBy.Should().Be("sjohnson");
        stored.Value.Policies.Single(p => p.Category == AuditCategory.System).ActiveDays.Should().Be(120);
        await admin.ShouldBeCleanAsync();
    }

    [Test]
    public async Task TenantBAdmin_SeesNoneOfTenantA_OnAnyScreen_OrInAnySearch()
    {
        var tenantA = ErpTenant.Angage;
        var aTexts = tenantA.People.SelectMany(p => new[] { p.Id, p.Name }).Concat(tenantA.Customers.SelectMany(c => new[] { c.Id, c.Name }))
            .Concat(tenantA.Products.SelectMany(p => new[] { p.Id, p.Name })).Append(tenantA.Id).Append(tenantA.Name).ToList();
        var reader = Sample.Services.GetRequiredService<IAuditReader>();
        var ofA = (await reader.QueryAsync(new AuditQuery { TenantId = tenantA.Id, EntityTypes = ["Customer"], PageSize = 1 })).Events.Single();

        await using var screen = await ErpBrowser.SignInAsync(Sample.Address, "ochen");
        await ErpBrowser.OpenAuditLogAsync(screen);
        async Task NothingOfAAsync(string where)
        {
            var main = ScreenPage.Normalize(await screen.Page.Locator("main").InnerTextAsync());
            foreach (var text in aTexts)
            {
                main.Should().NotContain(text, $"{where} is scoped to tenant B");
            }
        }

        foreach (var (dataScreen, text) in await ErpBrowser.NavigationAsync(screen))
        {
            await ErpBrowser.OpenFromNavigationAsync(screen, dataScreen);
            await NothingOfAAsync($"the {text} screen");
            await screen.ScreenshotAsync("tenant-b-" + ErpBrowser.ScreenshotName(dataScreen));
            await screen.ShouldBeCleanAsync();
        }

        // The log viewer shows B's own records, and searches for A's names and ids find nothing.
        await ErpBrowser.OpenFromNavigationAsync(screen, "logs");
        await ErpBrowser.FilterAsync(screen, entity: "Customer");
        (await ErpBrowser.ResultCountAsync(screen)).Should().BeGreaterThan(0);
        (await screen.TextAsync()).Should().Contain("Northwind Traders");
        await ErpBrowser.ScreenshotAsync(screen, "tenant-b-log-viewer");
        foreach (var search in new[] { "Acme", "Initech", "sjohnson", "Sarah Johnson", "Hydraulic Pump", "Angage" })
        {
            await ErpBrowser.FilterAsync(screen, text: search);
            (await ErpBrowser.ResultCountAsync(screen)).Should().Be(0, $"a search for \"{search}\" finds nothing of tenant A: {string.Join(" | ", await screen.Page.Locator("table.log tbody tr").AllInnerTextsAsync())}");
            await NothingOfAAsync($"the search for \"{search}\"");
        }

        // An id is searched as its words ("cust" and "10001", docs/search.md): B's own events may match, A's never show.
        foreach (var search in new[] { "CUST-10001", "PRD-102" })
        {
            await ErpBrowser.FilterAsync(screen, text: search);
            await NothingOfAAsync($"the search for \"{search}\"");
        }

        (await screen.Page.Locator("#nav").InnerTextAsync()).Should().NotContain("angage");
        await screen.ShouldBeCleanAsync();

        // A's user, A's record and A's event, addressed directly: nothing of A.
        await screen.GoAsync("#/users/sjohnson", "User Activity Log");
        aTexts.Remove("sjohnson"); // the address names the user
        await NothingOfAAsync("sjohnson's activity");
        await screen.GoAsync("#/records/Customer/CUST-10001", "History of Customer CUST-10001");
        await Assertions.Expect(screen.Page.Locator("main")).ToContainTextAsync("No events on this record.");
        await screen.Page.GotoAsync(new Uri(Sample.Address, $"/audit/#/events/{ofA.Id}").ToString());
        await Assertions.Expect(screen.Page.Locator("main .error")).ToContainTextAsync("Not found");
        screen.ConsoleErrors.Should().OnlyContain(e => e.Contains("404", StringComparison.Ordinal), "the only error is the refused read of A's event");
    }
}
