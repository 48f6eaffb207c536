namespace AuditKit;

/// <summary>A page of the alert inbox.</summary>
/// <param name="Alerts">The alerts, newest first.</param>
/// <param name="NextCursor">Where the next page starts, or null at the end.</param>
public sealed record AlertInboxPage(IReadOnlyList<AlertInboxEntry> Alerts, string? NextCursor);
