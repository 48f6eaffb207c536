using AuditKit.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Hooks AuditKit's sign-in events into cookie authentication and ASP.NET Core Identity.</summary>
public static class AuditKitSignInBuilderExtensions
{
    /// <summary>
    /// Records Login when the cookie scheme signs a user in and Logout when it signs them out, with a session id claim
    /// added to the cookie (<see cref="AuditAspNetCoreOptions.SessionIdClaimType"/>) so sessions pair up. The scheme's own
    /// <see cref="CookieAuthenticationOptions.Events"/> still run after AuditKit's. Requires <c>audit.AddAspNetCore()</c>.
    /// </summary>
    /// <param name="authentication">The host's authentication builder.</param>
    /// <param name="scheme">The cookie scheme. Default <see cref="CookieAuthenticationDefaults.AuthenticationScheme"/>.</param>
    /// <returns>The authentication builder.</returns>
    public static AuthenticationBuilder AddAuditKitSignInEvents(this AuthenticationBuilder authentication, string scheme = CookieAuthenticationDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        AddCookieEvents(authentication.Services, scheme);
        return authentication;
    }

    /// <summary>
    /// Records ASP.NET Core Identity's account events: login and logout (on Identity's application cookie), failed
    /// sign-ins numbered with Identity's own failure count ("Failed Login (3/5)"), the lockout, password changes and
    /// resets, and two-factor enrollment. It replaces the <see cref="SignInManager{TUser}"/> and
    /// <see cref="UserManager{TUser}"/> with subclasses that record after the base call succeeds; call it after
    /// <c>AddIdentity</c>/<c>AddIdentityCore</c> and after any custom manager of the host's (it would replace ours).
    /// Requires <c>audit.AddAspNetCore()</c>.
    /// </summary>
    /// <param name="identity">The host's Identity builder.</param>
    /// <returns>The Identity builder.</returns>
    public static IdentityBuilder AddAuditKitEvents(this IdentityBuilder identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var signInManager = typeof(AuditSignInManager<>).MakeGenericType(identity.UserType);
        var userManager = typeof(AuditUserManager<>).MakeGenericType(identity.UserType);
        var signInService = typeof(SignInManager<>).MakeGenericType(identity.UserType);
        var userService = typeof(UserManager<>).MakeGenericType(identity.UserType);
        identity.Services.RemoveAll(signInService);
        identity.Services.AddScoped(signInService, signInManager);
        identity.Services.RemoveAll(userService);
        identity.Services.AddScoped(userService, userManager);
        AddCookieEvents(identity.Services, IdentityConstants.ApplicationScheme);
        return identity;
    }

    private static void AddCookieEvents(IServiceCollection services, string scheme)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        services.Configure<CookieSignInSchemes>(s => s.Names.Add(scheme));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, CookieSignInEventsSetup>());
    }
}
