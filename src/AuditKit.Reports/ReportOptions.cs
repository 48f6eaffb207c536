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
    /// The most table rows a PDF draws; default 100,000 (about 2,800 pages). PDFsharp keeps a document's pages in memory
    /// until it is saved, so this bounds a PDF's memory. Rows past it are still read, counted in the summary and covered
    /// by the evidence, and the PDF says how many it left out; CSV and JSON Lines stream every row in constant memory.
    /// </summary>
    public long MaxPdfRows { get; set; } = 100_000;
}
