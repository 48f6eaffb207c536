using System.Reflection;
using System.Runtime.CompilerServices;
using AuditKit.Reports.Rendering;
using static AuditKit.Reports.ReportCells;

namespace AuditKit.Reports;

/// <summary>Builds report documents from the reader's pages and hands them to the renderer of the chosen format.</summary>
internal sealed partial class AuditReports(
    IAuditReader reader,
    IAuditLog log,
    IAuditVerifier verifier,
    AuditStore store,
    ReportFonts fonts,
    ReportOptions options,
    string? application,
    TimeProvider timeProvider) : IAuditReports
{
    private readonly string _generator = options.Generator
        ?? $"AuditKit.Reports {typeof(AuditReports).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]}"
           + (string.IsNullOrEmpty(application) ? "" : $" for {application}");

    public async Task<AuditReportResult> GenerateAsync(AuditReportRequest request, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckTarget(format, output);
        request.Validate();
        var definition = ReportDefinitions.For(request.Kind);
        IReadOnlyList<AuditOutcome>? outcomes = request.IncludeSuccessful && request.IncludeFailed
            ? null
            : request.IncludeSuccessful ? [AuditOutcome.Success, AuditOutcome.Warning] : [AuditOutcome.Failure, AuditOutcome.Denied];
        var users = request.Users is { Count: > 0 } list ? list : null;
        var selections = definition.Selections
            .Select(s => s with { From = request.From, To = request.To, ActorIds = users, Outcomes = outcomes, TenantId = request.TenantId, PageSize = AuditQuery.MaxPageSize })
            .ToList();
        List<KeyValuePair<string, string>> parameters =
        [
            new("Report", definition.Title),
            new("Date range", $"{Time(request.From)} to {Time(request.To)} (end exclusive)"),
            new("Users", users is null ? "All users" : string.Join(", ", users)),
            new("Include successful actions", request.IncludeSuccessful ? "Yes" : "No"),
            new("Include failed attempts", request.IncludeFailed ? "Yes" : "No"),
            new("Tenant", request.TenantId ?? "All tenants"),
            new("Selection", definition.Description),
        ];

        var events = await EventPages.OpenAsync(reader, selections, cancellationToken).ConfigureAwait(false);
        var summary = new ReportSummary(definition.ExtraFigures, definition.CountExtras);
        var (result, evidence) = await WriteAsync(definition.Title, parameters, definition.Columns, events, definition.Rows, summary, format, output, cancellationToken).ConfigureAwait(false);
        await log.RecordAsync(
            AuditEvents.ReportGenerated(definition.Title, summary.Rows, FormatName(format), parameters.Take(6).ToDictionary(p => p.Key, p => (string?)p.Value)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return result with { Evidence = evidence };
    }

    public async Task<AuditReportResult> ExportQueryAsync(AuditQuery query, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckTarget(format, output);
        const string title = "Audit Log Export";
        var events = await EventPages.OpenAsync(reader, [query with { PageSize = AuditQuery.MaxPageSize }], cancellationToken).ConfigureAwait(false);
        var summary = new ReportSummary([], null);
        var (result, evidence) = await WriteAsync(title, QueryParameters(query), ExportColumns, events, ExportRow, summary, format, output, cancellationToken).ConfigureAwait(false);
        await log.RecordAsync(AuditEvents.Export("AuditEvent", summary.Events, FormatName(format)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result with { Evidence = evidence };
    }

    private async Task<(AuditReportResult Result, ReportEvidence Evidence)> WriteAsync(
        string title,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<ReportColumn> columns,
        IAsyncEnumerable<AuditEvent> events,
        Func<AuditEvent, IEnumerable<string?[]>> toRows,
        ReportSummary summary,
        AuditReportFormat format,
        Stream output,
        CancellationToken cancellationToken)
    {
        var generatedAt = timeProvider.GetUtcNow();
        var collector = new EvidenceCollector(verifier, store, options.CheckpointKey, timeProvider);
        await using var verifications = collector.ConfigureAwait(false);
        Task<ReportEvidence>? evidence = null;
        var source = new RowSource();
        var document = new ReportDocument
        {
            Title = title,
            Generator = _generator,
            GeneratedAt = generatedAt,
            Parameters = parameters,
            Sections = [new ReportSection(title, columns, Rows(events, toRows, summary, collector, source, cancellationToken))],
            Source = source,
            SummaryLabels = summary.Labels,
            SummaryValues = summary.Values,
            Evidence = ct => evidence ??= collector.BuildAsync(ct),
        };
        var volumes = await RenderAsync(document, format, output, cancellationToken).ConfigureAwait(false);
        var built = await document.Evidence(cancellationToken).ConfigureAwait(false);
        return (new AuditReportResult(title, format, summary.Rows, summary.Events, generatedAt, built) { Volumes = volumes }, built);
    }

    /// <summary>Writes the document; returns the number of volumes (more than 1 only for a PDF written as a ZIP of volumes).</summary>
    private async Task<int> RenderAsync(ReportDocument document, AuditReportFormat format, Stream output, CancellationToken cancellationToken)
    {
        switch (format)
        {
            case AuditReportFormat.Csv:
                await CsvReportWriter.WriteAsync(document, output, cancellationToken).ConfigureAwait(false);
                return 1;
            case AuditReportFormat.JsonLines:
                await JsonLinesReportWriter.WriteAsync(document, output, cancellationToken).ConfigureAwait(false);
                return 1;
            default:
                return await new PdfReportWriter(fonts, options.MaxPdfCellLines, options.MaxPdfRows).WriteAsync(document, output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<string?[]> Rows(
        IAsyncEnumerable<AuditEvent> events,
        Func<AuditEvent, IEnumerable<string?[]>> toRows,
        ReportSummary summary,
        EvidenceCollector evidence,
        RowSource source,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            summary.Add(e);
            evidence.Add(e);
            source.Current = e;
            foreach (var row in toRows(e))
            {
                summary.Rows++;
                yield return row;
            }
        }
    }

    private static void CheckTarget(AuditReportFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Not a known report format.");
        }

        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }
    }

    internal static string FormatName(AuditReportFormat format) => format switch
    {
        AuditReportFormat.Csv => "csv",
        AuditReportFormat.JsonLines => "jsonl",
        _ => "pdf",
    };
}
