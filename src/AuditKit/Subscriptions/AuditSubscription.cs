using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// Runs one named subscription in the host: takes its lease when free, reads each stream from its stored position
/// through the store (so it sees every instance's committed events), hands batches to the subscriber, saves the position
/// after each handled batch, and backs off and retries a failed batch without moving past it. The write path never
/// waits for it: it only reads what has committed.
/// </summary>
internal sealed class AuditSubscription(
    string name,
    IAuditSubscriber subscriber,
    AuditStore store,
    AuditSubscriptionOptions options,
    AuditSubscriptionMetrics metrics,
    TimeProvider time,
    ILogger logger) : BackgroundService
{
    private readonly AuditSubscriptionLease _lease = new(store, name, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", options, time);

    // Cancelled when a stop is no longer graceful (the host's shutdown timeout): until then a handler call in flight
    // finishes and its position is saved, so a graceful restart does not deliver that batch again.
    private readonly CancellationTokenSource _abort = new();

    public string Name => name;

    /// <summary>With <see cref="AuditSubscriptionOptions.StartAtEnd"/>, notes each stream's head before the host has started.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.StartAtEnd)
        {
            try
            {
                _lease.StartHeads = (await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false)).Streams.ToDictionary(s => s.StreamId, s => s.LastSequence);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store is not reachable yet: the heads are taken when the lease is first taken.
                AuditSubscriptionLog.StoreFailed(logger, ex, name, options.PollInterval);
            }
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = options.RetryDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await StepAsync(stoppingToken).ConfigureAwait(false);
                    retry = options.RetryDelay;
                }
                catch (HandlerFailedException failed)
                {
                    metrics.Failures.Add(1, new KeyValuePair<string, object?>("subscription", name));
                    AuditSubscriptionLog.HandlerFailed(logger, failed.InnerException!, name, failed.Count, failed.StreamId, failed.Sequence, retry);
                    wait = retry;
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.MaxRetryDelay.Ticks));
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    AuditSubscriptionLog.StoreFailed(logger, ex, name, options.PollInterval);
                    wait = options.PollInterval;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(static abort => ((CancellationTokenSource)abort!).Cancel(), _abort))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _lease.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditSubscriptionLog.StoreFailed(logger, ex, name, TimeSpan.Zero); // the lease then simply expires
        }
    }

    // One pass: take or keep the lease, deliver one batch per stream that has new events. Returns how long to wait.
    private async Task<TimeSpan> StepAsync(CancellationToken stoppingToken)
    {
        if (!_lease.Held)
        {
            if (!await _lease.TryAcquireAsync(stoppingToken).ConfigureAwait(false))
            {
                return options.PollInterval;
            }

            AuditSubscriptionLog.Acquired(logger, name, _lease.Owner);
        }

        var delivered = 0;
        var behind = false;
        foreach (var streamId in await store.GetStreamIdsAsync(stoppingToken).ConfigureAwait(false))
        {
            var from = _lease.PositionOf(streamId) + 1;
            var batch = await store.ReadStreamBatchAsync(streamId, from, options.BatchSize, stoppingToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                continue;
            }

            if (!await _lease.RenewIfDueAsync(stoppingToken).ConfigureAwait(false))
            {
                AuditSubscriptionLog.Lost(logger, name);
                return options.PollInterval;
            }

            await HandleAsync(streamId, from, batch, stoppingToken).ConfigureAwait(false);

            // The batch was delivered: its position is saved even when the host is stopping meanwhile (one short save),
            // so a graceful restart does not deliver it again.
            if (!await _lease.AdvanceAsync(streamId, batch[^1].Sequence, CancellationToken.None).ConfigureAwait(false))
            {
                AuditSubscriptionLog.Lost(logger, name); // the new holder delivers this batch again: at least once
                return options.PollInterval;
            }

            delivered += batch.Count;
            metrics.Delivered.Add(batch.Count, new KeyValuePair<string, object?>("subscription", name));
            if (batch.Count == options.BatchSize)
            {
                behind = true;
                metrics.SetLag(name, time.GetUtcNow() - batch[^1].Timestamp);
            }
        }

        if (!behind)
        {
            metrics.SetLag(name, TimeSpan.Zero);
        }

        if (delivered > 0)
        {
            return TimeSpan.Zero;
        }

        if (!await _lease.RenewIfDueAsync(stoppingToken).ConfigureAwait(false))
        {
            AuditSubscriptionLog.Lost(logger, name);
        }

        return options.PollInterval;
    }

    public override void Dispose()
    {
        base.Dispose();
        _abort.Dispose();
    }

    // The handler gets what is left of the lease (past it another instance may deliver the same events) and, once the host
    // stops, until the stop is no longer graceful: a stop does not cut a delivery in flight short.
    private async Task HandleAsync(int streamId, long from, IReadOnlyList<AuditEvent> batch, CancellationToken stoppingToken)
    {
        var left = _lease.Expires - time.GetUtcNow();
        using var lease = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, lease.Token);
        try
        {
            await subscriber.HandleAsync(batch, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            throw new HandlerFailedException(streamId, from, batch.Count, ex);
        }
    }

    private sealed class HandlerFailedException(int streamId, long sequence, int count, Exception inner) : Exception("The subscriber failed.", inner)
    {
        public int StreamId => streamId;

        public long Sequence => sequence;

        public int Count => count;
    }
}
