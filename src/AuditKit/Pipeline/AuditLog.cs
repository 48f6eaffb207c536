using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

internal sealed class AuditLog(
    AuditQueue queue,
    AuditEventNormalizer normalizer,
    IOptions<AuditKitOptions> options,
    IChangeDetector changeDetector,
    OverflowJournal overflow,
    AuditKitHealth health,
    AuditKitMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AuditLog> logger) : IAuditLog, IPreparedAuditLog
{
    private readonly TimeSpan _enqueueTimeout = options.Value.EnqueueTimeout;
    private readonly TimeSpan _commitTimeout = options.Value.CommitTimeout;

    public void Record(AuditEvent auditEvent)
    {
        if (!normalizer.Prepare(auditEvent))
        {
            metrics.DroppedByPolicy.Add(1);
            return;
        }

        var item = new PendingWrite(auditEvent, null);
        if (!overflow.Active && queue.Channel.Writer.TryWrite(item))
        {
            return;
        }

        // Backpressure, then the overflow journal: a fire-and-forget event never throws into the host for a
        // full queue, a failing store or a stopped log.
        if (!overflow.Active && EnqueueBlocking(item))
        {
            return;
        }

        try
        {
            Overflow(auditEvent, durable: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref health.UnwrittenEvents);
            metrics.EventsLost.Add(1);
            health.Error($"Overflow journal: {ex.Message}", timeProvider.GetUtcNow());
            AuditKitLogMessages.OverflowFailed(logger, ex);
        }
    }

    public ValueTask<AuditEvent> RecordAsync(AuditEvent auditEvent, AuditDurability durability = AuditDurability.Committed, CancellationToken cancellationToken = default)
    {
        if (!normalizer.Prepare(auditEvent))
        {
            metrics.DroppedByPolicy.Add(1);
            return ValueTask.FromResult(auditEvent); // dropped by the event policy: returned unsequenced (Sequence 0)
        }

        return EnqueuePreparedAsync(auditEvent, durability, cancellationToken);
    }

    /// <summary>
    /// Fills an event's id and time, applies the event policy, checks it and seals its personal values (what
    /// <see cref="RecordAsync"/> does before queueing), for a caller that keeps the prepared event somewhere first
    /// (the EF Core outbox); false when the policy drops it.
    /// </summary>
    public bool Prepare(AuditEvent auditEvent)
    {
        if (normalizer.Prepare(auditEvent))
        {
            return true;
        }

        metrics.DroppedByPolicy.Add(1);
        return false;
    }

    /// <summary>
    /// Queues an event that was already prepared (<see cref="Prepare"/>) and kept (the EF Core outbox, replayed after
    /// a crash): its id, time and seals are kept as they are. Same guarantees as <see cref="RecordAsync"/>.
    /// </summary>
    public async ValueTask<AuditEvent> EnqueuePreparedAsync(AuditEvent auditEvent, AuditDurability durability, CancellationToken cancellationToken)
    {
        var waiter = durability == AuditDurability.Committed
            ? new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously)
            : null;
        var item = new PendingWrite(auditEvent, waiter);
        var queued = !overflow.Active && (queue.Channel.Writer.TryWrite(item)
            || (!queue.IsClosed && await EnqueueAsync(item, cancellationToken).ConfigureAwait(false)));
        if (!queued)
        {
            try
            {
                Overflow(auditEvent, durable: durability == AuditDurability.Committed);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref health.UnwrittenEvents);
                metrics.EventsLost.Add(1);
                health.Error($"Overflow journal: {ex.Message}", timeProvider.GetUtcNow());
                AuditKitLogMessages.OverflowFailed(logger, ex);
                throw new AuditLogUnavailableException("The event could not be made durable: the queue is full or stopped and the overflow journal could not be written.", ex);
            }

            return auditEvent; // durable in the overflow journal; sequenced when the writer catches up
        }

        if (waiter is null)
        {
            return auditEvent;
        }

        try
        {
            return await waiter.Task.WaitAsync(_commitTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new AuditLogUnavailableException(
                $"The event was not durable in the store or the spill journal within {_commitTimeout} (AuditKitOptions.CommitTimeout); the writer keeps trying, so it may still be written.", ex);
        }
    }

    public ValueTask<AuditEvent?> RecordChangeAsync<T>(string entityType, string recordId, string? recordName, T? before, T? after, AuditDurability durability = AuditDurability.Committed, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        if (before is null && after is null)
        {
            throw new ArgumentException("RecordChangeAsync needs a before or an after snapshot (both are null).", nameof(after));
        }

        AuditEvent e;
        if (before is null)
        {
            e = AuditEvents.Created(entityType, recordId, recordName, changeDetector.Snapshot(after!, FieldChangeKind.Added));
        }
        else if (after is null)
        {
            e = AuditEvents.Deleted(entityType, recordId, recordName, changeDetector.Snapshot(before, FieldChangeKind.Removed));
        }
        else
        {
            var changes = changeDetector.Compare(before, after);
            var changed = false;
            for (var i = 0; i < changes.Count && !changed; i++)
            {
                changed = changes[i].Kind != FieldChangeKind.Unchanged;
            }

            if (!changed)
            {
                return ValueTask.FromResult<AuditEvent?>(null);
            }

            e = AuditEvents.Updated(entityType, recordId, recordName, changes);
        }

        return RecordChangeCoreAsync(e, durability, cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // A flush waits for queue space as long as its caller lets it: it is not on a hot path.
            await queue.Channel.Writer.WriteAsync(new PendingWrite(null, null, flush), cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException ex)
        {
            throw new AuditLogUnavailableException("The audit log is stopped; there is nothing to flush into. Events recorded after the stop are in the overflow journal and are written at the next start.", ex);
        }

        await flush.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<AuditEvent?> RecordChangeCoreAsync(AuditEvent e, AuditDurability durability, CancellationToken cancellationToken) =>
        await RecordAsync(e, durability, cancellationToken).ConfigureAwait(false);

    private void Overflow(AuditEvent e, bool durable)
    {
        var first = !overflow.Active;
        overflow.Add(e, durable);
        Interlocked.Increment(ref health.OverflowedEvents);
        metrics.Overflowed.Add(1);
        if (first)
        {
            AuditKitLogMessages.Overflowing(logger, _enqueueTimeout);
        }

        queue.Channel.Writer.TryWrite(default); // wakes an idle writer; a full queue means it is busy anyway
    }

    // The synchronous caller polls rather than blocking on an async wait: no thread-pool timer or
    // continuation has to run for it to give up after EnqueueTimeout, even on a starved pool.
    private bool EnqueueBlocking(PendingWrite item)
    {
        var started = timeProvider.GetTimestamp();
        var spinner = default(SpinWait);
        while (!queue.IsClosed)
        {
            if (queue.Channel.Writer.TryWrite(item))
            {
                return true;
            }

            if (timeProvider.GetElapsedTime(started) >= _enqueueTimeout)
            {
                return false;
            }

            spinner.SpinOnce(sleep1Threshold: 20);
        }

        return false;
    }

    // True when queued; false when the queue stayed full past EnqueueTimeout or the log is stopped.
    private async ValueTask<bool> EnqueueAsync(PendingWrite item, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_enqueueTimeout);
        try
        {
            await queue.Channel.Writer.WriteAsync(item, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
