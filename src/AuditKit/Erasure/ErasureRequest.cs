namespace AuditKit;

/// <summary>
/// What to erase: the personal fields of one person's own events (<see cref="ForActor"/>: name, e-mail and
/// client details) or of one record's events (<see cref="ForRecord"/>: the record name and the personal
/// changes). Create it with one of the factory methods.
/// </summary>
public sealed record ErasureRequest
{
    private ErasureRequest(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>The actor whose events lose their actor name, e-mail and client fields.</summary>
    public string? ActorId { get; private init; }

    /// <summary>With <see cref="RecordId"/>: the record whose events lose their record name and personal changes.</summary>
    public string? EntityType { get; private init; }

    /// <summary>With <see cref="EntityType"/>: the record whose events lose their record name and personal changes.</summary>
    public string? RecordId { get; private init; }

    /// <summary>Why (for example the data-subject request's reference); kept on every erased event and in the erasure's own audit event.</summary>
    public string Reason { get; }

    /// <summary>Who asks; defaults to the ambient <see cref="AuditContext"/>'s actor id, else <c>system</c>.</summary>
    public string? ErasedBy { get; init; }

    /// <summary>Erases the actor name, e-mail and client fields of every event recorded by <paramref name="actorId"/>.</summary>
    /// <exception cref="ArgumentException">An argument is null, empty or white space.</exception>
    public static ErasureRequest ForActor(string actorId, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        return new ErasureRequest(reason) { ActorId = actorId };
    }

    /// <summary>Erases the record name and the personal changes of every event about one record.</summary>
    /// <exception cref="ArgumentException">An argument is null, empty or white space.</exception>
    public static ErasureRequest ForRecord(string entityType, string recordId, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityType);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordId);
        return new ErasureRequest(reason) { EntityType = entityType, RecordId = recordId };
    }
}
