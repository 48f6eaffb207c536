using AuditKit.Reports;

namespace AuditKit.Samples.Console;

/// <summary>"Audit Compliance Reports": writes one PDF of each report over the sample's day into a folder.</summary>
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
}
