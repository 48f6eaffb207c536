namespace AuditKit;

/// <summary>
/// Keeps a copy of every signed checkpoint outside the audit store (a folder, an object store, a transparency
/// log, an e-mail to the auditor), so that rewriting the database cannot rewrite the checkpoints too.
/// </summary>
public interface ICheckpointPublisher
{
    /// <summary>Publishes one checkpoint. A failure is logged and does not stop the writer; the checkpoint stays in the store.</summary>
    Task PublishAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);
}
