using System.Text.Json.Serialization;

namespace AuditKit;

/// <summary>How urgent an alert rule's alerts are ("Priority" on the Create Alert screen); also the risk of its <see cref="AuditActions.AlertTriggered"/> events.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertPriority>))]
public enum AlertPriority
{
    /// <summary>Low: recorded with <see cref="RiskLevel.Low"/>.</summary>
    Low = 0,

    /// <summary>Medium: recorded with <see cref="RiskLevel.Medium"/>.</summary>
    Medium = 1,

    /// <summary>High: recorded with <see cref="RiskLevel.High"/>.</summary>
    High = 2,

    /// <summary>Critical: recorded with <see cref="RiskLevel.Critical"/>.</summary>
    Critical = 3,
}
