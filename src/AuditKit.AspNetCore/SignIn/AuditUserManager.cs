using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit.AspNetCore;

/// <summary>
/// ASP.NET Core Identity's <see cref="UserManager{TUser}"/> with account security changes recorded when they succeed:
/// password changed, password reset (and a password set by an administrator), two-factor enabled or disabled.
/// </summary>
internal sealed class AuditUserManager<TUser>(
    IUserStore<TUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<TUser> passwordHasher,
    IEnumerable<IUserValidator<TUser>> userValidators,
    IEnumerable<IPasswordValidator<TUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<TUser>> logger,
    AuditSignInEvents events,
    IHttpContextAccessor? httpContextAccessor = null)
    : UserManager<TUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
    where TUser : class
{
    public override async Task<IdentityResult> ChangePasswordAsync(TUser user, string currentPassword, string newPassword)
    {
        var result = await base.ChangePasswordAsync(user, currentPassword, newPassword).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await events.PasswordChangedAsync(Http, await IdentityActors.ActorOfAsync(this, user).ConfigureAwait(false), CancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override async Task<IdentityResult> AddPasswordAsync(TUser user, string password)
    {
        var result = await base.AddPasswordAsync(user, password).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await events.PasswordChangedAsync(Http, await IdentityActors.ActorOfAsync(this, user).ConfigureAwait(false), CancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override async Task<IdentityResult> ResetPasswordAsync(TUser user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await events.PasswordResetAsync(Http, await IdentityActors.ActorOfAsync(this, user).ConfigureAwait(false), CancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override async Task<IdentityResult> SetTwoFactorEnabledAsync(TUser user, bool enabled)
    {
        var before = SupportsUserTwoFactor && await GetTwoFactorEnabledAsync(user).ConfigureAwait(false);
        var result = await base.SetTwoFactorEnabledAsync(user, enabled).ConfigureAwait(false);
        if (result.Succeeded && before != enabled)
        {
            var account = await IdentityActors.ActorOfAsync(this, user).ConfigureAwait(false);
            await (enabled ? events.TwoFactorEnabledAsync(Http, account, CancellationToken) : events.TwoFactorDisabledAsync(Http, account, CancellationToken)).ConfigureAwait(false);
        }

        return result;
    }

    private HttpContext? Http => httpContextAccessor?.HttpContext;
}

/// <summary>The <see cref="AuditActor"/> of an Identity user: id, user name, e-mail and roles as the user manager reports them.</summary>
internal static class IdentityActors
{
    public static async Task<AuditActor> ActorOfAsync<TUser>(UserManager<TUser> users, TUser user)
        where TUser : class
    {
        var id = await users.GetUserIdAsync(user).ConfigureAwait(false);
        var name = await users.GetUserNameAsync(user).ConfigureAwait(false);
        var email = users.SupportsUserEmail ? await users.GetEmailAsync(user).ConfigureAwait(false) : null;
        var roles = users.SupportsUserRole ? await users.GetRolesAsync(user).ConfigureAwait(false) : [];
        return new AuditActor(PrincipalReader.Cut(id), name, PrincipalReader.Cut(email), roles.Count == 0 ? null : PrincipalReader.Cut(string.Join(", ", roles)));
    }
}
