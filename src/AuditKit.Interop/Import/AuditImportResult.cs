namespace AuditKit.Interop;

/// <summary>What an import did.</summary>
/// <param name="SourceName">The source's name.</param>
/// <param name="StreamId">The stream the source's events are chained in.</param>
/// <param name="Read">Events read from the source.</param>
/// <param name="Imported">Events appended by this run.</param>
/// <param name="AlreadyImported">Events skipped because an earlier run imported their source row.</param>
public sealed record AuditImportResult(string SourceName, int StreamId, long Read, long Imported, long AlreadyImported);
