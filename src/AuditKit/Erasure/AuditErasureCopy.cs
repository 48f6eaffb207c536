namespace AuditKit.Providers;

/// <summary>
/// The rewrite of one stored event that an erasure asks a store to apply (<see cref="AuditStore.ApplyErasureAsync"/>):
/// the request's subject's sealed values removed, their commitments kept, an erasure receipt added, so the event still
/// hashes the same. For conformance suites and tools that exercise a store's erasure without the eraser service.
/// </summary>
public static class AuditErasureCopy
{
    /// <summary>The erased copy of <paramref name="auditEvent"/>, or <see langword="null"/> when it holds no sealed value of the request's subject (an unsealed event never has one).</summary>
    /// <param name="auditEvent">A stored event.</param>
    /// <param name="request">Whose values to erase.</param>
    /// <param name="erasedBy">Who erases (recorded in the receipt).</param>
    /// <param name="erasedAt">When (recorded in the receipt).</param>
    /// <returns>The copy to pass to <see cref="AuditStore.ApplyErasureAsync"/>, or null.</returns>
    public static AuditEvent? Create(AuditEvent auditEvent, ErasureRequest request, string erasedBy, DateTimeOffset erasedAt)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(erasedBy);
        return ErasurePlan.Apply(auditEvent, request, erasedBy, erasedAt).Copy;
    }
}
