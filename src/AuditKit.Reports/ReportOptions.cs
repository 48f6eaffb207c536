namespace AuditKit.Reports;

/// <summary>How reports are generated and where scheduled reports go. Set with <c>audit.AddReports(o => ...)</c>.</summary>
public sealed class ReportOptions
{
    /// <summary>The generator named in every report; default "AuditKit.Reports" with the package version, followed by the application name when one is configured.</summary>
    public string? Generator { get; set; }

    /// <summary>
    /// Checks the signature of the checkpoint named in the evidence section (and of every checkpoint the verifier
    /// reads); without it the evidence says the signature was not checked.
    /// </summary>
    public CheckpointVerifier? CheckpointKey { get; set; }

    /// <summary>
    /// The folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf for PDFs; default: the folder Debian's
    /// <c>fonts-dejavu-core</c> installs them in, or the <c>AUDITKIT_FONT_DIR</c> environment variable.
    /// </summary>
    public string? FontDirectory { get; set; }

    /// <summary>Where scheduled reports are written; schedules run only when this is set (docs/reports.md, "Schedules").</summary>
    public string? ScheduleDirectory { get; set; }

    /// <summary>How often the scheduler looks for due schedules; a run starts at most this late. Default 30 seconds.</summary>
    public TimeSpan SchedulePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most lines a PDF table cell shows; longer text ends with "…" (the CSV and JSON Lines outputs keep it whole). Default 8.</summary>
    public int MaxPdfCellLines { get; set; } = 8;

    /// <summary>
    /// The most table rows one PDF holds; default 25,000 (about 700 pages). PDFsharp keeps a document's pages in memory
    /// until it is saved, so this bounds a PDF's memory. A PDF report with more rows is written as a ZIP archive of PDF
    /// volumes of at most this many rows each (<see cref="AuditReportResult.Volumes"/> says how many): every volume has the
    /// title, parameters, the whole report's summary, "Volume k of n" and its own first and last sequence and hash; the last
    /// one closes with the evidence for every row (docs/reports.md, "Limits").
    /// </summary>
    public long MaxPdfRows { get; set; } = 25_000;
}
