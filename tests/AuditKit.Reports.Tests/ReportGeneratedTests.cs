using AuditKit.Reports.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditKit.Reports.Tests;

/// <summary>Generating a report records ReportGenerated with its parameters and row count, and the user-activity insight counts it.</summary>
public sealed class ReportGeneratedTests
{
    [Test]
    public async Task GenerateAsync_RecordsReportGenerated_CountedInUserActivity()
    {
        using var folder = new TempFolder();
        using var host = await ReportHost.StartAsync(folder.File("audit.db"));
        await SeedLog.RecordAsync(host.Log());
        var context = host.Services.GetRequiredService<IAuditContextAccessor>();

        AuditReportResult first, second;
        using (context.BeginScope(new AuditContext(SeedLog.Sarah)))
        {
            (first, _) = await host.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To, Users = ["jsmith"] }, AuditReportFormat.Csv);
            (second, _) = await host.GenerateAsync(new AuditReportRequest { Kind = AuditReportKind.UserAccess, From = SeedLog.From, To = SeedLog.To }, AuditReportFormat.Pdf);
            using var export = new MemoryStream();
            await host.Reports().ExportQueryAsync(new AuditQuery { From = SeedLog.From, To = SeedLog.To }, AuditReportFormat.JsonLines, export);
        }

        var generated = (await host.Reader().QueryAsync(new AuditQuery { Actions = [AuditActions.ReportGenerated] })).Events;
        generated.Should().HaveCount(2);
        var dataChange = generated.Single(e => e.Target?.RecordId == "Data Change Report");
        dataChange.Category.Should().Be(AuditCategory.UserAction);
        dataChange.Actor!.Id.Should().Be("sjones");
        dataChange.Metadata["row_count"].GetInt64().Should().Be(first.Rows).And.Be(2);
        dataChange.Metadata["format"].GetString().Should().Be("csv");
        dataChange.Metadata["parameters"].GetProperty("Users").GetString().Should().Be("jsmith");
        generated.Single(e => e.Target?.RecordId == "User Access Report").Metadata["row_count"].GetInt64().Should().Be(second.Rows);

        var activity = await host.Services.GetRequiredService<IAuditInsights>().GetUserActivityAsync(new UserActivityRequest { ActorId = "sjones" });
        activity.ReportsGenerated.Should().Be(2);
        activity.Exports.Should().Be(1, "Export Results is an export, not a report");
        await host.StopAsync();
    }
}
