namespace AuditKit;

/// <summary>
/// Decides whether a count or aggregate can be answered from hourly roll-ups (counts per hour per tenant
/// for one dimension) instead of scanning events: only when the filter uses nothing but the range, the
/// tenant and at most one dimension that the roll-ups keep. Shared by the SQL stores.
/// </summary>
internal readonly record struct RollupPlan(RollupDimension Dimension, IReadOnlyList<string>? Keys)
{
    public static bool TryCreate(AuditQuery filter, AggregateDimension? groupBy, out RollupPlan plan)
    {
        plan = default;
        if (filter.Roles is { Count: > 0 } || filter.MinimumRisk is > RiskLevel.None || filter.RecordId is not null
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

        if (groupBy is { } g && !AggregateKeys.IsTime(g))
        {
            var dimension = Of(g);
            if (lists.Count > 1 || (lists.Count == 1 && lists[0].Dimension != dimension))
            {
                return false;
            }

            plan = new RollupPlan(dimension, lists.Count == 1 ? lists[0].Keys : null);
            return true;
        }

        if (lists.Count > 1)
        {
            return false;
        }

        plan = lists.Count == 1 ? new RollupPlan(lists[0].Dimension, lists[0].Keys) : new RollupPlan(RollupDimension.Total, null);
        return true;
    }

    public static RollupDimension Of(AggregateDimension dimension) => dimension switch
    {
        AggregateDimension.Category => RollupDimension.Category,
        AggregateDimension.Action => RollupDimension.Action,
        AggregateDimension.Actor => RollupDimension.Actor,
        AggregateDimension.EntityType => RollupDimension.EntityType,
        AggregateDimension.Outcome => RollupDimension.Outcome,
        _ => RollupDimension.Total,
    };

    /// <summary>The roll-up keys one event adds to: one per dimension, (dimension, key).</summary>
    public static void KeysOf(AuditEvent e, Span<(RollupDimension, string)> destination)
    {
        destination[0] = (RollupDimension.Total, string.Empty);
        destination[1] = (RollupDimension.Category, AuditCanonicalForm.CategoryName(e.Category));
        destination[2] = (RollupDimension.Action, e.Action);
        destination[3] = (RollupDimension.Actor, e.Actor?.Id ?? string.Empty);
        destination[4] = (RollupDimension.EntityType, e.Target?.EntityType ?? string.Empty);
        destination[5] = (RollupDimension.Outcome, e.Outcome.ToString());
    }

    public const int DimensionsPerEvent = 6;
}

/// <summary>The dimensions kept in roll-up tables (stored as these numbers).</summary>
internal enum RollupDimension
{
    Total = 0,
    Category = 1,
    Action = 2,
    Actor = 3,
    EntityType = 4,
    Outcome = 5,
}
