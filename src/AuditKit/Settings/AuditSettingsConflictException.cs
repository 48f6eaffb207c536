namespace AuditKit;

/// <summary>
/// A settings document was saved over a version other than the one the caller read: somebody else saved it in
/// between. Nothing was written; read the document again, re-apply the change and save with the new version.
/// </summary>
public sealed class AuditSettingsConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditSettingsConflictException()
        : this("The settings document was changed by somebody else.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AuditSettingsConflictException(string message)
        : base(message)
    {
        Name = "";
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AuditSettingsConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = "";
    }

    /// <summary>Creates the exception for a document saved over a stale version.</summary>
    /// <param name="name">The document.</param>
    /// <param name="expectedVersion">The version the caller read (0: it expected no document).</param>
    /// <param name="actualVersion">The version stored now (0: none).</param>
    public AuditSettingsConflictException(string name, long expectedVersion, long actualVersion)
        : base($"The settings document '{name}' is at version {actualVersion}, not {expectedVersion}: somebody else saved it meanwhile. Read it again and re-apply the change.")
    {
        Name = name;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The document's name.</summary>
    public string Name { get; }

    /// <summary>The version the caller read (0: it expected no document).</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version stored now (0: none).</summary>
    public long ActualVersion { get; }
}
