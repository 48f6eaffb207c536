namespace AuditKit;

/// <summary>
/// What <see cref="AuditStore.DeleteEventsAsync"/> removes: events of one category in a time range
/// (<see cref="From"/> inclusive, <see cref="To"/> exclusive), except those a <see cref="Holds">legal hold</see> covers,
/// at most <see cref="BatchSize"/> per call (oldest first). Call again with the same request until
/// <see cref="AuditDeletionResult.Completed"/>.
/// </summary>
/// <param name="Category">The category whose events expire.</param>
/// <param name="From">The oldest time included.</param>
/// <param name="To">The first time not included (the retention cut-off).</param>
public sealed record AuditDeletionRequest(AuditCategory Category, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The default <see cref="BatchSize"/>: 1,000.</summary>
    public const int DefaultBatchSize = 1_000;

    /// <summary>The largest <see cref="BatchSize"/>: 10,000 (one transaction each).</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Legal holds: an event any of them covers is kept. Default none.</summary>
    public IReadOnlyList<AuditLegalHold> Holds { get; init; } = [];

    /// <summary>The most events one call deletes, in one transaction. Default <see cref="DefaultBatchSize"/>.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>
    /// With <see cref="ThroughSequence"/>: only this stream's events, at or below that sequence (retention deletes exactly
    /// what it archived). Default null: every stream.
    /// </summary>
    public int? StreamId { get; init; }

    /// <summary>The highest sequence of <see cref="StreamId"/> deleted; set both or neither.</summary>
    public long? ThroughSequence { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the request is not valid (range, batch size, holds).</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Category))
        {
            throw new ArgumentOutOfRangeException(nameof(Category), Category, "AuditDeletionRequest.Category is not a defined AuditCategory.");
        }

        if (To <= From)
        {
            throw new ArgumentException($"AuditDeletionRequest.To ({To:O}) must be after From ({From:O}).", nameof(To));
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"AuditDeletionRequest.BatchSize must be between 1 and {MaxBatchSize}.");
        }

        if (StreamId.HasValue != ThroughSequence.HasValue)
        {
            throw new ArgumentException("AuditDeletionRequest.StreamId and ThroughSequence are set together or not at all.", nameof(ThroughSequence));
        }

        if (StreamId is < 1 || ThroughSequence is < 1)
        {
            throw new ArgumentOutOfRangeException(StreamId is < 1 ? nameof(StreamId) : nameof(ThroughSequence), "AuditDeletionRequest.StreamId and ThroughSequence must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(Holds, nameof(Holds));
        for (var i = 0; i < Holds.Count; i++)
        {
            (Holds[i] ?? throw new ArgumentException($"AuditDeletionRequest.Holds[{i}] is null.", nameof(Holds))).Validate($"Holds[{i}]");
        }
    }

    /// <summary>Whether a stored event is one this request deletes: its category and time match and no hold covers it.</summary>
    /// <param name="e">A stored event.</param>
    /// <returns>True when the event is in the selection and not held.</returns>
    public bool Selects(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var micros = AuditCursor.ToMicros(e.Timestamp);
        return e.Category == Category && InStreamBound(e) && micros >= AuditCursor.ToMicros(From) && micros < AuditCursor.ToMicros(To) && !IsHeld(e);
    }

    /// <summary>Whether the event is within <see cref="StreamId"/> and <see cref="ThroughSequence"/> (always, when they are not set).</summary>
    /// <param name="e">A stored event.</param>
    /// <returns>True when the stream bound does not exclude it.</returns>
    public bool InStreamBound(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return StreamId is not { } stream || (e.StreamId == stream && e.Sequence <= ThroughSequence);
    }

    /// <summary>Whether one of <see cref="Holds"/> covers the event.</summary>
    /// <param name="e">A stored event.</param>
    /// <returns>True when a hold covers it.</returns>
    public bool IsHeld(AuditEvent e)
    {
        foreach (var hold in Holds)
        {
            if (hold.Covers(e))
            {
                return true;
            }
        }

        return false;
    }
}
