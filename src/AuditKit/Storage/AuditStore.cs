namespace AuditKit;

/// <summary>
/// The storage provider contract (SPI). An abstract class so that members can be added later with
/// virtual defaults without breaking providers. Every provider passes the one conformance suite in
/// <c>tests/AuditKit.Storage.Conformance</c>, so all stores behave the same.
/// </summary>
/// <remarks>Host applications read through <see cref="IAuditReader"/>, not through the store.</remarks>
public abstract class AuditStore : IAsyncDisposable
{
    /// <summary>The provider's name ("sqlite", "memory").</summary>
    public abstract string ProviderName { get; }

    /// <summary>Creates or migrates the schema; idempotent and safe to call from several processes.</summary>
    public abstract Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes exclusive hold of a stream for one writer and returns its head. With
    /// <paramref name="preferredStreamId"/> the call takes that stream or fails; without, it takes the
    /// lowest stream no live writer holds. A crashed writer's hold is released with its process.
    /// </summary>
    /// <exception cref="InvalidOperationException">The preferred stream is held by another writer.</exception>
    public abstract Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a batch in one transaction: all or nothing. Idempotent on (<see cref="AuditEvent.StreamId"/>,
    /// <see cref="AuditEvent.Sequence"/>): an event already stored is skipped, so replaying a batch is safe.
    /// </summary>
    public abstract Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default);

    /// <summary>One page of events matching the query, newest first (timestamp, then stream, then sequence).</summary>
    public abstract Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many events match the query's filters (its page and cursor are ignored).</summary>
    public abstract Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>The event with this id, or <see langword="null"/>.</summary>
    public abstract Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The event at this stream position, or <see langword="null"/>.</summary>
    public abstract Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// The event with this display id (<c>LOG-2026-8456789</c>), or <see langword="null"/>: looked up by stream and
    /// sequence, and only that event when its year matches too. Not for overriding; every store shares this check.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="displayId"/> is null.</exception>
    public async Task<AuditEvent?> GetAsync(string displayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayId);
        if (!AuditEventDisplayId.TryParse(displayId, out var streamId, out var sequence))
        {
            return null;
        }

