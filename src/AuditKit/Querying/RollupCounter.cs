namespace AuditKit.Providers;

/// <summary>
/// Adds up the roll-up rows a batch of events contributes to: for every dimension and pair of
/// <see cref="RollupDimension"/>, one count per (tenant, UTC hour) and one per (tenant, UTC day). The SQL stores
/// upsert <see cref="Rows"/> in the transaction that stores the events, and rebuild from the events with it.
/// </summary>
/// <remarks>
/// An event touches 24 rows; to keep that cheap on the write path, the counter numbers each distinct text and time
/// bucket of the batch once and counts rows keyed by those numbers, so an event costs a few string look-ups and 24
/// integer-keyed increments. Texts and pair keys are put together once per distinct row, in <see cref="Rows"/>.
/// </remarks>
public sealed class RollupCounter
{
    /// <summary>Added to a dimension's number for its rows per UTC day.</summary>
    public const int DailyOffset = 32;

    /// <summary>Microseconds in a day.</summary>
    public const long MicrosPerDay = 24 * AggregateKeys.MicrosPerHour;

    private const int None = -1;

    private readonly Dictionary<string, int> _textIds = new(StringComparer.Ordinal);
    private readonly List<string> _texts = [];
    private readonly Dictionary<long, int> _bucketIds = [];
    private readonly List<long> _buckets = [];
    private readonly Dictionary<RowKey, long> _counts = [];
    private readonly int _empty;

    /// <summary>Creates an empty counter.</summary>
    public RollupCounter() => _empty = TextId(string.Empty);

    /// <summary>The distinct rows counted so far.</summary>
    public int Count => _counts.Count;

    /// <summary>The rows counted so far: (dim as stored, tenant, bucket start in microseconds, key, count).</summary>
    public IReadOnlyList<(int Dim, string Tenant, long Bucket, string Key, long Count)> Rows
    {
        get
        {
            var rows = new List<(int, string, long, string, long)>(_counts.Count);
            foreach (var (k, count) in _counts)
            {
                var key = k.B == None ? _texts[k.A] : RollupPlan.PairKey(_texts[k.A], _texts[k.B]);
                rows.Add((k.Dim, _texts[k.Tenant], _buckets[k.Bucket], key, count));
            }

            return rows;
        }
    }

