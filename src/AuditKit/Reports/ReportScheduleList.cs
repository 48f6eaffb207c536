namespace AuditKit.Reports;

/// <summary>The report schedules in the caller's scope (<see cref="IAuditReportSchedules.GetAsync"/>).</summary>
/// <param name="Version">The settings document's version, to save over (0: never saved).</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="UpdatedBy">Who last saved it; null inside a tenant's scope (it may be another tenant's user).</param>
/// <param name="Schedules">The schedules with their next and last runs.</param>
/// <param name="Channels">The names of the registered <see cref="IReportChannel"/>s a schedule can send through.</param>
public sealed record ReportScheduleList(long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy, IReadOnlyList<ReportScheduleState> Schedules, IReadOnlyList<string> Channels);
