namespace AuditKit.Providers;

/// <summary>
/// An <see cref="AuditQuery"/>'s filters as a predicate over events, for a store that answers queries by scanning
/// (an in-memory or file store): the same semantics the SQL stores implement (ranges [From, To) in microseconds,
/// ordinal string matches, lists as "any of", <see cref="AuditQuery.MinimumRisk"/> as at least, free text as every
/// term matching a word of <see cref="SearchDocument.Build"/>). The query's page and cursor are not part of it.
/// </summary>
public sealed class AuditEventFilter
{
    private readonly AuditQuery _query;
    private readonly IReadOnlyList<SearchTerm> _terms;

    private AuditEventFilter(AuditQuery query)
    {
        _query = query;
        _terms = SearchTerms.Parse(query.Text);
    }

    /// <summary>Whether the query has free-text terms (then <see cref="Matches"/> needs the event's search document).</summary>
    public bool HasText => _terms.Count > 0;

    /// <summary>The filter of <paramref name="query"/>.</summary>
    /// <param name="query">The query; check it first with <see cref="AuditQuery.Validate"/>.</param>
    /// <returns>The filter.</returns>
    public static AuditEventFilter Create(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new AuditEventFilter(query);
    }

    /// <summary>Whether <paramref name="auditEvent"/> passes every filter of the query.</summary>
    /// <param name="auditEvent">A stored event.</param>
    /// <param name="searchDocument">The event's <see cref="SearchDocument.Build"/> text if the store keeps it; built when null and needed.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(AuditEvent auditEvent, string? searchDocument = null)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var q = _query;
        var e = auditEvent;
        var match = (q.From is not { } from || AuditCursor.ToMicros(e.Timestamp) >= AuditCursor.ToMicros(from))
            && (q.To is not { } to || AuditCursor.ToMicros(e.Timestamp) < AuditCursor.ToMicros(to))
            && (q.TenantId is null || e.TenantId == q.TenantId)
            && In(q.ActorIds, e.Actor?.Id)
            && In(q.Roles, e.Actor?.Role)
            && (q.Categories is not { Count: > 0 } categories || categories.Contains(e.Category))
            && In(q.Actions, e.Action)
            && (q.Outcomes is not { Count: > 0 } outcomes || outcomes.Contains(e.Outcome))
            && (q.MinimumRisk is not { } risk || e.Risk >= risk)
            && In(q.EntityTypes, e.Target?.EntityType)
            && (q.RecordId is null || e.Target?.RecordId == q.RecordId)
            && (q.CorrelationId is null || e.CorrelationId == q.CorrelationId)
            && (q.IpAddress is null || e.Client?.IpAddress == q.IpAddress);
        if (!match || _terms.Count == 0)
        {
            return match;
        }

        var words = SearchTerms.Words(searchDocument ?? SearchDocument.Build(e)).ToList();
        foreach (var term in _terms)
        {
            if (!words.Exists(term.Matches))
            {
                return false;
            }
        }

        return true;
    }

    private static bool In(IReadOnlyList<string>? values, string? value) =>
        values is not { Count: > 0 } || (value is not null && values.Contains(value, StringComparer.Ordinal));
}
