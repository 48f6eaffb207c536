using AuditKit.Docs.Tests.Support;

namespace AuditKit.Docs.Tests;

/// <summary>The action → category table of docs/getting-started.md says what the <see cref="AuditEvents"/> helpers do.</summary>
public sealed class EventCategoryTableTests
{
    [Test]
    public void CategoryTable_EveryAction_HasTheCategoryItsHelperGives()
    {
        var table = Markdown.Tables("docs/getting-started.md", Repository.Read("docs/getting-started.md"))
            .Single(t => t.Header.Count >= 3 && t.Header[0] == "action" && t.Header[2] == "category");
        var documented = new Dictionary<string, AuditCategory>(StringComparer.Ordinal);
        foreach (var (_, cells) in table.Rows)
        {
            var category = Enum.Parse<AuditCategory>(Code(cells[2]).Single());
            foreach (var action in Code(cells[0]))
            {
                documented.Add(action, category);
            }
        }

        var actor = new AuditActor("bm", "Bob Morrison");
        AuditEvent[] helpers =
        [
            AuditEvents.Created("Order", "SO-1"), AuditEvents.Updated("Customer", "C-1"), AuditEvents.Deleted("Product", "P-1"),
            AuditEvents.Export("Customer", 10), AuditEvents.Import("Product", 10), AuditEvents.Viewed("Order", "SO-1"),
            AuditEvents.Login(), AuditEvents.Logout(), AuditEvents.LoginFailed(actor, 1, 5), AuditEvents.PasswordChanged(),
            AuditEvents.PasswordReset(), AuditEvents.TwoFactorEnabled(), AuditEvents.AccountLocked(actor),
            AuditEvents.PermissionChanged("Role", "admin", "Admin"), AuditEvents.RoleGranted("u1", "Lisa", "Admin"),
            AuditEvents.ApiKeyCreated("key-1"), AuditEvents.SettingsChanged("Tax", []), AuditEvents.JobExecuted("Backup", "Database"),
            AuditEvents.IntegrationSync("Shopify", 1), AuditEvents.Error("Search", "failed"), AuditEvents.PerformanceAlert("Api", "p99", 2, 1),
            AuditEvents.Heartbeat("Database"),
            AuditEvents.ReportGenerated("User Access Report", 3),
            AuditEvents.AlertTriggered(Guid.Empty, "failed-logins", "Failed Logins", AlertPriority.High, "5 failed logins"),
            AuditEvents.AlertAcknowledged(Guid.Empty, "Failed Logins"), AuditEvents.AlertResolved(Guid.Empty, "Failed Logins"),
        ];

        foreach (var e in helpers)
        {
            documented.Should().ContainKey(e.Action, "every helper's action is in the table");
            documented[e.Action].Should().Be(e.Category, $"the table's category for {e.Action}");
        }

        documented.Keys.Should().BeSubsetOf(helpers.Select(e => e.Action), "every action the table lists is checked against a helper");
    }

    private static IEnumerable<string> Code(string cell) =>
        cell.Split('`').Where((_, i) => i % 2 == 1);
}
