namespace AuditKit;

/// <summary>
/// The log viewer's filters. Every filter is optional; filters combine with AND, values inside one list
/// with OR. Results come newest first, <see cref="PageSize"/> at a time, continued with <see cref="Cursor"/>.
/// Text values are cleaned as recorded values are: NUL characters and unpaired UTF-16 surrogates become
/// U+FFFD, so a filter finds what was recorded with the same raw value, and no store fails on such input.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The page size used when none is given.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The most values one list filter may hold.</summary>
    public const int MaxListValues = 100;

    /// <summary>The longest free-text search.</summary>
    public const int MaxTextLength = 500;

    private readonly string? _tenantId;
    private readonly IReadOnlyList<string>? _actorIds;
    private readonly IReadOnlyList<string>? _roles;
    private readonly IReadOnlyList<string>? _actions;
    private readonly IReadOnlyList<string>? _entityTypes;
    private readonly string? _recordId;
    private readonly string? _correlationId;
    private readonly string? _ipAddress;
    private readonly string? _text;

    /// <summary>Events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Events before this time (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only this tenant's events.</summary>
    public string? TenantId { get => _tenantId; init => _tenantId = AuditText.CleanOrNull(value); }

    /// <summary>Only events by these actor ids ("User" filter).</summary>
    public IReadOnlyList<string>? ActorIds { get => _actorIds; init => _actorIds = AuditText.CleanAll(value); }

    /// <summary>Only events by actors in these roles.</summary>
    public IReadOnlyList<string>? Roles { get => _roles; init => _roles = AuditText.CleanAll(value); }

    /// <summary>Only these categories.</summary>
    public IReadOnlyList<AuditCategory>? Categories { get; init; }

    /// <summary>Only these actions ("Action Type" filter).</summary>
    public IReadOnlyList<string>? Actions { get => _actions; init => _actions = AuditText.CleanAll(value); }

    /// <summary>Only these outcomes.</summary>
    public IReadOnlyList<AuditOutcome>? Outcomes { get; init; }

    /// <summary>Only events at or above this risk.</summary>
    public RiskLevel? MinimumRisk { get; init; }

    /// <summary>Only events on these entity types ("Entity" filter).</summary>
    public IReadOnlyList<string>? EntityTypes { get => _entityTypes; init => _entityTypes = AuditText.CleanAll(value); }

    /// <summary>Only events on this record id.</summary>
    public string? RecordId { get => _recordId; init => _recordId = AuditText.CleanOrNull(value); }

    /// <summary>Only events with this correlation id ("Related Events").</summary>
    public string? CorrelationId { get => _correlationId; init => _correlationId = AuditText.CleanOrNull(value); }

    /// <summary>Only events from this client IP address.</summary>
    public string? IpAddress { get => _ipAddress; init => _ipAddress = AuditText.CleanOrNull(value); }

    /// <summary>
    /// Free text ("Search"): every word must be a word of the event's message, action, record name or id,
    /// entity type, module, component, actor id, name, e-mail or role, IP address, field names or values; a
    /// word followed by <c>*</c> (<c>wareh*</c>) matches words starting with it. Case-insensitive;
    /// punctuation and operators are ignored (see <see cref="SearchTerms"/>), so any input is safe. Text
    /// without letters or digits matches everything.
    /// </summary>
    public string? Text { get => _text; init => _text = AuditText.CleanOrNull(value); }

    /// <summary>Events per page, 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The <see cref="AuditPage.NextCursor"/> of the previous page, or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// Checks the query and returns its decoded cursor (<see langword="null"/> for the first page). Every store calls it
    /// first in <see cref="AuditStore.QueryAsync"/> and <see cref="AuditStore.CountAsync"/>, so all stores reject the same input.
    /// </summary>
    /// <returns>The keyset position the page starts after, or null.</returns>
    /// <exception cref="ArgumentException">A filter is out of range or the cursor was not returned by AuditKit; the message names the member.</exception>
    public AuditCursor? Validate()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, $"AuditQuery.PageSize must be between 1 and {MaxPageSize}.");
        }

        if (From is { } from && To is { } to && from > to)
        {
            throw new ArgumentException($"AuditQuery.From ({from:O}) is after AuditQuery.To ({to:O}).", nameof(From));
        }

        if (Text is { Length: > MaxTextLength })
        {
            throw new ArgumentException($"AuditQuery.Text is {Text.Length} characters; at most {MaxTextLength} are allowed.", nameof(Text));
        }

        if (TenantId is { Length: 0 })
        {
            throw new ArgumentException("AuditQuery.TenantId must not be empty; use null for all tenants.", nameof(TenantId));
        }

        CheckList(ActorIds, nameof(ActorIds));
        CheckList(Roles, nameof(Roles));
        CheckList(Categories, nameof(Categories));
        CheckList(Actions, nameof(Actions));
        CheckList(Outcomes, nameof(Outcomes));
        CheckList(EntityTypes, nameof(EntityTypes));
        return Cursor is null ? null : AuditCursor.Parse(Cursor);
    }

    private static void CheckList<T>(IReadOnlyList<T>? values, string name)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > MaxListValues)
        {
            throw new ArgumentException($"AuditQuery.{name} has {values.Count} values; at most {MaxListValues} are allowed.", name);
        }

        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ArgumentException($"AuditQuery.{name} contains null.", name);
            }
        }
    }
}
