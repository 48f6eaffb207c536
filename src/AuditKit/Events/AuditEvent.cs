using System.Text.Json;

namespace AuditKit;

/// <summary>
/// One entry of the audit log. Build it with <see cref="AuditEvents"/> helpers or the constructor and
/// object initializer, then hand it to <see cref="IAuditLog"/>. Once recorded, AuditKit owns the instance:
/// it fills the identity, time, ambient context and integrity fields, and the event is immutable once written.
/// </summary>
public sealed record AuditEvent
{
    private static readonly IReadOnlyList<FieldChange> NoChanges = [];
    private static readonly IReadOnlyDictionary<string, JsonElement> NoMetadata = new Dictionary<string, JsonElement>(0);

    private string _action;
    private AuditOutcome _outcome;
    private RiskLevel _risk;
    private DateTimeOffset _timestamp;
    private string? _tenantId;
    private string? _message;
    private AuditActor? _actor;
    private AuditClient? _client;
    private AuditTarget? _target;
    private IReadOnlyList<FieldChange> _changes = NoChanges;
    private string? _correlationId;
    private string? _traceId;
    private IReadOnlyDictionary<string, JsonElement> _metadata = NoMetadata;
    private string? _storedChanges;
    private string? _storedMetadata;
    private byte[]? _previousHashBytes;
    private byte[]? _hashBytes;
    private string? _previousHash;
    private string? _hash;
    private PersonalSeals? _seals;

    /// <summary>Creates an event of a category and action.</summary>
    /// <param name="category">The broad kind of event.</param>
    /// <param name="action">What happened; see <see cref="AuditActions"/> for well-known values.</param>
    /// <exception cref="ArgumentException"><paramref name="action"/> is null, empty or white space.</exception>
    public AuditEvent(AuditCategory category, string action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        Category = category;
        _action = action;
    }

    /// <summary>The event's unique identifier: a UUID version 7 derived from <see cref="Timestamp"/>, assigned when recorded.</summary>
    public Guid Id { get; internal set; }

    /// <summary>The stream (one per writing application instance) the event belongs to; assigned by the writer.</summary>
    public int StreamId { get; internal set; }

    /// <summary>The event's position in its stream: 1, 2, 3… with no gaps; assigned by the writer.</summary>
    public long Sequence { get; internal set; }

    /// <summary>The identifier shown to people, <c>LOG-2026-8456789</c> (year and sequence; <c>LOG-2026-S2-123</c> outside stream 1). Empty until written.</summary>
    public string DisplayId => Sequence == 0 ? string.Empty : AuditEventDisplayId.Format(Timestamp.Year, StreamId, Sequence);

    /// <summary>When the event happened, in UTC with microsecond precision. Defaults to the time it is recorded.</summary>
    public DateTimeOffset Timestamp { get => _timestamp; init => _timestamp = value; }

    /// <summary>The tenant the event belongs to, in multi-tenant hosts.</summary>
    public string? TenantId { get => _tenantId; init => _tenantId = value; }

    /// <summary>The broad kind of event.</summary>
    public AuditCategory Category { get; init; }

