using AuditKit.Browser.Tests.Support;

namespace AuditKit.Browser.Tests;

/// <summary>
/// The alerts screen: rules, templates and the inbox; administrators acknowledge and pause, readers are told why they
/// cannot; "Create Alert" in the log viewer saves a rule of its filters. Runs in tenant C (and on the entity type
/// AlertProbe) so the seeded tenants' screens are untouched.
/// </summary>
public sealed class AlertsScreenTests
{
    private const string Tenant = "C";
    private const string ProbeEntity = "AlertProbe";
    private const string HostileRuleName = "Probe <script>alert(1)</script> deleted";

    [Test]
    public async Task AlertsScreen_ShowsRulesAndInbox_AdminAcknowledgesAndResolves_AndTheInboxShowsWho()
    {
        var alertId = await RaiseProbeAlertAsync("probe-acknowledge");

        await using var admin = await ScreenPage.OpenAsync("c-admin", Tenant, "Admin");
        await Assertions.Expect(admin.Page.Locator("#nav a[data-screen=alerts]")).ToBeVisibleAsync();
        await admin.GoAsync("#/alerts", "Audit Alert Rules");
        var row = admin.Page.Locator($"#alert-inbox tr[data-alert='{alertId}']");
        await Assertions.Expect(row.Locator(".alert-status")).ToHaveTextAsync("Active");

        // The rule's name is text: the <script> shows and never runs.
        await Assertions.Expect(admin.Page.Locator("#alert-rules tr[data-rule='probe-acknowledge'] th")).ToHaveTextAsync(HostileRuleName);
        await Assertions.Expect(row).ToContainTextAsync(HostileRuleName);
        (await admin.Page.Locator("main script").CountAsync()).Should().Be(0);
        (await admin.TextAsync()).Should().Contain("Failed Logins", "the templates are listed");
        await admin.ScreenshotAsync("alerts");
        await admin.ShouldBeCleanAsync();
        await admin.ShouldHaveLabelledControlsAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(row.Locator(".alert-status")).ToHaveTextAsync("Acknowledged");
        await Assertions.Expect(row.Locator(".alert-acknowledged")).ToContainTextAsync("c-admin");

        // Reloaded, the inbox shows what is stored.
        await admin.GoAsync("#/alerts", "Audit Alert Rules");
        await Assertions.Expect(row.Locator(".alert-status")).ToHaveTextAsync("Acknowledged");
        await Assertions.Expect(row.Locator(".alert-acknowledged")).ToContainTextAsync("c-admin");
        (await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).CountAsync()).Should().Be(0);

