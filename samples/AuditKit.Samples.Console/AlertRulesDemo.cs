using AuditKit;

namespace AuditKit.Samples.Console;

/// <summary>The "Audit Alert Rules" screen: saves the page's six rules, triggers three of them and prints the inbox.</summary>
internal static class AlertRulesDemo
{
    public static async Task RunAsync(IAuditAlerts alerts, IAuditLog log, TextWriter output)
    {
        foreach (var (id, rule) in AlertRuleTemplates.All())
        {
            if (await alerts.GetRuleAsync(id) is null)
            {
                await alerts.SaveRuleAsync(id, rule, expectedRevision: 0); // a SettingsChanged event each
            }
        }

        output.WriteLine("Audit Alert Rules:");
        foreach (var entry in await alerts.GetRulesAsync())
        {
            output.WriteLine($"  {entry.Rule.Name,-24} {entry.Rule.Priority,-9} {(entry.Rule.Active ? "Active" : "Paused")}  {entry.Rule.Description}");
        }

        // Three things the rules watch for.
        var lisa = new AuditActor("lchen", "Lisa Chen", "lisa@example.com", "Sales Manager");
        AuditEvent[] triggers =
        [
            await log.RecordAsync(AuditEvents.Export("Customer", 5_000, "csv") with { Actor = lisa }),
            await log.RecordAsync(AuditEvents.RoleGranted("mwilson", "Mike Wilson", "Admin", administrative: true) with { Actor = new AuditActor("jsmith", "John Smith", Role: "IT Manager") }),
            await log.RecordAsync(AuditEvents.AccountLocked(new AuditActor("bdavis", "Bob Davis"), "5 failed logins")),
        ];

        // The engine evaluates the committed log in the background; wait until it has raised the three.
        var wanted = triggers.Select(t => t.Id).ToHashSet();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<AlertInboxEntry> inbox;
        do
        {
            await Task.Delay(200);
            inbox = (await alerts.GetInboxAsync(new AlertInboxQuery { PageSize = 200 })).Alerts;
        }
        while (inbox.Count(a => wanted.Contains(a.TriggerEventId)) < wanted.Count && clock.Elapsed < TimeSpan.FromSeconds(30));

        var acknowledged = inbox.FirstOrDefault(a => a.RuleId == "permission-escalation" && wanted.Contains(a.TriggerEventId));
        if (acknowledged is not null)
        {
            await alerts.AcknowledgeAsync(acknowledged.Id, "Checking with John");
            inbox = (await alerts.GetInboxAsync(new AlertInboxQuery { PageSize = 200 })).Alerts;
        }

        output.WriteLine();
        output.WriteLine($"Alert inbox ({inbox.Count} alerts, newest first):");
        foreach (var alert in inbox.Take(10))
        {
            output.WriteLine($"  {alert.TriggeredAt:HH:mm:ss} {alert.Priority,-8} {alert.Status,-12} {alert.RuleName}: {alert.Message}");
        }

        output.WriteLine();
    }
}
