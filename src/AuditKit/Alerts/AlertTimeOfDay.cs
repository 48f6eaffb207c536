namespace AuditKit;

/// <summary>
/// A daily window of local time ("Login 10PM–6AM"). <see cref="From"/> is inclusive, <see cref="To"/> exclusive; when
/// <see cref="To"/> is earlier than <see cref="From"/> the window wraps midnight (22:00–06:00 holds 23:30 and 05:59, not
/// 06:00). With <see cref="Days"/> only windows that <em>start</em> on those weekdays count: Friday 22:00–06:00 holds
/// Saturday 02:00. Equal From and To mean the whole day.
/// </summary>
public sealed class AlertTimeOfDay
{
    /// <summary>Start of the window, <c>HH:mm</c> (or <c>HH:mm:ss</c>), inclusive.</summary>
    public string From { get; set; } = "00:00";

    /// <summary>End of the window, <c>HH:mm</c>, exclusive.</summary>
    public string To { get; set; } = "00:00";

    /// <summary>The time zone (IANA id such as <c>Europe/Berlin</c>, or a Windows id). Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The weekdays a window may start on (<c>Monday</c> … <c>Sunday</c>); null or empty for every day.</summary>
    public List<string>? Days { get; set; }
}
