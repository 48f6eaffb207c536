using AuditKit.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Samples.Erp.Seeding;

/// <summary>
/// The product page's "Scheduled Reports" for Angage Industries, saved on the first start (when the schedules were never
/// saved): Monthly User Access on the 1st of the month, Weekly Security Summary every Monday, Daily Admin Activity at
/// 6 AM, in New York time. The files go to the data folder's <c>reports</c> folder; administrators change them on the
/// Reports screen.
/// </summary>
internal static class DefaultReportSchedules
{
    private static readonly AuditActor Setup = new("erp-setup", "ERP sample setup", Kind: ActorKind.System);

    public static IReadOnlyList<ReportSchedule> For(string tenantId) =>
    [
        new ReportSchedule { Name = "monthly-user-access", Cron = "0 0 1 * *", TimeZone = "America/New_York", Report = AuditReportKind.UserAccess, Format = AuditReportFormat.Pdf, TenantId = tenantId },
        new ReportSchedule { Name = "weekly-security-summary", Cron = "0 0 * * MON", TimeZone = "America/New_York", Report = AuditReportKind.SecurityEvent, Format = AuditReportFormat.Pdf, TenantId = tenantId },
        new ReportSchedule { Name = "daily-admin-activity", Cron = "0 6 * * *", TimeZone = "America/New_York", Report = AuditReportKind.AdminActivity, Format = AuditReportFormat.Csv, TenantId = tenantId },
    ];

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var schedules = services.GetRequiredService<IAuditReportSchedules>();
        using var scope = services.GetRequiredService<IAuditContextAccessor>().BeginScope(new AuditContext(Setup));
        var current = await schedules.GetAsync(cancellationToken);
        if (current.Version == 0)
        {
            await schedules.SaveAsync(For(ErpTenant.Angage.Id), 0, cancellationToken);
        }
    }
}
