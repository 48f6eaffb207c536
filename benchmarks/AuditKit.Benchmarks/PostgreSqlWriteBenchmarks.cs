using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using NpgsqlTypes;

namespace AuditKit.Benchmarks;

/// <summary>
/// Sustained end-to-end writes into PostgreSQL (the server build.sh starts, fsync on; same schema: partitions,
/// indexes, GIN on the tsvector, roll-ups), per event. Target: the pipeline ≥ 0.8x a raw binary COPY of the same
/// rows (values precomputed, 5,000-row COPYs, same indexes, no roll-ups). Each iteration writes into a new schema.
/// Two rows of events: "light" (the generated ERP mix) and "realistic" (the README's quick-start shape).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class PostgreSqlWriteBenchmarks
{
    private const int Events = 20_000;

    private string _connection = null!;
    private string _schema = null!;
    private string _journal = null!;
    private List<AuditEvent> _events = null!;
    private List<object?[]> _rows = null!;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private IAuditLog? _log;

    /// <summary>The events written: "light" or "realistic" (<see cref="BenchmarkData.Shaped"/>).</summary>
    [Params("light", "realistic")]
    public string Shape { get; set; } = "light";

    [GlobalSetup]
    public void GlobalSetup()
    {
        _connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")
            ?? throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        _journal = BenchmarkData.NewFolder("pg-journal");
    }

    [GlobalCleanup]
    public void GlobalCleanup() => BenchmarkData.DeleteFolder(_journal);

    [IterationSetup(Targets = [nameof(Pipeline_Record)])]
    public void SetupPipeline()
    {
        _schema = NewSchema();
        _events = BenchmarkData.Shaped(Shape, Events);
        (_host, _log) = BenchmarkHost.Start(a => a.UsePostgreSql(_connection, o => o.Schema = _schema).Configure(o => o.JournalDirectory = Path.Combine(_journal, _schema)));
    }

    [IterationCleanup(Targets = [nameof(Pipeline_Record)])]
    public void CleanupPipeline() => BenchmarkHost.Stop(_host!);

    [IterationSetup(Targets = [nameof(Raw_BinaryCopy_5000RowBatches)])]
    public void SetupRaw()
    {
        _schema = NewSchema();
        var events = BenchmarkData.Shaped(Shape, Events);
        _rows = PostgreSqlRawRow.From(events);

        // The raw writer's partitions are made in the setup, not timed.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection) { SearchPath = _schema }.ConnectionString);
        connection.Open();
        PostgreSqlRawRow.CreatePartitions(connection, events);
    }

    /// <summary>AuditKit: fire-and-forget Record of every event, then wait until all are committed.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void Pipeline_Record()
    {
        foreach (var e in _events)
        {
            _log!.Record(e);
        }

        _log!.FlushAsync().GetAwaiter().GetResult();
    }

    /// <summary>The ceiling: precomputed rows, binary COPY in 5,000-row transactions into the same table.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Raw_BinaryCopy_5000RowBatches()
    {
        // Async writes, as the store's COPY: a synchronous write fails when a value passes the buffer ("Cannot call
        // FlushAsync on a blocking PgWriter").
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection) { SearchPath = _schema }.ConnectionString);
        await connection.OpenAsync();
        foreach (var chunk in _rows.Chunk(5_000))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY audit_events ({PostgreSqlRawRow.Columns}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in chunk)
                {
                    await importer.StartRowAsync();
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null)
                        {
                            await importer.WriteNullAsync();
                        }
                        else
                        {
                            await importer.WriteAsync(row[i], PostgreSqlRawRow.Types[i]);
                        }
                    }
                }

                await importer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }
    }

    private string NewSchema()
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = _connection, Schema = schema });
        store.InitializeAsync().GetAwaiter().GetResult();
        store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return schema;
    }
}
