using System.Diagnostics.Metrics;

namespace AuditKit;

/// <summary>The <c>AuditKit</c> meter: events written, batches, batch size, append failures, queue depth.</summary>
internal sealed class AuditKitMetrics : IDisposable
{
    public const string MeterName = "AuditKit";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public AuditKitMetrics(AuditQueue queue, IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        EventsWritten = _meter.CreateCounter<long>("auditkit.events.written", "{event}", "Events committed to the store.");
        Batches = _meter.CreateHistogram<int>("auditkit.batch.size", "{event}", "Events per committed batch.");
        AppendFailures = _meter.CreateCounter<long>("auditkit.append.failures", "{failure}", "Failed attempts to append a batch (retried).");
        EventsLost = _meter.CreateCounter<long>("auditkit.events.unwritten", "{event}", "Events that could not be written before shutdown ended (each also logged as an error).");
        Spilled = _meter.CreateCounter<long>("auditkit.events.spilled", "{event}", "Events written to the spill journal because the store failed.");
        Replayed = _meter.CreateCounter<long>("auditkit.events.replayed", "{event}", "Events replayed from the spill journal into the store.");
        Overflowed = _meter.CreateCounter<long>("auditkit.events.overflowed", "{event}", "Events written to the overflow journal because the queue stayed full or the log was stopped.");
        DroppedByPolicy = _meter.CreateCounter<long>("auditkit.events.dropped", "{event}", "Events the event policy (AuditEventPolicy) switched off: never queued or stored.");
        _meter.CreateObservableGauge("auditkit.queue.depth", () => queue.Depth, "{event}", "Events waiting for the writer.");
    }

    public Counter<long> EventsWritten { get; }

    public Histogram<int> Batches { get; }

    public Counter<long> AppendFailures { get; }

    public Counter<long> EventsLost { get; }

    public Counter<long> Spilled { get; }

    public Counter<long> Replayed { get; }

    public Counter<long> Overflowed { get; }

    public Counter<long> DroppedByPolicy { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
