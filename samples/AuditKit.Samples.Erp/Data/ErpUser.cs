namespace AuditKit.Samples.Erp.Data;

/// <summary>A user who signs in with a password (hashed with ASP.NET Core's PasswordHasher); not audited as a record.</summary>
internal sealed class ErpUser
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>One of <see cref="ErpRoles"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The job title shown in the audit log ("Sales Manager").</summary>
    public string Title { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
