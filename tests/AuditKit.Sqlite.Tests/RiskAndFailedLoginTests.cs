using AuditKit.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Risk assigned at record time and failed logins numbered by AuditKit ("Failed Login (3/5)"), through a host on a
/// real SQLite file. Expected values are the product page's security table, written out by hand.
/// </summary>
public sealed class RiskAndFailedLoginTests
{
    private static readonly AuditActor Mike = new("mwilson", "Mike Wilson", "mike@example.com", "Clerk");
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public async Task LoginFailedCounted_FiveFailuresThenSuccess_NumbersRisksAndStatusesLikeThePage()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var log = host.Services.GetRequiredService<IAuditLog>();

        var failures = new List<AuditEvent>();
        for (var i = 0; i < 5; i++)
        {
            failures.Add(await log.RecordAsync(AuditEvents.LoginFailedCounted(Mike, maxAttempts: 5)));
        }

        await log.RecordAsync(AuditEvents.Login(Mike));
        var afterSuccess = await log.RecordAsync(AuditEvents.LoginFailedCounted(Mike, maxAttempts: 5));

        failures.Select(e => (e.Message, e.Risk, e.Outcome, e.SecurityStatus())).Should().Equal(
            ("Failed Login (1/5)", RiskLevel.Medium, AuditOutcome.Failure, AuditSecurityStatus.Warning),
            ("Failed Login (2/5)", RiskLevel.Medium, AuditOutcome.Failure, AuditSecurityStatus.Warning),
            ("Failed Login (3/5)", RiskLevel.Medium, AuditOutcome.Failure, AuditSecurityStatus.Warning),
            ("Failed Login (4/5)", RiskLevel.Medium, AuditOutcome.Failure, AuditSecurityStatus.Warning),
            ("Failed Login (5/5)", RiskLevel.High, AuditOutcome.Denied, AuditSecurityStatus.Blocked));
        var stored = await host.Services.GetRequiredService<IAuditReader>().GetAsync(failures[2].Id);
        stored!.Metadata["attempt"].GetInt32().Should().Be(3);
        stored.Metadata["max_attempts"].GetInt32().Should().Be(5);
        afterSuccess.Message.Should().Be("Failed Login (1/5)", "a successful login starts the count again");
    }

    [Test]
    public async Task LoginFailedCounted_AfterARestart_ContinuesFromTheStoredFailures()
    {
        var path = _folder.File("audit.db");
        using (var first = await SqliteHost.StartAsync(path))
        {
            var log = first.Services.GetRequiredService<IAuditLog>();
            await log.RecordAsync(AuditEvents.LoginFailedCounted(Mike, 5));
            await log.RecordAsync(AuditEvents.Login(Mike));
            for (var i = 0; i < 3; i++)
            {
                await log.RecordAsync(AuditEvents.LoginFailedCounted(Mike, 5));
            }

            await log.RecordAsync(AuditEvents.LoginFailedCounted(new AuditActor("mwilson"), 5) with { TenantId = "other-tenant" });
            await first.StopAsync();
        }

        using var second = await SqliteHost.StartAsync(path);
        var next = await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.LoginFailedCounted(Mike, 5));
        next.Message.Should().Be("Failed Login (4/5)", "three failures since the last success were stored before the restart");
        var otherTenant = await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.LoginFailedCounted(new AuditActor("mwilson"), 5) with { TenantId = "other-tenant" });
        otherTenant.Message.Should().Be("Failed Login (2/5)", "accounts are counted per tenant");
    }

    [Test]
    public async Task EventsWithoutRisk_GetTheRulesRisk_AndACallersRiskIsKept()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var log = host.Services.GetRequiredService<IAuditLog>();

        var permission = await log.RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.PermissionChanged) { Message = "Admin role modified" });
        var apiKey = await log.RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.ApiKeyCreated) { Message = "New production key" });
        var locked = await log.RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.AccountLocked) { Actor = new AuditActor("bmorrison") });
        var login = await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.Login) { Actor = Mike });
        var own = await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, "ApproveOrder"));
        var explicitRisk = await log.RecordAsync(new AuditEvent(AuditCategory.Security, AuditActions.PermissionChanged) { Risk = RiskLevel.Critical });

        (permission.Risk, apiKey.Risk, locked.Risk, login.Risk, own.Risk, explicitRisk.Risk).Should().Be(
            (RiskLevel.High, RiskLevel.Medium, RiskLevel.High, RiskLevel.Low, RiskLevel.None, RiskLevel.Critical));
        locked.SecurityStatus().Should().Be(AuditSecurityStatus.Blocked);
        (await host.Services.GetRequiredService<IAuditReader>().GetAsync(permission.Id))!.Risk.Should().Be(RiskLevel.High, "the risk is stored, not computed on read");
    }

    [Test]
    public async Task RiskRules_SavedAsSettings_ApplyToTheNextEvent()
    {
        using var host = await SqliteHost.StartAsync(_folder.File("audit.db"));
        var settings = host.Services.GetRequiredService<IAuditSettings>();
        var rules = await settings.GetAsync<AuditRiskRules>(AuditRiskRules.DocumentName);
        rules.Value.Rules.Insert(0, new AuditRiskRule { Action = AuditActions.Export, Risk = RiskLevel.High });
        await settings.SaveAsync(AuditRiskRules.DocumentName, rules.Value, rules.Version);

        var export = await host.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(AuditCategory.DataAccess, AuditActions.Export));

        export.Risk.Should().Be(RiskLevel.High);
    }
}
