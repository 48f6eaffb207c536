namespace AuditKit;

/// <summary>How much attention an event deserves; "Recent High-Priority Events" are those at <see cref="High"/> or above.</summary>
public enum RiskLevel
{
    /// <summary>No particular risk (the default).</summary>
    None = 0,

    /// <summary>Low risk: routine security events such as a successful login.</summary>
    Low = 1,

    /// <summary>Medium risk: a failed login, an API key created.</summary>
    Medium = 2,

    /// <summary>High risk: a permission change, a locked account, a large export.</summary>
    High = 3,

    /// <summary>Critical risk: needs immediate action.</summary>
    Critical = 4,
}
