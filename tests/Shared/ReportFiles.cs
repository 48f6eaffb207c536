using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using UglyToad.PdfPig;

namespace AuditKit.TestSupport;

/// <summary>
/// Reads report and export files back with tools independent of the writers: CsvHelper's reader, System.Text.Json and
/// PdfPig. Linked into each test project that reads reports (<c>&lt;Compile Include="../Shared/ReportFiles.cs"&gt;</c>).
/// </summary>
public static class ReportFiles
{
    /// <summary>The CSV's rows, each a map from the header's names to the row's fields.</summary>
    public static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        using var csv = OpenCsv(bytes);
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(name => name, name => csv.GetField(name)!, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>The CSV's header names, in order.</summary>
    public static IReadOnlyList<string> CsvHeader(byte[] bytes)
    {
        using var csv = OpenCsv(bytes);
        return csv.HeaderRecord!;
    }

    /// <summary>Each line of a JSON Lines file parsed; the file must end with a line break.</summary>
    public static List<JsonElement> JsonLines(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        text.Should().EndWith("\n");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    /// <summary>Every page's words joined by single spaces.</summary>
    public static string PdfText(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        return string.Join(' ', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
    }

    private static CsvReader OpenCsv(byte[] bytes)
    {
        var csv = new CsvReader(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true), new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        return csv;
    }
}
