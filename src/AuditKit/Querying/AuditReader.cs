namespace AuditKit;

internal sealed class AuditReader(AuditStore store, IAuditContextAccessor contextAccessor) : IAuditReader
{
    private static readonly IReadOnlyList<string> RecordActions = [AuditActions.Create, AuditActions.Update, AuditActions.Delete];

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = Scope(query);
        query.Validate();
        return store.QueryAsync(query, cancellationToken);
    }

    public Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query = Scope(query) with { Cursor = null };
        query.Validate();
        return store.CountAsync(query, cancellationToken);
    }

    public async Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Visible(await store.GetAsync(id, cancellationToken).ConfigureAwait(false));

    public async Task<AuditEvent?> GetAsync(string displayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayId);
        return Visible(await store.GetAsync(displayId, cancellationToken).ConfigureAwait(false));
    }

    public Task<AuditPage> GetHistoryAsync(string entityType, string recordId, int pageSize = AuditQuery.DefaultPageSize, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        return QueryAsync(new AuditQuery { EntityTypes = [entityType], RecordId = recordId, PageSize = pageSize, Cursor = cursor }, cancellationToken);
    }

    public async Task<RecordState> GetStateAtAsync(string entityType, string recordId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        var query = new AuditQuery
        {
            EntityTypes = [entityType],
            RecordId = recordId,
            Categories = [AuditCategory.RecordChange],
            Actions = RecordActions,
            To = at.AddTicks(10), // inclusive of events stamped at this microsecond
            PageSize = AuditQuery.MaxPageSize,
        };

        // Pages come newest first; the state is rebuilt oldest first.
        var history = new List<AuditEvent>();
        string? cursor = null;
        do
        {
            var page = await QueryAsync(query with { Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            history.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        history.Reverse();
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        var exists = false;
        foreach (var e in history)
        {
            switch (e.Action)
            {
                case AuditActions.Create:
                    fields.Clear();
                    unknown.Clear();
                    exists = true;
                    Apply(fields, unknown, e);
                    break;
                case AuditActions.Delete:
                    fields.Clear();
                    unknown.Clear();
                    exists = false;
                    break;
                default:
                    exists = true;
                    Apply(fields, unknown, e);
                    break;
            }
        }

        return new RecordState(entityType, recordId, at, exists, fields, history.Count > 0 ? history[^1] : null, history.Count) { UnknownFields = [.. unknown] };

        static void Apply(Dictionary<string, string?> fields, SortedSet<string> unknown, AuditEvent e)
        {
            if (e.Metadata.TryGetValue(AuditMetadata.UnknownFields, out var names) && names.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var name in names.EnumerateArray())
                {
                    if (name.ValueKind == System.Text.Json.JsonValueKind.String && name.GetString() is { } field)
                    {
                        fields.Remove(field);
                        unknown.Add(field);
                    }
                }
            }

            foreach (var change in e.Changes)
            {
                if (change.Kind == FieldChangeKind.Unchanged)
                {
                    continue;
                }

                unknown.Remove(change.Field);
                if (change.Kind == FieldChangeKind.Removed || change.NewValue is null)
                {
                    fields.Remove(change.Field);
                }
                else
                {
                    fields[change.Field] = change.NewValue;
                }
            }
        }
    }

    public async Task<AuditEvent?> GetPreviousChangeAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (auditEvent.Target is not { EntityType: { } entity, RecordId: { } record } || auditEvent.Sequence == 0)
        {
            return null;
        }

        var page = await QueryAsync(new AuditQuery
        {
            EntityTypes = [entity],
            RecordId = record,
            Categories = [AuditCategory.RecordChange],
            Actions = RecordActions,
            Cursor = AuditCursor.After(auditEvent).ToString(),
            PageSize = 1,
        }, cancellationToken).ConfigureAwait(false);
        return page.Events.Count > 0 ? page.Events[0] : null;
    }

    public async Task<IReadOnlyList<AuditEvent>> GetRelatedAsync(AuditEvent auditEvent, int maxCount = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        if (auditEvent.CorrelationId is not { } correlation)
        {
            return [];
        }

        var page = await QueryAsync(new AuditQuery { CorrelationId = correlation, PageSize = Math.Min(AuditQuery.MaxPageSize, maxCount + 1) }, cancellationToken).ConfigureAwait(false);
        var related = page.Events.Where(e => e.Id != auditEvent.Id).Take(maxCount).ToList();
        related.Reverse();
        return related;
    }

    public Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (contextAccessor.Current?.TenantId is { } tenant)
        {
            query = query with { TenantId = tenant, Filter = query.Filter is null ? null : query.Filter with { TenantId = tenant } };
        }

        query.Validate();
        return store.AggregateAsync(query, cancellationToken);
    }

    // Inside a tenant's scope: its own events' count and range, nothing store-wide (AuditStore.GetStorageInfoAsync(tenantId)).
    public Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) =>
        contextAccessor.Current?.TenantId is { } tenant ? store.GetStorageInfoAsync(tenant, cancellationToken) : store.GetStorageInfoAsync(cancellationToken);

    // A reader inside a tenant's scope sees only that tenant's events, whatever the query asks.
    private AuditQuery Scope(AuditQuery query) =>
        contextAccessor.Current?.TenantId is { } tenant && query.TenantId != tenant ? query with { TenantId = tenant } : query;

    private AuditEvent? Visible(AuditEvent? e) =>
        e is not null && contextAccessor.Current?.TenantId is { } tenant && e.TenantId != tenant ? null : e;
}
