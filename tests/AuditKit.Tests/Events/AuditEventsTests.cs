namespace AuditKit.Tests.Events;

public sealed class AuditEventsTests
{
    [Test]
    public void LoginFailed_LastAttempt_IsDeniedHighRiskWithCounts()
    {
        var user = new AuditActor("mwilson", "Mike Wilson");
        var third = AuditEvents.LoginFailed(user, 3, 5);
        var fifth = AuditEvents.LoginFailed(user, 5, 5);

        third.Should().BeEquivalentTo(new { Category = AuditCategory.Security, Action = AuditActions.LoginFailed, Outcome = AuditOutcome.Failure, Risk = RiskLevel.Medium, Message = "Failed Login (3/5)" });
        fifth.Outcome.Should().Be(AuditOutcome.Denied);
        fifth.Risk.Should().Be(RiskLevel.High);
        fifth.Metadata["attempt"].GetInt32().Should().Be(5);
        fifth.Metadata["max_attempts"].GetInt32().Should().Be(5);
        FluentActions.Invoking(() => AuditEvents.LoginFailed(user, 6, 5)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => AuditEvents.LoginFailed(user, 0, 5)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Export_RecordCount_GoesToMetadataAndRaisesRiskFromOneThousand()
    {
        var small = AuditEvents.Export("Customer", 999);
        var large = AuditEvents.Export("Customer", 5000, "csv");

        small.Risk.Should().Be(RiskLevel.Low);
        large.Risk.Should().Be(RiskLevel.High);
        large.Metadata["record_count"].GetInt64().Should().Be(5000);
        large.Metadata["format"].GetString().Should().Be("csv");
        large.Target!.EntityType.Should().Be("Customer");
        FluentActions.Invoking(() => AuditEvents.Export("Customer", -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    // Oracle: the product page (seed/audit-logs-product-page.txt). "Events to Log" lists Login/Logout under User
    // Actions (the dashboard's "User Actions: 30%"), failed logins, password resets, 2FA, API keys, permission changes
    // and locked accounts under "Security Events"; "View/Read Actions" have their own retention row (30 days, no
    // archive), so views cannot share Record Changes' category (1 year + 5 years).
    [Test]
    public void FactoryHelpers_ProductPageEvents_HaveTheirCategoryActionAndRisk()
    {
        var expected = new (AuditEvent Event, AuditCategory Category, string Action, RiskLevel Risk)[]
        {
            (AuditEvents.Login(), AuditCategory.UserAction, AuditActions.Login, RiskLevel.Low),
            (AuditEvents.Logout(), AuditCategory.UserAction, AuditActions.Logout, RiskLevel.None),
            (AuditEvents.PasswordChanged(), AuditCategory.Security, AuditActions.PasswordChanged, RiskLevel.Low),
            (AuditEvents.PasswordReset(), AuditCategory.Security, AuditActions.PasswordReset, RiskLevel.Low),
            (AuditEvents.TwoFactorEnabled(), AuditCategory.Security, AuditActions.TwoFactorEnabled, RiskLevel.Low),
            (AuditEvents.AccountLocked(new AuditActor("bm", "Bob Morrison")), AuditCategory.Security, AuditActions.AccountLocked, RiskLevel.High),
            (AuditEvents.PermissionChanged("Role", "admin", "Admin"), AuditCategory.Security, AuditActions.PermissionChanged, RiskLevel.High),
            (AuditEvents.RoleGranted("u1", "Lisa", "Administrator", administrative: true), AuditCategory.Security, AuditActions.RoleGranted, RiskLevel.High),
            (AuditEvents.ApiKeyCreated("key-1", "New production key"), AuditCategory.Security, AuditActions.ApiKeyCreated, RiskLevel.Medium),
            (AuditEvents.Import("Product", 120), AuditCategory.RecordChange, AuditActions.Import, RiskLevel.None),
            (AuditEvents.SettingsChanged("Tax", [new FieldChange("Rate", "19", "21")]), AuditCategory.System, AuditActions.SettingsChanged, RiskLevel.Medium),
            (AuditEvents.JobExecuted("Scheduled Backup", "Database"), AuditCategory.System, AuditActions.JobExecuted, RiskLevel.None),
            (AuditEvents.JobExecuted("Daily Reconciliation", "Finance", AuditOutcome.Failure), AuditCategory.System, AuditActions.JobExecuted, RiskLevel.Medium),
            (AuditEvents.IntegrationSync("Shopify", 40), AuditCategory.System, AuditActions.IntegrationSync, RiskLevel.None),
            (AuditEvents.Error("Search", "Index rebuild failed"), AuditCategory.System, AuditActions.Error, RiskLevel.Medium),
            (AuditEvents.PerformanceAlert("Api", "p99_ms", 900, 500), AuditCategory.System, AuditActions.PerformanceAlert, RiskLevel.Medium),
            (AuditEvents.Created("Order", "SO-1"), AuditCategory.RecordChange, AuditActions.Create, RiskLevel.None),
            (AuditEvents.Updated("Customer", "C-1"), AuditCategory.RecordChange, AuditActions.Update, RiskLevel.None),
            (AuditEvents.Deleted("Product", "P-1"), AuditCategory.RecordChange, AuditActions.Delete, RiskLevel.None),
            (AuditEvents.Viewed("Order", "SO-1"), AuditCategory.DataAccess, AuditActions.View, RiskLevel.None),
            (AuditEvents.Export("Customer", 10), AuditCategory.RecordChange, AuditActions.Export, RiskLevel.Low),
        };

        foreach (var (e, category, action, risk) in expected)
        {
            (e.Category, e.Action, e.Risk).Should().Be((category, action, risk), e.Message ?? e.Action);
        }

        AuditEvents.JobExecuted("Scheduled Backup", "Database").Target!.Component.Should().Be("Database");
        AuditEvents.JobExecuted("Backup", "Database", duration: TimeSpan.FromSeconds(2)).Metadata["duration_ms"].GetInt64().Should().Be(2000);
    }

    [Test]
    public void DisplayId_FormatAndParse_RoundTrip()
    {
        AuditEventDisplayId.Format(2026, 1, 8456789).Should().Be("LOG-2026-8456789");
        AuditEventDisplayId.Format(2026, 3, 12).Should().Be("LOG-2026-S3-12");
        AuditEventDisplayId.TryParse("LOG-2026-8456789", out var s1, out var q1).Should().BeTrue();
        (s1, q1).Should().Be((1, 8456789L));
        AuditEventDisplayId.TryParse("log-2026-s3-12", out var s2, out var q2).Should().BeTrue();
        (s2, q2).Should().Be((3, 12L));
        foreach (var bad in new[] { null, "", "LOG-", "LOG-2026-", "LOG-2026-0", "LOG-2026-S0-1", "LOG-2026--5", "X-2026-5", "LOG-2026-5'; --" })
        {
            AuditEventDisplayId.TryParse(bad, out _, out _).Should().BeFalse(bad);
        }
    }
}
