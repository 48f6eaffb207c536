using System.Text.Json;
using Cronos;
using Microsoft.Extensions.Logging;

namespace AuditKit.Reports.Scheduling;

/// <summary>
/// Runs the due schedules of the <see cref="ReportSchedules"/> document into <see cref="ReportOptions.ScheduleDirectory"/>
/// and sends each file through the schedule's <see cref="ReportSchedule.Channels"/> (<see cref="IReportChannel"/>).
/// A schedule is due when its latest occurrence up to now is after the occurrence last claimed for it: a run missed
/// while the application was down runs once, covering the time since the last claimed occurrence. An instance claims
/// an occurrence by saving the <c>report-schedule-runs</c> settings document as the version after the one it read (the
/// store's optimistic concurrency); when another instance saved first, the save fails with a conflict and this one
/// re-reads (and finds the occurrence taken). Claims are saved through the store, not <see cref="IAuditSettings"/>, so
/// they are not recorded as SettingsChanged events: each run is audited by its ReportGenerated and JobExecuted events.
/// A schedule seen for the first time is only noted, so it first runs at its next occurrence — unless the schedules
/// document was saved before the latest occurrence (the scheduler looked only after it passed): then that occurrence runs. A delivery that fails is
/// recorded as a System Error event (component Reports) and in the run's result; the file stays in the folder, and the
/// run's JobExecuted event is a Warning.
/// </summary>
internal sealed partial class ReportScheduler(
    IAuditReports reports,
    IAuditSettings settings,
    AuditStore store,
    IAuditLog log,
    IAuditContextAccessor context,
    IEnumerable<IReportChannel> channels,
    ReportOptions options,
    TimeProvider timeProvider,
    ILogger<ReportScheduler> logger)
{
    /// <summary>The actor of scheduled runs, their ReportGenerated events and claims.</summary>
    public static readonly AuditActor Actor = new("report-scheduler", "Report Scheduler", Kind: ActorKind.System);

    private const int MaxClaimAttempts = 5;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private enum Claim
    {
        NotDue,
        FirstSeen,
        Won,
    }

    /// <summary>Checks every schedule until <paramref name="cancellationToken"/> stops it; does nothing without a schedule directory.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.ScheduleDirectory is null)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckFailed(exception);
            }

            await Task.Delay(options.SchedulePollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs every schedule that is due now and this instance claims; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var directory = options.ScheduleDirectory;
        if (directory is null)
        {
            return [];
        }

        using var scope = context.BeginScope(new AuditContext(Actor));
        var entry = await settings.GetAsync<ReportSchedules>(ReportSchedules.DocumentName, cancellationToken).ConfigureAwait(false);
        var schedules = entry.Value;
        var written = new List<string>();
        foreach (var schedule in schedules.Schedules.Where(s => s is { Enabled: true }))
        {
            if (!CronExpression.TryParse(schedule.Cron ?? "", out var cron) || !TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone ?? "", out var zone))
            {
                LogInvalidSchedule(schedule.Name);
                continue;
            }

            var due = cron.GetPreviousOccurrence(timeProvider.GetUtcNow(), zone, inclusive: true);
            if (due is null)
            {
                continue;
            }

            // A schedule not seen before that was saved before this occurrence (the scheduler looked only after it passed)
            // runs it, covering the occurrence before; one saved after it waits for the next.
            DateTimeOffset? firstSince = entry.UpdatedAt < due.Value
                ? cron.GetPreviousOccurrence(due.Value, zone, inclusive: false) ?? entry.UpdatedAt
                : null;
            var (claim, since) = await ClaimAsync(schedule.Name, due.Value, firstSince, cancellationToken).ConfigureAwait(false);
            if (claim == Claim.Won)
            {
                if (await RunAsync(schedule, since, due.Value, directory, cancellationToken).ConfigureAwait(false) is { } file)
                {
                    written.Add(file);
                }
            }
        }

        return written;
    }

    private async Task<(Claim Claim, DateTimeOffset Since)> ClaimAsync(string name, DateTimeOffset due, DateTimeOffset? firstSince, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var stored = await store.GetSettingsAsync(ReportScheduleRuns.DocumentName, cancellationToken).ConfigureAwait(false);
            var runs = stored is null ? new ReportScheduleRuns() : JsonSerializer.Deserialize<ReportScheduleRuns>(stored.Json, JsonOptions) ?? new ReportScheduleRuns();
            var known = runs.LastRuns.TryGetValue(name, out var last);
            if (!known && firstSince is { } first)
            {
                (known, last) = (true, first);
            }

            if (known && last >= due)
            {
                return (Claim.NotDue, last);
            }

            runs.LastRuns[name] = due;
            var document = new AuditSettingsDocument(
                ReportScheduleRuns.DocumentName, (stored?.Version ?? 0) + 1, JsonSerializer.Serialize(runs, JsonOptions), timeProvider.GetUtcNow(), Actor.Id);
            try
            {
                await store.SaveSettingsAsync(document, cancellationToken).ConfigureAwait(false);
                return (known ? Claim.Won : Claim.FirstSeen, last);
            }
            catch (AuditSettingsConflictException)
            {
                // Another instance saved in between: read again; if it claimed this occurrence, it is no longer due.
            }
        }

        return (Claim.NotDue, due);
    }

    private async Task<string?> RunAsync(ReportSchedule schedule, DateTimeOffset from, DateTimeOffset to, string directory, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var extension = AuditReports.FormatName(schedule.Format);
        var file = Path.Combine(directory, $"{schedule.Name}-{to.UtcDateTime:yyyyMMdd'T'HHmm'Z'}.{extension}");
        var temporary = file + ".partial";
        var job = $"Scheduled report {schedule.Name}";
        var request = new AuditReportRequest
        {
            Kind = schedule.Report,
            From = from,
            To = to,
            Users = schedule.Users,
            IncludeSuccessful = schedule.IncludeSuccessful,
            IncludeFailed = schedule.IncludeFailed,
            TenantId = schedule.TenantId,
        };
        AuditReportResult result;
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                result = await reports.GenerateAsync(request, schedule.Format, stream, cancellationToken).ConfigureAwait(false);
            }

            if (result.Volumes > 1)
            {
                // A PDF past ReportOptions.MaxPdfRows is a ZIP of PDF volumes: name it as what it is.
                file = Path.ChangeExtension(file, ".zip");
            }

            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRunFailed(exception, schedule.Name, to);
            File.Delete(temporary);
            await log.RecordAsync(AuditEvents.JobExecuted(job, "Reports", AuditOutcome.Failure, timeProvider.GetElapsedTime(started)), cancellationToken: cancellationToken).ConfigureAwait(false);
            await SaveResultAsync(schedule.Name, new ReportScheduleRun(to, AuditOutcome.Failure, null, null, [], exception.Message), cancellationToken).ConfigureAwait(false);
            return null;
        }

        // The file is in the folder before any channel sees it: a failed delivery never loses it.
        var deliveries = await DeliverAsync(schedule, new ReportDelivery(schedule.Name, request, result, file), cancellationToken).ConfigureAwait(false);
        var outcome = deliveries.All(d => d.Delivered) ? AuditOutcome.Success : AuditOutcome.Warning;
        await log.RecordAsync(AuditEvents.JobExecuted(job, "Reports", outcome, timeProvider.GetElapsedTime(started)), cancellationToken: cancellationToken).ConfigureAwait(false);
        await SaveResultAsync(schedule.Name, new ReportScheduleRun(to, outcome, Path.GetFileName(file), result.Rows, deliveries, null), cancellationToken).ConfigureAwait(false);
        return file;
    }

    private async Task<List<ReportDeliveryOutcome>> DeliverAsync(ReportSchedule schedule, ReportDelivery delivery, CancellationToken cancellationToken)
    {
        var outcomes = new List<ReportDeliveryOutcome>();
        foreach (var name in (schedule.Channels ?? []).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                var channel = channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new InvalidOperationException($"No report channel named '{name}' is registered.");
                await channel.SendAsync(delivery, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new ReportDeliveryOutcome(name, true, null));
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogDeliveryFailed(exception, schedule.Name, name);
                outcomes.Add(new ReportDeliveryOutcome(name, false, exception.Message));
                var failure = AuditEvents.Error("Reports", $"Scheduled report '{schedule.Name}' could not be sent to '{name}': {exception.Message} The file stays at {delivery.FilePath}.") with
                {
                    TenantId = schedule.TenantId,
                    Metadata = AuditMetadata.Create(("schedule", schedule.Name), ("channel", name), ("file", delivery.FileName), ("rows", delivery.Result.Rows)),
                };
                await log.RecordAsync(failure, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return outcomes;
    }

    // The result goes into the runs document beside the claims (read-modify-save, re-read on a conflict), for the screen's "last run".
    private async Task SaveResultAsync(string name, ReportScheduleRun run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var stored = await store.GetSettingsAsync(ReportScheduleRuns.DocumentName, cancellationToken).ConfigureAwait(false);
            var runs = stored is null ? new ReportScheduleRuns() : JsonSerializer.Deserialize<ReportScheduleRuns>(stored.Json, JsonOptions) ?? new ReportScheduleRuns();
            runs.Results[name] = run;
            var document = new AuditSettingsDocument(
                ReportScheduleRuns.DocumentName, (stored?.Version ?? 0) + 1, JsonSerializer.Serialize(runs, JsonOptions), timeProvider.GetUtcNow(), Actor.Id);
            try
            {
                await store.SaveSettingsAsync(document, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AuditSettingsConflictException)
            {
                // Another instance saved a claim or result in between: read again.
            }
        }

        LogResultNotSaved(name);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking the report schedules failed; the next check is after the poll interval.")]
    private partial void LogCheckFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report schedule '{Name}' has an invalid cron expression or time zone and is skipped.")]
    private partial void LogInvalidSchedule(string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled report '{Name}' for {Occurrence} failed; it is not retried until its next occurrence.")]
    private partial void LogRunFailed(Exception exception, string name, DateTimeOffset occurrence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled report '{Name}' could not be sent to channel '{Channel}'; the file stays in the folder.")]
    private partial void LogDeliveryFailed(Exception exception, string name, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of scheduled report '{Name}' could not be saved (other instances kept saving); the screen shows an older last run.")]
    private partial void LogResultNotSaved(string name);
}
