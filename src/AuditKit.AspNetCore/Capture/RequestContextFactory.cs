using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// Builds the ambient <see cref="AuditContext"/> of a request: actor and tenant from the principal, the client from the
/// connection (<see cref="ConnectionInfo.RemoteIpAddress"/>, which the host's ForwardedHeaders middleware rewrites when it
/// trusts the proxy; raw X-Forwarded-For headers are never read), user agent, device, session and correlation.
/// </summary>
internal sealed class RequestContextFactory(PrincipalReader principals, IOptions<AuditAspNetCoreOptions> options, IGeoLocator? geoLocator = null)
{
    public ValueTask<AuditContext> CreateAsync(HttpContext http, CancellationToken cancellationToken) => CreateAsync(http, http.User, cancellationToken);

    /// <summary>The context of a request on behalf of <paramref name="user"/> (the principal being signed in or out).</summary>
    public async ValueTask<AuditContext> CreateAsync(HttpContext http, System.Security.Claims.ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        string? location = null;
        if (geoLocator is not null && address is not null && !IPAddress.IsLoopback(address))
        {
            location = await geoLocator.LocateAsync(address, cancellationToken).ConfigureAwait(false);
        }

        var agent = http.Request.Headers.UserAgent.ToString();
        if (agent.Length > 1024)
        {
            agent = agent[..1024];
        }

        var client = new AuditClient(
            address?.ToString(),
            location,
            agent.Length == 0 ? null : agent,
            DeviceDescriber.Describe(agent),
            principals.SessionOf(user));
        return new AuditContext(principals.ActorOf(user), client, principals.TenantOf(user), CorrelationOf(http));
    }

    private string? CorrelationOf(HttpContext http)
    {
        if (Activity.Current is { } activity && activity.TraceId != default)
        {
            return activity.TraceId.ToHexString();
        }

        return options.Value.CorrelateByRequest ? PrincipalReader.Cut(http.TraceIdentifier) : null;
    }
}
