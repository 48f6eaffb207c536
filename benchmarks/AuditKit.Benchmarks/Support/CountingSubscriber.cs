namespace AuditKit.Benchmarks.Support;

/// <summary>A subscriber that only counts what it is handed: the cost of an active subscription beside the writer, not of a handler.</summary>
public sealed class CountingSubscriber : IAuditSubscriber
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task HandleAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _count, events.Count);
        return Task.CompletedTask;
    }
}
