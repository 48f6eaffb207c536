namespace AuditKit;

/// <summary><see cref="IAuditInsights"/> on <see cref="IAuditReader"/>: roll-up aggregates for the counts, one page query for the recent events.</summary>
internal sealed partial class AuditInsights(IAuditReader reader, TimeProvider timeProvider) : IAuditInsights
{
    public async Task<AuditDashboard> GetDashboardAsync(DashboardRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new DashboardRequest();
        ArgumentNullException.ThrowIfNull(request.TimeZone, "request.TimeZone");
        ArgumentOutOfRangeException.ThrowIfLessThan(request.RecentCount, 0, "request.RecentCount");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.RecentCount, AuditQuery.MaxPageSize, "request.RecentCount");
        if (!Enum.IsDefined(request.FirstDayOfWeek) || !Enum.IsDefined(request.MinimumRisk))
        {
            throw new ArgumentOutOfRangeException(nameof(request), "DashboardRequest.FirstDayOfWeek and MinimumRisk must be defined values.");
        }

        var zone = request.TimeZone;
        var now = timeProvider.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var timeOfDay = local.TimeOfDay;

        var weekStart = today.AddDays(-(((int)today.DayOfWeek - (int)request.FirstDayOfWeek + 7) % 7));
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var previousMonthStart = monthStart.AddMonths(-1);
        var previousMonthDay = previousMonthStart.AddDays(Math.Min(today.Day - 1, DateTime.DaysInMonth(previousMonthStart.Year, previousMonthStart.Month)));

        var todayTask = CountAsync(today, today.AddDays(-1), today.AddDays(-1), request, now, timeOfDay, cancellationToken);
        var weekTask = CountAsync(weekStart, weekStart.AddDays(-7), today.AddDays(-7), request, now, timeOfDay, cancellationToken);
        var monthFrom = LocalCalendar.At(monthStart, TimeSpan.Zero, zone);
        var monthCategoriesTask = ByCategoryAsync(monthFrom, now, request, cancellationToken);
        var previousMonthFrom = LocalCalendar.At(previousMonthStart, TimeSpan.Zero, zone);
        var previousMonthTo = previousMonthDay < monthStart ? LocalCalendar.At(previousMonthDay, timeOfDay, zone) : monthFrom;
        var previousMonthTask = ByCategoryAsync(previousMonthFrom, Min(previousMonthTo, monthFrom), request, cancellationToken);
        var storageTask = reader.GetStorageInfoAsync(cancellationToken);
        var recentTask = request.RecentCount == 0
            ? Task.FromResult(new AuditPage([], null))
            : reader.QueryAsync(new AuditQuery { TenantId = request.TenantId, MinimumRisk = request.MinimumRisk, PageSize = request.RecentCount }, cancellationToken);
        await Task.WhenAll(todayTask, weekTask, monthCategoriesTask, previousMonthTask, storageTask, recentTask).ConfigureAwait(false);

        var categories = await monthCategoriesTask.ConfigureAwait(false);
        var monthCount = categories.Sum(c => c.Count);
        var previousMonth = (await previousMonthTask.ConfigureAwait(false)).Sum(c => c.Count);
        var shares = categories
            .Where(c => c.Count > 0)
            .Select(c => new CategoryShare(c.Category, c.Count, 100.0 * c.Count / monthCount))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Category)
            .ToList();
        var recent = (await recentTask.ConfigureAwait(false)).Events
            .Select(e => new HighPriorityEvent(e, EventSummaries.Summarize(e), EventSummaries.Relative(e.Timestamp, now, zone)))
            .ToList();

        return new AuditDashboard(
            await todayTask.ConfigureAwait(false),
            await weekTask.ConfigureAwait(false),
            new PeriodCount(monthFrom, now, monthCount, previousMonthFrom, Min(previousMonthTo, monthFrom), previousMonth),
            (await storageTask.ConfigureAwait(false)).SizeBytes,
            request.StorageCapacityBytes,
            shares,
            recent,
            now);
    }

    // A period from local midnight of `start` to now, against the previous period from local midnight of
    // `previousStart` to the same local time of day on `previousDay`.
    private async Task<PeriodCount> CountAsync(DateOnly start, DateOnly previousStart, DateOnly previousDay, DashboardRequest request, DateTimeOffset now, TimeSpan timeOfDay, CancellationToken cancellationToken)
    {
        var from = LocalCalendar.At(start, TimeSpan.Zero, request.TimeZone);
        var previousFrom = LocalCalendar.At(previousStart, TimeSpan.Zero, request.TimeZone);
        var previousTo = Min(LocalCalendar.At(previousDay, timeOfDay, request.TimeZone), from);
        var current = ByCategoryAsync(from, now, request, cancellationToken);
        var previous = ByCategoryAsync(previousFrom, previousTo, request, cancellationToken);
        return new PeriodCount(from, now, (await current.ConfigureAwait(false)).Sum(c => c.Count), previousFrom, previousTo, (await previous.ConfigureAwait(false)).Sum(c => c.Count));
    }

    private async Task<List<(AuditCategory Category, long Count)>> ByCategoryAsync(DateTimeOffset from, DateTimeOffset to, DashboardRequest request, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return [];
        }

        var counts = await reader.AggregateAsync(
            new AggregateQuery { From = from, To = to, GroupBy = AggregateDimension.Category, TimeZone = request.TimeZone, TenantId = request.TenantId },
            cancellationToken).ConfigureAwait(false);
        return [.. counts.Where(c => Enum.TryParse<AuditCategory>(c.Key, out _)).Select(c => (Enum.Parse<AuditCategory>(c.Key), c.Count))];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
