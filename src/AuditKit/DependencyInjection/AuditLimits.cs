namespace AuditKit;

/// <summary>
/// Size limits for events. Identifiers over their limit are rejected with an <see cref="ArgumentException"/>
/// naming the field; free text and change values over theirs are truncated and marked, so that a huge value
/// never blocks the audit of the action that carried it.
/// </summary>
public sealed class AuditLimits
{
    /// <summary>Marker appended to truncated text.</summary>
    public const string TruncationMarker = "…[truncated]";

    /// <summary>Identifiers (action, tenant, actor id/role/e-mail, entity type, record id, module, component, correlation, trace, IP, session, field names, metadata keys): rejected above this. Default 256 characters.</summary>
    public int MaxIdentifierLength { get; set; } = 256;

    /// <summary>Free text (message, actor name, record name, location, device, user agent): truncated above this. Default 4,096 characters.</summary>
    public int MaxTextLength { get; set; } = 4_096;

    /// <summary>A field change's old or new value: truncated above this. Default 65,536 characters.</summary>
    public int MaxValueLength { get; set; } = 65_536;

    /// <summary>Field changes per event: rejected above this. Default 1,000.</summary>
    public int MaxChanges { get; set; } = 1_000;

    /// <summary>Metadata entries per event: rejected above this. Default 100.</summary>
    public int MaxMetadataEntries { get; set; } = 100;

    /// <summary>One metadata value's JSON size in bytes: rejected above this. Default 65,536.</summary>
    public int MaxMetadataValueBytes { get; set; } = 65_536;
}
