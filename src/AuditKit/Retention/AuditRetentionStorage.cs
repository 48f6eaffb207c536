namespace AuditKit;

/// <summary>
/// The retention screen's "Storage" box from one call. Within a tenant's scope only that tenant's figures are given:
/// <see cref="ActiveBytes"/> is null (the store's size covers every tenant), the rest count the tenant's events and archives.
/// </summary>
/// <param name="ActiveEvents">Events in the active store.</param>
/// <param name="ActiveBytes">Bytes the active store takes (null in a tenant's scope).</param>
/// <param name="ArchivedEvents">Events in archives (sum of manifests).</param>
/// <param name="ArchivedBytes">Bytes of archives (sum of manifests).</param>
/// <param name="ArchiveCount">Archives.</param>
/// <param name="CapacityBytes">The configured capacity (<see cref="RetentionOptions.CapacityBytes"/>), if any.</param>
/// <param name="UsagePercent">(active + archived bytes) / capacity × 100, when both are known.</param>
public sealed record AuditRetentionStorage(long ActiveEvents, long? ActiveBytes, long ArchivedEvents, long ArchivedBytes, int ArchiveCount, long? CapacityBytes, double? UsagePercent);
