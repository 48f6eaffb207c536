namespace AuditKit.Interop;

/// <summary>Options of one import (<see cref="AuditImporter"/>).</summary>
public sealed class AuditImportOptions
{
    /// <summary>
    /// Names the source: the import's stream and its bookkeeping document (<c>import.&lt;name&gt;</c>) belong to it, and importing
    /// the same name again adds only rows not imported yet. Lower-case letters, digits, '.', '-' and '_'. Default: the
    /// source kind ("audit-net", "abp").
    /// </summary>
    public string? SourceName { get; set; }

    /// <summary>Events per append transaction (1–10,000). Default 2,000.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>
    /// The time zone of source timestamps that carry no offset (ABP's columns; Audit.NET dates without "Z"). Default UTC.
    /// </summary>
    public TimeZoneInfo SourceTimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>ABP: the table name prefix (default "Abp": AbpAuditLogs, AbpEntityChanges, AbpEntityPropertyChanges).</summary>
    public string AbpTablePrefix { get; set; } = "Abp";

    /// <summary>ABP: the database schema of the tables, when not the default one.</summary>
    public string? AbpSchema { get; set; }
}
