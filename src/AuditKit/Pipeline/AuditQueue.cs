using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace AuditKit;

/// <summary>
/// The bounded queue between callers and the single writer. Callers enqueue through <see cref="TryWrite"/> and
/// <see cref="WriteAsync"/>, which also wake an idle writer (<see cref="WaitToReadAsync"/>): a caller that awaits its
/// event's commit runs the writer's next batch on its own thread (<c>runWriterHere</c>) — no thread hop either way,
/// as a per-event INSERT has none —, any other wake-up is posted to the writer's own thread.
/// </summary>
internal sealed class AuditQueue : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _wake; // continuations run where SetResult is called
    private int _waiting;
    private int _inlineThread;
    private WriterThread? _writerThread;
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

    /// <summary>The thread that wake-ups other than an awaiting caller's are posted to.</summary>
    public void RunWriterOn(WriterThread thread) => _writerThread = thread;

    /// <summary>
    /// Queues an item if there is room. When the writer is idle, it is woken: with <paramref name="runWriterHere"/> (a
    /// caller about to await the commit) its next batch runs on this thread before this method returns; otherwise on
    /// the writer's own thread.
    /// </summary>
    public bool TryWrite(PendingWrite item, bool runWriterHere = false)
    {
        if (!Channel.Writer.TryWrite(item))
        {
            return false;
        }

        WakeWriter(runWriterHere);
        return true;
    }

    /// <summary>Queues an item, waiting for room, and wakes an idle writer on its own thread.</summary>
    public async ValueTask WriteAsync(PendingWrite item, CancellationToken cancellationToken)
    {
        await Channel.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        WakeWriter(runHere: false);
    }

    public void Close()
    {
        _closed = true;
        Channel.Writer.TryComplete();
        WakeWriter(runHere: false);
    }

    /// <summary>
    /// For the writer: completes when an item may be queued or the queue is completed and empty (false); the writer
    /// checks again either way. <see cref="ResumedOnCallersThread"/> then says whether it runs on a caller's thread.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        var reader = Channel.Reader;
        if (reader.TryPeek(out _))
        {
            return new ValueTask<bool>(true);
        }

        if (reader.Completion.IsCompleted)
        {
            return new ValueTask<bool>(false);
        }

        _wake.Reset();

        // A full fence: a caller that queued before this line is seen by the peek below; one after it sees _waiting.
        Interlocked.Exchange(ref _waiting, 1);
        if ((reader.TryPeek(out _) || reader.Completion.IsCompleted) && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            return new ValueTask<bool>(true);
        }

        // Either nothing is queued yet, or a caller already claimed the wake-up and completes _wake.
        return new ValueTask<bool>(this, _wake.Version);
    }

    /// <summary>
    /// For the writer, after <see cref="WaitToReadAsync"/>: the id of the caller's thread it now runs on (the caller
    /// that woke it to run its batch), or 0.
    /// </summary>
    public int ResumedOnCallersThread()
    {
        var thread = Interlocked.Exchange(ref _inlineThread, 0);
        return thread == Environment.CurrentManagedThreadId ? thread : 0;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wake.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wake.OnCompleted(continuation, state, token, flags);

    private void WakeWriter(bool runHere)
    {
        // The claim is a full fence between the item's store and this read (the other half of WaitToReadAsync's).
        if (Interlocked.CompareExchange(ref _waiting, 0, 1) != 1)
        {
            return; // the writer is busy and will see the item
        }

        if (runHere)
        {
            _inlineThread = Environment.CurrentManagedThreadId;
            _wake.SetResult(true); // runs the writer's continuation here, up to its next wait
        }
        else if (_writerThread is { } thread)
        {
            thread.Post(static q => ((AuditQueue)q!)._wake.SetResult(true), this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static q => q._wake.SetResult(true), this, preferLocal: false);
        }
    }
}
