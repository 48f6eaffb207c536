using AuditKit.Storage.Conformance.Support;

namespace AuditKit.Benchmarks.Support;

/// <summary>Realistic ERP events and scratch folders for the benchmarks.</summary>
internal static class BenchmarkData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string NewFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "auditkit-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Fresh, unwritten events (the pipeline takes ownership of each event it records), spread over
    /// <paramref name="span"/> (default one hour: live traffic is stamped "now").
    /// </summary>
    public static List<AuditEvent> Events(int count, int seed = 1, TimeSpan? span = null)
    {
        var events = EventGenerator.Generate(count, Start, span ?? TimeSpan.FromHours(1), seed);
        foreach (var e in events)
        {
            StoreSeeder.Prepare(e);
        }

        return events;
    }

    /// <summary>
    /// The events of a write benchmark's row: "light" (<see cref="Events"/>, the generated ERP mix) or "realistic"
    /// (<see cref="RealisticEvents"/>, the README's quick-start shape with a long user agent and two field changes).
    /// </summary>
    public static List<AuditEvent> Shaped(string shape, int count) => shape switch
    {
        "light" => Events(count),
        "realistic" => RealisticEvents.Generate(count),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "light or realistic"),
    };
}
