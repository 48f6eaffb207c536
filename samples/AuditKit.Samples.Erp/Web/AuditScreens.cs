using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// The audit log under <see cref="Prefix"/>: AuditKit's JSON API and its embedded screens at <c>/audit/</c>
/// (<c>o.Api.ServeUi</c> in ErpApplication); readable by administrators and auditors of the caller's own tenant.
/// <c>/audit-log</c> opens the screens.
/// </summary>
internal static class AuditScreens
{
    public const string Prefix = "/audit";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapAuditKit(Prefix);
        app.MapGet("/audit-log", () => Results.Redirect(Prefix + "/")).RequireAuthorization(ErpPolicies.AuditReaders);
    }
}
