namespace AuditKit;

/// <summary>
/// The figures of the audit screens, one call per screen, computed by the store (roll-ups and indexes) within the
/// reader's tenant scope. Registered by <c>AddAuditKit()</c>. Definitions (what "this week" is, how changes are
/// compared, relative times): docs/insights.md.
/// </summary>
public interface IAuditInsights
{
    /// <summary>The dashboard: events today, this week and this month with the change against the previous period, storage, activity by category and recent high-priority events.</summary>
    /// <param name="request">Time zone, tenant and how many recent events; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The dashboard's figures.</returns>
    Task<AuditDashboard> GetDashboardAsync(DashboardRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>One user's activity: totals by kind, activity by module, sessions, failed logins, password changes and recent events.</summary>
    /// <param name="request">The user and the period.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The User Activity screen's figures.</returns>
    Task<UserActivity> GetUserActivityAsync(UserActivityRequest request, CancellationToken cancellationToken = default);

    /// <summary>Security events: counts by kind and risk, accounts with the most failed logins, locked accounts and the newest events with their status.</summary>
    /// <param name="request">The period; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The Security Events screen's figures.</returns>
    Task<SecurityOverview> GetSecurityOverviewAsync(SecurityOverviewRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>System health: uptime from heartbeats per component, scheduled jobs and failures, average response, recent system events and errors.</summary>
    /// <param name="request">The period and heartbeat interval; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The System Events screen's figures.</returns>
    Task<SystemHealth> GetSystemHealthAsync(SystemHealthRequest? request = null, CancellationToken cancellationToken = default);
}
