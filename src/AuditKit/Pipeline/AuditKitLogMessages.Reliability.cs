using Microsoft.Extensions.Logging;

namespace AuditKit;

internal static partial class AuditKitLogMessages
{
    [LoggerMessage(40, LogLevel.Information, "AuditKit skipped {Count} events of {Path}: the store already holds them (written before the file could be cleared).")]
    public static partial void TakeOverSkippedStored(ILogger logger, int count, string path);

    [LoggerMessage(41, LogLevel.Error, "AuditKit started without its store ({Provider}): events are journalled in {Directory} and written once it can be reached; retrying in the background.")]
    public static partial void StartedWithoutStore(ILogger logger, Exception exception, string provider, string directory);

    [LoggerMessage(42, LogLevel.Warning, "AuditKit still cannot reach its store (attempt {Attempt}); next attempt in {Delay}.")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(43, LogLevel.Information, "AuditKit reached its store after {Attempts} attempts; writing the {Count} events journalled meanwhile.")]
    public static partial void Connected(ILogger logger, int attempts, int count);

    [LoggerMessage(44, LogLevel.Error, "AuditKit could not journal {Count} events while its store is unreachable.")]
    public static partial void JournalWhileUnconnectedFailed(ILogger logger, Exception exception, int count);
}
