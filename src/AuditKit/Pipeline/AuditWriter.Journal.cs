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
        await RecoverOtherJournalsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replays the spill journals of streams no live writer holds, then takes over the overflow files of processes
    /// that died. What cannot be done now (the store fails, a spill journal still waits) is retried by the idle
    /// writer every <see cref="AuditKitOptions.ReplayInterval"/>.
    /// </summary>
    private async Task RecoverOtherJournalsAsync(CancellationToken cancellationToken)
    {
        _othersPending = false;
        foreach (var path in Directory.GetFiles(_journalDirectory, "stream-*.journal"))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("stream-".Length), out var other) && other != _lease!.StreamId)
            {
                await ReplayOtherStreamAsync(other, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var path in OverflowJournal.OtherFiles(_journalDirectory, overflow.FilePath))
        {
            if (!await TryTakeOverAsync(path, cancellationToken).ConfigureAwait(false))
            {
                _othersPending = true;
                _nextOthersAt = timeProvider.GetTimestamp() + (long)(_options.ReplayInterval.TotalSeconds * timeProvider.TimestampFrequency);
                return;
            }
        }
    }

    /// <summary>
    /// Takes over one dead process's overflow file: its events are sequenced into this stream and the file deleted.
    /// Idempotent, so a crash at any step is harmless: events whose id the store already holds (written by the dead
    /// process before it could clear the file, or by an earlier take-over that died before deleting it) are skipped,
    /// and the take-over waits while any spill journal in the folder holds batches (they may hold this file's events
    /// under their sequences; once replayed, the store answers for them). False when it has to wait.
    /// </summary>
    private async Task<bool> TryTakeOverAsync(string path, CancellationToken cancellationToken)
    {
        using var orphan = OverflowOrphan.TryTake(path);
        if (orphan is null)
        {
            return true; // a live process holds it (its own, or another writer is taking it over)
        }

        if (SpillJournalsHoldBatches())
        {
            return false;
        }

        IReadOnlySet<Guid> stored;
        try
        {
            stored = await store.GetStoredIdsAsync(orphan.Events.Select(e => e.Id).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            health.Error($"Take-over of {path} waits for the store: {ex.GetType().Name}: {ex.Message}", timeProvider.GetUtcNow());
            return false;
        }

        var seen = new HashSet<Guid>(stored);
        var events = orphan.Events.Where(e => seen.Add(e.Id)).ToList();
        for (var start = 0; start < events.Count; start += _options.MaxBatchSize)
        {
            var batch = events.GetRange(start, Math.Min(_options.MaxBatchSize, events.Count - start));
            foreach (var e in batch)
            {
                Link(e);
            }

            await WriteAsync(batch).ConfigureAwait(false);
        }

        Report(orphan.Corruption, path); // once, when the take-over completes (a deferred one is retried)
        orphan.Delete();
        AuditKitLogMessages.TookOver(logger, events.Count, path);
        if (orphan.Events.Count > events.Count)
        {
            AuditKitLogMessages.TakeOverSkippedStored(logger, orphan.Events.Count - events.Count, path);
        }

        return true;
    }

    /// <summary>Whether any stream's spill journal (this writer's or another's, held or not) still holds batches.</summary>
    private bool SpillJournalsHoldBatches() =>
        _spill!.PendingBatches > 0
        || Directory.GetFiles(_journalDirectory, "stream-*.journal").Any(path => new FileInfo(path).Length > JournalFile.HeaderLength);

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
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            health.Error($"Replay of stream {streamId}'s journal waits for the store: {ex.Message}", timeProvider.GetUtcNow());
            return;
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
                AuditKitLogMessages.Replayed(logger, batches.Sum(b => (long)b.Count));
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
        AuditKitLogMessages.Replayed(logger, count);
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
            health.JournalFailing = true; // the store fails too: nothing can be made durable now
            health.Error($"Spill journal: {ex.Message}", timeProvider.GetUtcNow());
            AuditKitLogMessages.JournalFailed(logger, ex, _spill!.Path);
            return false;
        }

        health.JournalFailing = false;
        Interlocked.Add(ref health.SpilledEvents, events.Count);
        Interlocked.Add(ref health.PendingJournalEvents, events.Count);
        metrics.Spilled.Add(events.Count);
        AuditKitLogMessages.Spilled(logger, events.Count, events[0].Sequence, events[^1].Sequence, _spill.Path);
        return true;
    }

    /// <summary>Shutdown gave up on the store: what is linked or queued goes to the spill journal; only if that fails too do callers get an error.</summary>
    private void SpillRemaining(List<PendingWrite> items, List<AuditEvent> linked)
    {
        if (_spill is null)
        {
            JournalQueued(); // the store was never reached: nothing is linked, queued events go to the overflow journal
            return;
        }

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
        AuditKitLogMessages.JournalCorrupted(logger, path, corruption.Offset, corruption.Reason);
    }
}
