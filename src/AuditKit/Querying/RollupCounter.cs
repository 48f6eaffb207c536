namespace AuditKit;

/// <summary>
/// Adds up the roll-up rows a batch of events contributes to: for every dimension and pair of
/// RollupPlan.KeysOf, one count per (tenant, UTC hour) and one per (tenant, UTC day). The SQL stores
/// upsert <see cref="Rows"/> in the transaction that stores the events, and rebuild from the events with it.
/// </summary>
internal sealed class RollupCounter
{
    /// <summary>Added to a dimension's number for its rows per UTC day.</summary>
    public const int DailyOffset = 32;

    public const long MicrosPerDay = 24 * AggregateKeys.MicrosPerHour;

    private readonly Dictionary<(int Dim, string Tenant, long Bucket, string Key), long> _rows = [];
    private readonly (RollupDimension, string)[] _keys = new (RollupDimension, string)[RollupPlan.DimensionsPerEvent];

    public IReadOnlyDictionary<(int Dim, string Tenant, long Bucket, string Key), long> Rows => _rows;

    public int Count => _rows.Count;

    public void Clear() => _rows.Clear();

    /// <summary>Counts one event (<paramref name="sign"/> -1 takes one away, for deletions).</summary>
    public void Add(AuditEvent e, int sign = 1) =>
        Add(AuditCursor.ToMicros(e.Timestamp), e.TenantId, e.Category, e.Action, e.Actor?.Id, e.Target?.EntityType, e.Outcome, e.Risk, sign);

    /// <summary>Counts one event given by its stored values (a rebuild from stored rows).</summary>
    public void Add(long micros, string? tenantId, AuditCategory category, string action, string? actorId, string? entityType, AuditOutcome outcome, RiskLevel risk, int sign = 1)
    {
        var hour = Floor(micros, AggregateKeys.MicrosPerHour);
        var day = Floor(micros, MicrosPerDay);
        var tenant = tenantId ?? string.Empty;
        RollupPlan.KeysOf(category, action, actorId, entityType, outcome, risk, _keys);
        foreach (var (dimension, value) in _keys)
        {
            var hourly = ((int)dimension, tenant, hour, value);
            _rows[hourly] = _rows.GetValueOrDefault(hourly) + sign;
            var daily = ((int)dimension + DailyOffset, tenant, day, value);
            _rows[daily] = _rows.GetValueOrDefault(daily) + sign;
        }
    }

    public static long Floor(long micros, long unit) => micros - (((micros % unit) + unit) % unit);

    public static long Ceil(long micros, long unit)
    {
        var floor = Floor(micros, unit);
        return floor == micros ? micros : floor + unit;
    }
}
