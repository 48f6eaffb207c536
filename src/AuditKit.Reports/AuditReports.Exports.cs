using System.Globalization;
using static AuditKit.Reports.ReportCells;

namespace AuditKit.Reports;

/// <summary>"Export Results" and "Export Entry".</summary>
internal sealed partial class AuditReports
{
    private static readonly ReportColumn[] ExportColumns =
    [
        new("time", "Time", 1.6), new("eventId", "Event ID", 1.1), new("user", "User", 1.1), new("userId", "User ID", 0.9),
        new("category", "Category", 0.9), new("action", "Action", 0.9), new("entity", "Entity", 0.9), new("recordId", "Record ID", 0.9),
        new("recordName", "Record Name", 1.1), new("outcome", "Outcome", 0.7), new("risk", "Risk", 0.6), new("message", "Message", 1.5),
        new("ipAddress", "IP Address", 0.9), new("changes", "Changes", 2.0),
    ];

    private static readonly ReportColumn[] EntryColumns = [new("field", "Field", 1), new("value", "Value", 3)];

    private static readonly ReportColumn[] ChangeColumns = [new("field", "Field", 1), new("previousValue", "Previous Value", 1.5), new("newValue", "New Value", 1.5)];

    private static readonly ReportColumn[] RelatedColumns = [new("eventId", "Event ID", 1.1), new("time", "Time", 1.2), new("action", "Action", 1), new("user", "User", 1), new("message", "Message", 2)];

    private static readonly ReportColumn[] PreviousColumns =
        [new("eventId", "Event ID", 1.1), new("time", "Time", 1.2), new("action", "Action", 0.8), new("user", "User", 1), new("field", "Field", 1), new("previousValue", "Previous Value", 1.3), new("newValue", "New Value", 1.3)];

