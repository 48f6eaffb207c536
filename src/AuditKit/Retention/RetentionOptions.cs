namespace AuditKit;

/// <summary>How the retention job runs (<c>audit.AddRetention(...)</c>); the policies themselves are the <see cref="AuditRetentionPolicies"/> settings document.</summary>
public sealed class RetentionOptions
{
    /// <summary>Where archives go. Default: a <see cref="FolderArchiveTarget"/> on <see cref="ArchiveFolder"/>.</summary>
    public IArchiveTarget? Target { get; set; }

    /// <summary>The local archive folder used when <see cref="Target"/> is not set.</summary>
    public string? ArchiveFolder { get; set; }

    /// <summary>The archive keys. Required.</summary>
    public IArchiveKeyProvider? KeyProvider { get; set; }

    /// <summary>When the job runs: a five-field cron expression (Cronos syntax) in <see cref="TimeZone"/>. Default <c>0 3 * * *</c> (03:00 daily).</summary>
    public string Schedule { get; set; } = "0 3 * * *";

    /// <summary>The time zone id of <see cref="Schedule"/>. Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Whether a hosted service runs the job on <see cref="Schedule"/>. Default true; off, call <see cref="IAuditRetention.RunAsync"/>.</summary>
    public bool RunOnSchedule { get; set; } = true;

    /// <summary>Events deleted per transaction (<see cref="AuditDeletionRequest.BatchSize"/>). Default 1,000.</summary>
    public int DeleteBatchSize { get; set; } = AuditDeletionRequest.DefaultBatchSize;

    /// <summary>A pause between deletion batches, so writers are never held back for long. Default none.</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.Zero;

    /// <summary>The folder for archive files being written before upload. Default: a folder under the system's temporary path.</summary>
    public string? WorkFolder { get; set; }

    /// <summary>
    /// How long an instance's hold on the job (its lease, in the <c>retention-state</c> settings document) lasts without
    /// renewal; a running job renews it when half has passed. Another instance runs the job only when nobody holds the
    /// lease, so after a crash it takes over once this has passed. Default 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The storage capacity the screen's "Total Capacity" and usage % are computed against, in bytes; null: not configured.</summary>
    public long? CapacityBytes { get; set; }
}
