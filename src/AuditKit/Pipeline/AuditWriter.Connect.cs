namespace AuditKit;

/// <summary>
/// Starting without the store: an ERP must start while its audit database is down. The writer then journals what
/// callers record in the overflow journal (fsync'd, then RecordAsync callers are told it is durable, as when the
/// store fails at run time), connects in the background with backoff, and once connected writes the journalled
/// events in order, like any overflow.
/// </summary>
internal sealed partial class AuditWriter
{
    /// <summary>Initializes the store and takes the stream: the writer's head continues from the stream's.</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var lease = await store.OpenStreamAsync(_options.StreamId, _options.Application, cancellationToken).ConfigureAwait(false);
        _sequence = lease.LastSequence;
        Convert.FromHexString(lease.LastHash, _head, out _, out _);
        _lease = lease;
    }

    private void StartUnconnected(Exception error)
    {
        health.Unconnected = true;
        health.StoreFailing = true;
        health.Error($"The store could not be reached at start-up: {error.GetType().Name}: {error.Message}", timeProvider.GetUtcNow());
        AuditKitLogMessages.StartedWithoutStore(logger, error, store.ProviderName, _journalDirectory);
    }

    /// <summary>
    /// Journals what arrives and retries the store with backoff (up to 5 s apart). True once connected and
    /// recovered; false when the log stopped first (what was journalled is taken over by the next start).
    /// </summary>
    private async Task<bool> ConnectInBackgroundAsync()
    {
        var reader = queue.Channel.Reader;
        Task<bool>? wait = null;
        for (var attempt = 1; ; attempt++)
        {
            var delay = Backoff(attempt);
            var retry = Task.Delay(delay, timeProvider, _abort.Token);
            while (true)
            {
                JournalQueued();
                wait ??= reader.WaitToReadAsync().AsTask();
                if (await Task.WhenAny(wait, retry).ConfigureAwait(false) == retry)
                {
                    break;
                }

                var more = await wait.ConfigureAwait(false);
                wait = null;
                if (!more)
                {
                    JournalQueued();
                    return false;
                }
            }

            if (_abort.IsCancellationRequested)
            {
                JournalQueued();
                return false;
            }

            try
            {
                await ConnectAsync(_abort.Token).ConfigureAwait(false);
                await RecoverAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await DisconnectAsync().ConfigureAwait(false);
                if (_abort.IsCancellationRequested)
                {
                    JournalQueued();
                    return false;
                }

                health.Error($"The store cannot be reached: {ex.GetType().Name}: {ex.Message}", timeProvider.GetUtcNow());
                AuditKitLogMessages.ConnectFailed(logger, ex, attempt, Backoff(attempt + 1));
                continue;
            }

            health.StoreFailing = false;
            AuditKitLogMessages.Connected(logger, attempt, overflow.Pending);
            AuditKitLogMessages.WriterStarted(logger, store.ProviderName, _lease!.StreamId, _sequence);
            if (!overflow.Active)
            {
                health.Unconnected = false;
            }

            return true;
        }
    }

    private async Task DisconnectAsync()
    {
        _spill?.Dispose();
        _spill = null;
        if (_lease is { } lease)
        {
            _lease = null;
            try
            {
                await lease.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // the store is unreachable; its hold on the stream ends with the connection
                health.Error($"Releasing the stream failed: {ex.Message}", timeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// While the store is unreachable: moves what callers queued into the overflow journal, makes the group durable
    /// with one fsync, then tells the callers awaiting it that it is durable. An event the journal cannot take is
    /// counted as unwritten and its caller gets <see cref="AuditLogUnavailableException"/>.
    /// </summary>
    private void JournalQueued()
    {
        var reader = queue.Channel.Reader;
        List<PendingWrite>? items = null;
        while (reader.TryRead(out var item))
        {
            (items ??= []).Add(item);
        }

        if (items is null)
        {
            return;
        }

        var added = new bool[items.Count];
        Exception? failure = null;
        var journalled = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Event is not { } e)
            {
                continue;
            }

            try
            {
                overflow.Add(e, durable: false);
                added[i] = true;
                journalled++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failure = ex;
            }
        }

        var synced = true;
        if (journalled > 0)
        {
            try
            {
                overflow.FlushToDisk();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failure = ex;
                synced = false;
            }

            Interlocked.Add(ref health.OverflowedEvents, journalled);
            metrics.Overflowed.Add(journalled);
        }

        var lost = 0;
        var error = failure is null ? null : new AuditLogUnavailableException(
            "The store is unreachable and the event could not be made durable in the overflow journal" + (synced ? "." : " (it was written but not flushed to disk, so it may still be stored later)."), failure);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Event is null)
            {
                if (error is null)
                {
                    item.Flush?.TrySetResult();
                }
                else
                {
                    item.Flush?.TrySetException(error);
                }

                continue;
            }

            if (added[i] && synced)
            {
                item.Waiter?.TrySetResult(item.Event); // durable in the overflow journal; sequenced once the store is reached
            }
            else
            {
                item.Waiter?.TrySetException(error!);
                lost += added[i] ? 0 : 1;
            }
        }

        if (failure is not null)
        {
            health.Error($"Overflow journal: {failure.Message}", timeProvider.GetUtcNow());
            AuditKitLogMessages.JournalWhileUnconnectedFailed(logger, failure, items.Count(i => i.Event is not null) - journalled);
        }

        if (lost > 0)
        {
            Interlocked.Add(ref health.UnwrittenEvents, lost);
            metrics.EventsLost.Add(lost);
        }
    }
}
