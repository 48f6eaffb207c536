using System.Globalization;

namespace AuditKit.Samples.Console;

/// <summary>Prints the product page's audit screens from <see cref="IAuditReader"/>: what a host's UI would show.</summary>
internal sealed class AuditScreens(IAuditReader reader, IAuditInsights insights, TextWriter output)
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public async Task PrintAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await PrintLogViewerAsync(from, to, cancellationToken);
        await PrintEntryDetailAsync(from, to, cancellationToken);
        await PrintDashboardAsync(cancellationToken);
        await PrintUserActivityAsync("jsmith", cancellationToken);
    }

    private async Task PrintLogViewerAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = new AuditQuery { From = from, To = to, PageSize = 12 };
        var total = await reader.CountAsync(query, cancellationToken);
        var page = await reader.QueryAsync(query, cancellationToken);
        output.WriteLine("== Log Viewer ==");
        output.WriteLine(string.Create(Us, $"Filters: Date Range {from:MM/dd/yyyy} to {to.AddTicks(-1):MM/dd/yyyy}, all users, all actions, all entities"));
        output.WriteLine(string.Create(Us, $"Results: {total:N0} events"));
        output.WriteLine($"{"Timestamp",-16} | {"User",-12} | {"Action",-16} | {"Entity",-12} | Details");
        output.WriteLine(new string('-', 90));
        foreach (var e in page.Events)
        {
            output.WriteLine($"{e.Timestamp.ToString("MMM dd hh:mm tt", Us),-16} | {Cut(e.Actor?.Name ?? "System", 12),-12} | {Cut(e.Action, 16),-16} | {Cut(e.Target?.EntityType ?? "-", 12),-12} | {Cut(e.Message ?? e.Target?.RecordName ?? "", 30)}");
        }

        output.WriteLine(page.HasMore ? "[Next page ›]" : string.Empty);
        output.WriteLine();
    }

    private async Task PrintEntryDetailAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var page = await reader.QueryAsync(new AuditQuery { From = from, To = to, EntityTypes = ["Customer"], RecordId = "CUST-12345", Actions = [AuditActions.Update], Text = "credit limit", PageSize = 1 }, cancellationToken);
        if (page.Events.Count == 0)
        {
            return;
        }

        var e = page.Events[0];
        output.WriteLine("== Audit Log Entry ==");
        output.WriteLine($"Event ID: {e.DisplayId}");
        output.WriteLine($"Timestamp: {e.Timestamp.ToString("MMMM dd, yyyy hh:mm:ss tt 'UTC'", Us)}");
        output.WriteLine("Event Information:");
        output.WriteLine($"├─ Action: {e.Action}");
        output.WriteLine($"├─ Entity: {e.Target?.EntityType}");
        output.WriteLine($"├─ Record ID: {e.Target?.RecordId}");
        output.WriteLine($"├─ Record Name: {e.Target?.RecordName}");
        output.WriteLine($"└─ Result: {e.Outcome}");
        output.WriteLine("User Information:");
        output.WriteLine($"├─ User: {e.Actor?.Name} ({e.Actor?.Email})");
        output.WriteLine($"├─ Role: {e.Actor?.Role}");
        output.WriteLine($"├─ IP Address: {e.Client?.IpAddress}");
        output.WriteLine($"├─ Location: {e.Client?.Location}");
        output.WriteLine($"├─ Device: {e.Client?.Device}");
        output.WriteLine($"└─ Session ID: {e.Client?.SessionId}");
        output.WriteLine("Changes Made:");
        output.WriteLine($"{"Field",-16} | {"Previous Value",-16} | New Value");
        output.WriteLine(new string('-', 60));
        foreach (var change in e.Changes)
        {
            var newValue = change.Kind == FieldChangeKind.Unchanged ? $"{change.ShownNewValue} (no change)" : change.ShownNewValue;
            output.WriteLine($"{change.DisplayName ?? change.Field,-16} | {change.ShownOldValue,-16} | {newValue}");
        }

        output.WriteLine("Related Events:");
        var previous = await reader.GetPreviousChangeAsync(e, cancellationToken);
        output.WriteLine(previous is null ? "├─ Previous change to this record: none" : $"├─ Previous change to this record: {previous.Timestamp.ToString("MMM dd, yyyy", Us)}");
        foreach (var r in await reader.GetRelatedAsync(e, cancellationToken: cancellationToken))
        {
            output.WriteLine($"├─ {r.Message}: {r.Timestamp.ToString("MMM dd, yyyy hh:mm:ss tt", Us)}");
        }

        output.WriteLine($"└─ Hash: {e.Hash![..16]}… (chained to {e.PreviousHash![..16]}…)");
        output.WriteLine();
    }

    // Every figure of the Dashboard and User Activity screens comes from one IAuditInsights call each.
    private async Task PrintDashboardAsync(CancellationToken cancellationToken)
    {
        var dashboard = await insights.GetDashboardAsync(new DashboardRequest { StorageCapacityBytes = 100L << 20 }, cancellationToken);
        output.WriteLine("== Audit Logs Dashboard ==");
        output.WriteLine("Recent Activity:");
        output.WriteLine(string.Create(Us, $"├─ Today: {dashboard.Today.Count:N0} events{Change(dashboard.Today, "yesterday")}"));
        output.WriteLine(string.Create(Us, $"├─ This Week: {dashboard.ThisWeek.Count:N0} events"));
        output.WriteLine(string.Create(Us, $"├─ This Month: {dashboard.ThisMonth.Count:N0} events"));
        output.WriteLine(string.Create(Us, $"└─ Storage Used: {dashboard.StorageUsedBytes / 1024.0 / 1024.0:0.0} MB of {dashboard.StorageCapacityBytes / 1024.0 / 1024.0:0} MB ({dashboard.StorageUsedPercent:0.0}%)"));
        output.WriteLine("Activity by Type:");
        foreach (var share in dashboard.ActivityByCategory)
        {
            output.WriteLine(string.Create(Us, $"├─ {share.Category}: {share.Percent:0}%"));
        }

        output.WriteLine("Recent High-Priority Events:");
        foreach (var item in dashboard.RecentHighPriority)
        {
            output.WriteLine($"├─ [!] {item.Summary} - {item.When}");
        }

        output.WriteLine();
    }

    private async Task PrintUserActivityAsync(string actorId, CancellationToken cancellationToken)
    {
        var activity = await insights.GetUserActivityAsync(new UserActivityRequest { ActorId = actorId, RecentCount = 4 }, cancellationToken);
        output.WriteLine("== User Activity Log ==");
        output.WriteLine($"User: {activity.Name ?? actorId}   Period: Last 30 Days");
        output.WriteLine(string.Create(Us, $"Activity Summary: {activity.TotalActions:N0} actions, {activity.RecordsModified:N0} modified, {activity.RecordsCreated:N0} created, {activity.RecordsViewed:N0} viewed, {activity.ReportsGenerated:N0} reports, {activity.Exports:N0} exports"));
        output.WriteLine("Activity by Module: " + string.Join(", ", activity.ByModule.Select(m => string.Create(Us, $"{m.Module}: {m.Count:N0}"))));
        var average = activity.Sessions.AverageLength is { } length ? string.Create(Us, $"{length.TotalHours:0.0} hours") : "n/a";
        output.WriteLine(string.Create(Us, $"Sessions: {activity.Sessions.Logins:N0} logins, average session {average}, {activity.FailedLogins:N0} failed logins, {activity.PasswordChanges:N0} password changes"));
        foreach (var e in activity.Recent)
        {
            output.WriteLine($"│ {e.Timestamp.ToString("hh:mm tt", Us),-9} │ {Cut(e.Action, 14),-14} │ {Cut(e.Target?.EntityType ?? "-", 10),-10} │ {Cut(e.Message ?? e.Target?.RecordName ?? "", 30)}");
        }

        output.WriteLine();
    }

    private static string Change(PeriodCount period, string previous) =>
        period.ChangePercent is { } change ? string.Create(Us, $" {(change >= 0 ? "↑" : "↓")} {Math.Abs(change):0}% from {previous}") : string.Empty;

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
