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
        var normalizer = new AuditEventNormalizer(new AuditKitOptions(), new AuditContextAccessor(), TimeProvider.System);
        using var chain = new AuditChain();
        var head = new byte[32];
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        _rows = new List<object?[]>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            normalizer.Prepare(e);
            e.StreamId = 1;
            e.Sequence = i + 1;
            chain.Link(e, head);
            _rows.Add(
            [
                AuditStreamKey.Pack(1, i + 1), e.Id, AuditCursor.ToMicros(e.Timestamp), e.TenantId, (int)e.Category, e.Action, (int)e.Outcome, (int)e.Risk, e.Message,
                e.Actor?.Id, e.Actor?.Name, e.Actor?.Email, e.Actor?.Role, e.Actor is null ? null : (int)e.Actor.Kind,
                e.Client?.IpAddress, e.Client?.Location, e.Client?.UserAgent, e.Client?.Device, e.Client?.SessionId,
                e.Target?.EntityType, e.Target?.RecordId, e.Target?.RecordName, e.Target?.Module, e.Target?.Component,
                StoredJson.WriteChanges(e.Changes, json), e.CorrelationId, e.TraceId, StoredJson.WriteMetadata(e.Metadata, json),
                e.PreviousHashBytes, e.HashBytes, null, e.FieldDigests, PostgreSqlSearchVector.Binary(e),
            ]);
        }

        // The raw writer's partitions are made in the setup, not timed.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection) { SearchPath = _schema }.ConnectionString);
        connection.Open();
        foreach (var month in events.Select(e => new DateTimeOffset(e.Timestamp.Year, e.Timestamp.Month, 1, 0, 0, 0, TimeSpan.Zero)).Distinct())
        {
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE IF NOT EXISTS raw_p{month:yyyyMM} PARTITION OF audit_events FOR VALUES FROM ({AuditCursor.ToMicros(month)}) TO ({AuditCursor.ToMicros(month.AddMonths(1))});";
            try
            {
                create.ExecuteNonQuery();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidObjectDefinition)
            {
                // that month's partition exists already (made ahead at initialization)
            }
        }
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
        NpgsqlDbType[] types =
        [
            NpgsqlDbType.Bigint, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
            NpgsqlDbType.Jsonb, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Json,
            NpgsqlDbType.Bytea, NpgsqlDbType.Bytea, NpgsqlDbType.Text, NpgsqlDbType.Bytea,
            NpgsqlDbType.Bytea, // the tsvector, precomputed in PostgreSQL's binary format (as the store's COPY sends it)
        ];
        foreach (var chunk in _rows.Chunk(5_000))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY audit_events ({PostgreSqlSchema.EventColumns}, search) FROM STDIN (FORMAT BINARY)"))
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
                            await importer.WriteAsync(row[i], types[i]);
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
