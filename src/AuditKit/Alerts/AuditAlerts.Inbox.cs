using System.Text.Json;

namespace AuditKit;

/// <summary>The inbox: AlertTriggered events with the acknowledgements and resolutions recorded on them, read in the ambient tenant.</summary>
internal sealed partial class AuditAlerts
{
    private static readonly IReadOnlyList<string> Triggered = [AuditActions.AlertTriggered];
    private static readonly IReadOnlyList<string> StatusActions = [AuditActions.AlertAcknowledged, AuditActions.AlertResolved];
    private static readonly IReadOnlyList<string> AlertEntity = [AuditEvents.AlertEntityType];

    public async Task<AlertInboxPage> GetInboxAsync(AlertInboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "AlertInboxQuery.PageSize must be between 1 and 200.");
        }

        if (query.Status is { } s && !Enum.IsDefined(s))
        {
            throw new ArgumentOutOfRangeException(nameof(query), s, "AlertInboxQuery.Status is not a defined status.");
        }

        var page = await reader.QueryAsync(
            new AuditQuery { Actions = Triggered, EntityTypes = AlertEntity, From = query.From, To = query.To, PageSize = query.PageSize, Cursor = query.Cursor },
            cancellationToken).ConfigureAwait(false);
        var alerts = page.Events.Where(e => query.RuleId is null || Text(e, "rule_id") == query.RuleId).ToList();
        var changes = alerts.Count == 0 ? [] : await StatusChangesSinceAsync(alerts.Min(a => a.Timestamp), cancellationToken).ConfigureAwait(false);
        var entries = alerts.Select(a => ToEntry(a, changes.GetValueOrDefault(a.Target!.RecordId!) ?? []))
            .Where(entry => query.Status is null || entry.Status == query.Status)
            .ToList();
        return new AlertInboxPage(entries, page.NextCursor);
    }

    public async Task<AlertInboxEntry?> GetAlertAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        var history = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await reader.GetHistoryAsync(AuditEvents.AlertEntityType, alertId.ToString("D"), AuditQuery.MaxPageSize, cursor, cancellationToken).ConfigureAwait(false);
            history.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var triggered = history.FirstOrDefault(e => e.Action == AuditActions.AlertTriggered);
        return triggered is null ? null : ToEntry(triggered, history.Where(e => e.Action != AuditActions.AlertTriggered && e.TenantId == triggered.TenantId).ToList());
    }

    public async Task<AlertInboxEntry?> AcknowledgeAsync(Guid alertId, string? note = null, CancellationToken cancellationToken = default)
    {
        var entry = await GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.Status == AlertStatus.Acknowledged)
        {
            return entry;
        }

        if (entry.Status == AlertStatus.Resolved)
        {
            throw new InvalidOperationException($"The alert {alertId:D} is already resolved; it cannot be acknowledged.");
        }

        await log.RecordAsync(AuditEvents.AlertAcknowledged(alertId, entry.RuleName, note) with { TenantId = entry.TenantId }, AuditDurability.Committed, cancellationToken).ConfigureAwait(false);
        return await GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AlertInboxEntry?> ResolveAsync(Guid alertId, string? note = null, CancellationToken cancellationToken = default)
    {
        var entry = await GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.Status == AlertStatus.Resolved)
        {
            return entry;
        }

        await log.RecordAsync(AuditEvents.AlertResolved(alertId, entry.RuleName, note) with { TenantId = entry.TenantId }, AuditDurability.Committed, cancellationToken).ConfigureAwait(false);
        return await GetAlertAsync(alertId, cancellationToken).ConfigureAwait(false);
    }

    // Every acknowledgement and resolution since the oldest alert of a page, by alert id.
    private async Task<Dictionary<string, List<AuditEvent>>> StatusChangesSinceAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, List<AuditEvent>>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await reader.QueryAsync(new AuditQuery { Actions = StatusActions, EntityTypes = AlertEntity, From = from, PageSize = AuditQuery.MaxPageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                if (e.Target?.RecordId is { } id)
                {
                    if (!result.TryGetValue(id, out var list))
                    {
                        result[id] = list = [];
                    }

                    list.Add(e);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return result;
    }

    private static AlertInboxEntry ToEntry(AuditEvent alert, IReadOnlyList<AuditEvent> changes)
    {
        // The first acknowledgement and the first resolution count (by time); a later one changes nothing.
        var acknowledged = changes.Where(e => e.Action == AuditActions.AlertAcknowledged && e.TenantId == alert.TenantId).MinBy(e => e.Timestamp);
        var resolved = changes.Where(e => e.Action == AuditActions.AlertResolved && e.TenantId == alert.TenantId).MinBy(e => e.Timestamp);
        var status = resolved is not null ? AlertStatus.Resolved : acknowledged is not null ? AlertStatus.Acknowledged : AlertStatus.Active;
        return new AlertInboxEntry(
            Guid.Parse(alert.Target!.RecordId!),
            Text(alert, "rule_id") ?? "",
            alert.Target.RecordName ?? "",
            Enum.TryParse<AlertPriority>(Text(alert, "priority"), out var priority) ? priority : AlertPriority.Medium,
            status,
            alert.Message ?? "",
            alert.Timestamp,
            alert.TenantId,
            Text(alert, "group") ?? "",
            Number(alert, "value"),
            (long)Number(alert, "suppressed"),
            Guid.TryParse(Text(alert, "trigger_event_id"), out var trigger) ? trigger : Guid.Empty,
            Text(alert, "trigger_display_id"),
            alert.DisplayId,
            acknowledged?.Actor?.Id,
            acknowledged?.Timestamp,
            resolved?.Actor?.Id,
            resolved?.Timestamp);
    }

    private static string? Text(AuditEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(AuditEvent e, string key) =>
        e.Metadata.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;
}
