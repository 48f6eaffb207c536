namespace AuditKit.Storage.Conformance.Support;

/// <summary>
/// Records what subscriptions deliver, across hosts: which host got which event, how many handler calls ran at once,
/// and an optional step before each call (a delay, a failure, a hang) for the tests to inject.
/// </summary>
public sealed class SubscriptionRecorder
{
    private readonly Lock _lock = new();
    private readonly List<(string Host, AuditEvent Event)> _delivered = [];
    private readonly List<IReadOnlyList<AuditEvent>> _calls = [];
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Runs before each handler call records its batch; throw to fail the call.</summary>
    public Func<string, IReadOnlyList<AuditEvent>, CancellationToken, Task>? Before { get; set; }

    /// <summary>The most handler calls that were running at the same time, over all hosts.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<(string Host, AuditEvent Event)> Delivered
    {
        get
        {
            lock (_lock)
            {
                return [.. _delivered];
            }
        }
    }

    /// <summary>Every batch a handler was called with, failed calls included.</summary>
    public IReadOnlyList<IReadOnlyList<AuditEvent>> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public HashSet<Guid> Ids() => Delivered.Select(d => d.Event.Id).ToHashSet();

    public Subscriber For(string host) => new(this, host);

    /// <summary>Waits until every id was delivered; fails with what is missing after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var missing = ids.Count(id => !Ids().Contains(id));
            if (missing == 0)
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{missing} of {ids.Count} events were not delivered within {timeout}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The handler one host registers.</summary>
    public sealed class Subscriber(SubscriptionRecorder recorder, string host) : IAuditSubscriber
    {
        public async Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref recorder._inFlight);
            int max;
            while (now > (max = Volatile.Read(ref recorder._maxInFlight)) && Interlocked.CompareExchange(ref recorder._maxInFlight, now, max) != max)
            {
            }

            try
            {
                lock (recorder._lock)
                {
                    recorder._calls.Add(events);
                }

                if (recorder.Before is { } before)
                {
                    await before(host, events, cancellationToken);
                }

                lock (recorder._lock)
                {
                    recorder._delivered.AddRange(events.Select(e => (host, e)));
                }
            }
            finally
            {
                Interlocked.Decrement(ref recorder._inFlight);
            }
        }
    }
}
