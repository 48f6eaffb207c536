namespace AuditKit;

/// <summary>Options of <see cref="IAuditSettings"/>.</summary>
public sealed class AuditSettingsOptions
{
    /// <summary>How often watched documents are read again from the store to pick up other processes' saves. Default 2 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}
