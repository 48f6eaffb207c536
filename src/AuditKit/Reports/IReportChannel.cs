namespace AuditKit.Reports;

/// <summary>
/// A notification channel that scheduled reports are sent through (AuditKit.Notifications registers its e-mail, Slack
/// and webhook channels as both <see cref="IAlertChannel"/> and <see cref="IReportChannel"/>, under the same names).
/// A schedule names channels in <see cref="ReportSchedule.Channels"/>; after the report's file is written to the folder
/// the scheduler calls <see cref="SendAsync"/> once per channel. A send that throws is recorded as a System
/// <see cref="AuditActions.Error"/> event and in the schedule's last run; it is not retried (the file stays in the folder).
/// </summary>
public interface IReportChannel
{
    /// <summary>The name schedules use (<c>email:compliance</c>).</summary>
    string Name { get; }

    /// <summary>Sends one finished report (attached, or as a summary saying where the file is); throw when it was not delivered.</summary>
    /// <param name="delivery">The report: its parameters, what was written and the file.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the report is delivered.</returns>
    Task SendAsync(ReportDelivery delivery, CancellationToken cancellationToken);
}
