using System.Threading.Channels;

namespace AuditKit;

/// <summary>
/// The bounded queue between callers and the single writer. Callers enqueue through <see cref="TryWrite"/> and
/// <see cref="WriteAsync"/>, which also wake a writer sleeping in <see cref="WaitForItems"/> on its own thread.
/// </summary>
internal sealed class AuditQueue
{
    private readonly object _gate = new();
    private int _sleeping;
    private bool _signalled;
    private volatile bool _closed;

    public AuditQueue(Microsoft.Extensions.Options.IOptions<AuditKitOptions> options)
    {
        Channel = System.Threading.Channels.Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public Channel<PendingWrite> Channel { get; }

    public int Depth => Channel.Reader.Count;

    /// <summary>Whether the queue takes no more events (the log stopped).</summary>
    public bool IsClosed => _closed;

    /// <summary>Queues an item if there is room, and wakes a sleeping writer.</summary>
    public bool TryWrite(PendingWrite item)
    {
        if (!Channel.Writer.TryWrite(item))
        {
            return false;
        }

        WakeWriter();
        return true;
    }

    /// <summary>Queues an item, waiting for room, and wakes a sleeping writer.</summary>
    public async ValueTask WriteAsync(PendingWrite item, CancellationToken cancellationToken)
    {
        await Channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        WakeWriter();
    }

    public void Close()
    {
        _closed = true;
        Channel.Writer.TryComplete();
        WakeWriter();
    }

    /// <summary>
    /// Blocks the writer's thread until an item is queued or the queue is completed and empty (or a spurious wake-up:
    /// the caller checks again). For the writer only, on its own thread: no thread-pool work item and no spinning.
    /// </summary>
    public void WaitForItems()
    {
        lock (_gate)
        {
            _signalled = false;
        }

        // A full fence: a caller that queued before this line is seen by the peek below; one after it sees _sleeping.
        Interlocked.Exchange(ref _sleeping, 1);
        try
        {
            lock (_gate)
            {
                while (!_signalled && !Channel.Reader.TryPeek(out _) && !Channel.Reader.Completion.IsCompleted)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sleeping, 0);
        }
    }

    private void WakeWriter()
    {
        // A full fence between the item's store and this read (the other half of WaitForItems' exchange).
        if (Interlocked.CompareExchange(ref _sleeping, 0, 0) == 0)
        {
            return;
        }

        lock (_gate)
        {
            _signalled = true;
            Monitor.Pulse(_gate);
        }
    }
}
