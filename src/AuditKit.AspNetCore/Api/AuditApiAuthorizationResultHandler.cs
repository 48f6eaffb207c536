using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore;

/// <summary>
/// Answers the audit API's authorization failures as an API should, whatever the host's schemes would do (a cookie
/// scheme redirects to its login page): 401 for an anonymous caller, 403 for a caller without the policy, both as
/// problem details. Every other endpoint goes to the host's handler unchanged, and so do the audit screens' pages (a
/// browser is sent to the host's login page).
/// </summary>
internal sealed class AuditApiAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<AuditApiEndpoint>() is null || authorizeResult.Succeeded || metadata.GetMetadata<AuditUiEndpoint>() is not null)
        {
            await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var (status, title) = authorizeResult.Challenged
            ? (StatusCodes.Status401Unauthorized, "Sign-in required")
            : (StatusCodes.Status403Forbidden, "Not allowed");
        await TypedResults.Problem(statusCode: status, title: title).ExecuteAsync(context).ConfigureAwait(false);
    }
}
