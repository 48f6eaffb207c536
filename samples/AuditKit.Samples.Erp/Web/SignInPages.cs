using System.Security.Claims;
using AuditKit.AspNetCore;
using AuditKit.Samples.Erp.Data;
using AuditKit.Samples.Erp.Seeding;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.Samples.Erp.Web;

/// <summary>
/// Cookie sign-in with the seeded users. AuditKit's cookie hooks record Login and Logout; this page records what only
/// it knows through <see cref="AuditSignInEvents"/>: failed attempts numbered "n/5" and the lockout after the fifth.
/// </summary>
internal static class SignInPages
{
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/customers"));
        app.MapGet("/login", (HttpContext http, IAntiforgery antiforgery, string? message) => LoginPage(http, antiforgery, message, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/login", LoginAsync).AllowAnonymous();
        app.MapPost("/logout", LogoutAsync);
        app.MapGet("/denied", (HttpContext http, IAntiforgery antiforgery) =>
            Html.Page(http, antiforgery, "Access denied", "<p>Your role does not allow this page.</p>", StatusCodes.Status403Forbidden));
    }

    private static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, string? message, int status)
    {
        var returnUrl = http.Request.Query["ReturnUrl"].ToString();
        var fields = Html.Input("username", "User name", "") + Html.Input("password", "Password", "", "password")
            + $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">";
        var demo = Html.Table(["User", "Name", "Role", "Tenant"], ErpTenant.All.SelectMany(t => t.People.Select(p =>
            (IEnumerable<string>)[Html.E(p.Id), Html.E(p.Name), Html.E(p.Role), Html.E(t.Name)])));
        var body = (message is null ? "" : Html.Errors([message]))
            + Html.Form("/login", antiforgery.GetAndStoreTokens(http), fields, "Sign in")
            + $"<h2>Demo users</h2><p>Every demo user's password is <code>{Html.E(ErpTenant.DemoPassword)}</code>.</p>" + demo;
        return Html.Page(http, antiforgery, "Sign in", body, status);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IAntiforgery antiforgery, ErpDbContext db, AuditSignInEvents signIns, IAuditContextAccessor audit, TimeProvider time)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return LoginPage(http, antiforgery, "The form expired; please sign in again.", StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var userName = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        if (userName.Length is 0 or > 100)
        {
            return LoginPage(http, antiforgery, "Enter your user name and password.", StatusCodes.Status400BadRequest);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userName, http.RequestAborted);
        if (user is null)
        {
            // AuditKit numbers an unknown account's consecutive failures itself.
            await signIns.LoginFailedAsync(http, new AuditActor(userName), MaxAttempts, cancellationToken: http.RequestAborted);
            return LoginPage(http, antiforgery, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
        }

        var account = new AuditActor(user.Id, user.Name, user.Email, user.Title);
        var now = time.GetUtcNow();
        using (audit.BeginScope(new AuditContext(TenantId: user.TenantId)))
        {
            if (user.LockedUntil is { } until && until > now)
            {
                await signIns.LoginFailedAsync(http, account, MaxAttempts, MaxAttempts, http.RequestAborted);
                return LoginPage(http, antiforgery, "This account is locked; try again later.", StatusCodes.Status401Unauthorized);
            }

            if (new PasswordHasher<ErpUser>().VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
            {
                user.FailedLogins = Math.Min(MaxAttempts, user.LockedUntil is null ? user.FailedLogins + 1 : 1);
                user.LockedUntil = null;
                await signIns.LoginFailedAsync(http, account, MaxAttempts, user.FailedLogins, http.RequestAborted);
                if (user.FailedLogins == MaxAttempts)
                {
                    user.LockedUntil = now + Lockout;
                    user.FailedLogins = 0;
                    await signIns.AccountLockedAsync(http, account, $"{MaxAttempts} failed logins", http.RequestAborted);
                }

                await db.SaveChangesAsync(http.RequestAborted);
                return LoginPage(http, antiforgery, "Wrong user name or password.", StatusCodes.Status401Unauthorized);
            }
        }

        user.FailedLogins = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(http.RequestAborted);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Email, user.Email),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(CurrentTenant.TenantClaim, user.TenantId),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        var returnUrl = form["returnUrl"].ToString();
        return Results.LocalRedirect(returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/customers");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/login");
    }
}
