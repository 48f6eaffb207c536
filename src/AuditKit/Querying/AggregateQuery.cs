namespace AuditKit;

/// <summary>
/// Counts of events over a time range grouped by one dimension (dashboard, user activity, module
/// breakdowns). With no filter besides the range and tenant, stores answer from roll-up tables without
/// scanning events.
/// </summary>
public sealed record AggregateQuery
{
    private readonly string? _tenantId;

    /// <summary>Start of the range (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the range (exclusive).</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>What to group by.</summary>
    public required AggregateDimension GroupBy { get; init; }

    /// <summary>The zone whose days and hours <see cref="AggregateDimension.Day"/> and <see cref="AggregateDimension.Hour"/> use. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Only this tenant's events (cleaned as <see cref="AuditQuery"/>'s filters are).</summary>
    public string? TenantId { get => _tenantId; init => _tenantId = AuditText.CleanOrNull(value); }

    /// <summary>
    /// Further filters (actor, category, action, entity…); its range, page and cursor are ignored. For
    /// example the "Activity by Module" of one user: <c>Filter = new() { ActorIds = ["jsmith"] }</c>.
    /// </summary>
    public AuditQuery? Filter { get; init; }

    /// <summary>Checks the query; every store calls it first in <see cref="AuditStore.AggregateAsync"/>.</summary>
    /// <exception cref="ArgumentException">The range is inverted, the dimension is undefined or the filter is not valid; the message names the member.</exception>
    public void Validate()
    {
        if (From > To)
        {
            throw new ArgumentException($"AggregateQuery.From ({From:O}) is after AggregateQuery.To ({To:O}).", nameof(From));
        }

        if (!Enum.IsDefined(GroupBy))
        {
            throw new ArgumentOutOfRangeException(nameof(GroupBy), GroupBy, "AggregateQuery.GroupBy is not a defined dimension.");
        }

        ArgumentNullException.ThrowIfNull(TimeZone, nameof(TimeZone));
        Filter?.Validate();
    }

    /// <summary>The query as a plain event filter over its range and tenant (its <see cref="Filter"/> with <see cref="From"/>, <see cref="To"/> and <see cref="TenantId"/> applied), for a store that counts by scanning events.</summary>
    /// <returns>The filter.</returns>
    public AuditQuery AsFilter() => (Filter ?? new AuditQuery()) with { From = From, To = To, TenantId = TenantId ?? Filter?.TenantId, Cursor = null };
}