    /// <summary>
    /// The counted rows a roll-up read with these conditions would find had they been written: a store adds them to
    /// what it read from its roll-ups for events counted but not yet written there (trailing events).
    /// </summary>
    /// <param name="plan">The read's plan: its stored dimension, keys and key prefix.</param>
    /// <param name="start">The first bucket read (microseconds), or null for no lower bound.</param>
    /// <param name="end">The bucket the read stops before (microseconds), or null for no upper bound.</param>
    /// <param name="tenant">The tenant read, or null for every tenant.</param>
    /// <param name="perBucket">Whether the read keeps buckets apart (otherwise every row has bucket 0).</param>
    /// <returns>(bucket, key, count) per counted row that matches.</returns>
    public IEnumerable<(long Bucket, string Key, long Count)> Read(RollupPlan plan, long? start, long? end, string? tenant, bool perBucket)
    {
        var dim = plan.StoredDimension;
        var keys = plan.Keys is { } k ? new HashSet<string>(k, StringComparer.Ordinal) : null;
        foreach (var row in Rows)
        {
            if (row.Dim == dim && (start is not { } s || row.Bucket >= s) && (end is not { } e || row.Bucket < e)
                && (tenant is null || row.Tenant == tenant) && (keys is null || keys.Contains(row.Key))
                && (plan.Prefix is not { } prefix || row.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                yield return (perBucket ? row.Bucket : 0, row.Key, row.Count);
            }
        }
    }

    /// <summary>Forgets every count (after the rows were written).</summary>
    public void Clear()
    {
        _counts.Clear();
        _textIds.Clear();
        _texts.Clear();
        _bucketIds.Clear();
        _buckets.Clear();
        TextId(string.Empty);
    }

    /// <summary>Counts one event (<paramref name="sign"/> -1 takes one away, for deletions).</summary>
    public void Add(AuditEvent e, int sign = 1) =>
        Add(AuditCursor.ToMicros(e.Timestamp), e.TenantId, e.Category, e.Action, e.Actor?.Id, e.Target?.EntityType, e.Outcome, e.Risk, sign);

    /// <summary>Counts one event given by its stored values (a rebuild from stored rows).</summary>
    public void Add(long micros, string? tenantId, AuditCategory category, string action, string? actorId, string? entityType, AuditOutcome outcome, RiskLevel risk, int sign = 1)
    {
        var hour = BucketId(Floor(micros, AggregateKeys.MicrosPerHour));
        var day = BucketId(Floor(micros, MicrosPerDay));
        var tenant = tenantId is null ? _empty : TextId(tenantId);
        var c = TextId(AuditCanonicalForm.CategoryName(category));
        var a = TextId(action);
        var u = actorId is null ? _empty : TextId(actorId);
        var t = entityType is null ? _empty : TextId(entityType);
        var o = TextId(OutcomeName(outcome));
        var r = TextId(RiskName(risk));

        void Count(RollupDimension dimension, int first, int second)
        {
            var hourly = new RowKey((int)dimension, tenant, hour, first, second);
            _counts[hourly] = _counts.GetValueOrDefault(hourly) + sign;
            var daily = new RowKey((int)dimension + DailyOffset, tenant, day, first, second);
            _counts[daily] = _counts.GetValueOrDefault(daily) + sign;
        }

        Count(RollupDimension.Total, _empty, None);
        Count(RollupDimension.Category, c, None);
        Count(RollupDimension.Action, a, None);
        Count(RollupDimension.Actor, u, None);
        Count(RollupDimension.EntityType, t, None);
        Count(RollupDimension.Outcome, o, None);
        Count(RollupDimension.Risk, r, None);
        Count(RollupDimension.CategoryAction, c, a);
        Count(RollupDimension.CategoryRisk, c, r);
        Count(RollupDimension.ActorAction, u, a);
        Count(RollupDimension.ActorEntityType, u, t);
        Count(RollupDimension.ActionOutcome, a, o);
    }

    /// <summary><paramref name="micros"/> rounded down to a multiple of <paramref name="unit"/>.</summary>
    public static long Floor(long micros, long unit) => micros - (((micros % unit) + unit) % unit);

    /// <summary><paramref name="micros"/> rounded up to a multiple of <paramref name="unit"/>.</summary>
    public static long Ceil(long micros, long unit)
    {
        var floor = Floor(micros, unit);
        return floor == micros ? micros : floor + unit;
    }

    /// <summary>The stored key of a risk level (its name), without formatting an enum per event.</summary>
    public static string RiskName(RiskLevel risk) => risk switch
    {
        RiskLevel.None => nameof(RiskLevel.None),
        RiskLevel.Low => nameof(RiskLevel.Low),
        RiskLevel.Medium => nameof(RiskLevel.Medium),
        RiskLevel.High => nameof(RiskLevel.High),
        RiskLevel.Critical => nameof(RiskLevel.Critical),
        _ => risk.ToString(),
    };

    /// <summary>The stored key of an outcome (its name), without formatting an enum per event.</summary>
    public static string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => nameof(AuditOutcome.Success),
        AuditOutcome.Failure => nameof(AuditOutcome.Failure),
        AuditOutcome.Warning => nameof(AuditOutcome.Warning),
        AuditOutcome.Denied => nameof(AuditOutcome.Denied),
        _ => outcome.ToString(),
    };

    private int TextId(string text)
    {
        if (!_textIds.TryGetValue(text, out var id))
        {
            id = _texts.Count;
            _texts.Add(text);
            _textIds.Add(text, id);
        }

        return id;
    }

    private int BucketId(long bucket)
    {
        if (!_bucketIds.TryGetValue(bucket, out var id))
        {
            id = _buckets.Count;
            _buckets.Add(bucket);
            _bucketIds.Add(bucket, id);
        }

        return id;
    }

    private readonly record struct RowKey(int Dim, int Tenant, int Bucket, int A, int B);
}
