namespace AuditKit;

internal sealed class AuditReader(AuditStore store, IAuditContextAccessor contextAccessor) : IAuditReader
{
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
        return AuditEventDisplayId.TryParse(displayId, out var stream, out var sequence)
            ? Visible(await store.GetAsync(stream, sequence, cancellationToken).ConfigureAwait(false))
            : null;
    }

    public Task<AuditPage> GetHistoryAsync(string entityType, string recordId, int pageSize = AuditQuery.DefaultPageSize, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        return QueryAsync(new AuditQuery { EntityTypes = [entityType], RecordId = recordId, PageSize = pageSize, Cursor = cursor }, cancellationToken);
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

    public Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) =>
        store.GetStorageInfoAsync(cancellationToken);

    // A reader inside a tenant's scope sees only that tenant's events, whatever the query asks.
    private AuditQuery Scope(AuditQuery query) =>
        contextAccessor.Current?.TenantId is { } tenant && query.TenantId != tenant ? query with { TenantId = tenant } : query;

    private AuditEvent? Visible(AuditEvent? e) =>
        e is not null && contextAccessor.Current?.TenantId is { } tenant && e.TenantId != tenant ? null : e;
}
