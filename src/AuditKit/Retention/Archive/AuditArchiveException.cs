namespace AuditKit;

/// <summary>An archive cannot be trusted: corrupted, truncated, encrypted under another key, or not matching its manifest. Nothing of it is returned as valid.</summary>
public sealed class AuditArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="archive">The archive's name.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AuditArchiveException(string archive, string message, Exception? innerException = null)
        : base($"Archive '{archive}': {message}", innerException) => Archive = archive;

    /// <summary>The archive's name.</summary>
    public string Archive { get; }
}
