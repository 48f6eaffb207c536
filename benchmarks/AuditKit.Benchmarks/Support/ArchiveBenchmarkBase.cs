using System.Diagnostics;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;

namespace AuditKit.Benchmarks;

/// <summary>
/// What the archive benchmarks share: a SQLite store over a prebuilt database and a temporary archive folder, deleted
/// after the run, and the peak working set printed then.
/// </summary>
public abstract class ArchiveBenchmarkBase
{
    protected SqliteAuditStore Store { get; private set; } = null!;

    protected string Folder { get; private set; } = null!;

    /// <summary>The prebuilt database's path (built on first use).</summary>
    protected abstract string Database();

    /// <summary>The archive folder's name before the process id.</summary>
    protected abstract string FolderPrefix { get; }

    [GlobalSetup]
    public void Setup()
    {
        Store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={Database()}" });
        Folder = Path.Combine(Path.GetTempPath(), "auditkit-bench", FolderPrefix + "-" + Environment.ProcessId);
        Directory.CreateDirectory(Folder);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(Folder, recursive: true);
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
    }
}
