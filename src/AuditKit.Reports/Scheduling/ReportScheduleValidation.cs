using Cronos;

namespace AuditKit.Reports.Scheduling;

/// <summary>
/// The checks a schedule passes before it is saved: a name usable in file names and unique, a five-field cron expression,
/// a known time zone, a known report and format, at least one of the includes, bounded lists and identifiers, and
/// (when the registered channels are given) channels that exist. Each failure is an <see cref="ArgumentException"/>
/// whose <see cref="ArgumentException.ParamName"/> is the field's JSON path (<c>schedules[0].cron</c>).
/// </summary>
internal static class ReportScheduleValidation
{
    /// <summary>The most schedules one document holds.</summary>
    public const int MaxSchedules = 200;

    /// <summary>The most channels one schedule sends through.</summary>
    public const int MaxChannels = 20;

    private const int MaxText = 256;

    /// <summary>Throws for the first invalid field. <paramref name="label"/> starts the messages (<c>ReportSchedules.Schedules</c>).</summary>
    public static void Validate(IReadOnlyList<ReportSchedule?> schedules, string label, IReadOnlyCollection<string>? channels)
    {
        if (schedules.Count > MaxSchedules)
        {
            throw new ArgumentException($"{label} has {schedules.Count} schedules; at most {MaxSchedules} are allowed.", "schedules");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schedules.Count; i++)
        {
            var path = $"schedules[{i}]";
            var field = $"{label}[{i}]";
            var s = schedules[i] ?? throw new ArgumentException($"{field} is null.", path);
            if (string.IsNullOrEmpty(s.Name) || s.Name.Length > 64 || s.Name.Any(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')))
            {
                throw new ArgumentException($"{field}.Name '{Cut(s.Name)}' must be 1 to 64 lower-case letters, digits, '-' or '_'.", path + ".name");
            }

            if (!names.Add(s.Name))
            {
                throw new ArgumentException($"{field}.Name '{s.Name}' is used by another schedule.", path + ".name");
            }

            if (s.Cron is not { Length: <= 100 } cron || !CronExpression.TryParse(cron, CronFormat.Standard, out _))
            {
                throw new ArgumentException($"{field}.Cron '{Cut(s.Cron)}' (schedule '{s.Name}') is not a five-field cron expression (minute hour day-of-month month day-of-week, such as '0 6 * * *').", path + ".cron");
            }

            if (s.TimeZone is not { Length: <= 100 } zone || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                throw new ArgumentException($"{field}.TimeZone '{Cut(s.TimeZone)}' (schedule '{s.Name}') is not a known time zone (an IANA id such as 'Europe/Berlin').", path + ".timeZone");
            }

            if (!Enum.IsDefined(s.Report))
            {
                throw new ArgumentException($"{field}.Report (schedule '{s.Name}') is not a known report.", path + ".report");
            }

            if (!Enum.IsDefined(s.Format))
            {
                throw new ArgumentException($"{field}.Format (schedule '{s.Name}') is not a known format.", path + ".format");
            }

            if (!s.IncludeSuccessful && !s.IncludeFailed)
            {
                throw new ArgumentException($"{field}.IncludeSuccessful and .IncludeFailed (schedule '{s.Name}') are both false.", path + ".includeFailed");
            }

            if (s.Users is null || s.Users.Count > AuditQuery.MaxListValues || s.Users.Any(u => string.IsNullOrEmpty(u) || u.Length > MaxText))
            {
                throw new ArgumentException($"{field}.Users (schedule '{s.Name}') must be a list of at most {AuditQuery.MaxListValues} user ids of 1 to {MaxText} characters.", path + ".users");
            }

            if (s.TenantId is { Length: 0 or > MaxText })
            {
                throw new ArgumentException($"{field}.TenantId (schedule '{s.Name}') must be null or 1 to {MaxText} characters.", path + ".tenantId");
            }

            if (s.Channels is null || s.Channels.Count > MaxChannels || s.Channels.Any(c => string.IsNullOrEmpty(c) || c.Length > MaxText)
                || s.Channels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != s.Channels.Count)
            {
                throw new ArgumentException($"{field}.Channels (schedule '{s.Name}') must be a list of at most {MaxChannels} different channel names.", path + ".channels");
            }

            if (channels is not null && s.Channels.FirstOrDefault(c => !channels.Contains(c, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                throw new ArgumentException(
                    $"{field}.Channels (schedule '{s.Name}') names '{Cut(unknown)}', which is not a registered report channel"
                    + (channels.Count == 0 ? " (none is registered: AuditKit.Notifications' audit.AddNotifications(...) adds them)." : $" ({string.Join(", ", channels)})."),
                    path + ".channels");
            }
        }
    }

    // Echoing hostile input back in full would make a huge message; 64 characters say which value.
    private static string Cut(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "…";
}
