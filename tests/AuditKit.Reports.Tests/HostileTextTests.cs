using System.Text;
using AuditKit.Reports.Tests.Support;
using AuditKit.TestSupport;

namespace AuditKit.Reports.Tests;

/// <summary>Hostile text never breaks the CSV (read back with CsvHelper), the JSON Lines, or the PDF (read back with PdfPig, rendered by pdftoppm).</summary>
public sealed class HostileTextTests
{
    private static readonly string LongWord = new string('W', 3000) + "END";

    /// <summary>The hostile values, each recorded as a field's new value, record name and message.</summary>
    public static readonly string[] Values =
    [
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=tabbed",
        "\r=carriage",
        "<script>alert('x')</script>",
        "\u202Egnp.exe",
        "\u200Fשלום עולם\u200E",
        "مرحبا بالعالم",
        LongWord,
        "👍🏽 Acme 🚀 GmbH",
        "lone \uD800 surrogate",
        "line one\nline two\r\nline three",
        "comma, \"quoted\", semi;colon",
        "",
    ];

    private static readonly char[] InjectionStarts = ['=', '+', '-', '@', '\t', '\r'];

    // What the store keeps: AuditKit replaces unpaired surrogates by U+FFFD when an event is recorded.
    private static string Stored(string value) => value.Replace("\uD800", "\uFFFD", StringComparison.Ordinal);

    private static async Task<(Microsoft.Extensions.Hosting.IHost Host, TempFolder Folder, List<AuditEvent> Events)> SeedAsync()
    {
        var folder = new TempFolder();
        var host = await ReportHost.StartAsync(folder.File("audit.db"));
        var events = new List<AuditEvent>();
        var t = new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Values.Length; i++)
        {
            events.Add(await host.Log().RecordAsync(AuditEvents.Updated("Customer", $"CUST-{i}", Values[i] == "" ? null : Values[i], [new FieldChange("Note", "old", Values[i])]) with
            { Timestamp = t.AddMinutes(i), Actor = SeedLog.John, Message = Values[i] == "" ? null : Values[i] }));
        }

        return (host, folder, events);
    }

    private static AuditReportRequest Request => new() { Kind = AuditReportKind.DataChange, From = SeedLog.From, To = SeedLog.To };

    [Test]
    public async Task Csv_HostileValues_ParseBackNeutralisedAndOtherwiseIntact()
    {
        var (host, folder, _) = await SeedAsync();
        using (folder)
        using (host)
        {
            var (_, bytes) = await host.GenerateAsync(Request, AuditReportFormat.Csv);

            var rows = ReportFiles.Csv(bytes);
            rows.Should().HaveCount(Values.Length, "one row per change, however hostile its text");
            foreach (var row in rows)
            {
                var index = int.Parse(row["Record ID"]["CUST-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var stored = Stored(Values[index]);
                var expected = stored.Length > 0 && InjectionStarts.Contains(stored[0]) ? "'" + stored : stored;
                row["New Value"].Should().Be(expected, $"value {index} reads back, neutralised when it starts a formula");
                row["Record Name"].Should().Be(expected);
            }

            rows.SelectMany(r => r.Values).Should().NotContain(v => v.Length > 0 && InjectionStarts.Contains(v[0]), "no cell starts a formula");
            await host.StopAsync();
        }
    }

    [Test]
    public async Task JsonLines_HostileValues_ParseBackExactlyAndTheFileIsAscii()
    {
        var (host, folder, _) = await SeedAsync();
        using (folder)
        using (host)
        {
            var (_, bytes) = await host.GenerateAsync(Request, AuditReportFormat.JsonLines);

            bytes.Should().OnlyContain(b => b < 0x80, "non-ASCII and HTML-significant characters are escaped");
            Encoding.ASCII.GetString(bytes).Should().NotContain("<script>");
            var rows = ReportFiles.JsonLines(bytes).Where(l => l.GetProperty("record").GetString() == "row").ToList();
            rows.Select(r => r.GetProperty("cells").GetProperty("newValue").GetString()).Should().BeEquivalentTo(Values.Select(Stored));
            await host.StopAsync();
        }
    }

    [Test]
    public async Task Pdf_HostileValues_TextExtractsPagesNumberedEveryPageRenders()
    {
        var (host, folder, events) = await SeedAsync();
        using (folder)
        using (host)
        {
            var (result, pdf) = await host.GenerateAsync(Request, AuditReportFormat.Pdf);

            var pages = Outputs.PdfPages(pdf);
            var text = string.Join(' ', pages);
            text.Should().Contain("Data Change Report").And.Contain("Include failed attempts").And.Contain("Previous Value");
            foreach (var e in events)
            {
                text.Should().Contain(e.DisplayId, "every row is laid out, after any hostile row before it");
            }

            // Values may wrap inside their cells, so they are compared without spaces.
            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            foreach (var value in new[] { "<script>alert('x')</script>", "=cmd|' /C calc'!A0", "@SUM(A1:A9)", "gnp.exe", "שלום עולם", "مرحبا بالعالم", "lone \uFFFD surrogate", "WWWWWWWWWW", "line one\nline two\nline three" })
            {
                compact.Should().Contain(value.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
            }

            compact.Should().Contain("\uFFFD\uFFFDAcme\uFFFDGmbH", "emoji DejaVu has no glyph for show as U+FFFD (the skin tone modifier as a second one)");
            text.Should().NotContain("\0");
            text.Should().NotContain("\u202E").And.NotContain("\u200F", "bidirectional controls are dropped from the PDF");
            for (var i = 0; i < pages.Count; i++)
            {
                pages[i].Should().Contain($"Page {i + 1} of {pages.Count}");
            }

            pages[^1].Should().Contain(result.Evidence.Streams.Single().LastHash);
            Outputs.RenderPages(pdf, folder.Path).Should().HaveCount(pages.Count);
            await host.StopAsync();
        }
    }
}
