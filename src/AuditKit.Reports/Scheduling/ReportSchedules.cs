using Cronos;

namespace AuditKit.Reports;

/// <summary>
/// The report schedules, a settings document (<see cref="DocumentName"/>) read and saved with <see cref="IAuditSettings"/>:
/// versioned, and every save recorded as a SettingsChanged event.
/// </summary>
public sealed class ReportSchedules
{
    /// <summary>The settings document's name.</summary>
    public const string DocumentName = "report-schedules";

    /// <summary>The schedules.</summary>
    public List<ReportSchedule> Schedules { get; set; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the schedule and field when a schedule cannot run; call before saving.</summary>
    /// <exception cref="ArgumentException">A name, cron expression, time zone or parameter is invalid, or a name is used twice.</exception>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Schedules.Count; i++)
        {
            var s = Schedules[i] ?? throw new ArgumentException($"ReportSchedules.Schedules[{i}] is null.", nameof(Schedules));
            var field = $"ReportSchedules.Schedules[{i}]";
            if (string.IsNullOrEmpty(s.Name) || s.Name.Length > 64 || s.Name.Any(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_')))
            {
                throw new ArgumentException($"{field}.Name '{s.Name}' must be 1 to 64 lower-case letters, digits, '-' or '_'.", nameof(Schedules));
            }

            if (!names.Add(s.Name))
            {
                throw new ArgumentException($"{field}.Name '{s.Name}' is used by another schedule.", nameof(Schedules));
            }

            if (!CronExpression.TryParse(s.Cron ?? "", out _))
            {
                throw new ArgumentException($"{field}.Cron '{s.Cron}' (schedule '{s.Name}') is not a five-field cron expression.", nameof(Schedules));
            }

            if (!TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZone ?? "", out _))
            {
                throw new ArgumentException($"{field}.TimeZone '{s.TimeZone}' (schedule '{s.Name}') is not a known time zone.", nameof(Schedules));
            }

            if (!Enum.IsDefined(s.Report) || !Enum.IsDefined(s.Format))
            {
                throw new ArgumentException($"{field}.Report or .Format (schedule '{s.Name}') is not a known value.", nameof(Schedules));
            }

            if (!s.IncludeSuccessful && !s.IncludeFailed)
            {
                throw new ArgumentException($"{field}.IncludeSuccessful and .IncludeFailed (schedule '{s.Name}') are both false.", nameof(Schedules));
            }
        }
    }
}
