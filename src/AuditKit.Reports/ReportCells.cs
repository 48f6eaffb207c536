using System.Globalization;
using System.Text.Json;

namespace AuditKit.Reports;

/// <summary>How event fields read in report cells: invariant, UTC, the same in every format.</summary>
internal static class ReportCells
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff'Z'";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string? User(AuditEvent e) => e.Actor?.Name ?? e.Actor?.Id;

    public static string? Entity(AuditEvent e) => e.Target?.EntityType ?? e.Target?.Component;

    public static string? Record(AuditEvent e) => e.Target?.RecordName ?? e.Target?.RecordId;

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Metadata(AuditEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;

    public static long MetadataNumber(AuditEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;

    /// <summary>"Field: old → new; …" for a cell that lists every change of an event.</summary>
    public static string? Changes(AuditEvent e) =>
        e.Changes.Count == 0
            ? null
            : string.Join("; ", e.Changes.Select(c => $"{c.DisplayName ?? c.Field}: {c.ShownOldValue ?? "(none)"} → {c.ShownNewValue ?? "(none)"}"));

    public static bool Failed(AuditOutcome outcome) => outcome is AuditOutcome.Failure or AuditOutcome.Denied;
}
