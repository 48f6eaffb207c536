namespace AuditKit;

/// <summary>
/// Named, versioned settings documents kept in the audit store (the event policy, risk rules, alert rules,
/// retention policies, report schedules): read with their version, saved with optimistic concurrency, and every
/// save recorded as a <see cref="AuditActions.SettingsChanged"/> event with field-level before/after values.
/// A save applies at once in this process and within <see cref="AuditSettingsOptions.RefreshInterval"/> in other
/// processes that share the store. Registered by <c>AddAuditKit()</c>.
/// </summary>
/// <remarks>Documents are serialized with System.Text.Json's web defaults (camelCase). Settings are global to the store, not per tenant.</remarks>
public interface IAuditSettings
{
    /// <summary>Reads a document from the store; a document never saved comes back as <c>new T()</c> with version 0.</summary>
    /// <typeparam name="T">The document's type.</typeparam>
    /// <param name="name">The document's name (<see cref="AuditSettingsDocument.ValidateName"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document and its version.</returns>
    Task<AuditSettingsEntry<T>> GetAsync<T>(string name, CancellationToken cancellationToken = default)
        where T : class, new();

    /// <summary>
    /// Saves a document over <paramref name="expectedVersion"/> (the version read; 0 for a document never saved),
    /// records a <see cref="AuditActions.SettingsChanged"/> event with the changed fields (actor from the ambient
    /// context) and applies it to this process's watchers. An unchanged document is not saved again.
    /// </summary>
    /// <typeparam name="T">The document's type.</typeparam>
    /// <param name="name">The document's name.</param>
    /// <param name="value">The new document.</param>
    /// <param name="expectedVersion">The version the change was made on.</param>
    /// <param name="cancellationToken">Cancels the save before it is written.</param>
    /// <returns>The saved document with its new version.</returns>
    /// <exception cref="AuditSettingsConflictException">The stored version is not <paramref name="expectedVersion"/>; nothing was written.</exception>
    Task<AuditSettingsEntry<T>> SaveAsync<T>(string name, T value, long expectedVersion, CancellationToken cancellationToken = default)
        where T : class, new();

    /// <summary>
    /// Calls <paramref name="onChange"/> with the document each time a new version is seen: at once for saves in
    /// this process, and after the next refresh for saves by other processes. Dispose the result to stop.
    /// </summary>
    /// <typeparam name="T">The document's type.</typeparam>
    /// <param name="name">The document's name.</param>
    /// <param name="onChange">Called with each new version; exceptions it throws are logged, not propagated.</param>
    /// <returns>A handle that stops the calls when disposed.</returns>
    IDisposable Watch<T>(string name, Action<AuditSettingsEntry<T>> onChange)
        where T : class, new();
}
