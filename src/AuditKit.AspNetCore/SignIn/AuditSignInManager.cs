using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// ASP.NET Core Identity's <see cref="SignInManager{TUser}"/> with failed sign-ins and lockouts recorded: a wrong password
/// is "Failed Login (n/m)" with Identity's own failure count and lockout threshold; the attempt that locks the account
/// records the last failure and AccountLocked; an attempt on a locked account records a denied failure. Successful
/// logins and logouts are recorded by the cookie hooks on Identity's application scheme.
/// </summary>
internal sealed class AuditSignInManager<TUser>(
    UserManager<TUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<TUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<TUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<TUser> confirmation,
    AuditSignInEvents events)
    : SignInManager<TUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
    where TUser : class
{
    public override async Task<SignInResult> CheckPasswordSignInAsync(TUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockedBefore = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user).ConfigureAwait(false);
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure).ConfigureAwait(false);
        if (result.Succeeded || result.RequiresTwoFactor || result.IsNotAllowed && !lockedBefore)
        {
            return result;
        }

        var http = Context;
        var account = await IdentityActors.ActorOfAsync(UserManager, user).ConfigureAwait(false);
        var max = Options.Lockout.MaxFailedAccessAttempts;
        if (lockedBefore)
        {
            await events.LoginFailedAsync(http, account, max, max, http.RequestAborted).ConfigureAwait(false);
        }
        else if (result.IsLockedOut)
        {
            await events.LoginFailedAsync(http, account, max, max, http.RequestAborted).ConfigureAwait(false);
            await events.AccountLockedAsync(http, account, $"{max} failed logins", http.RequestAborted).ConfigureAwait(false);
        }
        else if (lockoutOnFailure && UserManager.SupportsUserLockout)
        {
            var failures = await UserManager.GetAccessFailedCountAsync(user).ConfigureAwait(false);
            await events.LoginFailedAsync(http, account, max, failures, http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await events.LoginFailedAsync(http, account, max, null, http.RequestAborted).ConfigureAwait(false);
        }

        return result;
    }
}
