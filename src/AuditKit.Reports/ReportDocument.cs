namespace AuditKit.Reports;

/// <summary>
/// What a renderer writes: the title block, the tables (streamed), then the summary figures and the evidence, which
/// are known only once every row has been read.
/// </summary>
internal sealed class ReportDocument
{
    public required string Title { get; init; }

    public required string Generator { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; }

    public required IReadOnlyList<ReportSection> Sections { get; init; }

    /// <summary>The summary's labels, known up front so the PDF can reserve their place.</summary>
    public required IReadOnlyList<string> SummaryLabels { get; init; }

    /// <summary>The summary's values, in label order; call after every row was read.</summary>
    public required Func<IReadOnlyList<string>> SummaryValues { get; init; }

    /// <summary>The event of the row most recently read from <see cref="Sections"/>; null when the rows do not come from a report's event stream.</summary>
    public RowSource? Source { get; init; }

    /// <summary>The evidence section; call after every row was read.</summary>
    public required Func<CancellationToken, Task<ReportEvidence>> Evidence { get; init; }
}
