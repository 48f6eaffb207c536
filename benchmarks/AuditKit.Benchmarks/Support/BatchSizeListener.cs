using System.Diagnostics.Metrics;

namespace AuditKit.Benchmarks.Support;

/// <summary>Counts the audit writer's commits and their events (the <c>auditkit.batch.size</c> histogram) from its creation on.</summary>
internal sealed class BatchSizeListener : IDisposable
{
    private readonly MeterListener _listener;
    private long _batches;
    private long _batchedEvents;

    public BatchSizeListener()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "AuditKit" && instrument.Name == "auditkit.batch.size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedEvents, size);
        });
        _listener.Start();
    }

    /// <summary>The commits counted.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>The events in those commits.</summary>
    public long BatchedEvents => Interlocked.Read(ref _batchedEvents);

    /// <summary>Events per commit (0 before the first).</summary>
    public double EventsPerCommit => Batches == 0 ? 0 : (double)BatchedEvents / Batches;

    /// <summary>Forgets the commits counted so far.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _batches, 0);
        Interlocked.Exchange(ref _batchedEvents, 0);
    }

    public void Dispose() => _listener.Dispose();
}
