namespace AuditKit;

/// <summary>An event could not be accepted or made durable; it was not silently dropped, this exception says so.</summary>
public sealed class AuditLogUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditLogUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
