using System.Net;
using System.Net.Sockets;
using System.Text;
using AuditKit.Benchmarks.Support;
using AuditKit.Interop;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;

namespace AuditKit.Benchmarks;

/// <summary>
/// Interop targets (docs/interop.md): sustained writes with syslog forwarding active keep ≥ 0.9x the throughput of none
/// (the same 20,000-event Record + FlushAsync into SQLite; the forwarding sends CEF over TCP to a local collector that
/// drains what it gets), and importing Audit.NET JSON events runs at ≥ 20,000 events/s (20,000 events in JSON Lines into
/// a new SQLite file). Times are per event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class InteropBenchmarks
{
    private const int Events = 20_000;

    /// <summary>The events written: "realistic" (the README's shape) or "light" (<see cref="BenchmarkData.Shaped"/>).</summary>
    [Params("realistic", "light")]
    public string Shape { get; set; } = "realistic";

    private string _folder = null!;
    private List<AuditEvent> _events = null!;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private IAuditLog? _log;
    private TcpListener? _collector;
    private CancellationTokenSource? _drain;
    private string _auditNetFile = null!;
    private SqliteAuditStore? _store;

    [GlobalSetup]
    public void GlobalSetup()
    {
        _folder = BenchmarkData.NewFolder("interop");
        _auditNetFile = Path.Combine(_folder, "audit-net.jsonl");
        var lines = new StringBuilder();
        for (var i = 0; i < Events; i++)
        {
            lines.Append("{\"EventType\":\"ErpContext\",\"Environment\":{\"UserName\":\"user").Append(i % 50)
                .Append("\",\"MachineName\":\"ERP01\"},\"StartDate\":\"2020-01-01T00:00:00Z\",\"Duration\":3,\"EntityFrameworkEvent\":{\"Database\":\"Erp\",\"Entries\":[{\"Table\":\"Customers\",\"Name\":\"Customer\",\"Action\":\"Update\",\"PrimaryKey\":{\"Id\":")
                .Append(i).Append("},\"Changes\":[{\"ColumnName\":\"CreditLimit\",\"OriginalValue\":1000,\"NewValue\":").Append(i)
                .Append("},{\"ColumnName\":\"Status\",\"OriginalValue\":\"Active\",\"NewValue\":\"On hold\"}]}],\"Success\":true}}\n");
        }

        File.WriteAllText(_auditNetFile, lines.ToString());
    }

    [GlobalCleanup]
    public void GlobalCleanup() => BenchmarkData.DeleteFolder(_folder);

    [IterationSetup(Targets = [nameof(Pipeline_Record_NoForwarding)])]
    public void SetupNone()
    {
        _events = BenchmarkData.Shaped(Shape, Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={NewDatabase()}"));
    }

    [IterationSetup(Targets = [nameof(Pipeline_Record_SyslogForwarding)])]
    public void SetupSyslog()
    {
        _events = BenchmarkData.Shaped(Shape, Events);
        _collector = new TcpListener(IPAddress.Loopback, 0);
        _collector.Start();
        _drain = new CancellationTokenSource();
        _ = DrainAsync(_collector, _drain.Token);
        var port = ((IPEndPoint)_collector.LocalEndpoint).Port;
        (_host, _log) = BenchmarkHost.Start(a => a.UseSqlite($"Data Source={NewDatabase()}").AddSyslogForwarding(
            o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Transport = SyslogTransport.Tcp;
            },
            s => s.PollInterval = TimeSpan.FromMilliseconds(100)));
    }

    [IterationCleanup(Targets = [nameof(Pipeline_Record_NoForwarding), nameof(Pipeline_Record_SyslogForwarding)])]
    public void CleanupPipeline()
    {
        BenchmarkHost.Stop(_host!);
        _drain?.Cancel();
        _collector?.Stop();
        _collector?.Dispose();
        _drain?.Dispose();
        _collector = null;
        _drain = null;
    }

    [IterationSetup(Targets = [nameof(Import_AuditNetJsonLines)])]
    public void SetupImport()
    {
        _store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={NewDatabase()}" });
        _store.InitializeAsync().GetAwaiter().GetResult();
    }

    [IterationCleanup(Targets = [nameof(Import_AuditNetJsonLines)])]
    public void CleanupImport()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Record + FlushAsync of 20,000 events, no forwarding.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Pipeline_Record_NoForwarding() => RecordAll();

    /// <summary>The same with syslog forwarding (CEF over TCP) reading every event back and sending it while it is written.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Pipeline_Record_SyslogForwarding() => RecordAll();

    /// <summary>Imports 20,000 Audit.NET events (one EF entry with two column changes each) into an empty store.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Import_AuditNetJsonLines()
    {
        var result = new AuditImporter(_store!).ImportAuditNetAsync([_auditNetFile]).GetAwaiter().GetResult();
        if (result.Imported != Events)
        {
            throw new InvalidOperationException($"imported {result.Imported}, expected {Events}");
        }
    }

    private void RecordAll()
    {
        foreach (var e in _events)
        {
            _log!.Record(e);
        }

        _log!.FlushAsync().GetAwaiter().GetResult();
    }

    private string NewDatabase() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");

    private static async Task DrainAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
                        {
                        }
                    }
                }, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }
    }
}
