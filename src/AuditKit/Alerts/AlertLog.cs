using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>The alert engine's and dispatcher's log messages.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Alert rule '{RuleId}' is invalid and is not evaluated.")]
    public static partial void RuleInvalid(ILogger logger, Exception exception, string ruleId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Alert engine rebuilt {Rules} rules from {Events} stored events since {From:O}.")]
    public static partial void Rebuilt(ILogger logger, int rules, int events, DateTimeOffset from);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Alert rule '{RuleId}' raised an alert for {Group} on {EventId}.")]
    public static partial void Raised(ILogger logger, string ruleId, string group, string eventId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Sending alert {AlertId} to channel '{Channel}' failed (attempt {Attempt} of {Attempts}).")]
    public static partial void SendFailed(ILogger logger, Exception exception, Guid alertId, string channel, int attempt, int attempts);
}
