namespace AuditKit.AspNetCore;

/// <summary>One page of the log viewer.</summary>
/// <param name="Items">The events, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
internal sealed record EventPageResponse(IReadOnlyList<AuditEvent> Items, string? NextCursor);

/// <summary>"Results: 15,678 events".</summary>
/// <param name="Count">Events matching the filters.</param>
internal sealed record CountResponse(long Count);

/// <summary>The entry detail screen: the event with its changes, the record's previous change and the related events.</summary>
/// <param name="Event">The event (its <c>changes</c> are the "Changes Made" table).</param>
/// <param name="PreviousChange">The change of the same record just before it, if any.</param>
/// <param name="Related">Events sharing its correlation id, oldest first.</param>
internal sealed record EventDetailResponse(AuditEvent Event, AuditEvent? PreviousChange, IReadOnlyList<AuditEvent> Related);

/// <summary>The event configuration with the version to save it over.</summary>
/// <param name="Version">The stored version (0: never saved).</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="UpdatedBy">Who last saved it.</param>
/// <param name="Policy">The switches.</param>
internal sealed record EventConfigurationResponse(long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy, AuditEventPolicy Policy);

/// <summary>A change to the event configuration.</summary>
/// <param name="Version">The version read (optimistic concurrency: 409 when somebody saved in between).</param>
/// <param name="Policy">The new switches.</param>
internal sealed record EventConfigurationUpdate(long? Version, AuditEventPolicy? Policy);
