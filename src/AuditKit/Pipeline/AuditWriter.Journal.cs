namespace AuditKit;

internal sealed partial class AuditWriter
{
    /// <summary>
    /// At start-up: replays this stream's spill journal (continuing the chain from whichever is further, the
    /// store or the journal), then the journals of streams no live writer holds, then the overflow files of
    /// processes that died, so nothing a caller was told is durable waits forever.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        _spill = SpillJournal.Open(_journalDirectory, _lease!.StreamId, timeProvider.GetUtcNow(), out var pending, out var corruption);
        Report(corruption, SpillJournal.PathFor(_journalDirectory, _lease.StreamId));
        foreach (var batch in pending)
        {
            if (batch.Count > 0 && batch[^1].Sequence > _sequence)
            {
                _sequence = batch[^1].Sequence;
                batch[^1].HashBytes!.CopyTo(_head, 0);
            }
        }

        Interlocked.Exchange(ref health.PendingJournalEvents, _spill.PendingEvents);
        await TryReplayAsync(force: true).ConfigureAwait(false);
        checkpointer.Start(_lease.StreamId);

        foreach (var path in Directory.GetFiles(_journalDirectory, "stream-*.journal"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("stream-".Length), out var other) && other != _lease.StreamId)
            {
                await ReplayOtherStreamAsync(other, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (path, events, damaged) in OverflowJournal.Orphans(_journalDirectory, overflow.FilePath))
        {
            Report(damaged, path);
            foreach (var e in events)
            {
                Link(e);
            }

            if (events.Count > 0)
            {
                await WriteAsync(events).ConfigureAwait(false);
                AuditKitLog.TookOver(logger, events.Count, path);
            }

            File.Delete(path);
        }
    }

    private async Task ReplayOtherStreamAsync(int streamId, CancellationToken cancellationToken)
    {
        AuditStreamLease lease;
        try
        {
            lease = await store.OpenStreamAsync(streamId, _options.Application, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return; // a live writer holds it and replays its own journal
        }

        await using (lease.ConfigureAwait(false))
        {
            using var journal = SpillJournal.Open(_journalDirectory, streamId, timeProvider.GetUtcNow(), out var batches, out var corruption);
            Report(corruption, journal.Path);
            try
            {
                foreach (var batch in batches)
                {
                    await store.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                }

                journal.Clear();
                AuditKitLog.Replayed(logger, batches.Sum(b => (long)b.Count));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health.Error($"Replay of stream {streamId}'s journal failed: {ex.Message}", timeProvider.GetUtcNow());
            }
        }
    }

    /// <summary>Replays the spill journal into the store, oldest batch first; true when it is empty afterwards.</summary>
    private async Task<bool> TryReplayAsync(bool force)
    {
        if (_spill!.PendingBatches == 0)
        {
            return true;
        }

        if (!force && timeProvider.GetTimestamp() < _nextReplayAt)
        {
            return false;
        }

        var batches = _spill.ReadPending();
        try
        {
            foreach (var batch in batches)
            {
                await store.AppendAsync(batch, _abort.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            health.StoreFailing = true;
            health.Error($"{ex.GetType().Name}: {ex.Message}", timeProvider.GetUtcNow());
            _nextReplayAt = timeProvider.GetTimestamp() + (long)(_options.ReplayInterval.TotalSeconds * timeProvider.TimestampFrequency);
            return false;
        }

        var count = _spill.PendingEvents;
        _spill.Clear();
        health.StoreFailing = false;
        Interlocked.Exchange(ref health.PendingJournalEvents, 0);
        Interlocked.Add(ref health.ReplayedEvents, count);
        metrics.Replayed.Add(count);
        AuditKitLog.Replayed(logger, count);
        return true;
    }

    private bool TrySpill(List<AuditEvent> events)
    {
        try
        {
            _spill!.Append(events);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            health.Error($"Spill journal: {ex.Message}", timeProvider.GetUtcNow());
            AuditKitLog.JournalFailed(logger, ex, _spill!.Path);
            return false;
        }

        Interlocked.Add(ref health.SpilledEvents, events.Count);
        Interlocked.Add(ref health.PendingJournalEvents, events.Count);
        metrics.Spilled.Add(events.Count);
        AuditKitLog.Spilled(logger, events.Count, events[0].Sequence, events[^1].Sequence, _spill.Path);
        return true;
    }

    /// <summary>Shutdown gave up on the store: what is linked or queued goes to the spill journal; only if that fails too do callers get an error.</summary>
    private void SpillRemaining(List<PendingWrite> items, List<AuditEvent> linked)
    {
        var remaining = new List<AuditEvent>(linked);
        var overflowed = _overflowInFlight;
        if (overflowed is not null)
        {
            remaining.AddRange(overflowed);
        }

        var waiting = new List<PendingWrite>(items);
        while (queue.Channel.Reader.TryRead(out var item))
        {
            waiting.Add(item);
            if (item.Event is { } e)
            {
                Link(e);
                remaining.Add(e);
            }
        }

        if (remaining.Count == 0 || TrySpill(remaining))
        {
            if (overflowed is not null)
            {
                overflow.Committed();
            }

            foreach (var item in waiting)
            {
                item.Waiter?.TrySetResult(item.Event!);
                item.Flush?.TrySetResult();
            }

            foreach (var flush in _deferredFlushes)
            {
                flush.TrySetResult();
            }

            return;
        }

        FailRemaining(waiting);
    }

    private void Report(JournalCorruption? corruption, string path)
    {
        if (corruption is null)
        {
            return;
        }

        health.JournalCorruptions++;
        health.Error($"Journal {path} is damaged at byte {corruption.Offset}: {corruption.Reason}.", timeProvider.GetUtcNow());
        AuditKitLog.JournalCorrupted(logger, path, corruption.Offset, corruption.Reason);
    }
}
