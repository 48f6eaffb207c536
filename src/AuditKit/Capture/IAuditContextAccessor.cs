namespace AuditKit;

/// <summary>Reads and sets the ambient <see cref="AuditContext"/>, which flows with the async call (AsyncLocal).</summary>
public interface IAuditContextAccessor
{
    /// <summary>The context in force for the current async flow, or <see langword="null"/>.</summary>
    AuditContext? Current { get; }

    /// <summary>
    /// Makes <paramref name="context"/> current until the returned scope is disposed; the previous context
    /// is restored then. Nested scopes replace the outer context as a whole; merge with
    /// <c>Current with { ... }</c> to keep outer values.
    /// </summary>
    IDisposable BeginScope(AuditContext context);
}
