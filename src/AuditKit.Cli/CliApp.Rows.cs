namespace AuditKit.Cli;

/// <summary>The query filters and the row shape the query and export commands share.</summary>
internal static partial class CliApp
{
    private static object Row(AuditEvent e) => new
    {
        id = e.Id,
        displayId = e.DisplayId,
        e.StreamId,
        e.Sequence,
        e.Timestamp,
        e.TenantId,
        e.Category,
        e.Action,
        e.Outcome,
        e.Risk,
        e.Message,
        e.Actor,
        e.Client,
        e.Target,
        e.Changes,
        e.CorrelationId,
        e.TraceId,
        e.Metadata,
        e.PreviousHash,
        e.Hash,
    };

    private static AuditQuery Query(CliArguments a) => new()
    {
        From = a.Date("from"),
        To = a.Date("to"),
        ActorIds = a.Value("user") is { } user ? [user] : null,
        Actions = a.Value("action") is { } action ? [action] : null,
        EntityTypes = a.Value("entity") is { } entity ? [entity] : null,
        RecordId = a.Value("record"),
        Text = a.Value("text"),
    };
}
