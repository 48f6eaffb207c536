namespace AuditKit.Reports;

/// <summary>
/// The report schedules ("Scheduled Reports" and "Schedule Report" of the reports screen): read with each schedule's
/// next run and last run, and saved validated (cron expression, time zone, report, format, channels) over the version
/// read, every save recorded as a SettingsChanged event. Tenant scope as for legal holds: inside a tenant's scope
/// (<see cref="AuditContext.TenantId"/>) only that tenant's schedules are read and replaced, and every schedule saved is
/// that tenant's; outside one, all of them. Register with <c>audit.AddReports()</c> (AuditKit.Reports).
/// </summary>
public interface IAuditReportSchedules
{
    /// <summary>Reads the schedules in scope with their next and last runs, and the channels a schedule can name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The schedules and the document's version.</returns>
    Task<ReportScheduleList> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the schedules in scope with <paramref name="schedules"/> (outside a tenant's scope: all of them; inside:
    /// that tenant's, leaving the others') over <paramref name="expectedVersion"/>. A schedule seen for the first time runs
    /// at its next occurrence.
    /// </summary>
    /// <param name="schedules">The schedules.</param>
    /// <param name="expectedVersion">The version read (<see cref="ReportScheduleList.Version"/>; 0 when never saved).</param>
    /// <param name="cancellationToken">Cancels the save before it is written.</param>
    /// <returns>The saved schedules.</returns>
    /// <exception cref="ArgumentException">A schedule is invalid; <see cref="ArgumentException.ParamName"/> is the field (<c>schedules[0].cron</c>).</exception>
    /// <exception cref="AuditSettingsConflictException">Somebody saved the schedules since <paramref name="expectedVersion"/>; nothing was written.</exception>
    Task<ReportScheduleList> SaveAsync(IReadOnlyList<ReportSchedule> schedules, long expectedVersion, CancellationToken cancellationToken = default);
}
