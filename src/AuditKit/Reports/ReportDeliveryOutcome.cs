namespace AuditKit.Reports;

/// <summary>Whether a scheduled report reached one channel.</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Delivered">Whether the send succeeded.</param>
/// <param name="Error">Why it failed; null when it was delivered.</param>
public sealed record ReportDeliveryOutcome(string Channel, bool Delivered, string? Error);
