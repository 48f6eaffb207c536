namespace AuditKit.Providers;

/// <summary>
/// Decides whether a count or aggregate can be answered from roll-ups (counts per hour and per UTC day, per tenant,
/// for one dimension or one pair of dimensions) instead of scanning events: only when the filter uses nothing but
/// the range, the tenant and dimensions whose combination the roll-ups keep (<see cref="RollupDimension"/>).
/// Shared by the SQL stores.
/// </summary>
/// <remarks>
/// A pair's stored key is <see cref="PairKey"/>: the first part's length in UTF-16 units, a colon, the first part,
/// then the second part, so any text can be split back without a reserved separator. For a pair, <see cref="Keys"/>
/// are exact stored keys when both parts are filtered, and <see cref="Prefix"/> narrows the rows to one first part;
/// the store applies those in SQL and <see cref="Project"/> does the rest.
/// </remarks>
public readonly record struct RollupPlan(RollupDimension Dimension, IReadOnlyList<string>? Keys)
{
    /// <summary>The most exact pair keys a plan lists (filters with more keys scan the pair's rows instead).</summary>
    private const int MaxPairKeys = 256;

    /// <summary>For a pair: the accepted first parts (null: any).</summary>
    public IReadOnlySet<string>? First { get; init; }

    /// <summary>For a pair: the accepted second parts (null: any).</summary>
    public IReadOnlySet<string>? Second { get; init; }

    /// <summary>For a pair: which part is the group key (1 or 2), 0 when the result is not grouped by a part.</summary>
    public int GroupPart { get; init; }

    /// <summary>For a pair filtered on exactly one first part: the stored keys' common start (the store may filter on it).</summary>
    public string? Prefix { get; init; }

    /// <summary>Whether to read the rows per UTC day instead of per hour.</summary>
    public bool Daily { get; init; }

    /// <summary>The <c>dim</c> value of the rows to read.</summary>
    public int StoredDimension => (int)Dimension + (Daily ? RollupCounter.DailyOffset : 0);

    /// <summary>Whether the plan reads a pair dimension.</summary>
    public bool IsPair => Dimension >= RollupDimension.CategoryAction;

    /// <summary>A plan answering <paramref name="filter"/> grouped by <paramref name="groupBy"/> from roll-up rows; false when the filter touches more than the roll-ups keep (scan events instead).</summary>
    public static bool TryCreate(AuditQuery filter, AggregateDimension? groupBy, out RollupPlan plan)
    {
        plan = default;
        if (filter.Roles is { Count: > 0 } || filter.RecordId is not null
            || filter.CorrelationId is not null || filter.IpAddress is not null || SearchTerms.Parse(filter.Text).Count > 0)
        {
            return false;
        }

        var lists = new List<(RollupDimension Dimension, IReadOnlyList<string> Keys)>(2);
        if (filter.Categories is { Count: > 0 } categories)
        {
            lists.Add((RollupDimension.Category, categories.Select(AuditCanonicalForm.CategoryName).ToList()));
        }

        if (filter.Actions is { Count: > 0 } actions)
        {
            lists.Add((RollupDimension.Action, actions));
        }

        if (filter.ActorIds is { Count: > 0 } actors)
        {
            lists.Add((RollupDimension.Actor, actors));
        }

        if (filter.EntityTypes is { Count: > 0 } entities)
        {
            lists.Add((RollupDimension.EntityType, entities));
        }

        if (filter.Outcomes is { Count: > 0 } outcomes)
        {
            lists.Add((RollupDimension.Outcome, outcomes.Select(o => o.ToString()).ToList()));
        }

        if (filter.MinimumRisk is { } minimum && minimum > RiskLevel.None)
        {
            lists.Add((RollupDimension.Risk, Enum.GetValues<RiskLevel>().Where(r => r >= minimum).Select(r => r.ToString()).ToList()));
        }

        RollupDimension? group = groupBy is { } g && !AggregateKeys.IsTime(g) ? Of(g) : null;
        var dimensions = lists.Select(l => l.Dimension).ToList();
        if (group is { } grouped && !dimensions.Contains(grouped))
        {
            dimensions.Add(grouped);
        }

        switch (dimensions.Count)
        {
            case 0:
                plan = new RollupPlan(RollupDimension.Total, null);
                return true;
            case 1:
                plan = new RollupPlan(dimensions[0], lists.Count == 1 ? lists[0].Keys : null);
                return true;
            case 2:
                return TryPair(dimensions[0], dimensions[1], lists, group, out plan);
            default:
                return false;
        }
    }

    private static bool TryPair(RollupDimension a, RollupDimension b, List<(RollupDimension Dimension, IReadOnlyList<string> Keys)> lists, RollupDimension? group, out RollupPlan plan)
    {
        plan = default;
        if (!TryFindPair(a, b, out var pair, out var first, out var second))
        {
            return false;
        }

        IReadOnlyList<string>? KeysOf(RollupDimension d) => lists.FirstOrDefault(l => l.Dimension == d).Keys;
        var firstKeys = KeysOf(first);
        var secondKeys = KeysOf(second);
        IReadOnlyList<string>? exact = null;
        if (firstKeys is not null && secondKeys is not null && firstKeys.Count * secondKeys.Count <= MaxPairKeys)
        {
            exact = [.. firstKeys.SelectMany(f => secondKeys.Select(s => PairKey(f, s)))];
        }

        plan = new RollupPlan(pair, exact)
        {
            First = firstKeys?.ToHashSet(StringComparer.Ordinal),
            Second = secondKeys?.ToHashSet(StringComparer.Ordinal),
            GroupPart = group is null ? 0 : group == first ? 1 : 2,
            Prefix = exact is null && firstKeys is { Count: 1 } ? PairPrefix(firstKeys[0]) : null,
        };
        return true;
    }

    private static bool TryFindPair(RollupDimension a, RollupDimension b, out RollupDimension pair, out RollupDimension first, out RollupDimension second)
    {
        foreach (var (candidate, x, y) in Pairs)
        {
            if ((a == x && b == y) || (a == y && b == x))
            {
                (pair, first, second) = (candidate, x, y);
                return true;
            }
        }

        pair = first = second = RollupDimension.Total;
        return false;
    }

    private static readonly (RollupDimension Pair, RollupDimension First, RollupDimension Second)[] Pairs =
    [
        (RollupDimension.CategoryAction, RollupDimension.Category, RollupDimension.Action),
        (RollupDimension.CategoryRisk, RollupDimension.Category, RollupDimension.Risk),
        (RollupDimension.ActorAction, RollupDimension.Actor, RollupDimension.Action),
        (RollupDimension.ActorEntityType, RollupDimension.Actor, RollupDimension.EntityType),
        (RollupDimension.ActionOutcome, RollupDimension.Action, RollupDimension.Outcome),
    ];

    /// <summary>
    /// The group key of a stored roll-up key under this plan, or null when the row does not match the filter
    /// (pairs only; a single dimension's keys are filtered by the store and returned as they are).
    /// </summary>
    public string? Project(string storedKey)
    {
        if (!IsPair)
        {
            return storedKey;
        }

        var (first, second) = SplitPair(storedKey);
        if ((First is not null && !First.Contains(first)) || (Second is not null && !Second.Contains(second)))
        {
            return null;
        }

        return GroupPart switch
        {
            1 => first,
            2 => second,
            _ => string.Empty,
        };
    }

    /// <summary>The roll-up dimension of an aggregate dimension.</summary>
    public static RollupDimension Of(AggregateDimension dimension) => dimension switch
    {
        AggregateDimension.Category => RollupDimension.Category,
        AggregateDimension.Action => RollupDimension.Action,
        AggregateDimension.Actor => RollupDimension.Actor,
        AggregateDimension.EntityType => RollupDimension.EntityType,
        AggregateDimension.Outcome => RollupDimension.Outcome,
        AggregateDimension.Risk => RollupDimension.Risk,
        _ => RollupDimension.Total,
    };

    /// <summary>The stored key of a pair of keys (see the remarks of <see cref="RollupPlan"/>).</summary>
    public static string PairKey(string first, string second) =>
        string.Concat(first.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", first, second);

    /// <summary>The start every stored key with this first part has.</summary>
    public static string PairPrefix(string first) =>
        string.Concat(first.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ":", first);

    /// <summary>The two parts of a stored pair key.</summary>
    public static (string First, string Second) SplitPair(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var length = int.Parse(key.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
        return (key.Substring(colon + 1, length), key[(colon + 1 + length)..]);
    }
}

/// <summary>
/// The dimensions kept in roll-up tables (stored as these numbers; a UTC day's row as the number plus
/// <see cref="RollupCounter.DailyOffset"/>).
/// </summary>
public enum RollupDimension
{
    /// <summary>Every event.</summary>
    Total = 0,
    /// <summary>By category.</summary>
    Category = 1,
    /// <summary>By action.</summary>
    Action = 2,
    /// <summary>By actor id.</summary>
    Actor = 3,
    /// <summary>By entity type.</summary>
    EntityType = 4,
    /// <summary>By outcome.</summary>
    Outcome = 5,
    /// <summary>By risk level.</summary>
    Risk = 6,
    /// <summary>By category and action.</summary>
    CategoryAction = 7,
    /// <summary>By category and risk.</summary>
    CategoryRisk = 8,
    /// <summary>By actor and action.</summary>
    ActorAction = 9,
    /// <summary>By actor and entity type.</summary>
    ActorEntityType = 10,
    /// <summary>By action and outcome.</summary>
    ActionOutcome = 11,
}
