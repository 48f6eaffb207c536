using System.Net;
using System.Net.Http.Json;
using AuditKit.Reports;
using AuditKit.Samples.Erp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Samples.Erp.Tests;

/// <summary>The sample's default schedules: the product page's three, saved once for Angage, visible to its users through the API only.</summary>
public sealed class ReportScheduleTests
{
    [Test]
    public async Task FirstStart_SavesThePagesThreeSchedulesForAngage_ARestartKeepsTheAdministratorsChanges()
    {
        var folder = ErpHost.NewFolder();
        try
        {
            await using (var first = await ErpHost.StartAsync(folder))
            {
                var schedules = (await first.Services.GetRequiredService<IAuditReportSchedules>().GetAsync()).Schedules.Select(s => s.Schedule).ToList();
                schedules.Select(s => (s.Name, s.Cron, s.TimeZone, s.Report, s.TenantId)).Should().Equal(
                    ("monthly-user-access", "0 0 1 * *", "America/New_York", AuditReportKind.UserAccess, "angage"),
                    ("weekly-security-summary", "0 0 * * MON", "America/New_York", AuditReportKind.SecurityEvent, "angage"),
                    ("daily-admin-activity", "0 6 * * *", "America/New_York", AuditReportKind.AdminActivity, "angage"));

                using var admin = await first.SignInAsync("sjohnson");
                var seen = await ErpHost.GetJsonAsync(admin, "/audit/reports/schedules");
                seen["schedules"]!.AsArray().Should().HaveCount(3);
                using var borealis = await first.SignInAsync("ochen");
                (await ErpHost.GetJsonAsync(borealis, "/audit/reports/schedules"))["schedules"]!.AsArray().Should().BeEmpty("Borealis sees none of Angage's schedules");

                // The administrator removes one on the screen's endpoint.
                var version = (long)seen["version"]!;
                var kept = seen["schedules"]!.AsArray().Take(2).Select(s => s!["schedule"]!.DeepClone()).ToArray();
                (await admin.PutAsJsonAsync("/audit/reports/schedules", new { version, schedules = kept })).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await using var second = await ErpHost.StartAsync(folder);
            (await second.Services.GetRequiredService<IAuditReportSchedules>().GetAsync()).Schedules.Select(s => s.Schedule.Name)
                .Should().Equal(["monthly-user-access", "weekly-security-summary"], "the defaults are saved once, never over an administrator's changes");
        }
        finally
        {
            ErpHost.Delete(folder);
        }
    }
}
