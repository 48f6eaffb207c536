using System.Globalization;
using System.Text.Json;

namespace AuditKit;

internal sealed partial class AuditInsights
{
    /// <summary>The most heartbeats read for the average response time (the newest of the period).</summary>
    internal const int MaxResponseSamples = 500;

    private static readonly IReadOnlyList<string> SystemActivity =
        [AuditActions.JobExecuted, AuditActions.IntegrationSync, AuditActions.Error, AuditActions.PerformanceAlert, AuditActions.SettingsChanged];

    public async Task<SystemHealth> GetSystemHealthAsync(SystemHealthRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new SystemHealthRequest();
        if (request.HeartbeatInterval <= TimeSpan.Zero || request.HeartbeatInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.HeartbeatInterval, "SystemHealthRequest.HeartbeatInterval must be positive and at most one hour.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(request.RecentCount, 1, "request.RecentCount");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.RecentCount, AuditQuery.MaxPageSize, "request.RecentCount");
        var to = request.To ?? timeProvider.GetUtcNow();
        var from = request.From ?? to.AddDays(-30);
        if (from > to)
        {
            throw new ArgumentException($"SystemHealthRequest.From ({from:O}) is after To ({to:O}).", nameof(request));
        }

        var heartbeats = new AuditQuery { Actions = [AuditActions.Heartbeat], TenantId = request.TenantId };
        var system = new AuditQuery { Categories = [AuditCategory.System], TenantId = request.TenantId, From = from, To = to, PageSize = request.RecentCount };
        var componentsTask = AggregateAsync(from, to, AggregateDimension.Actor, heartbeats, cancellationToken);
        var jobsTask = AggregateAsync(from, to, AggregateDimension.Outcome, new AuditQuery { Actions = [AuditActions.JobExecuted], TenantId = request.TenantId }, cancellationToken);
        var recentTask = reader.QueryAsync(system with { Actions = SystemActivity }, cancellationToken);
        var errorsTask = reader.QueryAsync(system with { Outcomes = [AuditOutcome.Failure, AuditOutcome.Denied] }, cancellationToken);
        var responseTask = AverageResponseAsync(heartbeats with { From = from, To = to }, cancellationToken);
        await Task.WhenAll(componentsTask, jobsTask, recentTask, errorsTask, responseTask).ConfigureAwait(false);

        var components = (await Task.WhenAll((await componentsTask.ConfigureAwait(false))
            .Where(c => c.Count > 0)
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => ComponentAsync(c.Key, heartbeats with { ActorIds = [c.Key] }, from, to, request.HeartbeatInterval, cancellationToken))).ConfigureAwait(false)).ToList();

        var jobs = (await jobsTask.ConfigureAwait(false)).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
        long Outcome(AuditOutcome outcome) => jobs.GetValueOrDefault(outcome.ToString());
        return new SystemHealth(
            from,
            to,
            components.Count == 0 ? null : components.Average(c => c.UptimePercent),
            components,
            new JobSummary(jobs.Values.Sum(), Outcome(AuditOutcome.Failure) + Outcome(AuditOutcome.Denied), Outcome(AuditOutcome.Warning)),
            await responseTask.ConfigureAwait(false),
            [.. (await recentTask.ConfigureAwait(false)).Events.Select(e => new EventStatusRow(e, e.SecurityStatus()))],
            (await errorsTask.ConfigureAwait(false)).Events);
    }

    // Uptime: for each UTC hour from the component's first heartbeat to the period's end, the heartbeats received
    // (at most as many as expected) over those expected (one per interval of the hour's part in that span).
    private async Task<ComponentHealth> ComponentAsync(string component, AuditQuery heartbeats, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        var hours = (await AggregateAsync(from, to, AggregateDimension.Hour, heartbeats, cancellationToken).ConfigureAwait(false))
            .Select(h => (Start: DateTimeOffset.ParseExact(h.Key, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), h.Count))
            .Where(h => h.Count > 0)
            .OrderBy(h => h.Start)
            .ToList();
        var firstHour = hours[0].Start;
        var firstPage = await reader.QueryAsync(heartbeats with { From = Max(firstHour, from), To = Min(firstHour.AddHours(1), to), PageSize = AuditQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
        var first = firstPage.Events.Count > 0 ? firstPage.Events[^1].Timestamp : firstHour;
        var last = (await reader.QueryAsync(heartbeats with { From = from, To = to, PageSize = 1 }, cancellationToken).ConfigureAwait(false)).Events[0].Timestamp;

        var counts = hours.ToDictionary(h => h.Start, h => h.Count);
        double received = 0, expected = 0;
        for (var hour = firstHour; hour < to; hour = hour.AddHours(1))
        {
            var span = Min(hour.AddHours(1), to) - Max(hour, first);
            if (span <= TimeSpan.Zero)
            {
                continue;
            }

            var due = Math.Max(1.0, Math.Floor(span / interval));
            expected += due;
            received += Math.Min(due, counts.GetValueOrDefault(hour));
        }

        return new ComponentHealth(component, hours.Sum(h => h.Count), expected == 0 ? 100 : 100.0 * received / expected, last, to - last <= 2 * interval);
    }

    private async Task<TimeSpan?> AverageResponseAsync(AuditQuery heartbeats, CancellationToken cancellationToken)
    {
        double total = 0;
        var samples = 0;
        var read = 0;
        var query = heartbeats;
        while (read < MaxResponseSamples)
        {
            query = query with { PageSize = Math.Min(AuditQuery.MaxPageSize, MaxResponseSamples - read) };
            var page = await reader.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var e in page.Events)
            {
                if (e.Metadata.TryGetValue("response_ms", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    total += value.GetDouble();
                    samples++;
                }
            }

            read += page.Events.Count;
            if (page.NextCursor is null)
            {
                break;
            }

            query = query with { Cursor = page.NextCursor };
        }

        return samples == 0 ? null : TimeSpan.FromMilliseconds(total / samples);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
