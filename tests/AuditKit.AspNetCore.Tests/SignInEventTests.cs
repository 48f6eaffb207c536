using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AuditKit.AspNetCore.Tests;

public sealed class SignInEventTests
{
    [Test]
    public async Task CookieSignInAndOut_RecordLoginAndLogoutOfOneSession()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var client = await host.SignInAsync("jsmith", "A", "Sales Manager");

        (await client.PostAsync("/test/signout", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var events = await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login, AuditActions.Logout] });
        events.Select(e => e.Action).Should().Equal(AuditActions.Logout, AuditActions.Login);
        events.Should().OnlyContain(e => e.Actor!.Id == "jsmith" && e.TenantId == "A" && e.Client!.IpAddress == "127.0.0.1");
        events[0].Client!.SessionId.Should().StartWith("sess_").And.Be(events[1].Client!.SessionId);
    }

    [Test]
    public async Task CookieSignIn_TwoSessions_GetDifferentSessionIds()
    {
        await using var host = await AuditWebHost.StartAsync();
        using var first = await host.SignInAsync("jsmith", "A");
        using var second = await host.SignInAsync("jsmith", "A");

        var logins = await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login] });
        logins.Select(e => e.Client!.SessionId).Distinct().Should().HaveCount(2);
    }

    [Test]
    public async Task AuditSignInEvents_HostCountsNothing_FailuresAreNumberedByAuditKitAndResetByLogin()
    {
        await using var host = await AuditWebHost.StartAsync(endpoints: app =>
            app.MapPost("/own/fail", (HttpContext http, string user, AuditSignInEvents events) => events.LoginFailedAsync(http, new AuditActor(user, user), maxAttempts: 5)));
        using var client = host.Anonymous();

        await client.PostAsync("/own/fail?user=mike", null);
        await client.PostAsync("/own/fail?user=mike", null);
        using var mike = await host.SignInAsync("mike", tenant: null);
        await client.PostAsync("/own/fail?user=mike", null);

        var failed = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.LoginFailed] })).OrderBy(e => e.Timestamp).ToList();
        failed.Select(e => e.Message).Should().Equal("Failed Login (1/5)", "Failed Login (2/5)", "Failed Login (1/5)");
        failed.Should().OnlyContain(e => e.Client!.IpAddress == "127.0.0.1" && e.Actor!.Id == "mike");
    }

    [Test]
    public async Task AuditSignInEvents_AdministratorResetsSomeonesPassword_AdministratorIsActorAccountIsTarget()
    {
        await using var host = await AuditWebHost.StartAsync(endpoints: app =>
            app.MapPost("/own/reset", (HttpContext http, string user, AuditSignInEvents events) => events.PasswordResetAsync(http, new AuditActor(user, user))));
        using var admin = await host.SignInAsync("admin-a", "A", "Admin");

        (await admin.PostAsync("/own/reset?user=sarah", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var reset = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.PasswordReset] })).Single();
        reset.Actor!.Id.Should().Be("admin-a");
        reset.Target!.RecordId.Should().Be("sarah");
        reset.TenantId.Should().Be("A");
    }

    [Test]
    public async Task Identity_FailedSignIns_AreNumberedThenLockoutAndLoginRecorded()
    {
        await using var host = await IdentityHostAsync();
        using var client = host.Anonymous();
        await client.PostAsync("/id/register?user=mike&password=Right-Pa55word", null);

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/id/login?user=mike&password=wrong", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await client.PostAsync("/id/login?user=mike&password=Right-Pa55word", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the account is locked");

        var failed = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.LoginFailed] })).OrderBy(e => e.Timestamp).ToList();
        failed.Select(e => e.Message).Should().Equal("Failed Login (1/3)", "Failed Login (2/3)", "Failed Login (3/3)", "Failed Login (3/3)");
        failed.Should().OnlyContain(e => e.Actor!.Name == "mike" && e.Client!.IpAddress == "127.0.0.1");
        var locked = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.AccountLocked] })).Single();
        locked.Actor!.Name.Should().Be("mike");
        (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login] })).Should().BeEmpty();
    }

    [Test]
    public async Task Identity_LoginPasswordChangeTwoFactorAndLogout_AreRecorded()
    {
        await using var host = await IdentityHostAsync();
        using var client = host.Anonymous();
        await client.PostAsync("/id/register?user=lisa&password=Right-Pa55word", null);

        (await client.PostAsync("/id/login?user=lisa&password=Right-Pa55word", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/id/password?old=Right-Pa55word&new=Other-Pa55word", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/id/2fa", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/id/logout", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var events = (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login, AuditActions.PasswordChanged, AuditActions.TwoFactorEnabled, AuditActions.Logout] }))
            .OrderBy(e => e.Timestamp).ToList();
        events.Select(e => e.Action).Should().Equal(AuditActions.Login, AuditActions.PasswordChanged, AuditActions.TwoFactorEnabled, AuditActions.Logout);
        events.Should().OnlyContain(e => e.Actor!.Name == "lisa");
        events[0].Client!.SessionId.Should().NotBeNull().And.Be(events[3].Client!.SessionId, "the password change's cookie refresh keeps the session");
        (await host.StoredAsync(new AuditQuery { Actions = [AuditActions.Login] })).Should().ContainSingle("a cookie refresh is not a new login");
    }

    private static Task<AuditWebHost> IdentityHostAsync()
    {
        string? database = null;
        return AuditWebHost.StartAsync(
            services: builder =>
            {
                database = Path.Combine(Path.GetTempPath(), $"auditkit-identity-{Guid.NewGuid():N}.db");
                builder.Services.AddDbContext<IdentityDb>(db => db.UseSqlite($"Data Source={database}"));
                builder.Services.AddIdentityCore<IdentityUser>(o =>
                    {
                        o.Lockout.MaxFailedAccessAttempts = 3;
                        o.Lockout.AllowedForNewUsers = true;
                    })
                    .AddEntityFrameworkStores<IdentityDb>()
                    .AddSignInManager()
                    .AddAuditKitEvents();
                builder.Services.AddAuthentication().AddIdentityCookies();
            },
            endpoints: app =>
            {
                using (var scope = app.Services.CreateScope())
                {
                    scope.ServiceProvider.GetRequiredService<IdentityDb>().Database.EnsureCreated();
                }

                app.MapPost("/id/register", async (string user, string password, UserManager<IdentityUser> users) =>
                    (await users.CreateAsync(new IdentityUser(user) { Email = user + "@example.com" }, password)).Succeeded ? Results.Ok() : Results.BadRequest());
                app.MapPost("/id/login", async (string user, string password, SignInManager<IdentityUser> signIn) =>
                    (await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)).Succeeded ? Results.Ok() : Results.Unauthorized());
                app.MapPost("/id/password", async (HttpContext http, string old, string @new, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) =>
                {
                    var user = await users.GetUserAsync(http.User);
                    var result = await users.ChangePasswordAsync(user!, old, @new);
                    await signIn.RefreshSignInAsync(user!);
                    return result.Succeeded ? Results.Ok() : Results.BadRequest();
                }).RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());
                app.MapPost("/id/2fa", async (HttpContext http, UserManager<IdentityUser> users) =>
                {
                    var user = await users.GetUserAsync(http.User);
                    return (await users.SetTwoFactorEnabledAsync(user!, true)).Succeeded ? Results.Ok() : Results.BadRequest();
                }).RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());
                app.MapPost("/id/logout", async (SignInManager<IdentityUser> signIn) =>
                {
                    await signIn.SignOutAsync();
                    return Results.Ok();
                }).RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser());
            });
    }

    public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<IdentityUser>(options);
}
