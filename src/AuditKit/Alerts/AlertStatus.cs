using System.Text.Json.Serialization;

namespace AuditKit;

/// <summary>Where an alert of the inbox stands: Active → Acknowledged → Resolved.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    /// <summary>Raised and not yet looked at.</summary>
    Active = 0,

    /// <summary>Somebody has taken it on.</summary>
    Acknowledged = 1,

    /// <summary>Dealt with.</summary>
    Resolved = 2,
}
