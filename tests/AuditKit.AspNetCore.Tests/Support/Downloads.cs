using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using UglyToad.PdfPig;

namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>Reads downloaded reports back with tools independent of the writers: CsvHelper's reader, System.Text.Json and PdfPig.</summary>
public static class Downloads
{
    public static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(name => name, name => csv.GetField(name)!, StringComparer.Ordinal));
        }

        return rows;
    }

    public static List<JsonElement> JsonLines(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        text.Should().EndWith("\n");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    /// <summary>The cells of the JSON Lines rows.</summary>
    public static List<Dictionary<string, string?>> JsonLinesRows(byte[] bytes) =>
        JsonLines(bytes).Where(l => l.GetProperty("record").GetString() == "row")
            .Select(l => l.GetProperty("cells").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal))
            .ToList();

    /// <summary>Every page's words joined by single spaces.</summary>
    public static string PdfText(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        return string.Join(' ', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
    }
}
