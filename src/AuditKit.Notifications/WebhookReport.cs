namespace AuditKit.Notifications;

/// <summary>The JSON a webhook receives for a scheduled report (camelCase): its facts and where the file is kept.</summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Title">The report's title ("User Access Report").</param>
/// <param name="Kind">The report (<c>UserAccess</c>…).</param>
/// <param name="Format">Csv, JsonLines or Pdf.</param>
/// <param name="From">The range's start (inclusive).</param>
/// <param name="To">The range's end (exclusive), the occurrence the run was for.</param>
/// <param name="TenantId">The tenant reported on, if any.</param>
/// <param name="Rows">The report's rows.</param>
/// <param name="Events">The audit events the rows come from.</param>
/// <param name="GeneratedAt">When the report was generated.</param>
/// <param name="EvidenceIntact">Whether the rows' hash chain verified at generation time.</param>
/// <param name="FileName">The file's name.</param>
/// <param name="FilePath">Where the file is kept on the server (the schedule folder).</param>
/// <param name="FileBytes">The file's size.</param>
public sealed record WebhookReport(
    string Schedule,
    string Title,
    string Kind,
    string Format,
    DateTimeOffset From,
    DateTimeOffset To,
    string? TenantId,
    long Rows,
    long Events,
    DateTimeOffset GeneratedAt,
    bool EvidenceIntact,
    string FileName,
    string FilePath,
    long FileBytes);
