using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>
/// The single writer: takes what is queued (up to <see cref="AuditKitOptions.MaxBatchSize"/>), assigns
/// sequence numbers and the hash chain, appends the batch in one transaction, then completes the callers
/// that await the commit. Batches grow by themselves while a commit is under way (group commit). When the
/// store keeps failing, batches go to the spill journal and are replayed in order once it is back.
/// </summary>
internal sealed partial class AuditWriter(
    AuditQueue queue,
    AuditStore store,
    IOptions<AuditKitOptions> options,
    AuditKitMetrics metrics,
    AuditKitHealth health,
    OverflowJournal overflow,
    Checkpointer checkpointer,
    TimeProvider timeProvider,
    ILogger<AuditWriter> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly AuditKitOptions _options = options.Value;
    private readonly CancellationTokenSource _abort = new();
    private readonly byte[] _head = new byte[32];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly AuditChain _chain = new();
    private readonly List<TaskCompletionSource> _deferredFlushes = [];
    private Task? _loop;
    private AuditStreamLease? _lease;
    private SpillJournal? _spill;
    private string _journalDirectory = string.Empty;
    private long _sequence;
    private long _nextReplayAt;
    private List<AuditEvent>? _overflowInFlight;
    private bool _othersPending;
    private long _nextOthersAt;
    private bool _stopped;

    /// <summary>The stream this writer holds, once started.</summary>
    public int StreamId => _lease?.StreamId ?? 0;

    /// <summary>The last sequence assigned.</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loop is not null || _stopped)
            {
                return;
            }

            _journalDirectory = _options.ResolveJournalDirectory();
            Directory.CreateDirectory(_journalDirectory);
            try
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The store cannot be reached: the host starts, and events are journalled until it can be. (A preferred
                // stream held by another writer is a configuration conflict and still fails the start.)
                StartUnconnected(ex);
            }

            if (_lease is not null)
            {
                await RecoverAsync(cancellationToken).ConfigureAwait(false);
                AuditKitLogMessages.WriterStarted(logger, store.ProviderName, _lease.StreamId, _sequence);
            }

            _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            queue.Close();
            if (_loop is not null)
            {
                var finished = await Task.WhenAny(_loop, Task.Delay(_options.ShutdownTimeout, timeProvider, cancellationToken)).ConfigureAwait(false);
                if (finished != _loop)
                {
                    await _abort.CancelAsync().ConfigureAwait(false);
                }

                await _loop.ConfigureAwait(false);
            }
            else
            {
                FailRemaining([]);
            }

            overflow.FlushToDisk();
            _spill?.Dispose();
            if (_lease is not null)
            {
                await _lease.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _abort.Dispose();
        _chain.Dispose();
    }

    /// <summary>Gives events of this writer's stream their sequence numbers and chain links, in order.</summary>
    private void Link(AuditEvent e)
    {
        e.StreamId = _lease!.StreamId;
        e.Sequence = _sequence + 1;
        _chain.Link(e, _head);
        Interlocked.Increment(ref _sequence);
    }

    private void FailRemaining(List<PendingWrite> inFlight)
    {
        var error = new AuditLogUnavailableException("The audit log stopped before the event could be made durable: the store and the spill journal both failed until AuditKitOptions.ShutdownTimeout.");
        var lost = 0;
        foreach (var item in inFlight)
        {
            lost += Fail(item, error);
        }

        while (queue.Channel.Reader.TryRead(out var item))
        {
            lost += Fail(item, error);
        }

        foreach (var flush in _deferredFlushes)
        {
            flush.TrySetException(error);
        }

        if (lost > 0)
        {
            metrics.EventsLost.Add(lost);
            Interlocked.Add(ref health.UnwrittenEvents, lost);
            AuditKitLogMessages.EventsNotWritten(logger, lost);
        }

        static int Fail(PendingWrite item, Exception error)
        {
            item.Waiter?.TrySetException(error);
            item.Flush?.TrySetException(error);
            return item.Event is null ? 0 : 1;
        }
    }
}
