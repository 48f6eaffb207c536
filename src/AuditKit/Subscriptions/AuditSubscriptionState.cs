namespace AuditKit;

/// <summary>
/// A subscription's settings document (<c>subscription.&lt;name&gt;</c>, saved through <see cref="AuditStore.SaveSettingsAsync"/>
/// with optimistic concurrency): the lease holder, its expiry and the last delivered sequence of each stream.
/// </summary>
internal sealed class AuditSubscriptionState : ILeasedState
{
    public string? Owner { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }

    public Dictionary<int, long> Positions { get; set; } = [];
}
