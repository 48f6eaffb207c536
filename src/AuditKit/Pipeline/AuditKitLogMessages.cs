using Microsoft.Extensions.Logging;

namespace AuditKit;

internal static partial class AuditKitLogMessages
{
    [LoggerMessage(1, LogLevel.Information, "AuditKit writer started on {Provider} stream {StreamId} at sequence {Sequence}.")]
    public static partial void WriterStarted(ILogger logger, string provider, int streamId, long sequence);

    [LoggerMessage(2, LogLevel.Warning, "AuditKit could not append a batch of {Count} events (attempt {Attempt}); retrying in {Delay}.")]
    public static partial void AppendFailed(ILogger logger, Exception exception, int count, int attempt, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Error, "AuditKit stopped with {Count} events not written: the store did not accept them before the shutdown timeout.")]
    public static partial void EventsNotWritten(ILogger logger, int count);

    [LoggerMessage(4, LogLevel.Information, "AuditKit writer stopped after writing every queued event; last sequence {Sequence}.")]
    public static partial void WriterStopped(ILogger logger, long sequence);

    [LoggerMessage(5, LogLevel.Critical, "AuditKit writer failed; queued events remain in memory.")]
    public static partial void WriterFailed(ILogger logger, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "AuditKit wrote a batch of {Count} events (sequences {First}–{Last}) to the spill journal {Path}: the store kept failing.")]
    public static partial void Spilled(ILogger logger, int count, long first, long last, string path);

    [LoggerMessage(7, LogLevel.Information, "AuditKit replayed {Count} events from the spill journal into the store.")]
    public static partial void Replayed(ILogger logger, long count);

    [LoggerMessage(8, LogLevel.Error, "AuditKit could not write to the journal {Path}; the batch stays in memory and is retried.")]
    public static partial void JournalFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(9, LogLevel.Error, "AuditKit found a damaged tail in journal {Path} at byte {Offset} ({Reason}); every record before it was kept and replayed, the damaged file was kept beside it.")]
    public static partial void JournalCorrupted(ILogger logger, string path, long offset, string reason);

    [LoggerMessage(10, LogLevel.Warning, "AuditKit's queue stayed full for {Timeout}: events go to the overflow journal until the writer catches up.")]
    public static partial void Overflowing(ILogger logger, TimeSpan timeout);

    [LoggerMessage(11, LogLevel.Error, "AuditKit could not write an event to the overflow journal; the event is lost.")]
    public static partial void OverflowFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "AuditKit took over {Count} events from {Path}, left by a process that stopped before writing them.")]
    public static partial void TookOver(ILogger logger, int count, string path);
}
