using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>
/// The single writer: takes what is queued (up to <see cref="AuditKitOptions.MaxBatchSize"/>), assigns
/// sequence numbers and the hash chain, appends the batch in one transaction, then completes the
/// callers that await the commit. Batches grow by themselves while a commit is under way (group commit).
/// </summary>
internal sealed class AuditWriter(
    AuditQueue queue,
    AuditStore store,
    IOptions<AuditKitOptions> options,
    AuditKitMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AuditWriter> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly AuditKitOptions _options = options.Value;
    private readonly CancellationTokenSource _abort = new();
    private readonly byte[] _head = new byte[32];
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Task? _loop;
    private AuditStreamLease? _lease;
    private long _sequence;
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

            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            _lease = await store.OpenStreamAsync(_options.StreamId, _options.Application, cancellationToken).ConfigureAwait(false);
            _sequence = _lease.LastSequence;
            Convert.FromHexString(_lease.LastHash, _head, out _, out _);
            AuditKitLog.WriterStarted(logger, store.ProviderName, _lease.StreamId, _sequence);
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
            queue.Channel.Writer.TryComplete();
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
    }

    private async Task RunAsync()
    {
        var reader = queue.Channel.Reader;
        var max = _options.MaxBatchSize;
        var items = new List<PendingWrite>(Math.Min(max, 1024));
        var events = new List<AuditEvent>(Math.Min(max, 1024));
        using var chain = new AuditChain();
        try
        {
            // No token here: waiting without one lets the channel reuse its waiter (no allocation per batch),
            // and StopAsync completes the channel, which ends the wait.
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                items.Clear();
                events.Clear();
                while (items.Count < max && reader.TryRead(out var item))
                {
                    items.Add(item);
                }

                if (_options.MaxBatchDelay > TimeSpan.Zero && items.Count < max)
                {
                    await LingerAsync(reader, items, max).ConfigureAwait(false);
                }

                foreach (var item in items)
                {
                    if (item.Event is { } e)
                    {
                        e.StreamId = _lease!.StreamId;
                        e.Sequence = _sequence + 1;
                        chain.Link(e, _head);
                        Interlocked.Increment(ref _sequence);
                        events.Add(e);
                    }
                }

                if (events.Count > 0)
                {
                    await AppendAsync(events).ConfigureAwait(false);
                    metrics.EventsWritten.Add(events.Count);
                    metrics.Batches.Record(events.Count);
                }

                foreach (var item in items)
                {
                    item.Waiter?.TrySetResult(item.Event!);
                    item.Flush?.TrySetResult();
                }

                items.Clear();
            }

            AuditKitLog.WriterStopped(logger, _sequence);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            FailRemaining(items);
        }
        catch (Exception ex)
        {
            AuditKitLog.WriterFailed(logger, ex);
            FailRemaining(items);
        }
    }

    private async Task LingerAsync(System.Threading.Channels.ChannelReader<PendingWrite> reader, List<PendingWrite> items, int max)
    {
        using var linger = new CancellationTokenSource(_options.MaxBatchDelay, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(linger.Token, _abort.Token);
        while (items.Count < max)
        {
            if (reader.TryRead(out var item))
            {
                items.Add(item);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task AppendAsync(List<AuditEvent> events)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAsync(events, _abort.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested)
            {
                // The batch keeps its sequence numbers and hashes; appends are idempotent, so a retry of a
                // batch that did commit before the error was reported stores nothing twice.
                metrics.AppendFailures.Add(1);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 50 * Math.Pow(2, Math.Min(attempt - 1, 10))));
                var delay = backoff * (0.5 + (Random.Shared.NextDouble() * 0.5));
                AuditKitLog.AppendFailed(logger, ex, events.Count, attempt, delay);
                await Task.Delay(delay, timeProvider, _abort.Token).ConfigureAwait(false);
            }
        }
    }

    private void FailRemaining(List<PendingWrite> inFlight)
    {
        var error = new AuditLogUnavailableException("The audit log stopped before the event could be committed (AuditKitOptions.ShutdownTimeout elapsed while the store was failing).");
        var lost = 0;
        foreach (var item in inFlight)
        {
            lost += Fail(item, error);
        }

        while (queue.Channel.Reader.TryRead(out var item))
        {
            lost += Fail(item, error);
        }

        if (lost > 0)
        {
            metrics.EventsLost.Add(lost);
            AuditKitLog.EventsNotWritten(logger, lost);
        }

        static int Fail(PendingWrite item, Exception error)
        {
            item.Waiter?.TrySetException(error);
            item.Flush?.TrySetException(error);
            return item.Event is null ? 0 : 1;
        }
    }
}