        await row.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(row.Locator(".alert-status")).ToHaveTextAsync("Resolved");
        await Assertions.Expect(row.Locator(".alert-resolved")).ToContainTextAsync("c-admin");
        (await row.Locator("button").CountAsync()).Should().Be(0, "a resolved alert offers no change");
        var stored = await BrowserSession.Host.Services.GetRequiredService<IAuditAlerts>().GetAlertAsync(alertId);
        stored!.Status.Should().Be(AlertStatus.Resolved);
        stored.AcknowledgedBy.Should().Be("c-admin");
        stored.ResolvedBy.Should().Be("c-admin");
        await admin.ShouldBeCleanAsync();
    }

    [Test]
    public async Task Reader_IsToldWhyHeCannotPause_AdministratorPausesOverTheRevision()
    {
        var alerts = BrowserSession.Host.Services.GetRequiredService<IAuditAlerts>();
        await alerts.SaveRuleAsync("probe-pause", ProbeRule("Probe pause"), 0);

        await using (var reader = await ScreenPage.OpenAsync("c-reader", Tenant, "Auditor"))
        {
            await reader.GoAsync("#/alerts", "Audit Alert Rules");
            var readerRow = reader.Page.Locator("#alert-rules tr[data-rule='probe-pause']");
            await readerRow.GetByRole(AriaRole.Button, new() { Name = "Pause Probe pause" }).ClickAsync();
            await Assertions.Expect(reader.Page.Locator("#alerts-message")).ToContainTextAsync("needs the administrator policy");
            await Assertions.Expect(readerRow.Locator(".rule-status")).ToHaveTextAsync("Active");
        }

        (await alerts.GetRuleAsync("probe-pause"))!.Rule.Active.Should().BeTrue("the reader's change was refused");

        await using var admin = await ScreenPage.OpenAsync("c-admin", Tenant, "Admin");
        await admin.GoAsync("#/alerts", "Audit Alert Rules");
        var row = admin.Page.Locator("#alert-rules tr[data-rule='probe-pause']");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause Probe pause" }).ClickAsync();
        await Assertions.Expect(row.Locator(".rule-status")).ToHaveTextAsync("Paused");
        var stored = (await alerts.GetRuleAsync("probe-pause"))!.Rule;
        stored.Active.Should().BeFalse();
        stored.Revision.Should().Be(2);
        await admin.ShouldBeCleanAsync();
    }

    [Test]
    public async Task CreateAlert_FromTheLogViewersFilters_SavesARuleThatTheRulesListShows()
    {
        var alerts = BrowserSession.Host.Services.GetRequiredService<IAuditAlerts>();
        await using var admin = await ScreenPage.OpenAsync("c-admin", Tenant, "Admin");
        await admin.GoAsync($"#/logs?entity={ProbeEntity}&action=Delete&user=c-carol", "Audit Log Search");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Create Alert" }).ClickAsync();
        await admin.WaitForScreenAsync("Audit Alert Rules");
        await Assertions.Expect(admin.Page.Locator("#rule-condition")).ToHaveTextAsync("action Equal Delete and entityType Equal AlertProbe and actor.id Equal c-carol");

        var name = "Probe deletes by Carol " + Guid.NewGuid().ToString("N")[..6];
        await admin.Page.GetByLabel("Rule name").FillAsync(name);
        await admin.Page.GetByLabel("Priority").SelectOptionAsync("High");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save Alert Rule" }).ClickAsync();
        await Assertions.Expect(admin.Page.Locator("#alerts-message")).ToHaveTextAsync($"Saved {name}.");
        await Assertions.Expect(admin.Page.Locator("#alert-rules tbody th", new() { HasText = name })).ToHaveCountAsync(1);

        // The store holds the rule with the filters as its condition (read back through IAuditAlerts, not the screen).
        var saved = (await alerts.GetRulesAsync()).Single(r => r.Rule.Name == name);
        saved.Rule.Priority.Should().Be(AlertPriority.High);
        saved.Rule.Active.Should().BeTrue();
        var parts = saved.Rule.When!.All!;
        parts.Select(c => (c.Field, c.Operator, c.Value!.Value.GetString())).Should().Equal(
            ("action", AlertOperator.Equal, "Delete"), ("entityType", AlertOperator.Equal, ProbeEntity), ("actor.id", AlertOperator.Equal, "c-carol"));

        // Reloaded, the rules list shows it.
        await admin.GoAsync("#/alerts", "Audit Alert Rules");
        await Assertions.Expect(admin.Page.Locator($"#alert-rules tr[data-rule='{saved.Id}'] th")).ToHaveTextAsync(name);
        await admin.ShouldBeCleanAsync();
    }

    private static AlertRule ProbeRule(string name, string? recordId = null) => new()
    {
        Name = name,
        Description = "Deletes of probe records",
        Priority = AlertPriority.High,
        When = recordId is null ? AlertCondition.Is("entityType", ProbeEntity)
            : AlertCondition.And(AlertCondition.Is("entityType", ProbeEntity), AlertCondition.Is("recordId", recordId)),
        Suppression = TimeSpan.Zero,
    };

    // Saves a rule on one probe record, records its delete in tenant C and waits for the engine's alert in the inbox.
    private static async Task<Guid> RaiseProbeAlertAsync(string ruleId)
    {
        var alerts = BrowserSession.Host.Services.GetRequiredService<IAuditAlerts>();
        var recordId = "P-" + Guid.NewGuid().ToString("N")[..8];
        await alerts.SaveRuleAsync(ruleId, ProbeRule(HostileRuleName, recordId), 0);
        var carol = new AuditActor("c-carol", "Carol Clark", "carol@c.example", "Clerk");
        var trigger = await BrowserSession.Host.Log.RecordAsync(AuditEvents.Deleted(ProbeEntity, recordId, "Probe record") with { TenantId = Tenant, Actor = carol });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var page = await alerts.GetInboxAsync(new AlertInboxQuery { RuleId = ruleId, PageSize = 10 });
            if (page.Alerts.FirstOrDefault(a => a.TriggerEventId == trigger.Id) is { } alert)
            {
                alert.TenantId.Should().Be(Tenant);
                return alert.Id;
            }

            await Task.Delay(200);
        }

        Assert.Fail("The alert engine raised no alert for the probe delete within 30 s.");
        return Guid.Empty;
    }
}
