namespace AuditKit.Reports;

/// <summary>
/// Notes, per stream, the lowest and highest sequence (and their hashes) among the events written, then verifies those
/// streams and finds the newest checkpoint covering each range. Holds one entry per stream, whatever the row count.
/// </summary>
internal sealed class EvidenceCollector(IAuditVerifier verifier, AuditStore store, CheckpointVerifier? checkpointKey, TimeProvider timeProvider)
{
    private readonly SortedDictionary<int, Range> _streams = [];

    public void Add(AuditEvent e)
    {
        if (e.Sequence == 0)
        {
            return;
        }

        if (!_streams.TryGetValue(e.StreamId, out var range))
        {
            _streams[e.StreamId] = new Range(e.Sequence, e.Hash ?? "", e.Sequence, e.Hash ?? "", 1);
            return;
        }

        range = range with { Events = range.Events + 1 };
        if (e.Sequence < range.First)
        {
            range = range with { First = e.Sequence, FirstHash = e.Hash ?? "" };
        }

        if (e.Sequence > range.Last)
        {
            range = range with { Last = e.Sequence, LastHash = e.Hash ?? "" };
        }

        _streams[e.StreamId] = range;
    }

    public async Task<ReportEvidence> BuildAsync(CancellationToken cancellationToken)
    {
        var verifiedAt = timeProvider.GetUtcNow();
        var streams = new List<StreamEvidence>(_streams.Count);
        foreach (var (streamId, range) in _streams)
        {
            var report = await verifier.VerifyAsync(checkpointKey, streamId, cancellationToken).ConfigureAwait(false);
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

        return new ReportEvidence(verifiedAt, streams);
    }

    private sealed record Range(long First, string FirstHash, long Last, string LastHash, long Events);
}
