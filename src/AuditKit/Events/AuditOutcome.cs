namespace AuditKit;

/// <summary>How the audited action ended (the "Result" / "Status" column).</summary>
public enum AuditOutcome
{
    /// <summary>The action succeeded.</summary>
    Success = 0,

    /// <summary>The action completed with a warning (for example a reconciliation with differences).</summary>
    Warning = 1,

    /// <summary>The action failed.</summary>
    Failure = 2,

    /// <summary>The action was refused (authorization, locked account, exhausted login attempts).</summary>
    Denied = 3,
}
