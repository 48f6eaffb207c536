using System.Security.Claims;

namespace AuditKit.AspNetCore;

/// <summary>
/// Options of AuditKit's ASP.NET Core integration: which claims carry the actor, tenant and session, how the client
/// is described, and the audit HTTP API's policies. Set with <c>audit.AddAspNetCore(o => ...)</c>; validated at start-up.
/// </summary>
public sealed class AuditAspNetCoreOptions
{
    /// <summary>Claim types tried in order for the actor id. Default <see cref="ClaimTypes.NameIdentifier"/>, then <c>sub</c>.</summary>
    public IList<string> UserIdClaimTypes { get; } = [ClaimTypes.NameIdentifier, "sub"];

    /// <summary>Claim types tried in order for the actor's display name. Default <see cref="ClaimTypes.Name"/>, then <c>name</c>.</summary>
    public IList<string> NameClaimTypes { get; } = [ClaimTypes.Name, "name"];

    /// <summary>Claim types tried in order for the actor's e-mail. Default <see cref="ClaimTypes.Email"/>, then <c>email</c>.</summary>
    public IList<string> EmailClaimTypes { get; } = [ClaimTypes.Email, "email"];

    /// <summary>
    /// Claim types whose values are the actor's roles (joined with ", " into <see cref="AuditActor.Role"/>). Default the
    /// identity's own role claim type, <see cref="ClaimTypes.Role"/> and <c>role</c>.
    /// </summary>
    public IList<string> RoleClaimTypes { get; } = [ClaimTypes.Role, "role"];

    /// <summary>
    /// The claim that holds the user's tenant, or <see langword="null"/> (the default) for a single-tenant host. When set,
    /// every event recorded in a request carries the principal's tenant, every read through the audit API is scoped to
    /// it, and the audit API refuses (403) a principal without it. The tenant never comes from a query parameter.
    /// </summary>
    public string? TenantClaimType { get; set; }

    /// <summary>
    /// The claim that holds the session id (<see cref="AuditClient.SessionId"/>). Default <c>sid</c>; the cookie sign-in
    /// hooks add one to the cookie at sign-in when the principal has none, so logins and logouts pair up.
    /// </summary>
    public string SessionIdClaimType { get; set; } = "sid";

    /// <summary>
    /// Whether the request's <see cref="Microsoft.AspNetCore.Http.HttpContext.TraceIdentifier"/> is used as the correlation
    /// id when no <see cref="System.Diagnostics.Activity"/> is running. Default true. With an activity, its W3C trace id is used.
    /// </summary>
    public bool CorrelateByRequest { get; set; } = true;

    /// <summary>The audit HTTP API (<c>app.MapAuditKit("/audit")</c>).</summary>
    public AuditApiOptions Api { get; } = new();

    /// <summary>Auditing of API requests (category <see cref="AuditCategory.ApiRequest"/>); off by default.</summary>
    public AuditRequestOptions Requests { get; } = new();
}
