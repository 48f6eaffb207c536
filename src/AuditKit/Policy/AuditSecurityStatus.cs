namespace AuditKit;

/// <summary>The security screen's Status column.</summary>
public enum AuditSecurityStatus
{
    /// <summary>✓: the action succeeded.</summary>
    Success = 0,

    /// <summary>⚠: it failed or succeeded with a warning (a failed login before the lockout).</summary>
    Warning = 1,

    /// <summary>⛔: it was denied or blocked (the last failed attempt, a locked account).</summary>
    Blocked = 2,
}