        var e = await GetAsync(streamId, sequence, cancellationToken).ConfigureAwait(false);
        return AuditEventDisplayId.Matches(displayId, e) ? e : null;
    }

    /// <summary>
    /// Which of <paramref name="ids"/> are stored (in any stream): the pipeline asks before it takes over or replays
    /// events that may already have been written, so that an event is never stored twice under two sequences. Ids
    /// that are not UUID v7 are never stored. This default calls <see cref="GetAsync(Guid, CancellationToken)"/> per
    /// id; providers should override it with a batched lookup (a UUID v7 carries its millisecond, so the time index
    /// finds it).
    /// </summary>
    public virtual async Task<IReadOnlySet<Guid>> GetStoredIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var stored = new HashSet<Guid>();
        foreach (var id in ids)
        {
            if (!stored.Contains(id) && await GetAsync(id, cancellationToken).ConfigureAwait(false) is not null)
            {
                stored.Add(id);
            }
        }

        return stored;
    }

    /// <summary>Counts grouped by one dimension over a time range.</summary>
    public abstract Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default);

    /// <summary>Streams one stream's events in sequence order from <paramref name="fromSequence"/> (for verification, reports and archives).</summary>
    public abstract IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, CancellationToken cancellationToken = default);

    /// <summary>Event count, size on disk and stream heads.</summary>
    public abstract Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One tenant's part of the store (what <see cref="IAuditReader.GetStorageInfoAsync"/> returns inside that tenant's
    /// scope): the count and time range of its events. Figures that would tell it about other tenants' events are
    /// omitted: <see cref="AuditStorageInfo.SizeBytes"/> is 0 and <see cref="AuditStorageInfo.Streams"/> is empty
    /// (a stream's head sequence, hash and count cover every tenant's events). Providers that do not override this
    /// throw <see cref="NotSupportedException"/>, so a tenant never sees the store-wide figures.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="tenantId"/> is null or empty.</exception>
    public virtual Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        throw new NotSupportedException($"The {ProviderName} store does not report storage per tenant.");
    }

    /// <summary>Every change of one record, newest first: a query on entity type and record id.</summary>
    public virtual Task<AuditPage> GetHistoryAsync(string entityType, string recordId, int pageSize = AuditQuery.DefaultPageSize, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityType);
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        return QueryAsync(new AuditQuery { EntityTypes = [entityType], RecordId = recordId, PageSize = pageSize, Cursor = cursor }, cancellationToken);
    }

    /// <summary>
    /// The verifier's read: one stream's events in sequence order as digests (stored and recomputed hashes).
    /// This default reads <see cref="ReadStreamAsync"/> and hashes each event; providers may override it with a
    /// faster read that produces the same canonical bytes.
    /// </summary>
    protected internal virtual async IAsyncEnumerable<DigestChunk> ReadDigestsAsync(int streamId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var chain = new AuditChain();
        var chunk = new DigestChunk(DigestChunk.DefaultCapacity);
        await foreach (var e in ReadStreamAsync(streamId, 1, cancellationToken).ConfigureAwait(false))
        {
            var i = chunk.Add(e.Sequence, e.Timestamp.Year, e.PreviousHashBytes, e.HashBytes);
            chain.Compute(e, chunk.Previous(i), chunk.Computed(i));
            if (chunk.IsFull)
            {
                yield return chunk;
                chunk.Clear();
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>
    /// The per-member digests stored with an event when it was written (<see cref="FieldDigests"/>), for the verifier
    /// to name the fields of an edited event; null when the provider keeps none.
    /// </summary>
    protected internal virtual async Task<byte[]?> GetFieldDigestsAsync(int streamId, long sequence, CancellationToken cancellationToken = default) =>
        (await GetAsync(streamId, sequence, cancellationToken).ConfigureAwait(false))?.FieldDigests;

    /// <summary>Stores a signed checkpoint. Providers without checkpoint support throw <see cref="NotSupportedException"/>.</summary>
    public virtual Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {ProviderName} store does not keep checkpoints.");

    /// <summary>A stream's checkpoints in sequence order (empty when the provider keeps none).</summary>
    public virtual Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(int streamId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditCheckpoint>>([]);

    /// <summary>
    /// Rewrites stored events after an erasure (<see cref="IAuditEraser"/>): their actor name and e-mail, client
    /// fields, record name, changes and seals, and their free-text index entry. Nothing else of a stored event
    /// ever changes. Providers without erasure support throw <see cref="NotSupportedException"/>.
    /// </summary>
    public virtual Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {ProviderName} store does not support erasure.");

    /// <summary>A named settings document (<see cref="IAuditSettings"/>), or <see langword="null"/> when it was never saved.</summary>
    /// <param name="name">The document's name (<see cref="AuditSettingsDocument.ValidateName"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored document, or null.</returns>
    /// <exception cref="NotSupportedException">The provider keeps no settings documents.</exception>
    public virtual Task<AuditSettingsDocument?> GetSettingsAsync(string name, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {ProviderName} store does not keep settings documents.");

    /// <summary>
    /// Stores <paramref name="document"/> as version <see cref="AuditSettingsDocument.Version"/> of its name, atomically and
    /// only when the stored version is the one before it (none for version 1): optimistic concurrency, never a lost update.
    /// </summary>
    /// <param name="document">The document; check it with <see cref="AuditSettingsDocument.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels the write before it commits.</param>
    /// <returns>A task that completes when the document is stored.</returns>
    /// <exception cref="AuditSettingsConflictException">The stored version is not <c>document.Version - 1</c>; nothing was written.</exception>
    /// <exception cref="NotSupportedException">The provider keeps no settings documents.</exception>
    public virtual Task SaveSettingsAsync(AuditSettingsDocument document, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {ProviderName} store does not keep settings documents.");

    /// <summary>
    /// Called by <see cref="IAuditEraser"/> once an erasure's last <see cref="ApplyErasureAsync"/> has committed
    /// and its receipt is recorded: the store removes what the rewrites left behind outside the rows (PostgreSQL:
    /// statistics and old row versions of the touched partitions). Default: nothing to do.
    /// </summary>
    public virtual Task CompleteErasureAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// Deletes at most <see cref="AuditDeletionRequest.BatchSize"/> events of one category in a time range, oldest
    /// first, in one transaction, never one a legal hold of the request covers and never the newest event of a stream.
    /// Each deleted event leaves an <see cref="AuditTombstone"/> (<see cref="ReadTombstonesAsync"/>), so the chain and the
    /// checkpoints still verify; free-text entries and roll-up counts go with it. Call again until
    /// <see cref="AuditDeletionResult.Completed"/>. For retention only; providers without it throw <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="request">What to delete (checked with <see cref="AuditDeletionRequest.Validate"/>).</param>
    /// <param name="cancellationToken">Cancels the call before its transaction commits.</param>
    /// <returns>How many were deleted and held, and whether the selection is done.</returns>
    public virtual Task<AuditDeletionResult> DeleteEventsAsync(AuditDeletionRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {ProviderName} store does not support deletion.");

    /// <summary>
    /// Removes whole storage partitions (PostgreSQL's monthly tables) instead of row by row: each partition that lies
    /// before the latest <see cref="AuditDeletionRequest.To"/> and every event of which one of <paramref name="requests"/>
    /// would delete with <see cref="DeleteEventsAsync"/> (its category, time range and stream bound; no hold of any of the
    /// requests covers it; not the newest event of its stream) goes in one transaction, each of its events leaving the same
    /// <see cref="AuditTombstone"/> a row deletion leaves. Call <see cref="DeleteEventsAsync"/> afterwards for the rest.
    /// This default (stores without partitions) removes nothing.
    /// </summary>
    /// <param name="requests">The selection, as the deletion requests that would take it.</param>
    /// <param name="cancellationToken">Cancels between partitions.</param>
    /// <returns>How many events went with their partitions.</returns>
    public virtual Task<long> DeleteWholePartitionsAsync(IReadOnlyList<AuditDeletionRequest> requests, CancellationToken cancellationToken = default) =>
        Task.FromResult(0L);

    /// <summary>One stream's tombstones (<see cref="DeleteEventsAsync"/>) in sequence order from <paramref name="fromSequence"/>; empty by default.</summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="fromSequence">The first sequence wanted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tombstones.</returns>
    public virtual IAsyncEnumerable<AuditTombstone> ReadTombstonesAsync(int streamId, long fromSequence = 1, CancellationToken cancellationToken = default) =>
        AsyncEnumerable.Empty<AuditTombstone>();

    /// <summary>
    /// At most <paramref name="maxCount"/> events of one stream in sequence order from <paramref name="fromSequence"/>: a
    /// subscription's batch. This default stops <see cref="ReadStreamAsync"/> after <paramref name="maxCount"/>; providers
    /// should override it with a read limited to that many rows.
    /// </summary>
    /// <param name="streamId">The stream.</param>
    /// <param name="fromSequence">The first sequence wanted.</param>
    /// <param name="maxCount">The most events returned (at least 1).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, possibly none.</returns>
    public virtual async Task<IReadOnlyList<AuditEvent>> ReadStreamBatchAsync(int streamId, long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var batch = new List<AuditEvent>(Math.Min(maxCount, 1024));
        await foreach (var e in ReadStreamAsync(streamId, fromSequence, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(e);
            if (batch.Count == maxCount)
            {
                break;
            }
        }

        return batch;
    }

    /// <summary>
    /// The ids of every writer stream the store has, in order (a subscription reads each). This default takes them from
    /// <see cref="GetStorageInfoAsync(CancellationToken)"/>; providers should override it with a cheaper read.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stream ids, ascending.</returns>
    public virtual async Task<IReadOnlyList<int>> GetStreamIdsAsync(CancellationToken cancellationToken = default) =>
        (await GetStorageInfoAsync(cancellationToken).ConfigureAwait(false)).Streams.Select(s => s.StreamId).Order().ToList();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return DisposeAsyncCore();
    }

    /// <summary>Releases the provider's resources.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
