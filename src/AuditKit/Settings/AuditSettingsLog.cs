using Microsoft.Extensions.Logging;

namespace AuditKit;

internal static partial class AuditSettingsLog
{
    [LoggerMessage(101, LogLevel.Warning, "AuditKit could not read the settings documents; the settings in force stay until the next refresh.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(102, LogLevel.Error, "A watcher of the settings document {Name} failed on version {Version}.")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string name, long version);
}
