using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Authorization;

namespace AuditKit.Samples.Erp.Web;

/// <summary>The sample's authorization policies: who edits records, who reads and who administers the audit log.</summary>
internal static class ErpPolicies
{
    public const string Editors = "ErpEditors";
    public const string AuditReaders = "AuditReaders";
    public const string AuditAdministrators = "AuditAdministrators";

    /// <summary>Administrators of the whole application (the operator Angage's admins): they save store-wide settings such as the retention policies.</summary>
    public const string StoreAdministrators = "StoreAdministrators";

    /// <summary>The tenant that operates the application.</summary>
    public const string OperatorTenant = "angage";

    public static void Add(AuthorizationBuilder authorization) => authorization
        .AddPolicy(Editors, p => p.RequireRole(ErpRoles.Admin, ErpRoles.User))
        .AddPolicy(AuditReaders, p => p.RequireRole(ErpRoles.Admin, ErpRoles.Auditor))
        .AddPolicy(AuditAdministrators, p => p.RequireRole(ErpRoles.Admin))
        .AddPolicy(StoreAdministrators, p => p.RequireRole(ErpRoles.Admin).RequireClaim(CurrentTenant.TenantClaim, OperatorTenant));
}
