namespace AuditKit;

/// <summary>The User Activity screen's figures (<see cref="IAuditInsights.GetUserActivityAsync"/>); definitions in docs/insights.md.</summary>
/// <param name="ActorId">The user.</param>
/// <param name="Name">The user's name as their newest event in the period records it.</param>
/// <param name="Role">The user's role as their newest event in the period records it.</param>
/// <param name="From">The period's start.</param>
/// <param name="To">The period's end (exclusive).</param>
/// <param name="TotalActions">All of the user's events in the period.</param>
/// <param name="RecordsCreated">Create events.</param>
/// <param name="RecordsModified">Update events.</param>
/// <param name="RecordsDeleted">Delete events.</param>
/// <param name="RecordsViewed">View events.</param>
/// <param name="ReportsGenerated">ReportGenerated events.</param>
/// <param name="Exports">Export events.</param>
/// <param name="ByModule">Events by entity type, the largest <see cref="UserActivityRequest.TopModules"/> then "Other" (everything else, including events without an entity).</param>
/// <param name="Sessions">Logins and session lengths.</param>
/// <param name="FailedLogins">LoginFailed events.</param>
/// <param name="PasswordChanges">PasswordChanged events.</param>
/// <param name="Recent">The user's newest events in the period, newest first.</param>
public sealed record UserActivity(
    string ActorId,
    string? Name,
    string? Role,
    DateTimeOffset From,
    DateTimeOffset To,
    long TotalActions,
    long RecordsCreated,
    long RecordsModified,
    long RecordsDeleted,
    long RecordsViewed,
    long ReportsGenerated,
    long Exports,
    IReadOnlyList<ModuleActivity> ByModule,
    SessionSummary Sessions,
    long FailedLogins,
    long PasswordChanges,
    IReadOnlyList<AuditEvent> Recent);

/// <summary>One line of "Activity by Module".</summary>
/// <param name="Module">The entity type, or "Other".</param>
/// <param name="Count">Its events.</param>
/// <param name="IsOther">Whether this is the "Other" line.</param>
public sealed record ModuleActivity(string Module, long Count, bool IsOther = false);

/// <summary>"Sessions": logins and how long sessions lasted.</summary>
/// <param name="Logins">Successful Login events in the period.</param>
/// <param name="Completed">Sessions with both a login and a logout in the period.</param>
/// <param name="AverageLength">The average length of the completed sessions; null when there are none.</param>
/// <param name="NotLoggedOut">Logins in the period without a matching logout (left out of the average).</param>
public sealed record SessionSummary(long Logins, int Completed, TimeSpan? AverageLength, int NotLoggedOut);
