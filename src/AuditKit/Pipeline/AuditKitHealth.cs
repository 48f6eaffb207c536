namespace AuditKit;

/// <summary>What the pipeline knows of its own state; read by <see cref="AuditKitHealthCheck"/> and the metrics.</summary>
internal sealed class AuditKitHealth
{
    private readonly Lock _lock = new();
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public volatile bool StoreFailing;

    /// <summary>The store has not been reached since start-up, or what was journalled meanwhile is not yet written.</summary>
    public volatile bool Unconnected;

    /// <summary>The spill journal could not be written the last time a batch needed it (the store failed too).</summary>
    public volatile bool JournalFailing;
    public long SpilledEvents;
    public long ReplayedEvents;
    public long OverflowedEvents;
    public long UnwrittenEvents;
    public long PendingJournalEvents;
    public int JournalCorruptions;

    public (string? Message, DateTimeOffset? At) LastError
    {
        get
        {
            lock (_lock)
            {
                return (_lastError, _lastErrorAt);
            }
        }
    }

    public void Error(string message, DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastError = message;
            _lastErrorAt = at;
        }
    }
}
