using Microsoft.Extensions.Logging;

namespace AuditKit;

internal static partial class AuditSubscriptionLog
{
    [LoggerMessage(301, LogLevel.Information, "Audit subscription {Name}: this instance ({Owner}) holds the lease and delivers.")]
    public static partial void Acquired(ILogger logger, string name, string owner);

    [LoggerMessage(302, LogLevel.Warning, "Audit subscription {Name}: the lease was taken over by another instance; this one stops delivering until it can take it again.")]
    public static partial void Lost(ILogger logger, string name);

    [LoggerMessage(303, LogLevel.Error, "Audit subscription {Name}: the handler failed on {Count} event(s) of stream {StreamId} from sequence {Sequence}; the batch is delivered again in {Delay}.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string name, int count, int streamId, long sequence, TimeSpan delay);

    [LoggerMessage(304, LogLevel.Warning, "Audit subscription {Name}: the store could not be read or written; retrying in {Delay}.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string name, TimeSpan delay);
}
