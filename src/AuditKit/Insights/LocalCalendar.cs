namespace AuditKit;

/// <summary>Turns local dates and wall-clock times of a time zone into instants, across daylight-saving changes.</summary>
internal static class LocalCalendar
{
    /// <summary>
    /// The instant a local wall-clock time occurs in <paramref name="zone"/>: a time skipped by a DST change moves
    /// forward to the first valid minute; a time that occurs twice is its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var guard = 0;
        while (zone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Local midnight of <paramref name="date"/> plus <paramref name="timeOfDay"/>, as an instant.</summary>
    public static DateTimeOffset At(DateOnly date, TimeSpan timeOfDay, TimeZoneInfo zone) =>
        ToInstant(date.ToDateTime(TimeOnly.MinValue).Add(timeOfDay), zone);
}
