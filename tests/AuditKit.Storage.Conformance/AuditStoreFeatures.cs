namespace AuditKit.Storage.Conformance;

/// <summary>
/// The optional parts of the <see cref="AuditStore"/> contract (virtual members whose default throws
/// <see cref="NotSupportedException"/>). A store declares what it implements through
/// <see cref="AuditStoreConformanceTests.Features"/>; for each part it leaves out, the suite checks that the store
/// refuses it with <see cref="NotSupportedException"/> instead of doing less than it says.
/// </summary>
[Flags]
public enum AuditStoreFeatures
{
    /// <summary>Only the required members.</summary>
    None = 0,

    /// <summary>Settings documents: <see cref="AuditStore.GetSettingsAsync"/> and <see cref="AuditStore.SaveSettingsAsync"/> (subscriptions need them too).</summary>
    Settings = 1,

    /// <summary>Erasure: <see cref="AuditStore.ApplyErasureAsync"/>.</summary>
    Erasure = 2,

    /// <summary>Retention deletion with tombstones and checkpoints: <see cref="AuditStore.DeleteEventsAsync"/>, <see cref="AuditStore.ReadTombstonesAsync"/>, <see cref="AuditStore.AppendCheckpointAsync"/>.</summary>
    Deletion = 4,

    /// <summary>One tenant's storage figures: <see cref="AuditStore.GetStorageInfoAsync(string, CancellationToken)"/>.</summary>
    TenantStorage = 8,

    /// <summary>Every optional part.</summary>
    All = Settings | Erasure | Deletion | TenantStorage,
}
