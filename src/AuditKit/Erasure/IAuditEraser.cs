namespace AuditKit;

/// <summary>
/// Erases personal values from stored events (GDPR right to erasure) while the chain, checkpoints and proofs
/// stay valid: sealed values are replaced by their commitments (docs/integrity.md, "Erasure").
/// </summary>
public interface IAuditEraser
{
    /// <summary>
    /// Waits for events already recorded to be written, then erases the request's fields in every matching event of the current tenant (ambient <see cref="AuditContext"/>),
    /// marks each event with an <see cref="AuditErasureReceipt"/> and records a <c>PersonalDataErased</c> event. Running it
    /// again erases nothing more; events without seals are counted, not changed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    Task<ErasureResult> EraseAsync(ErasureRequest request, CancellationToken cancellationToken = default);
}
