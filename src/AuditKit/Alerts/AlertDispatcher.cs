using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>
/// Sends alerts to their channels off the engine: one bounded queue and one sender per channel, so a slow or failing
/// channel holds up neither the engine nor the other channels. A failed attempt is recorded as a System
/// <see cref="AuditActions.Error"/> event (component <c>Notifications</c>) and retried after a doubling delay, up to
/// <see cref="AlertOptions.DeliveryAttempts"/>. Queued notifications live in memory: those waiting when the host stops are
/// not sent (the alert itself is in the store and the inbox).
/// </summary>
internal sealed class AlertDispatcher : IAsyncDisposable
{
    private readonly Dictionary<string, Sender> _senders = new(StringComparer.OrdinalIgnoreCase);
    private readonly IAuditLog _log;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public AlertDispatcher(IEnumerable<IAlertChannel> channels, IAuditLog log, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger)
    {
        _log = log;
        _options = options.Value;
        _time = time;
        _logger = logger;
        foreach (var channel in channels)
        {
            _senders.TryAdd(channel.Name, new Sender(this, channel));
        }
    }

    /// <summary>The names of the registered channels.</summary>
    public IEnumerable<string> ChannelNames => _senders.Keys;

    /// <summary>Queues the alert for each named channel; never waits.</summary>
    public void Enqueue(AlertNotification notification, IEnumerable<string> channels)
    {
        foreach (var name in channels.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_senders.TryGetValue(name, out var sender))
            {
                sender.Enqueue(notification);
            }
            else
            {
                RecordFailure(notification, name, 1, 1, $"no notification channel named '{name}' is registered");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var sender in _senders.Values)
        {
            await sender.StopAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void RecordFailure(AlertNotification notification, string channel, int attempt, int attempts, string reason)
    {
        var failure = AuditEvents.Error("Notifications", $"Alert '{notification.RuleName}' could not be sent to '{channel}' (attempt {attempt} of {attempts}): {reason}") with
        {
            TenantId = notification.TenantId,
            Metadata = AuditMetadata.Create(("alert_id", notification.AlertId.ToString("D")), ("rule_id", notification.RuleId), ("channel", channel), ("attempt", attempt), ("attempts", attempts)),
        };
        _log.Record(failure);
    }

    private sealed class Sender
    {
        private readonly AlertDispatcher _owner;
        private readonly IAlertChannel _channel;
        private readonly Channel<AlertNotification> _queue;
        private readonly Lock _lock = new();
        private Task? _worker;

        public Sender(AlertDispatcher owner, IAlertChannel channel)
        {
            _owner = owner;
            _channel = channel;
            _queue = Channel.CreateBounded<AlertNotification>(
                new BoundedChannelOptions(Math.Max(1, owner._options.MaxQueuedNotifications)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                dropped => owner.RecordFailure(dropped, channel.Name, 0, owner._options.DeliveryAttempts, "the channel's queue was full; the oldest alert was dropped"));
        }

        public void Enqueue(AlertNotification notification)
        {
            _queue.Writer.TryWrite(notification);
            lock (_lock)
            {
                _worker ??= Task.Run(RunAsync);
            }
        }

        public async Task StopAsync()
        {
            _queue.Writer.TryComplete();
            Task? worker;
            lock (_lock)
            {
                worker = _worker;
            }

            if (worker is not null)
            {
                await worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private async Task RunAsync()
        {
            var stopping = _owner._stopping.Token;
            var attempts = Math.Max(1, _owner._options.DeliveryAttempts);
            try
            {
                await foreach (var notification in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
                {
                    var delay = _owner._options.DeliveryRetryDelay;
                    for (var attempt = 1; attempt <= attempts; attempt++)
                    {
                        try
                        {
                            await _channel.SendAsync(notification, stopping).ConfigureAwait(false);
                            break;
                        }
                        catch (Exception ex) when (!stopping.IsCancellationRequested)
                        {
                            AlertLog.SendFailed(_owner._logger, ex, notification.AlertId, _channel.Name, attempt, attempts);
                            _owner.RecordFailure(notification, _channel.Name, attempt, attempts, ex.Message);
                            if (attempt == attempts)
                            {
                                break;
                            }

                            await Task.Delay(delay, _owner._time, stopping).ConfigureAwait(false);
                            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _owner._options.MaxDeliveryRetryDelay.Ticks));
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }
    }
}
