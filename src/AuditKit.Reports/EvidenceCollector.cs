namespace AuditKit.Reports;

/// <summary>
/// Notes, per stream, the lowest and highest sequence (and their hashes) among the events written, then verifies those
/// streams and finds the newest checkpoint covering each range. Holds one entry per stream, whatever the row count.
/// </summary>
/// <remarks>
/// A stream's verification starts as soon as its first event is written and runs beside the rows (on another thread),
/// so a long report does not wait for it at the end. That verification read the stream after the first event was
/// stored, so it covers every sequence up to that event's; when the report later wrote a higher sequence of the stream
/// (an event stored while the report ran, or a later sequence with an older time), the stream is verified again at the
/// end, as a whole, so the result always covers the range's last event.
/// </remarks>
internal sealed class EvidenceCollector(IAuditVerifier verifier, AuditStore store, CheckpointVerifier? checkpointKey, TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly SortedDictionary<int, Range> _streams = [];
    private readonly Dictionary<int, (long Covered, DateTimeOffset StartedAt, Task<VerificationReport> Report)> _early = [];
    private readonly CancellationTokenSource _abandon = new();

    public void Add(AuditEvent e)
    {
        if (e.Sequence == 0)
        {
            return;
        }

        if (!_streams.TryGetValue(e.StreamId, out var range))
        {
            _streams[e.StreamId] = new Range { First = e.Sequence, FirstHash = e.Hash ?? "", Last = e.Sequence, LastHash = e.Hash ?? "", Events = 1 };
            var streamId = e.StreamId;
            _early[streamId] = (e.Sequence, timeProvider.GetUtcNow(), Task.Run(() => verifier.VerifyAsync(checkpointKey, streamId, _abandon.Token), _abandon.Token));
            return;
        }

        range.Events++;
        if (e.Sequence < range.First)
        {
            range.First = e.Sequence;
            range.FirstHash = e.Hash ?? "";
        }

        if (e.Sequence > range.Last)
        {
            range.Last = e.Sequence;
            range.LastHash = e.Hash ?? "";
        }
    }

    public async Task<ReportEvidence> BuildAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? verifiedAt = null;
        var streams = new List<StreamEvidence>(_streams.Count);
        foreach (var (streamId, range) in _streams)
        {
            var (covered, startedAt, early) = _early[streamId];
            var report = await early.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (range.Last > covered)
            {
                startedAt = timeProvider.GetUtcNow();
                report = await verifier.VerifyAsync(checkpointKey, streamId, cancellationToken).ConfigureAwait(false);
            }

            verifiedAt = verifiedAt is { } earlier && earlier < startedAt ? earlier : startedAt;

            var inRange = report.Issues
                .Where(i => i.StreamId == streamId && i.Sequence <= range.Last && i.LastSequence >= range.First)
                .ToList();
            var checkpoints = await store.GetCheckpointsAsync(streamId, cancellationToken).ConfigureAwait(false);
            var covering = checkpoints.Where(c => c.ToSequence >= range.Last).MaxBy(c => c.ToSequence);
            bool? signatureValid = covering is null || checkpointKey is null ? null : checkpointKey.Verify(covering);
            streams.Add(new StreamEvidence(
                streamId, range.First, range.FirstHash, range.Last, range.LastHash, range.Events, report.EventsChecked,
                inRange, report.Issues.Count(i => i.StreamId == streamId), covering, signatureValid));
        }

        return new ReportEvidence(verifiedAt ?? timeProvider.GetUtcNow(), streams);
    }

    /// <summary>Stops the verifications still running (a report that failed or was cancelled) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _abandon.CancelAsync().ConfigureAwait(false);
        foreach (var (_, _, report) in _early.Values)
        {
            try
            {
                await report.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // An abandoned verification's outcome (often its cancellation) has no reader.
            }
        }

        _abandon.Dispose();
    }

    // Updated in place: one per stream, touched by every row.
    private sealed class Range
    {
        public long First { get; set; }

        public required string FirstHash { get; set; }

        public long Last { get; set; }

        public required string LastHash { get; set; }

        public long Events { get; set; }
    }
}
