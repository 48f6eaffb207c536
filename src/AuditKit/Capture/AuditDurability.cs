namespace AuditKit;

/// <summary>When a call to <see cref="IAuditLog.RecordAsync"/> returns.</summary>
public enum AuditDurability
{
    /// <summary>Once the event is committed to the store together with its batch (group commit). The default.</summary>
    Committed = 0,

    /// <summary>Once the event is queued; it is written by the background writer and flushed on shutdown.</summary>
    Enqueued = 1,
}
