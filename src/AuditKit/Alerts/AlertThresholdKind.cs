using System.Text.Json.Serialization;

namespace AuditKit;

/// <summary>What an <see cref="AlertThreshold"/> measures over its sliding window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertThresholdKind>))]
public enum AlertThresholdKind
{
    /// <summary>Matching events of a group within <see cref="AlertThreshold.Within"/>: fires at <see cref="AlertThreshold.AtLeast"/> ("5+ failed logins in 10 minutes").</summary>
    Count = 0,

    /// <summary>Distinct values of <see cref="AlertThreshold.Field"/> within the window ("one user from 3+ IP addresses in an hour").</summary>
    DistinctCount = 1,

    /// <summary>The sum of the numeric <see cref="AlertThreshold.Field"/> within the window ("exports totalling 10,000+ records a day").</summary>
    Sum = 2,

    /// <summary>
    /// Two steps: at least <see cref="AlertThreshold.AtLeast"/> events matching the rule's condition, then an event matching
    /// <see cref="AlertThreshold.Then"/> in the same group within the window ("failed logins, then a success").
    /// </summary>
    Sequence = 3,

    /// <summary>
    /// An actor's matching events within the window above <see cref="AlertThreshold.Factor"/> times their own average per active
    /// hour over the previous <see cref="AlertThreshold.BaselineDays"/> days (and at least <see cref="AlertThreshold.AtLeast"/>).
    /// </summary>
    Anomaly = 4,
}
