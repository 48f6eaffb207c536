namespace AuditKit;

/// <summary>
/// The Alert Rules screen's API: rules (kept in the <see cref="AlertRules"/> settings document, every change audited), the
/// in-app inbox (Active → Acknowledged → Resolved, scoped to the ambient tenant) and backtests. Registered by
/// <c>audit.AddAlerts()</c>; see docs/alerts.md.
/// </summary>
public interface IAuditAlerts
{
    /// <summary>Every rule, by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules ordered by id.</returns>
    Task<IReadOnlyList<AlertRuleEntry>> GetRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>One rule, or null.</summary>
    /// <param name="id">The rule's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rule, or null.</returns>
    Task<AlertRuleEntry?> GetRuleAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates (<paramref name="expectedRevision"/> 0) or changes a rule over the revision it was read at; the settings save
    /// records a SettingsChanged event with the changed values. The stored rule gets revision <paramref name="expectedRevision"/> + 1.
    /// </summary>
    /// <param name="id">The rule's id: 1 to 64 lower-case letters, digits, '-' and '_'.</param>
    /// <param name="rule">The rule; checked first (an invalid member throws <see cref="ArgumentException"/> naming it).</param>
    /// <param name="expectedRevision">The revision read; 0 to create.</param>
    /// <param name="cancellationToken">Cancels the save before it is written.</param>
    /// <returns>The stored rule.</returns>
    /// <exception cref="AuditSettingsConflictException">The rule's stored revision is not <paramref name="expectedRevision"/>.</exception>
    Task<AlertRuleEntry> SaveRuleAsync(string id, AlertRule rule, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>Deletes a rule stored at <paramref name="expectedRevision"/>; false when there is none.</summary>
    /// <param name="id">The rule's id.</param>
    /// <param name="expectedRevision">The revision read.</param>
    /// <param name="cancellationToken">Cancels the save before it is written.</param>
    /// <returns>True when it was deleted.</returns>
    /// <exception cref="AuditSettingsConflictException">The rule's stored revision is not <paramref name="expectedRevision"/>.</exception>
    Task<bool> DeleteRuleAsync(string id, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>A page of the inbox, newest first, within the ambient tenant.</summary>
    /// <param name="query">The filters.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<AlertInboxPage> GetInboxAsync(AlertInboxQuery query, CancellationToken cancellationToken = default);

    /// <summary>One alert, or null when there is none visible in the ambient tenant.</summary>
    /// <param name="alertId">The alert's id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The alert, or null.</returns>
    Task<AlertInboxEntry?> GetAlertAsync(Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an Active alert (recorded as an <see cref="AuditActions.AlertAcknowledged"/> event by the ambient actor); an acknowledged one stays as it is.</summary>
    /// <param name="alertId">The alert's id.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    /// <returns>The alert, or null when there is none visible.</returns>
    /// <exception cref="InvalidOperationException">The alert is already resolved.</exception>
    Task<AlertInboxEntry?> AcknowledgeAsync(Guid alertId, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Resolves an Active or Acknowledged alert (an <see cref="AuditActions.AlertResolved"/> event); a resolved one stays as it is.</summary>
    /// <param name="alertId">The alert's id.</param>
    /// <param name="note">An optional note.</param>
    /// <param name="cancellationToken">Stops waiting for the commit.</param>
    /// <returns>The alert, or null when there is none visible.</returns>
    Task<AlertInboxEntry?> ResolveAsync(Guid alertId, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a rule over the events of [<paramref name="from"/>, <paramref name="to"/>) in the ambient tenant and lists what it would have raised, without recording or sending anything.</summary>
    /// <param name="rule">The rule (need not be stored).</param>
    /// <param name="from">Start of the period.</param>
    /// <param name="to">End of the period (exclusive).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The alerts it would have raised.</returns>
    Task<AlertBacktestResult> BacktestAsync(AlertRule rule, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