    /// <summary>What happened ("Update", "LoginFailed"); see <see cref="AuditActions"/>.</summary>
    public string Action { get => _action; init { ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Action)); _action = value; } }

    /// <summary>How the action ended.</summary>
    public AuditOutcome Outcome { get => _outcome; init => _outcome = value; }

    /// <summary>How much attention the event deserves.</summary>
    public RiskLevel Risk { get => _risk; init => _risk = value; }

    /// <summary>A short description ("Credit limit change").</summary>
    public string? Message { get => _message; init => _message = value; }

    /// <summary>Who did it; filled from the ambient <see cref="AuditContext"/> when not set.</summary>
    public AuditActor? Actor { get => _actor; init => _actor = value; }

    /// <summary>Where it came from; filled from the ambient <see cref="AuditContext"/> when not set.</summary>
    public AuditClient? Client { get => _client; init => _client = value; }

    /// <summary>What it was done to.</summary>
    public AuditTarget? Target { get => _target; init => _target = value; }

    /// <summary>The field-level changes ("Changes Made"); never null (an empty list when there are none).</summary>
    public IReadOnlyList<FieldChange> Changes
    {
        get
        {
            if (_storedChanges is { } stored)
            {
                _changes = StoredJson.ReadChanges(stored);
                _storedChanges = null;
            }

            return _changes;
        }

        init
        {
            _changes = value ?? NoChanges;
            _storedChanges = null;
        }
    }

    /// <summary>Links events caused by the same operation ("Related Events"); filled from the ambient context when not set.</summary>
    public string? CorrelationId { get => _correlationId; init => _correlationId = value; }

    /// <summary>The W3C trace id of <see cref="System.Diagnostics.Activity.Current"/> when the event was recorded.</summary>
    public string? TraceId { get => _traceId; init => _traceId = value; }

    /// <summary>Extra facts as JSON values (for example <c>record_count: 5000</c>); never null. Build it with <see cref="AuditMetadata"/>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Metadata
    {
        get
        {
            if (_storedMetadata is { } stored)
            {
                _metadata = StoredJson.ReadMetadata(stored);
                _storedMetadata = null;
            }

            return _metadata;
        }

        init
        {
            _metadata = value ?? NoMetadata;
            _storedMetadata = null;
        }
    }

    // A stored event keeps its changes and metadata as the canonical JSON it was stored as, parsed only when
    // read: verification re-hashes millions of events without parsing them.
    internal string? StoredChanges => _storedChanges;

    internal string? StoredMetadata => _storedMetadata;

    internal void SetStoredJson(string? changes, string? metadata)
    {
        _storedChanges = changes;
        _changes = NoChanges;
        _storedMetadata = metadata;
        _metadata = NoMetadata;
    }

    /// <summary>Erasures applied to this stored event (empty when none): when, by whom, why and which fields. See <see cref="IAuditEraser"/>.</summary>
    public IReadOnlyList<AuditErasureReceipt> Erasures => _seals?.Erasures ?? [];

    // Salts or commitments of the sealed personal fields; the canonical form shows their commitments.
    internal PersonalSeals? Seals => _seals;

    // Per-member digests of the canonical form (see FieldDigests), computed when the event is linked.
    internal byte[]? FieldDigests { get; set; }

    internal void SetSeals(PersonalSeals? value) => _seals = value is { IsEmpty: true } ? null : value;

    /// <summary>The <see cref="Hash"/> of the previous event of the stream (64 zero hex digits for the first); assigned by the writer.</summary>
    public string? PreviousHash => _previousHash ??= _previousHashBytes is null ? null : Convert.ToHexStringLower(_previousHashBytes);

    /// <summary>SHA-256 over <see cref="PreviousHash"/> and the event's canonical form, lower-case hex; see docs/integrity.md.</summary>
    public string? Hash => _hash ??= _hashBytes is null ? null : Convert.ToHexStringLower(_hashBytes);

    // The writer and the stores work with the 32 raw bytes; the hex text is made only when someone asks.
    internal byte[]? PreviousHashBytes => _previousHashBytes;

    internal byte[]? HashBytes => _hashBytes;

    internal void SetHashes(byte[] previous, byte[] hash)
    {
        _previousHashBytes = previous;
        _hashBytes = hash;
        _previousHash = null;
        _hash = null;
    }

    // Written only by AuditKit while the event is being recorded or read back, never after it is written.
    internal void SetTimestamp(DateTimeOffset value) => _timestamp = value;
    internal void SetTenantId(string? value) => _tenantId = value;
    internal void SetAction(string value) => _action = value;
    internal void SetMessage(string? value) => _message = value;
    internal void SetOutcome(AuditOutcome value) => _outcome = value;
    internal void SetRisk(RiskLevel value) => _risk = value;
    internal void SetActor(AuditActor? value) => _actor = value;
    internal void SetClient(AuditClient? value) => _client = value;
    internal void SetTarget(AuditTarget? value) => _target = value;
    internal void SetChanges(IReadOnlyList<FieldChange> value)
    {
        _changes = value;
        _storedChanges = null;
    }
    internal void SetCorrelationId(string? value) => _correlationId = value;
    internal void SetTraceId(string? value) => _traceId = value;
    internal void SetMetadata(IReadOnlyDictionary<string, JsonElement> value)
    {
        _metadata = value;
        _storedMetadata = null;
    }

    /// <summary>
    /// Copies the content for a <c>with</c> expression: what happened, to what, by whom, from where, the changes and
    /// metadata. The copy is a new, unwritten event: its identity (<see cref="Id"/>, <see cref="StreamId"/>,
    /// <see cref="Sequence"/>), integrity fields (<see cref="Hash"/>, <see cref="PreviousHash"/>) and
    /// <see cref="Erasures"/> are not copied, so recording it appends a new entry instead of repeating the original's.
    /// </summary>
    /// <param name="original">The event being copied.</param>
    private AuditEvent(AuditEvent original)
    {
        Category = original.Category;
        _action = original._action;
        _outcome = original._outcome;
        _risk = original._risk;
        _timestamp = original._timestamp;
        _tenantId = original._tenantId;
        _message = original._message;
        _actor = original._actor;
        _client = original._client;
        _target = original._target;
        _changes = original._changes;
        _storedChanges = original._storedChanges;
        _correlationId = original._correlationId;
        _traceId = original._traceId;
        _metadata = original._metadata;
        _storedMetadata = original._storedMetadata;
    }

    // The erasure copy replaces personal values of a written event in place: it keeps the written event's identity
    // and integrity fields (the seals are set by the caller).
    internal void CopyWrittenIdentityFrom(AuditEvent written)
    {
        Id = written.Id;
        StreamId = written.StreamId;
        Sequence = written.Sequence;
        _previousHashBytes = written._previousHashBytes;
        _hashBytes = written._hashBytes;
        _previousHash = written._previousHash;
        _hash = written._hash;
        FieldDigests = written.FieldDigests;
    }

    /// <summary>
    /// Two events are equal when everything a reader sees is equal: identity, time, tenant, category, action,
    /// outcome, risk, message, actor, client, target, every change, correlation and trace ids, metadata (JSON values
    /// compared by value), hashes and erasures. The same stored entry read twice is equal to itself; events that differ
    /// in any of these are not.
    /// </summary>
    /// <param name="other">The event to compare with.</param>
    /// <returns><see langword="true"/> when both describe the same entry with the same content.</returns>
    public bool Equals(AuditEvent? other) => AuditEventEquality.AreEqual(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Sequence, Category, _action, _timestamp);

    /// <inheritdoc />
    public override string ToString() =>
        $"{(DisplayId.Length == 0 ? "(unwritten)" : DisplayId)} {Timestamp:O} {Category}/{Action} {Outcome} by {Actor?.Name ?? Actor?.Id ?? "?"} on {Target?.EntityType} {Target?.RecordId}";
}
