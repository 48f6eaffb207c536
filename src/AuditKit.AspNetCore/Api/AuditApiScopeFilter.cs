using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore;

/// <summary>
/// Runs each audit API call inside the caller's audit context, built from the principal on the server: the reader
/// scopes every read to the principal's tenant (a principal without one is refused when a tenant claim is configured).
/// Bad values that only the core can judge (a cursor, a display id) become 400 problems naming the parameter; a
/// settings conflict becomes 409.
/// </summary>
internal sealed class AuditApiScopeFilter(RequestContextFactory contexts, PrincipalReader principals, IAuditContextAccessor accessor) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var context = await contexts.CreateAsync(http, http.RequestAborted).ConfigureAwait(false);
        if (principals.TenantRequired && context.TenantId is null)
        {
            return TypedResults.Problem(
                detail: "The audit API is scoped to the caller's tenant, and the signed-in user has no tenant claim.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "No tenant");
        }

        using (accessor.BeginScope(context))
        {
            try
            {
                return await next(invocation).ConfigureAwait(false);
            }
            catch (AuditSettingsConflictException conflict)
            {
                return TypedResults.Problem(detail: conflict.Message, statusCode: StatusCodes.Status409Conflict, title: "Version conflict",
                    extensions: new Dictionary<string, object?> { ["expectedVersion"] = conflict.ExpectedVersion, ["actualVersion"] = conflict.ActualVersion });
            }
            catch (ArgumentException bad)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [FieldOf(bad.ParamName)] = [bad.Message] });
            }
        }
    }

    // The core names its own members (AuditQuery.Cursor); the client knows the query parameter.
    private static string FieldOf(string? parameter) => parameter switch
    {
        null or "" => "request",
        "Cursor" => "cursor",
        "PageSize" => "pageSize",
        "From" => "from",
        "To" => "to",
        "Text" => "q",
        "displayId" => "id",
        _ => char.ToLowerInvariant(parameter[0]) + parameter[1..],
    };
}
