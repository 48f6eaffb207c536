namespace AuditKit;

/// <summary>
/// Risk assigned at record time to events whose caller set none (<see cref="RiskLevel.None"/>): a settings
/// document (<see cref="DocumentName"/>, read and saved through <see cref="IAuditSettings"/>). The first rule that
/// matches wins. The defaults are the product page's security table; see docs/settings-and-policy.md.
/// </summary>
public sealed class AuditRiskRules
{
    /// <summary>The settings document's name: <c>risk-rules</c>.</summary>
    public const string DocumentName = "risk-rules";

    /// <summary>The rules in order (first match wins).</summary>
    public List<AuditRiskRule> Rules { get; set; } =
    [
        new() { Action = AuditActions.LoginFailed, Outcome = AuditOutcome.Denied, Risk = RiskLevel.High },
        new() { Action = AuditActions.LoginFailed, Risk = RiskLevel.Medium },
        new() { Action = AuditActions.AccountLocked, Risk = RiskLevel.High },
        new() { Action = AuditActions.PermissionChanged, Risk = RiskLevel.High },
        new() { Action = AuditActions.RoleGranted, Risk = RiskLevel.Medium },
        new() { Action = AuditActions.ApiKeyCreated, Risk = RiskLevel.Medium },
        new() { Action = AuditActions.Login, Risk = RiskLevel.Low },
        new() { Action = AuditActions.PasswordChanged, Risk = RiskLevel.Low },
        new() { Action = AuditActions.PasswordReset, Risk = RiskLevel.Low },
        new() { Action = AuditActions.TwoFactorEnabled, Risk = RiskLevel.Low },
    ];

    /// <summary>
    /// How far back the failed-login counter looks at start-up to rebuild each account's consecutive failures
    /// from the store (<see cref="AuditEvents.LoginFailedCounted"/>). Default 24 hours.
    /// </summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromHours(24);
}
