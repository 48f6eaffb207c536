using System.Text.Json;
using AuditKit.TestSupport;

namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>Reads downloaded JSON Lines reports' rows back (the files themselves with <see cref="ReportFiles"/>).</summary>
public static class Downloads
{
    /// <summary>The cells of the JSON Lines rows.</summary>
    public static List<Dictionary<string, string?>> JsonLinesRows(byte[] bytes) =>
        ReportFiles.JsonLines(bytes).Where(l => l.GetProperty("record").GetString() == "row")
            .Select(l => l.GetProperty("cells").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal))
            .ToList();
}
