using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AuditKit;

/// <summary>
/// Subscription instruments on the <c>AuditKit</c> meter, tagged with the subscription's name: events delivered, handler
/// failures, and the lag (seconds since the newest delivered event happened while more were waiting; 0 when caught up).
/// </summary>
internal sealed class AuditSubscriptionMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConcurrentDictionary<string, double> _lag = new(StringComparer.Ordinal);

    public AuditSubscriptionMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(AuditKitMetrics.MeterName) ?? new Meter(AuditKitMetrics.MeterName);
        Delivered = _meter.CreateCounter<long>("auditkit.subscription.delivered", "{event}", "Events a subscription's handler accepted.");
        Failures = _meter.CreateCounter<long>("auditkit.subscription.failures", "{failure}", "Handler calls that failed (the batch is delivered again).");
        _meter.CreateObservableGauge("auditkit.subscription.lag", Observe, "s", "How far behind a subscription is: seconds since its newest delivered event while more wait; 0 when caught up.");
    }

    public Counter<long> Delivered { get; }

    public Counter<long> Failures { get; }

    public void SetLag(string name, TimeSpan lag) => _lag[name] = Math.Max(0, lag.TotalSeconds);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<double>> Observe() =>
        _lag.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("subscription", p.Key)));
}
