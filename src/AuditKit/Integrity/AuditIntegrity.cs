namespace AuditKit;

/// <summary>Entry points for tools that work on a store directly (the CLI, an auditor's own program).</summary>
public static class AuditIntegrity
{
    /// <summary>A verifier over <paramref name="store"/>, without a host.</summary>
    public static IAuditVerifier CreateVerifier(AuditStore store) => CreateVerifier(store, null);

    /// <summary>
    /// A verifier over <paramref name="store"/> that also holds it against anchors kept outside it (published
    /// checkpoints, published or expected heads), so deleted streams and truncated tails are reported even when the
    /// store's own checkpoint rows were removed with them.
    /// </summary>
    public static IAuditVerifier CreateVerifier(AuditStore store, AuditVerifierOptions? options)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new AuditVerifier(store, null, options);
    }
}
