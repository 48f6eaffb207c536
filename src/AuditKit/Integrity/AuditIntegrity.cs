namespace AuditKit;

/// <summary>Entry points for tools that work on a store directly (the CLI, an auditor's own program).</summary>
public static class AuditIntegrity
{
    /// <summary>A verifier over <paramref name="store"/>, without a host.</summary>
    public static IAuditVerifier CreateVerifier(AuditStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new AuditVerifier(store);
    }
}
