using Microsoft.Extensions.Options;

namespace AuditKit;

internal sealed class AuditLog(AuditQueue queue, AuditEventNormalizer normalizer, IOptions<AuditKitOptions> options, IChangeDetector changeDetector) : IAuditLog
{
    private readonly TimeSpan _enqueueTimeout = options.Value.EnqueueTimeout;

    public void Record(AuditEvent auditEvent)
    {
        normalizer.Prepare(auditEvent);
        var item = new PendingWrite(auditEvent, null);
        if (!queue.Channel.Writer.TryWrite(item))
        {
            EnqueueBlocking(item);
        }
    }

    public async ValueTask<AuditEvent> RecordAsync(AuditEvent auditEvent, AuditDurability durability = AuditDurability.Committed, CancellationToken cancellationToken = default)
    {
        normalizer.Prepare(auditEvent);
        var waiter = durability == AuditDurability.Committed
            ? new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously)
            : null;
        var item = new PendingWrite(auditEvent, waiter);
        if (!queue.Channel.Writer.TryWrite(item))
        {
            await EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }

        return waiter is null ? auditEvent : await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private async ValueTask<AuditEvent?> RecordChangeCoreAsync(AuditEvent e, AuditDurability durability, CancellationToken cancellationToken) =>
        await RecordAsync(e, durability, cancellationToken).ConfigureAwait(false);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EnqueueAsync(new PendingWrite(null, null, flush), cancellationToken).ConfigureAwait(false);
        await flush.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Backpressure for fire-and-forget callers: block the caller (not drop the event) until space frees up.
    private void EnqueueBlocking(PendingWrite item)
    {
        if (queue.Channel.Reader.Completion.IsCompleted)
        {
            throw Stopped();
        }

        EnqueueAsync(item, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    private async ValueTask EnqueueAsync(PendingWrite item, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_enqueueTimeout);
        try
        {
            await queue.Channel.Writer.WriteAsync(item, timeout.Token).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw Stopped();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AuditLogUnavailableException(
                $"The audit queue stayed full for {_enqueueTimeout} (AuditKitOptions.EnqueueTimeout, capacity {queue.Channel.Reader.Count}); the event was not accepted. Is the store reachable?");
        }
    }

    private static AuditLogUnavailableException Stopped() =>
        new("The audit log is stopped (the host is shutting down); the event was not accepted.");
}
