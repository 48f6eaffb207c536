using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>Reads the actor, tenant and session of a principal with the configured claim types.</summary>
internal sealed class PrincipalReader(IOptions<AuditAspNetCoreOptions> options)
{
    // Identifier fields of an event are rejected above AuditLimits.MaxIdentifierLength (default 256): a claim longer than
    // that must not make every event of the request fail, so it is cut.
    private const int MaxIdentifier = 256;

    private readonly AuditAspNetCoreOptions _options = options.Value;

    /// <summary>The actor of an authenticated principal, or null for an anonymous one.</summary>
    public AuditActor? ActorOf(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var id = First(principal, _options.UserIdClaimTypes) ?? identity.Name;
        var name = First(principal, _options.NameClaimTypes) ?? identity.Name;
        var email = First(principal, _options.EmailClaimTypes);
        var roleTypes = _options.RoleClaimTypes.Concat(principal.Identities.Select(i => i.RoleClaimType)).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var roles = principal.Claims.Where(c => roleTypes.Contains(c.Type) && c.Value.Length > 0).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        return new AuditActor(Cut(id), name, Cut(email), roles.Count == 0 ? null : Cut(string.Join(", ", roles)), ActorKind.User);
    }

    /// <summary>
    /// The principal's tenant, or null when no tenant claim is configured or present. A tenant longer than an identifier
    /// may be is not cut (two tenants must never share a prefix's scope): it counts as no tenant, which the audit API refuses.
    /// </summary>
    public string? TenantOf(ClaimsPrincipal? principal) =>
        _options.TenantClaimType is { } type && principal?.Identity is { IsAuthenticated: true }
            && principal.FindFirst(type)?.Value is { Length: > 0 and <= MaxIdentifier } tenant ? tenant : null;

    /// <summary>The session id claim, or null.</summary>
    public string? SessionOf(ClaimsPrincipal? principal) => Cut(principal?.FindFirst(_options.SessionIdClaimType)?.Value is { Length: > 0 } v ? v : null);

    public bool TenantRequired => _options.TenantClaimType is not null;

    internal static string? Cut(string? value) => value is { Length: > MaxIdentifier } ? value[..MaxIdentifier] : value;

    private static string? First(ClaimsPrincipal principal, IList<string> types)
    {
        foreach (var type in types)
        {
            if (principal.FindFirst(type)?.Value is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }
}
