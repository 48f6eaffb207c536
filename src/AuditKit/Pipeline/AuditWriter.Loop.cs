namespace AuditKit;

internal sealed partial class AuditWriter
{
    private async Task RunAsync()
    {
        var reader = queue.Channel.Reader;
        var max = _options.MaxBatchSize;
        var items = new List<PendingWrite>(Math.Min(max, 1024));
        var events = new List<AuditEvent>(Math.Min(max, 1024));
        Task<bool>? wait = null;
        var lastBatch = 0;
        var lastWaiters = 0;
        var queuedAtCompletion = 0;
        var lastCommit = TimeSpan.Zero;

        // Write-ahead of recorded (not awaited) events: the batch being written, its items and events.
        Task? writing = null;
        var writingItems = new List<PendingWrite>(items.Capacity);
        var writingEvents = new List<AuditEvent>(events.Capacity);
        try
        {
            if (_lease is null && !await ConnectInBackgroundAsync().ConfigureAwait(false))
            {
                return; // stopped before the store could be reached: everything recorded is in the overflow journal
            }

            while (true)
            {
                if (!reader.TryPeek(out _))
                {
                    if (writing is not null)
                    {
                        if (!writing.IsCompleted)
                        {
                            // A batch is being written: link what callers record meanwhile, or wait for the write to end.
                            wait ??= reader.WaitToReadAsync().AsTask();
                            await Task.WhenAny(writing, wait).ConfigureAwait(false);
                            if (!writing.IsCompleted && wait.IsCompleted)
                            {
                                var recorded = await wait.ConfigureAwait(false);
                                wait = null;
                                if (recorded)
                                {
                                    continue;
                                }
                            }
                        }

                        // The batch in flight ends before the writer waits or does anything else.
                        await EndWriteAheadAsync(writing, writingItems, writingEvents).ConfigureAwait(false);
                        writing = null;
                        continue;
                    }

                    if (overflow.Active)
                    {
                        await WriteOverflowAsync(max).ConfigureAwait(false);
                        continue;
                    }

                    if (_othersPending && _spill!.PendingBatches == 0 && timeProvider.GetTimestamp() >= _nextOthersAt)
                    {
                        await RecoverOtherJournalsAsync(_abort.Token).ConfigureAwait(false);
                        continue;
                    }

                    if (_spill!.PendingBatches > 0 || _othersPending)
                    {
                        // Idle with batches in a journal: wake up for new events or to try a replay.
                        wait ??= reader.WaitToReadAsync().AsTask();
                        await Task.WhenAny(wait, Task.Delay(_options.ReplayInterval, timeProvider, _abort.Token)).ConfigureAwait(false);
                        _abort.Token.ThrowIfCancellationRequested();
                        if (!wait.IsCompleted)
                        {
                            await TryReplayAsync(force: false).ConfigureAwait(false);
                            continue;
                        }
                    }

                    // Under steady traffic (the last batch was large) the next event is microseconds away: spinning
                    // briefly before sleeping spares every caller the cost of waking the writer. After a small batch
                    // (callers awaiting one event each, a quiet host) the next event waits for a caller to be woken
                    // first, so the writer sleeps at once instead of burning a core.
                    if (wait is null && lastBatch >= SpinAfterBatchOf && SpinForWork(reader))
                    {
                        continue;
                    }

                    // No token here: waiting without one lets the channel reuse its waiter (no allocation per
                    // batch), and StopAsync completes the channel, which ends the wait.
                    var more = wait is not null ? await wait.ConfigureAwait(false) : await reader.WaitToReadAsync().ConfigureAwait(false);
                    wait = null;
                    if (!more)
                    {
                        break;
                    }
                }

                items.Clear();
                events.Clear();
                while (items.Count < max && reader.TryRead(out var item))
                {
                    items.Add(item);
                }

                if (_options.MaxBatchDelay > TimeSpan.Zero && items.Count < max)
                {
                    await LingerAsync(reader, items, max).ConfigureAwait(false);
                }
                else if (lastWaiters > 1 && Math.Min(max, queuedAtCompletion + lastWaiters) is var expected && items.Count < expected && Awaited(items) == items.Count)
                {
                    await GroupCommitLingerAsync(reader, items, expected, GroupCommitWait(lastCommit)).ConfigureAwait(false);
                }

                foreach (var item in items)
                {
                    if (item.Event is { } e)
                    {
                        Link(e);
                        events.Add(e);
                    }
                }

                lastBatch = items.Count;

                if (writing is not null)
                {
                    // Batches commit in order: the one in flight first (this one was linked meanwhile).
                    await EndWriteAheadAsync(writing, writingItems, writingEvents).ConfigureAwait(false);
                    writing = null;
                }

                if (events.Count > 0 && Awaited(items) == 0)
                {
                    // Recorded, not awaited (steady or bulk traffic): write this batch while the next one is read and
                    // linked, so hashing the next batch overlaps the store's work on this one. Awaited batches keep the
                    // sequential path: group commit gathers the callers a commit wakes into the next batch.
                    var ahead = events;
                    writing = Task.Run(() => WriteAsync(ahead), CancellationToken.None);
                    (items, writingItems) = (writingItems, items);
                    (events, writingEvents) = (writingEvents, events);
                    lastWaiters = 0;
                    continue;
                }

                if (events.Count > 0)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await WriteAsync(events).ConfigureAwait(false);
                    lastCommit = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                }

                // Read before the waiters resume: what callers queued during the commit, apart from the ones woken now.
                queuedAtCompletion = reader.CanCount ? reader.Count : 0;
                lastWaiters = Release(items);
                items.Clear();
                events.Clear();
            }

            // Stopping: what callers put in the overflow journal is written too when the store allows.
            while (overflow.Active)
            {
                await WriteOverflowAsync(max).ConfigureAwait(false);
            }

            // The tail since the last checkpoint gets one too, so truncating it later is detectable.
            if (_spill!.PendingBatches == 0)
            {
                await checkpointer.MaybeCheckpointAsync(_sequence, _abort.Token, final: true).ConfigureAwait(false);
            }

            AuditKitLogMessages.WriterStopped(logger, _sequence);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            await SpillRemainingAsync(writing, writingItems, writingEvents, items, events).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AuditKitLogMessages.WriterFailed(logger, ex);
            await SpillRemainingAsync(writing, writingItems, writingEvents, items, events).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the loop held when it ended early: a batch written ahead first (once its write has ended, so nothing else
    /// touches the journal meanwhile; unless that write succeeded), then the batch it had linked, then what is queued.
    /// </summary>
    private async Task SpillRemainingAsync(Task? writing, List<PendingWrite> writingItems, List<AuditEvent> writingEvents, List<PendingWrite> items, List<AuditEvent> events)
    {
        if (writing is not null)
        {
            try
            {
                await EndWriteAheadAsync(writing, writingItems, writingEvents).ConfigureAwait(false); // durable: nothing of it to spill
            }
            catch (Exception)
            {
                // not written: spilled below, before the batch linked after it
            }
        }

        SpillRemaining([.. writingItems, .. items], [.. writingEvents, .. events]);
    }

    /// <summary>Waits for a batch written ahead (rethrowing its failure), then completes its callers and empties its lists for the next one.</summary>
    private async Task EndWriteAheadAsync(Task writing, List<PendingWrite> writingItems, List<AuditEvent> writingEvents)
    {
        await writing.ConfigureAwait(false);
        Release(writingItems);
        writingItems.Clear();
        writingEvents.Clear();
    }

    /// <summary>Completes the callers of a written batch (flushes wait for the overflow journal recorded before them); returns how many awaited an event.</summary>
    private int Release(List<PendingWrite> done)
    {
        var waiters = 0;
        foreach (var item in done)
        {
            waiters += item.Waiter is null ? 0 : 1;
            item.Waiter?.TrySetResult(item.Event!);
            if (item.Flush is { } flush)
            {
                if (overflow.Active)
                {
                    _deferredFlushes.Add(flush); // completes once the overflow recorded before it is written
                }
                else
                {
                    flush.TrySetResult();
                }
            }
        }

        return waiters;
    }


    /// <summary>The writer spins for more work only after a batch at least this large (steady traffic).</summary>
    private const int SpinAfterBatchOf = 64;

    private static bool SpinForWork(System.Threading.Channels.ChannelReader<PendingWrite> reader)
    {
        if (Environment.ProcessorCount < 2)
        {
            return false;
        }

        var spinner = default(SpinWait);
        for (var i = 0; i < 40; i++)
        {
            if (reader.TryPeek(out _))
            {
                return true;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return false;
    }

    private async Task WriteOverflowAsync(int max)
    {
        var events = overflow.Take(max);
        foreach (var e in events)
        {
            Link(e);
        }

        _overflowInFlight = events;
        if (events.Count > 0)
        {
            await WriteAsync(events).ConfigureAwait(false);
        }

        _overflowInFlight = null;
        overflow.Committed();
        if (!overflow.Active)
        {
            health.Unconnected = false; // what was journalled while the store was unreachable is written
            foreach (var flush in _deferredFlushes)
            {
                flush.TrySetResult();
            }

            _deferredFlushes.Clear();
        }
    }

    /// <summary>The longest a batch of awaited events waits for the callers of the previous batch: 1 ms.</summary>
    private static readonly TimeSpan MaxGroupCommitWait = TimeSpan.FromMilliseconds(1);

    /// <summary>Half the last commit, at most <see cref="MaxGroupCommitWait"/>: waiting longer than a commit saves would cost more than it groups.</summary>
    private static TimeSpan GroupCommitWait(TimeSpan lastCommit) => lastCommit / 2 < MaxGroupCommitWait ? lastCommit / 2 : MaxGroupCommitWait;

    /// <summary>How many of <paramref name="items"/> a caller awaits.</summary>
    private static int Awaited(List<PendingWrite> items)
    {
        var awaited = 0;
        foreach (var item in items)
        {
            awaited += item.Waiter is null ? 0 : 1;
        }

        return awaited;
    }

    /// <summary>
    /// Group commit for awaiting callers. When a commit ends, the callers it wakes are about to record their next events,
    /// while the ones woken by the commit before (which queued during this commit) are already waiting: committing those
    /// at once would leave the others for the next commit, so with N callers each commit would carry about N/2 events.
    /// When every queued item has a waiter and fewer are queued than were just woken plus what was already queued, the
    /// writer waits for the rest — at most half the last commit's duration and 1 ms (real time: a wait for threads, not a
    /// schedule a test clock controls). One caller never waits here (it is the only one woken, and its event is all there is).
    /// </summary>
    private static async Task GroupCommitLingerAsync(System.Threading.Channels.ChannelReader<PendingWrite> reader, List<PendingWrite> items, int expected, TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var linger = new CancellationTokenSource(wait);
        await FillAsync(reader, items, expected, linger.Token, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task LingerAsync(System.Threading.Channels.ChannelReader<PendingWrite> reader, List<PendingWrite> items, int max)
    {
        using var linger = new CancellationTokenSource(_options.MaxBatchDelay, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(linger.Token, _abort.Token);
        await FillAsync(reader, items, max, linked.Token, _abort.Token).ConfigureAwait(false);
    }

    /// <summary>Reads queued items until there are <paramref name="until"/>, the channel completes or <paramref name="wait"/> ends the wait (an <paramref name="abort"/> is thrown).</summary>
    private static async Task FillAsync(System.Threading.Channels.ChannelReader<PendingWrite> reader, List<PendingWrite> items, int until, CancellationToken wait, CancellationToken abort)
    {
        while (items.Count < until)
        {
            if (reader.TryRead(out var item))
            {
                items.Add(item);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(wait).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!abort.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Makes a linked batch durable: in the store, retried with backoff; after <see cref="AuditKitOptions.SpillAfter"/>
    /// of failures (or while older batches wait in the journal) in the spill journal. Returns only once it is
    /// durable somewhere, or throws when shutdown aborts the attempts.
    /// </summary>
    private async Task WriteAsync(List<AuditEvent> events)
    {
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var journalFirst = _spill!.PendingBatches > 0 && !await TryReplayAsync(force: false).ConfigureAwait(false);
            if (!journalFirst)
            {
                try
                {
                    await store.AppendAsync(events, _abort.Token).ConfigureAwait(false);
                    health.StoreFailing = false;
                    health.JournalFailing = false;
                    metrics.EventsWritten.Add(events.Count);
                    metrics.Batches.Record(events.Count);
                    checkpointer.Add(events);
                    await checkpointer.MaybeCheckpointAsync(events[^1].Sequence, _abort.Token).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (!_abort.IsCancellationRequested)
                {
                    // The batch keeps its sequence numbers and hashes; appends are idempotent, so a retry of a
                    // batch that did commit before the error was reported stores nothing twice.
                    metrics.AppendFailures.Add(1);
                    health.StoreFailing = true;
                    health.Error($"{ex.GetType().Name}: {ex.Message}", timeProvider.GetUtcNow());
                    var delay = Backoff(attempt);
                    AuditKitLogMessages.AppendFailed(logger, ex, events.Count, attempt, delay);
                    if (timeProvider.GetElapsedTime(started) < _options.SpillAfter)
                    {
                        await Task.Delay(delay, timeProvider, _abort.Token).ConfigureAwait(false);
                        continue;
                    }
                }
            }

            if (TrySpill(events))
            {
                checkpointer.Add(events);
                return;
            }

            await Task.Delay(Backoff(attempt), timeProvider, _abort.Token).ConfigureAwait(false);
        }
    }

    private static TimeSpan Backoff(int attempt)
    {
        var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(attempt - 1, 10))));
        return backoff * (0.5 + (Random.Shared.NextDouble() * 0.5));
    }
}
