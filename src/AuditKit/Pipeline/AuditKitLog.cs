using Microsoft.Extensions.Logging;

namespace AuditKit;

internal static partial class AuditKitLog
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
}
