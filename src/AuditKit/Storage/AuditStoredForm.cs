namespace AuditKit.Providers;

/// <summary>
/// What a store writes for an event beside its public members: the raw hash bytes, the personal-data seals and the
/// per-member digests. A store keeps these as they are and hands them back through <see cref="StoredEventRow"/>, so
/// that the event read back hashes the same and the verifier can name an edited member. See docs/providers.md.
/// </summary>
public static class AuditStoredForm
{
    /// <summary>The <see cref="AuditEvent.PreviousHash"/> of a stream's first event: 64 zero hex digits.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The 32 bytes of <see cref="AuditEvent.Hash"/>, or <see langword="null"/> before the writer linked the event.</summary>
    /// <param name="auditEvent">A linked event (as the store's <see cref="AuditStore.AppendAsync"/> receives it).</param>
    /// <returns>The bytes; do not modify them.</returns>
    public static byte[]? GetHashBytes(this AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.HashBytes;
    }

    /// <summary>The 32 bytes of <see cref="AuditEvent.PreviousHash"/>, or <see langword="null"/> before the writer linked the event.</summary>
    /// <param name="auditEvent">A linked event.</param>
    /// <returns>The bytes; do not modify them.</returns>
    public static byte[]? GetPreviousHashBytes(this AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.PreviousHashBytes;
    }

    /// <summary>
    /// The event's personal-data seals as JSON (salts or commitments of sealed values, and erasure receipts), or
    /// <see langword="null"/> when it has none. Store it as text; <see cref="StoredEventRow.Seals"/> takes it back.
    /// </summary>
    /// <param name="auditEvent">The event.</param>
    /// <returns>The JSON, or null.</returns>
    public static string? GetSealsJson(this AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.Seals?.ToJson();
    }

    /// <summary>
    /// The per-member digests of the event's canonical form (4 bytes per member of <see cref="AuditCanonicalForm.Members"/>),
    /// computed once and kept on the event. A store that keeps them returns them from
    /// <see cref="AuditStore.GetFieldDigestsAsync"/>, so that the verifier names the members of an edited event.
    /// </summary>
    /// <param name="auditEvent">A linked event.</param>
    /// <returns>The digests.</returns>
    public static byte[] GetFieldDigests(this AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent.FieldDigests ??= AuditKit.FieldDigests.Of(auditEvent);
    }
}
