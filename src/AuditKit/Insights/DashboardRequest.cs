namespace AuditKit;

/// <summary>What <see cref="IAuditInsights.GetDashboardAsync"/> computes the dashboard for.</summary>
public sealed record DashboardRequest
{
    /// <summary>The time zone whose days, weeks and months the figures follow (the viewer's). Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The first day of a week. Default Monday (ISO 8601).</summary>
    public DayOfWeek FirstDayOfWeek { get; init; } = DayOfWeek.Monday;

    /// <summary>Only this tenant's events (the reader's ambient tenant scope applies in any case).</summary>
    public string? TenantId { get; init; }

    /// <summary>How many recent high-priority events to list. Default 4, at most 100.</summary>
    public int RecentCount { get; init; } = 4;

    /// <summary>The lowest risk that makes an event high-priority. Default <see cref="RiskLevel.High"/>.</summary>
    public RiskLevel MinimumRisk { get; init; } = RiskLevel.High;

    /// <summary>
    /// The storage the log may use, for "Storage Used: 2.3 GB of 10 GB"; <see langword="null"/> when the host sets no
    /// capacity (the dashboard then shows the size alone).
    /// </summary>
    public long? StorageCapacityBytes { get; init; }
}
