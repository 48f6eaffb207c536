using System.IO.Compression;
using System.Net;
using AuditKit.AspNetCore.Tests.Support;
using AuditKit.Reports;
using AuditKit.TestSupport;

namespace AuditKit.AspNetCore.Tests;

/// <summary>A PDF report with more rows than one PDF holds downloads as a ZIP of PDF volumes, named and typed as one.</summary>
public sealed class ReportVolumeEndpointTests
{
    [Test]
    public async Task DataChangeReport_PdfPastMaxPdfRows_DownloadsAZipOfVolumes_OneThatFitsStaysAPdf()
    {
        await using var host = await AuditWebHost.StartAsync(services: b => b.Services.AddAuditKit(a => a.AddReports(o => o.MaxPdfRows = 3)));
        var t = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
        var written = new List<AuditEvent>();
        for (var i = 0; i < 7; i++)
        {
            written.Add(await host.RecordAsync(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", [new FieldChange("Status", $"s{i}", $"s{i + 1}")]) with
            { TenantId = "A", Timestamp = t.AddMinutes(i) }));
        }

        using var auditor = await host.SignInAsync("auditor-a", "A", "Auditor");

        var response = await auditor.GetAsync("/audit/reports/DataChange?from=2026-01-01&to=2026-02-01&format=pdf");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("data-change-report-2026-01-01-to-2026-02-01.zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Should().Equal("data-change-report-volume-01-of-03.pdf", "data-change-report-volume-02-of-03.pdf", "data-change-report-volume-03-of-03.pdf");
        var shown = new List<string>();
        foreach (var entry in zip.Entries)
        {
            using var copy = new MemoryStream();
            await using (var stream = entry.Open())
            {
                await stream.CopyToAsync(copy);
            }

            var text = ReportFiles.PdfText(copy.ToArray());
            shown.AddRange(written.Where(e => text.Contains(e.DisplayId, StringComparison.Ordinal))
                .OrderBy(e => text.IndexOf(e.DisplayId, StringComparison.Ordinal)).Select(e => e.DisplayId));
        }

        shown.Should().Equal(written.AsEnumerable().Reverse().Select(e => e.DisplayId), "every row once, newest first, across the volumes");

        var small = await auditor.GetAsync("/audit/reports/DataChange?from=2026-01-10T09:00:00Z&to=2026-01-10T09:03:00Z&format=pdf");
        small.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        small.Content.Headers.ContentDisposition!.FileName.Should().EndWith(".pdf");
        ReportFiles.PdfText(await small.Content.ReadAsByteArrayAsync()).Should().Contain(written[2].DisplayId).And.NotContain(written[3].DisplayId);
    }
}
