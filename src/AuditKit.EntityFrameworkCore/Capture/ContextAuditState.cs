namespace AuditKit;

/// <summary>One DbContext's audit work in progress: the save being captured, events waiting for a commit, rows read by the current query.</summary>
internal sealed class ContextAuditState
{
    private readonly Lock _lock = new();
    private readonly List<AuditEvent> _pending = [];

    /// <summary>The SaveChanges in progress (contexts are not thread-safe: one at a time).</summary>
    public SaveCapture? Save { get; set; }

    /// <summary>The save turned automatic change detection off after detecting once; it is turned back on when the save ends.</summary>
    public bool RestoreAutoDetect { get; set; }

    /// <summary>The save switched EF Core's automatic transactions to Always (outbox), and this is the setting to restore.</summary>
    public Microsoft.EntityFrameworkCore.AutoTransactionBehavior? RestoreAutoTransaction { get; set; }

    /// <summary>Events inserted into the outbox by the committing transaction, queued once it has committed.</summary>
    public OutboxStaging? Staged { get; set; }

    /// <summary>The bulk statement in progress.</summary>
    public BulkCapture? Bulk { get; set; }

    /// <summary>Records materialized by the query being read: entity type → ids.</summary>
    public Dictionary<Microsoft.EntityFrameworkCore.Metadata.IEntityType, ViewCapture>? Views { get; set; }

    /// <summary>Projection queries whose readers are open: command → the entity types whose views they log.</summary>
    public Dictionary<System.Data.Common.DbCommand, ProjectionRead>? Projections { get; set; }

    public void Defer(IEnumerable<AuditEvent> events)
    {
        lock (_lock)
        {
            _pending.AddRange(events);
        }
    }

    /// <summary>The transaction rolled back or failed to commit: its waiting and staged events are dropped.</summary>
    public void Discard()
    {
        TakePending();
        Staged = null;
    }

    /// <summary>Takes the events waiting for the commit (and forgets them).</summary>
    public List<AuditEvent> TakePending()
    {
        lock (_lock)
        {
            var taken = new List<AuditEvent>(_pending);
            _pending.Clear();
            return taken;
        }
    }
}

/// <summary>One projection query's logged entity types (name and tag) and the reader counting its rows (and noting the keys when projected).</summary>
internal sealed record ProjectionRead(IReadOnlyList<(Microsoft.EntityFrameworkCore.Metadata.IEntityType Type, string Name, ProjectionTag Tag)> Views, ProjectionDataReader Reader);

/// <summary>The ids of one entity type's records read by a query.</summary>
internal sealed class ViewCapture(string entityName)
{
    public string EntityName { get; } = entityName;

    public List<string> Ids { get; } = [];

    public int Count { get; set; }
}
