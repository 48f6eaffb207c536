using AuditKit.Samples.Erp.Data;
using Microsoft.AspNetCore.Authorization;

namespace AuditKit.Samples.Erp.Web;

/// <summary>The sample's authorization policies: who edits records, who reads and who administers the audit log.</summary>
internal static class ErpPolicies
{
    public const string Editors = "ErpEditors";
    public const string AuditReaders = "AuditReaders";
    public const string AuditAdministrators = "AuditAdministrators";

    public static void Add(AuthorizationBuilder authorization) => authorization
        .AddPolicy(Editors, p => p.RequireRole(ErpRoles.Admin, ErpRoles.User))
        .AddPolicy(AuditReaders, p => p.RequireRole(ErpRoles.Admin, ErpRoles.Auditor))
        .AddPolicy(AuditAdministrators, p => p.RequireRole(ErpRoles.Admin));
}
