using AuditKit.Reports;

namespace AuditKit.Samples.Console;

/// <summary>"Audit Compliance Reports": writes one PDF of each report over the sample's day into a folder, and keeps the page's "Scheduled Reports".</summary>
internal static class ComplianceReports
{
    public static async Task WriteAsync(IAuditReports reports, DateTimeOffset from, DateTimeOffset to, string folder, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        foreach (var kind in Enum.GetValues<AuditReportKind>())
        {
            var file = Path.Combine(folder, $"{kind}.pdf");
            AuditReportResult result;
            await using (var stream = File.Create(file))
            {
                result = await reports.GenerateAsync(new AuditReportRequest { Kind = kind, From = from, To = to }, AuditReportFormat.Pdf, stream);
            }

            if (result.Volumes > 1)
            {
                // More rows than one PDF holds (ReportOptions.MaxPdfRows): the output is a ZIP of PDF volumes.
                File.Move(file, file = Path.ChangeExtension(file, ".zip"), overwrite: true);
            }

            await output.WriteLineAsync($"  {result.Title}: {result.Rows:N0} rows, evidence {(result.Evidence.Intact ? "intact" : "NOT intact")} -> {file}");
        }
    }

    /// <summary>
    /// Saves the product page's three schedules when none are saved yet (the hosted scheduler runs them once
    /// <c>ReportOptions.ScheduleDirectory</c> is set; this sample only keeps them) and prints each with its next run.
    /// </summary>
    public static async Task ScheduleAsync(IAuditReportSchedules schedules, TextWriter output)
    {
        var current = await schedules.GetAsync();
        if (current.Version == 0)
        {
            current = await schedules.SaveAsync(
            [
                new ReportSchedule { Name = "monthly-user-access", Cron = "0 0 1 * *", Report = AuditReportKind.UserAccess },
                new ReportSchedule { Name = "weekly-security-summary", Cron = "0 0 * * MON", Report = AuditReportKind.SecurityEvent },
                new ReportSchedule { Name = "daily-admin-activity", Cron = "0 6 * * *", Report = AuditReportKind.AdminActivity, Format = AuditReportFormat.Csv },
            ], 0);
        }

        foreach (var s in current.Schedules)
        {
            await output.WriteLineAsync($"  Scheduled: {s.Schedule.Name} ({s.Schedule.Cron}, {s.Schedule.TimeZone}), next run {s.NextRun:yyyy-MM-dd HH:mm} UTC");
        }
    }
}
