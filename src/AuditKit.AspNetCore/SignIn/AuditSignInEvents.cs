using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuditKit.AspNetCore;

/// <summary>
/// Records sign-in events with the request's client (IP, device, session) and the principal's tenant: login, logout,
/// failed login numbered "attempt n of m", account locked, password changed or reset, two-factor enrollment. The cookie
/// and ASP.NET Core Identity hooks use it; a host that checks passwords itself calls it directly. Registered by
/// <c>audit.AddAspNetCore()</c>.
/// </summary>
public sealed class AuditSignInEvents
{
    private readonly IAuditLog _log;
    private readonly RequestContextFactory _contexts;
    private readonly PrincipalReader _principals;
    private readonly IAuditContextAccessor _accessor;

    internal AuditSignInEvents(IAuditLog log, RequestContextFactory contexts, PrincipalReader principals, IAuditContextAccessor accessor)
    {
        _log = log;
        _contexts = contexts;
        _principals = principals;
        _accessor = accessor;
    }

    /// <summary>Records a successful sign-in of <paramref name="user"/> (UserAction / Login), committed before it returns.</summary>
    /// <param name="http">The request.</param>
    /// <param name="user">The principal signed in.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task LoginAsync(HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        RecordForAsync(http, user, AuditEvents.Login(_principals.ActorOf(user)), cancellationToken);

    /// <summary>Records a sign-out of <paramref name="user"/> (UserAction / Logout).</summary>
    /// <param name="http">The request.</param>
    /// <param name="user">The principal signing out.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task LogoutAsync(HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        RecordForAsync(http, user, AuditEvents.Logout(_principals.ActorOf(user)), cancellationToken);

    /// <summary>
    /// Records a failed sign-in of an account. With <paramref name="attempt"/> (the host's own count, as ASP.NET Core
    /// Identity keeps it) the event is "Failed Login (attempt/maxAttempts)"; without it AuditKit numbers the account's
    /// consecutive failures since its last successful login (<see cref="AuditEvents.LoginFailedCounted"/>).
    /// </summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The account that failed to sign in (its id at least).</param>
    /// <param name="maxAttempts">The lockout threshold.</param>
    /// <param name="attempt">The attempt's number when the host counts, else null.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task LoginFailedAsync(HttpContext http, AuditActor account, int maxAttempts, int? attempt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var e = attempt is { } n
            ? AuditEvents.LoginFailed(account, Math.Clamp(n, 1, maxAttempts), maxAttempts)
            : AuditEvents.LoginFailedCounted(account, maxAttempts);
        return RecordForAsync(http, null, e, cancellationToken);
    }

    /// <summary>Records that an account was locked (Security / AccountLocked, high risk).</summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The locked account.</param>
    /// <param name="reason">Why, if known ("5 failed logins").</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task AccountLockedAsync(HttpContext http, AuditActor account, string? reason = null, CancellationToken cancellationToken = default) =>
        RecordForAsync(http, null, AuditEvents.AccountLocked(account, reason), cancellationToken);

    /// <summary>Records a password change of <paramref name="account"/> (by the signed-in user, or the account itself).</summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The account whose password changed.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task PasswordChangedAsync(HttpContext? http, AuditActor account, CancellationToken cancellationToken = default) =>
        RecordOnAsync(http, AuditEvents.PasswordChanged(account), cancellationToken);

    /// <summary>Records a password reset of <paramref name="account"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The account whose password was reset.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task PasswordResetAsync(HttpContext? http, AuditActor account, CancellationToken cancellationToken = default) =>
        RecordOnAsync(http, AuditEvents.PasswordReset(account), cancellationToken);

    /// <summary>Records that <paramref name="account"/> enrolled in two-factor authentication ("2FA Enabled").</summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task TwoFactorEnabledAsync(HttpContext? http, AuditActor account, CancellationToken cancellationToken = default) =>
        RecordOnAsync(http, AuditEvents.TwoFactorEnabled(account), cancellationToken);

    /// <summary>Records that <paramref name="account"/> turned two-factor authentication off (Security / <c>TwoFactorDisabled</c>, medium risk).</summary>
    /// <param name="http">The request.</param>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    public Task TwoFactorDisabledAsync(HttpContext? http, AuditActor account, CancellationToken cancellationToken = default) =>
        RecordOnAsync(http, new AuditEvent(AuditCategory.Security, "TwoFactorDisabled")
        {
            Actor = account,
            Risk = RiskLevel.Medium,
            Message = "2FA Disabled",
            Target = new AuditTarget("User", account.Id, account.Name),
        }, cancellationToken);

    // An event about an account: the actor is the signed-in user when there is one (an administrator resetting
    // somebody's password), else the account itself.
    private Task RecordOnAsync(HttpContext? http, AuditEvent e, CancellationToken cancellationToken)
    {
        var signedIn = _principals.ActorOf(http?.User);
        if (signedIn is not null && e.Actor is not null && signedIn.Id != e.Actor.Id)
        {
            e = e with { Actor = signedIn };
        }

        return http is null ? _log.RecordAsync(e, cancellationToken: cancellationToken).AsTask() : RecordForAsync(http, http.User, e, cancellationToken);
    }

    // Records within the request's context as seen for 'user' (null: the request's own, anonymous for a failed login).
    private async Task RecordForAsync(HttpContext http, ClaimsPrincipal? user, AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var context = await _contexts.CreateAsync(http, user ?? http.User, cancellationToken).ConfigureAwait(false);
        if (user is null && _accessor.Current?.TenantId is { } tenant)
        {
            context = context with { TenantId = tenant };
        }

        using (_accessor.BeginScope(context))
        {
            await _log.RecordAsync(e, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
