using System.Text.Json;
using Cronos;

namespace AuditKit.Reports.Scheduling;

/// <summary>
/// <see cref="IAuditReportSchedules"/> on the <see cref="ReportSchedules"/> settings document (saved through
/// <see cref="IAuditSettings"/>, so audited) and the scheduler's <c>report-schedule-runs</c> document (last runs).
/// Inside a tenant's scope a caller reads and replaces only that tenant's schedules, the way legal holds work.
/// </summary>
internal sealed class AuditReportSchedules(
    IAuditSettings settings,
    AuditStore store,
    IAuditContextAccessor context,
    IEnumerable<IReportChannel> channels,
    TimeProvider timeProvider) : IAuditReportSchedules
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly IReadOnlyList<string> _channels = [.. channels.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    private string? Tenant => context.Current?.TenantId;

    public async Task<ReportScheduleList> GetAsync(CancellationToken cancellationToken = default)
    {
        var entry = await settings.GetAsync<ReportSchedules>(ReportSchedules.DocumentName, cancellationToken).ConfigureAwait(false);
        return await ListAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReportScheduleList> SaveAsync(IReadOnlyList<ReportSchedule> schedules, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedules, nameof(schedules));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var tenant = Tenant;
        for (var i = 0; i < schedules.Count; i++)
        {
            if (schedules[i] is not { } s)
            {
                continue;
            }

            // JSON may say null for a list: read it as empty.
            s.Users ??= [];
            s.Channels ??= [];
            if (tenant is not null)
            {
                if (s.TenantId is not null && !string.Equals(s.TenantId, tenant, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"schedules[{i}].tenantId: inside tenant '{tenant}' a schedule reports on that tenant only.", $"schedules[{i}].tenantId");
                }

                s.TenantId = tenant;
            }
        }

        ReportScheduleValidation.Validate(schedules, "schedules", _channels);
        var current = await settings.GetAsync<ReportSchedules>(ReportSchedules.DocumentName, cancellationToken).ConfigureAwait(false);
        var others = tenant is null ? [] : current.Value.Schedules.Where(s => s is not null && !string.Equals(s.TenantId, tenant, StringComparison.Ordinal)).ToList();
        for (var i = 0; i < schedules.Count; i++)
        {
            // Names are store-wide (they name the files and the runs): another tenant's name is taken.
            if (others.Any(o => string.Equals(o.Name, schedules[i].Name, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"schedules[{i}].name '{schedules[i].Name}' is taken; choose another name.", $"schedules[{i}].name");
            }
        }

        var saved = await settings.SaveAsync(ReportSchedules.DocumentName, new ReportSchedules { Schedules = [.. others, .. schedules] }, expectedVersion, cancellationToken).ConfigureAwait(false);
        return await ListAsync(saved, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReportScheduleList> ListAsync(AuditSettingsEntry<ReportSchedules> entry, CancellationToken cancellationToken)
    {
        var tenant = Tenant;
        var stored = await store.GetSettingsAsync(ReportScheduleRuns.DocumentName, cancellationToken).ConfigureAwait(false);
        var runs = stored is null ? new ReportScheduleRuns() : JsonSerializer.Deserialize<ReportScheduleRuns>(stored.Json, JsonOptions) ?? new ReportScheduleRuns();
        var now = timeProvider.GetUtcNow();
        var states = entry.Value.Schedules
            .Where(s => s is not null && (tenant is null || string.Equals(s.TenantId, tenant, StringComparison.Ordinal)))
            .Select(s => new ReportScheduleState(s, NextRun(s, now), runs.Results.GetValueOrDefault(s.Name)))
            .ToList();
        return new ReportScheduleList(entry.Version, entry.UpdatedAt, tenant is null ? entry.UpdatedBy : null, states, _channels);
    }

    private static DateTimeOffset? NextRun(ReportSchedule schedule, DateTimeOffset now) =>
        schedule.Enabled && CronExpression.TryParse(schedule.Cron ?? "", CronFormat.Standard, out var cron) && TimeZoneInfo.TryFindSystemTimeZoneById(schedule.TimeZone ?? "", out var zone)
            ? cron.GetNextOccurrence(now, zone)
            : null;
}
