namespace AuditKit;

/// <summary>The Security Events screen's figures (<see cref="IAuditInsights.GetSecurityOverviewAsync"/>); definitions in docs/insights.md.</summary>
/// <param name="From">The period's start.</param>
/// <param name="To">The period's end (exclusive).</param>
/// <param name="ByAction">Security events by action, most first.</param>
/// <param name="ByRisk">Security events by risk level (every level, None to Critical).</param>
/// <param name="MostFailedLogins">Accounts with the most LoginFailed events, most first.</param>
/// <param name="LockedAccounts">Accounts locked in the period and not signed in successfully since, newest lock first.</param>
/// <param name="Recent">The newest security events with their risk and status.</param>
public sealed record SecurityOverview(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<AggregateCount> ByAction,
    IReadOnlyList<RiskCount> ByRisk,
    IReadOnlyList<AggregateCount> MostFailedLogins,
    IReadOnlyList<LockedAccount> LockedAccounts,
    IReadOnlyList<EventStatusRow> Recent);

/// <summary>Events of one risk level.</summary>
/// <param name="Risk">The level.</param>
/// <param name="Count">Its events.</param>
public sealed record RiskCount(RiskLevel Risk, long Count);

/// <summary>A locked account.</summary>
/// <param name="ActorId">The account.</param>
/// <param name="Name">Its name as the lock event records it.</param>
/// <param name="LockedAt">When it was locked (the newest lock in the period).</param>
public sealed record LockedAccount(string ActorId, string? Name, DateTimeOffset LockedAt);

/// <summary>One row of the security or system event tables: the event (with its risk) and its status (✓ ⚠ ⛔).</summary>
/// <param name="Event">The event.</param>
/// <param name="Status">Its status (<see cref="AuditEventStatusExtensions.SecurityStatus"/>).</param>
public sealed record EventStatusRow(AuditEvent Event, AuditSecurityStatus Status);
