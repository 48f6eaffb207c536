using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditKit;

/// <summary>
/// AuditKit's health for <c>services.AddHealthChecks().AddCheck&lt;AuditKitHealthCheck&gt;("auditkit")</c>:
/// Healthy while events reach the store; Degraded while the store fails or has not been reached since start-up,
/// or batches wait in the spill journal (nothing is lost: they are on disk and will be replayed); Unhealthy when
/// events could not be written anywhere, or while the store and the spill journal both fail. Data: queue depth, spilled, replayed, overflowed and unwritten counts, last error.
/// </summary>
public sealed class AuditKitHealthCheck : IHealthCheck
{
    private readonly AuditKitHealth _health;
    private readonly AuditQueue _queue;

    internal AuditKitHealthCheck(AuditKitHealth health, AuditQueue queue)
    {
        _health = health;
        _queue = queue;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (error, at) = _health.LastError;
        var data = new Dictionary<string, object>
        {
            ["queue_depth"] = _queue.Depth,
            ["spilled_events"] = Interlocked.Read(ref _health.SpilledEvents),
            ["pending_journal_events"] = Interlocked.Read(ref _health.PendingJournalEvents),
            ["replayed_events"] = Interlocked.Read(ref _health.ReplayedEvents),
            ["overflowed_events"] = Interlocked.Read(ref _health.OverflowedEvents),
            ["unwritten_events"] = Interlocked.Read(ref _health.UnwrittenEvents),
            ["journal_corruptions"] = _health.JournalCorruptions,
        };
        if (error is not null)
        {
            data["last_error"] = error;
            data["last_error_at"] = at!.Value;
        }

        HealthCheckResult result;
        if (Interlocked.Read(ref _health.UnwrittenEvents) > 0 || _health.JournalFailing)
        {
            result = HealthCheckResult.Unhealthy(_health.JournalFailing
                ? "The audit store and the spill journal both fail: events cannot be made durable anywhere."
                : "Audit events could not be written to the store or a journal.", data: data);
        }
        else if (_health.Unconnected)
        {
            result = HealthCheckResult.Degraded("The audit store has not been reached since start-up; events are journalled and written once it is.", data: data);
        }
        else if (_health.StoreFailing || Interlocked.Read(ref _health.PendingJournalEvents) > 0 || _health.JournalCorruptions > 0)
        {
            result = HealthCheckResult.Degraded(_health.StoreFailing
                ? "The audit store is failing; events are kept in the spill journal and will be replayed."
                : _health.JournalCorruptions > 0 ? "A journal had a damaged tail; its intact records were replayed." : "Events wait in the spill journal for replay.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy("Audit events reach the store.", data);
        }

        return Task.FromResult(result);
    }
}
