namespace AuditKit;

/// <summary>Derived presentations of an event that the screens show.</summary>
public static class AuditEventStatusExtensions
{
    /// <summary>
    /// The security screen's status: <see cref="AuditSecurityStatus.Blocked"/> for a denied event or a locked
    /// account, <see cref="AuditSecurityStatus.Warning"/> for a failure or warning, else <see cref="AuditSecurityStatus.Success"/>.
    /// </summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>Its status.</returns>
    public static AuditSecurityStatus SecurityStatus(this AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.Outcome == AuditOutcome.Denied || auditEvent.Action == AuditActions.AccountLocked
            ? AuditSecurityStatus.Blocked
            : auditEvent.Outcome is AuditOutcome.Failure or AuditOutcome.Warning ? AuditSecurityStatus.Warning : AuditSecurityStatus.Success;
    }
}
