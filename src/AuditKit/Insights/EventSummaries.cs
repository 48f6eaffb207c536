using System.Globalization;
using System.Text.Json;

namespace AuditKit;

/// <summary>One-line summaries and relative times for the dashboard's list of recent high-priority events.</summary>
internal static class EventSummaries
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Summarize(AuditEvent e)
    {
        var record = e.Target?.RecordName ?? e.Target?.RecordId;
        switch (e.Action)
        {
            case AuditActions.LoginFailed:
                var attempts = Number(e, "attempt");
                return $"Failed login attempts{(attempts is null ? "" : $" ({attempts.Value.ToString(Invariant)})")} - {Account(e)}";
            case AuditActions.AccountLocked:
                return $"Account locked - {Account(e)}";
            case AuditActions.Export:
                var count = Number(e, "record_count");
                var entity = e.Target?.EntityType is { } type ? $"{type} list" : "Data";
                return count is null
                    ? $"Data export - {entity}"
                    : $"{(count >= 1000 ? "Large data export" : "Data export")} - {entity} ({count.Value.ToString("N0", Invariant)} records)";
            case AuditActions.PermissionChanged:
            case AuditActions.RoleGranted:
                return $"Permission change - {record ?? "permissions"} modified";
            case AuditActions.ApiKeyCreated:
                return $"API key generated - {record ?? "new key"}";
            default:
                var what = e.Message ?? e.Action;
                return record is null || what.Contains(record, StringComparison.Ordinal) ? what : $"{what} - {record}";
        }
    }

    /// <summary>"just now", "10 min ago", "2 hours ago" (under 6 hours), "Today", "Yesterday", else "Jan 20" (with the year when it is not this year).</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var age = now - at;
        if (age < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        if (age < TimeSpan.FromHours(1))
        {
            return $"{(int)age.TotalMinutes} min ago";
        }

        if (age < TimeSpan.FromHours(6))
        {
            var hours = (int)age.TotalHours;
            return hours == 1 ? "1 hour ago" : $"{hours} hours ago";
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (day == today)
        {
            return "Today";
        }

        return day == today.AddDays(-1)
            ? "Yesterday"
            : day.ToString(day.Year == today.Year ? "MMM d" : "MMM d, yyyy", Invariant);
    }

    private static string Account(AuditEvent e)
    {
        var name = e.Actor?.Name is { Length: > 0 } full ? full.Split(' ', 2)[0] : e.Actor?.Id;
        return name is null ? "unknown account" : $"{name}'s account";
    }

    private static long? Number(AuditEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
