namespace AuditKit.Samples.Erp.Data;

/// <summary>The sample's roles: administrators and users edit records, auditors read the audit log only.</summary>
internal static class ErpRoles
{
    public const string Admin = "Admin";
    public const string User = "User";
    public const string Auditor = "Auditor";
}
