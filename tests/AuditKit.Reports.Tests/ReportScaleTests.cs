using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.Reports.Tests;

/// <summary>
/// What keeps a large report fast and bounded: pages read past the cursor (ties in time across page boundaries lose and
/// repeat nothing). The PDF's volumes past <see cref="ReportOptions.MaxPdfRows"/> are tested by <see cref="PdfVolumeTests"/>.
/// </summary>
public sealed class ReportScaleTests
{
    [Test]
    public async Task GenerateAsync_EventsSharingATimeAcrossPageBoundaries_EveryRowOnceInOrder()
    {
        // 2,600 events in groups of 7 sharing one microsecond: page boundaries (every 1,000 events) fall inside groups,
        // so the next page's upper time bound must keep the rest of the cursor's group.
        const int events = 2_600;
        using var folder = new TempFolder();
        using var host = await ReportHost.StartAsync(folder.File("audit.db"));
        var t = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < events; i++)
        {
            host.Log().Record(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", [new FieldChange("CreditLimit", $"{i}.00", $"{i + 1}.00")]) with
            { Timestamp = t.AddSeconds(i / 7), Actor = SeedLog.John });
        }

        await host.Log().FlushAsync();
        var request = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };

        var (result, csv) = await host.GenerateAsync(request, AuditReportFormat.Csv);

        // The reader's order: newest time first, then the higher stream position (recorded later) first.
        var ids = ReportFiles.Csv(csv).Select(r => r["Record ID"]).ToList();
        ids.Should().HaveCount(events).And.OnlyHaveUniqueItems();
        ids.Should().Equal(Enumerable.Range(0, events).Reverse().Select(i => $"CUST-{i}"));
        result.Rows.Should().Be(events);
        result.Evidence.Streams.Single().Events.Should().Be(events);
        result.Evidence.Streams.Single().Intact.Should().BeTrue();
        await host.StopAsync();
    }
}
