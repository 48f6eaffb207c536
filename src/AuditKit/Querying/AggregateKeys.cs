using System.Globalization;

namespace AuditKit.Providers;

/// <summary>Shared rules for aggregate keys and ordering, so every store answers identically.</summary>
public static class AggregateKeys
{
    /// <summary>Microseconds in an hour.</summary>
    public const long MicrosPerHour = 3_600_000_000L;
    /// <summary>Microseconds in a quarter of an hour (the finest UTC offset step of a time zone).</summary>
    public const long MicrosPerQuarterHour = 900_000_000L;

    /// <summary>Whether <paramref name="d"/> groups by time (day or hour) rather than by a field.</summary>
    public static bool IsTime(AggregateDimension d) => d is AggregateDimension.Day or AggregateDimension.Hour;

    /// <summary>The day or hour key of a UTC instant in the query's zone.</summary>
    public static string TimeKey(long micros, AggregateDimension dimension, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(AuditCursor.FromMicros(micros), zone);
        return dimension == AggregateDimension.Day
            ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether whole UTC hours map to whole local hours over the range (true for every zone with whole-hour offsets).</summary>
    public static bool HourAligned(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        if (zone.BaseUtcOffset.Ticks % TimeSpan.TicksPerHour != 0)
        {
            return false;
        }

        foreach (var rule in zone.GetAdjustmentRules())
        {
            if (rule.DateStart <= to.UtcDateTime && rule.DateEnd >= from.UtcDateTime
                && (rule.DaylightDelta.Ticks % TimeSpan.TicksPerHour != 0 || rule.BaseUtcOffsetDelta.Ticks % TimeSpan.TicksPerHour != 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Time groups in key order; other groups by count descending, then key.</summary>
    public static IReadOnlyList<AggregateCount> Finish(Dictionary<string, long> counts, AggregateDimension dimension)
    {
        var list = new List<AggregateCount>(counts.Count);
        foreach (var (key, count) in counts)
        {
            if (count > 0)
            {
                list.Add(new AggregateCount(key, count));
            }
        }

        if (IsTime(dimension))
        {
            list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        else
        {
            list.Sort(static (a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Key, b.Key));
        }

        return list;
    }

    /// <summary>The group key of an event for a non-time dimension.</summary>
    public static string KeyOf(AuditEvent e, AggregateDimension dimension) => dimension switch
    {
        AggregateDimension.Category => AuditCanonicalForm.CategoryName(e.Category),
        AggregateDimension.Action => e.Action,
        AggregateDimension.Actor => e.Actor?.Id ?? string.Empty,
        AggregateDimension.EntityType => e.Target?.EntityType ?? string.Empty,
        AggregateDimension.Outcome => e.Outcome.ToString(),
        AggregateDimension.Risk => e.Risk.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}
