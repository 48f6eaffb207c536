namespace AuditKit;

/// <summary>
/// The event policy in force (<see cref="AuditEventPolicy"/>), as the write pipeline and the EF Core interceptors
/// apply it. It follows the <see cref="AuditEventPolicy.DocumentName"/> settings document: a save applies at once in
/// the saving process and within <see cref="AuditSettingsOptions.RefreshInterval"/> in the others. Change it with
/// <see cref="IAuditSettings.SaveAsync{T}"/>. Registered by <c>AddAuditKit()</c>.
/// </summary>
public interface IAuditEventPolicy
{
    /// <summary>The policy in force (a snapshot: do not change it; save a new document instead).</summary>
    AuditEventPolicy Current { get; }

    /// <summary>Whether the policy logs this event (events it drops are counted in <c>auditkit.events.dropped</c>, never stored).</summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>True to log it.</returns>
    bool Allows(AuditEvent auditEvent);

    /// <summary>Whether views of an entity type are captured automatically.</summary>
    /// <param name="entityType">The recorded entity name.</param>
    /// <param name="configured">What the host's code configured for the type (EF Core <c>LogViews()</c>, <c>[AuditViews]</c>).</param>
    /// <returns>True to capture its views.</returns>
    bool LogsViews(string entityType, bool configured);
}
