using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Interop;

/// <summary>Reads every stream through the store and hands the events of the range to the forwarding's subscriber.</summary>
internal sealed class AuditForwardingBackfill(IServiceProvider services, AuditStore store, IEnumerable<ForwardingRegistration> registrations) : IAuditForwardingBackfill
{
    private readonly Dictionary<string, ForwardingRegistration> _byName = registrations.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Forwardings => _byName.Keys;

    public async Task<long> BackfillAsync(string forwarding, DateTimeOffset from, DateTimeOffset to, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(forwarding);
        if (!_byName.TryGetValue(forwarding, out var registration))
        {
            throw new ArgumentException($"No forwarding named '{forwarding}' is registered; registered: {string.Join(", ", _byName.Keys)}.", nameof(forwarding));
        }

        if (to <= from)
        {
            throw new ArgumentException($"The backfill range is empty: 'to' ({to:O}) must be after 'from' ({from:O}).", nameof(to));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, 10_000);
        var subscriber = (IAuditSubscriber)services.GetRequiredService(registration.SubscriberType);
        long forwarded = 0;
        foreach (var streamId in await store.GetStreamIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            var batch = new List<AuditEvent>(batchSize);
            long next = 1;
            while (true)
            {
                var read = await store.ReadStreamBatchAsync(streamId, next, 5_000, cancellationToken).ConfigureAwait(false);
                if (read.Count == 0)
                {
                    break;
                }

                foreach (var e in read)
                {
                    if (e.Timestamp >= from && e.Timestamp < to)
                    {
                        batch.Add(e);
                        if (batch.Count == batchSize)
                        {
                            await subscriber.HandleAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
                            forwarded += batch.Count;
                            batch.Clear();
                        }
                    }
                }

                next = read[^1].Sequence + 1;
            }

            if (batch.Count > 0)
            {
                await subscriber.HandleAsync(batch.ToArray(), cancellationToken).ConfigureAwait(false);
                forwarded += batch.Count;
            }
        }

        return forwarded;
    }
}
