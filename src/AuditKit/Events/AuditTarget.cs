namespace AuditKit;

/// <summary>What an action was performed on (OCSF "target").</summary>
/// <param name="EntityType">The kind of record ("Customer", "Order"); used for the "Entity" filter.</param>
/// <param name="RecordId">The record's identifier ("CUST-12345").</param>
/// <param name="RecordName">The record's readable name ("Acme Corporation").</param>
/// <param name="Module">The application module ("Sales", "Finance"); used for "Activity by Module".</param>
/// <param name="Component">The technical component for system events ("Database", "Notifications").</param>
public sealed record AuditTarget(
    string? EntityType = null,
    string? RecordId = null,
    string? RecordName = null,
    string? Module = null,
    string? Component = null);
