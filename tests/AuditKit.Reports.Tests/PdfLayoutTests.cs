using System.Text.RegularExpressions;
using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.Reports.Tests;

/// <summary>A long report pages through keyset pages and PDF pages: every row once, the header on every page, page numbers, embedded fonts, every page renders.</summary>
public sealed partial class PdfLayoutTests
{
    private const int Events = 2_500;

    [Test]
    public async Task GenerateAsync_ManyRows_EveryRowOnceHeadersRepeatedFontsEmbeddedPagesRender()
    {
        using var folder = new TempFolder();
        using var host = await ReportHost.StartAsync(folder.File("audit.db"));
        var t = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Events; i++)
        {
            host.Log().Record(AuditEvents.Updated("Customer", $"CUST-{i}", $"Customer {i}", [new FieldChange("CreditLimit", $"{i}.00", $"{i + 1}.00")]) with
            { Timestamp = t.AddSeconds(i), Actor = SeedLog.John });
        }

        await host.Log().FlushAsync();
        var request = new AuditReportRequest { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };

        var (csvResult, csv) = await host.GenerateAsync(request, AuditReportFormat.Csv);
        var (result, pdf) = await host.GenerateAsync(request, AuditReportFormat.Pdf);

        var csvIds = ReportFiles.Csv(csv).Select(r => r["Record ID"]).ToList();
        csvIds.Should().HaveCount(Events).And.OnlyHaveUniqueItems("keyset paging over three reader pages loses and repeats nothing");
        csvIds.Should().Equal(Enumerable.Range(0, Events).Reverse().Select(i => $"CUST-{i}"));
        result.Rows.Should().Be(Events);

        var pages = Outputs.PdfPages(pdf);
        pages.Count.Should().BeGreaterThan(20);
        for (var i = 0; i < pages.Count; i++)
        {
            pages[i].Should().Contain($"Page {i + 1} of {pages.Count}");
            if (RecordId().IsMatch(pages[i]))
            {
                pages[i].Should().Contain("Time User Action Entity Record ID Record Name Field Previous Value New Value Outcome Event ID", $"page {i + 1} has rows, so it repeats the table header");
            }
        }

        pages.Count(p => RecordId().IsMatch(p)).Should().BeGreaterThan(20);
        var recordIds = pages.SelectMany(p => RecordId().Matches(p).Select(m => m.Value)).ToList();
        recordIds.Should().HaveCount(Events).And.OnlyHaveUniqueItems("a row never splits across pages and none is lost");
        pages[^1].Should().Contain(result.Evidence.Streams.Single().LastHash);

        var fonts = Outputs.Poppler("pdffonts", WriteFile(folder, pdf));
        var fontLines = fonts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        fontLines.Should().NotBeEmpty().And.AllSatisfy(line => line.Should().Contain("DejaVu Sans").And.MatchRegex(@"\byes\s+yes\s+yes\b", "embedded, subset, with a ToUnicode map"));

        var images = Outputs.RenderPages(pdf, folder.Path);
        images.Should().HaveCount(pages.Count);
        images.Should().AllSatisfy(file => new FileInfo(file).Length.Should().BeGreaterThan(1000));
        await host.StopAsync();
    }

    private static string WriteFile(TempFolder folder, byte[] pdf)
    {
        var file = folder.File($"{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        return file;
    }

    [GeneratedRegex(@"CUST-\d+")]
    private static partial Regex RecordId();
}
