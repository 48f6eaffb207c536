using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// Chains AuditKit's handlers in front of a cookie scheme's own <see cref="CookieAuthenticationOptions.Events"/>: a
/// session id claim added at sign-in when the principal has none, Login after sign-in, Logout before sign-out. A
/// re-issue of the same user's cookie (Identity's <c>RefreshSignInAsync</c>) keeps the session and records nothing.
/// Schemes that resolve their events from DI (<see cref="Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions.EventsType"/>)
/// are not wrapped: call <see cref="AuditSignInEvents"/> from those events instead.
/// </summary>
internal sealed class CookieSignInEventsSetup(IServiceProvider services, IOptions<CookieSignInSchemes> schemes, IOptions<AuditAspNetCoreOptions> options) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    private const string RefreshKey = "AuditKit.CookieRefresh";

    public void PostConfigure(string? name, CookieAuthenticationOptions cookie)
    {
        if (name is null || !schemes.Value.Names.Contains(name))
        {
            return;
        }

        var events = cookie.Events ??= new CookieAuthenticationEvents();
        var sessionClaim = options.Value.SessionIdClaimType;
        var signingIn = events.OnSigningIn;
        var signedIn = events.OnSignedIn;
        var signingOut = events.OnSigningOut;

        events.OnSigningIn = context =>
        {
            if (context.Principal is { Identity: ClaimsIdentity identity } principal && principal.FindFirst(sessionClaim) is null)
            {
                var reader = services.GetRequiredService<PrincipalReader>();
                var current = context.HttpContext.User;
                var refresh = current.Identity?.IsAuthenticated == true && reader.ActorOf(current)?.Id is { } id && id == reader.ActorOf(principal)?.Id;
                var session = refresh ? current.FindFirst(sessionClaim)?.Value : null;
                if (refresh)
                {
                    context.HttpContext.Items[RefreshKey] = true;
                }

                identity.AddClaim(new Claim(sessionClaim, session ?? NewSessionId()));
            }

            return signingIn(context);
        };
        events.OnSignedIn = async context =>
        {
            if (context.Principal is { } principal && !context.HttpContext.Items.ContainsKey(RefreshKey))
            {
                await services.GetRequiredService<AuditSignInEvents>().LoginAsync(context.HttpContext, principal, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }

            await signedIn(context).ConfigureAwait(false);
        };
        events.OnSigningOut = async context =>
        {
            if (context.HttpContext.User is { Identity.IsAuthenticated: true } user)
            {
                await services.GetRequiredService<AuditSignInEvents>().LogoutAsync(context.HttpContext, user, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }

            await signingOut(context).ConfigureAwait(false);
        };
    }

    // 128 random bits: a session id must not be guessable from another.
    private static string NewSessionId() => "sess_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>The cookie schemes whose events AuditKit records (added by <c>AddAuditKitSignInEvents</c>).</summary>
internal sealed class CookieSignInSchemes
{
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
}
