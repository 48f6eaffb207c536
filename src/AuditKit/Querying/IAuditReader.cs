namespace AuditKit;

/// <summary>
/// The read API that host applications build their audit screens on: log viewer, entry detail, record
/// history, dashboards. It sits on the store and scopes every read to the ambient tenant when there is one.
/// </summary>
public interface IAuditReader
{
    /// <summary>One page of events matching the filters, newest first; continue with <see cref="AuditPage.NextCursor"/>.</summary>
    /// <exception cref="ArgumentException">A filter or the cursor is invalid; the message names it.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many events match the filters ("Results: 15,678 events").</summary>
    Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>One event by id, or <see langword="null"/>.</summary>
    Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>One event by its display id (<c>LOG-2026-8456789</c>), or <see langword="null"/>.</summary>
    Task<AuditEvent?> GetAsync(string displayId, CancellationToken cancellationToken = default);

    /// <summary>Every event on one record, newest first ("View Full History").</summary>
    Task<AuditPage> GetHistoryAsync(string entityType, string recordId, int pageSize = AuditQuery.DefaultPageSize, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The record's field values at <paramref name="at"/>, rebuilt from its Create, Update and Delete events
    /// (<see cref="AuditCategory.RecordChange"/>) up to and including that moment. Fields changed by an update that did
    /// not record their new values (EF Core bulk updates by default) are listed in <see cref="RecordState.UnknownFields"/>
    /// and left out of <see cref="RecordState.Fields"/> until a later change sets them to a known value.
    /// </summary>
    Task<RecordState> GetStateAtAsync(string entityType, string recordId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The change (Create, Update or Delete) of the same record just before <paramref name="auditEvent"/> ("Previous change to this record"), or <see langword="null"/>.</summary>
    Task<AuditEvent?> GetPreviousChangeAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>The other events that share <paramref name="auditEvent"/>'s correlation id, oldest first ("Related Events"); empty without a correlation id.</summary>
    Task<IReadOnlyList<AuditEvent>> GetRelatedAsync(AuditEvent auditEvent, int maxCount = 50, CancellationToken cancellationToken = default);

    /// <summary>Counts grouped by one dimension over a range.</summary>
    Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Event count, storage size and stream heads ("Storage Used"). Inside a tenant's scope: the count and time range
    /// of that tenant's events only, with no store-wide size or stream heads (see <see cref="AuditStore.GetStorageInfoAsync(string, CancellationToken)"/>).
    /// </summary>
    Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default);
}