    public async Task<AuditReportResult> ExportEntryAsync(Guid eventId, AuditReportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        CheckTarget(format, output);
        var entry = await reader.GetAsync(eventId, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No audit entry has the id {eventId} (eventId).");
        var related = await reader.GetRelatedAsync(entry, cancellationToken: cancellationToken).ConfigureAwait(false);
        var previous = await reader.GetPreviousChangeAsync(entry, cancellationToken).ConfigureAwait(false);
        var title = $"Audit Log Entry {entry.DisplayId}";
        var generatedAt = timeProvider.GetUtcNow();
        var collector = new EvidenceCollector(verifier, store, options.CheckpointKey, timeProvider);
        collector.Add(entry);
        foreach (var e in related)
        {
            collector.Add(e);
        }

        if (previous is not null)
        {
            collector.Add(previous);
        }

        var previousRows = previous is null ? [] : PreviousRows(previous).ToList();
        long rows = 0;
        Task<ReportEvidence>? evidence = null;
        var document = new ReportDocument
        {
            Title = title,
            Generator = _generator,
            GeneratedAt = generatedAt,
            Parameters = [new("Event ID", entry.DisplayId), new("Id", entry.Id.ToString()), new("Tenant", entry.TenantId ?? "(none)")],
            Sections =
            [
                new ReportSection("Event Information", EntryColumns, Counted(EntryRows(entry))),
                new ReportSection("Changes Made", ChangeColumns, Counted(entry.Changes.Select(c => new[] { c.DisplayName ?? c.Field, c.ShownOldValue, c.ShownNewValue }))),
                new ReportSection("Related Events", RelatedColumns, Counted(related.Select(e => new[] { e.DisplayId, Time(e.Timestamp), e.Action, User(e), e.Message }))),
                new ReportSection("Previous Change", PreviousColumns, Counted(previousRows)),
            ],
            SummaryLabels = ["Changes", "Related events", "Previous change"],
            SummaryValues = () => [N(entry.Changes.Count), N(related.Count), previous is null ? "none" : $"{previous.DisplayId} at {Time(previous.Timestamp)}"],
            Evidence = ct => evidence ??= collector.BuildAsync(ct),
        };
        var volumes = await RenderAsync(document, format, output, cancellationToken).ConfigureAwait(false);
        var built = await document.Evidence(cancellationToken).ConfigureAwait(false);
        var export = AuditEvents.Export("AuditEvent", 1, FormatName(format));
        await log.RecordAsync(export with { Target = new AuditTarget("AuditEvent", entry.DisplayId, title) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new AuditReportResult(title, format, rows, 1 + related.Count + (previous is null ? 0 : 1), generatedAt, built) { Volumes = volumes };

        async IAsyncEnumerable<string?[]> Counted(IEnumerable<string?[]> source)
        {
            foreach (var row in source)
            {
                rows++;
                yield return row;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }
    }

    private static IEnumerable<string?[]> EntryRows(AuditEvent e)
    {
        (string, string?)[] fields =
        [
            ("Event ID", e.DisplayId), ("Id", e.Id.ToString()), ("Timestamp", Time(e.Timestamp)), ("Category", e.Category.ToString()),
            ("Action", e.Action), ("Entity", e.Target?.EntityType), ("Record ID", e.Target?.RecordId), ("Record Name", e.Target?.RecordName),
            ("Module", e.Target?.Module), ("Component", e.Target?.Component), ("Result", e.Outcome.ToString()), ("Risk", e.Risk.ToString()),
            ("Message", e.Message), ("User", e.Actor?.Name), ("User ID", e.Actor?.Id), ("E-mail", e.Actor?.Email), ("Role", e.Actor?.Role),
            ("IP Address", e.Client?.IpAddress), ("Location", e.Client?.Location), ("Device", e.Client?.Device), ("User Agent", e.Client?.UserAgent),
            ("Session ID", e.Client?.SessionId), ("Tenant", e.TenantId), ("Correlation ID", e.CorrelationId), ("Trace ID", e.TraceId),
        ];
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                yield return [name, value];
            }
        }

        foreach (var (key, value) in e.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            yield return [$"Metadata: {key}", value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : value.GetRawText()];
        }

        yield return ["Stream", N(e.StreamId)];
        yield return ["Sequence", N(e.Sequence)];
        yield return ["Previous Hash", e.PreviousHash];
        yield return ["Hash", e.Hash];
    }

    private static IEnumerable<string?[]> PreviousRows(AuditEvent e)
    {
        if (e.Changes.Count == 0)
        {
            yield return [e.DisplayId, Time(e.Timestamp), e.Action, User(e), null, null, null];
        }

        foreach (var c in e.Changes)
        {
            yield return [e.DisplayId, Time(e.Timestamp), e.Action, User(e), c.DisplayName ?? c.Field, c.ShownOldValue, c.ShownNewValue];
        }
    }

    private static IEnumerable<string?[]> ExportRow(AuditEvent e) =>
        [[Time(e.Timestamp), e.DisplayId, User(e), e.Actor?.Id, e.Category.ToString(), e.Action, e.Target?.EntityType, e.Target?.RecordId, e.Target?.RecordName, e.Outcome.ToString(), e.Risk.ToString(), e.Message, e.Client?.IpAddress, Changes(e)]];

    private static List<KeyValuePair<string, string>> QueryParameters(AuditQuery q)
    {
        var list = new List<KeyValuePair<string, string>>
        {
            new("Date range", $"{(q.From is { } f ? Time(f) : "the beginning")} to {(q.To is { } t ? Time(t) + " (exclusive)" : "now")}"),
            new("Users", q.ActorIds is { Count: > 0 } a ? string.Join(", ", a) : "All users"),
            new("Tenant", q.TenantId ?? "All tenants"),
        };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(new(name, value));
            }
        }

        Add("Roles", q.Roles is { Count: > 0 } r ? string.Join(", ", r) : null);
        Add("Categories", q.Categories is { Count: > 0 } c ? string.Join(", ", c) : null);
        Add("Actions", q.Actions is { Count: > 0 } ac ? string.Join(", ", ac) : null);
        Add("Outcomes", q.Outcomes is { Count: > 0 } o ? string.Join(", ", o) : null);
        Add("Minimum risk", q.MinimumRisk?.ToString());
        Add("Entities", q.EntityTypes is { Count: > 0 } en ? string.Join(", ", en) : null);
        Add("Record ID", q.RecordId);
        Add("Correlation ID", q.CorrelationId);
        Add("IP address", q.IpAddress);
        Add("Search", q.Text);
        return list;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
