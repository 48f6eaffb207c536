using System.Diagnostics;
using System.Text.Json;
using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using AuditKit.Sqlite;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace AuditKit.Benchmarks;

/// <summary>
/// Callers that await every event (<c>await audit.RecordAsync(e)</c> before answering a request): 1, 8 and 32
/// concurrent callers, each awaiting one realistic event at a time, on SQLite (synchronous=FULL) and PostgreSQL
/// (fsync on), side by side with what a per-event writer does in the same run — PostgreSQL: an autocommit INSERT
/// into a table with a primary key and a jsonb column, a pooled connection per event; SQLite: one INSERT
/// transaction per event. A third case is that per-event writer writing the store's own row instead — the store's
/// table and indexes (SQLite: without the FTS5 entry and roll-ups, which trail a small commit; PostgreSQL: with the
/// search vector), values precomputed — the floor of any writer that commits each event with the indexes the log
/// viewer's filters read. Mean time is per event (1 / throughput). Events per commit and the process CPU per
/// event (<see cref="Process.TotalProcessorTime"/>) are printed at the end of each case and appended to
/// <c>BenchmarkDotNet.Artifacts/durable-latency.txt</c>. Each case first writes for <c>AUDITKIT_DURABLE_SETTLE</c>
/// seconds (default 20) outside the measurement: the runtime's tiered compilation of AuditKit's and the providers'
/// code runs for 10–30 s under load on two cores and would otherwise count as CPU per event (a third of the process's
/// samples 5–13 s in, under 4% from 30 s on, in a <c>perf</c> profile of 32 callers).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DurableLatencyBenchmarks
{
    private const int Events = 2_000;

    private static readonly int SqliteStoreRowColumns = SqliteSchema.EventColumns.Split(", ").Length;

    // The store's row, one transaction per event (the FTS5 entry and roll-ups trail a small commit, so none here).
    private static readonly string SqliteStoreRowSql =
        $"PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; BEGIN IMMEDIATE; INSERT INTO audit_events ({SqliteSchema.EventColumns}) VALUES ({string.Join(", ", Enumerable.Range(0, SqliteStoreRowColumns).Select(p => "$p" + p))}); COMMIT;";

    // The store's row with its search vector as text, cast by the server (as the store's statement batch sends it).
    private static readonly string PostgreSqlStoreRowSql =
        $"INSERT INTO audit_events ({PostgreSqlRawRow.Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, PostgreSqlRawRow.Types.Length).Select(p => "$" + p))}::tsvector)";

    private readonly object _gate = new();
    private string _folder = null!;
    private string? _postgres;
    private string _schema = null!;
    private Microsoft.Extensions.Hosting.IHost? _host;
    private IAuditLog? _log;
    private List<AuditEvent> _events = null!;
    private NpgsqlDataSource? _baselineSource;
    private string _baselineSqlite = null!;
    private List<RawRow>? _sqliteRows;
    private List<object?[]>? _postgresRows;
    private long _nextSequence = 1;
    private BatchSizeListener? _listener;
    private TimeSpan _cpu;
    private long _measured;
    private string _case = string.Empty;

    /// <summary>
    /// The store: "sqlite" or "postgresql" (both unless <c>AUDITKIT_DURABLE_STORES</c> names some, comma-separated: a
    /// run of one store's cases, e.g. <c>AUDITKIT_DURABLE_STORES=sqlite</c>).
    /// </summary>
    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    /// <summary>The stores to run: <c>AUDITKIT_DURABLE_STORES</c>, or both.</summary>
    public static IEnumerable<string> Stores =>
        Environment.GetEnvironmentVariable("AUDITKIT_DURABLE_STORES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? ["sqlite", "postgresql"];

    /// <summary>
    /// PostgreSQL: batches of at least this many events take the COPY path (the store's default unless
    /// <c>AUDITKIT_PG_COPY_FROM</c> lists values, comma-separated, e.g. <c>16,128</c>: the crossover measured under
    /// concurrent callers, side by side). Ignored by SQLite.
    /// </summary>
    [ParamsSource(nameof(CopyFromValues))]
    public int CopyFrom { get; set; } = PostgreSqlAuditStore.DefaultCopyFrom;

    /// <summary>The COPY crossovers to run: <c>AUDITKIT_PG_COPY_FROM</c>, or the store's default.</summary>
    public static IEnumerable<int> CopyFromValues =>
        Environment.GetEnvironmentVariable("AUDITKIT_PG_COPY_FROM")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)
        ?? [PostgreSqlAuditStore.DefaultCopyFrom];

    /// <summary>Concurrent callers, each awaiting one event at a time.</summary>
    [Params(1, 8, 32)]
    public int Callers { get; set; } = 1;

    private void GlobalSetup()
    {
        _folder = BenchmarkData.NewFolder("durable");
        _postgres = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES");
        if (Store == "postgresql" && _postgres is null)
        {
            throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        }

        _listener = new BatchSizeListener();
    }

    private void GlobalCleanup()
    {
        _listener?.Dispose();
        if (_host is not null)
        {
            BenchmarkHost.Stop(_host);
            _host = null;
        }

        _baselineSource?.Dispose();
        BenchmarkData.DeleteFolder(_folder);
    }

    /// <summary>Seconds each case writes before it is measured: <c>AUDITKIT_DURABLE_SETTLE</c>, or 20.</summary>
    private static double SettleSeconds =>
        double.Parse(Environment.GetEnvironmentVariable("AUDITKIT_DURABLE_SETTLE") ?? "20", System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup(Target = nameof(AuditKit_RecordAsync))]
    public void SetupAuditKit()
    {
        GlobalSetup();
        _schema = "durable_" + Guid.NewGuid().ToString("N")[..12];
        (_host, _log) = BenchmarkHost.Start(a =>
        {
            if (Store == "sqlite")
            {
                a.UseSqlite($"Data Source={Path.Combine(_folder, "audit.db")}");
            }
            else
            {
                a.UsePostgreSql(_postgres!, o => o.Schema = _schema).Configure(o => o.JournalDirectory = Path.Combine(_folder, "journal"));
            }
        });
        if (_host!.Services.GetRequiredService<AuditStore>() is PostgreSqlAuditStore postgres)
        {
            postgres.CopyFrom = CopyFrom;
        }

        _case = $"AuditKit RecordAsync, {Store}, {Callers} caller(s), COPY from {CopyFrom}";
        Settle(AuditKit_RecordAsync);
    }

    [GlobalSetup(Target = nameof(PerEventInsert))]
    public void SetupBaseline()
    {
        GlobalSetup();
        if (Store == "sqlite")
        {
            _baselineSqlite = $"Data Source={Path.Combine(_folder, "baseline.db")};Default Timeout=60";
            using var connection = new SqliteConnection(_baselineSqlite);
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE audit_log (id BLOB PRIMARY KEY, ts INTEGER NOT NULL, event_type TEXT NOT NULL, data TEXT NOT NULL);";
            create.ExecuteNonQuery();
        }
        else
        {
            _schema = "baseline_" + Guid.NewGuid().ToString("N")[..12];
            _baselineSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_postgres) { SearchPath = _schema, MaxPoolSize = 100 }.ConnectionString);
            using var create = _baselineSource.CreateCommand($"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.audit_log (id uuid PRIMARY KEY, ts timestamptz NOT NULL, event_type text NOT NULL, data jsonb NOT NULL);");
            create.ExecuteNonQuery();
        }

        _case = $"per-event INSERT, {Store}, {Callers} caller(s)";
        Settle(PerEventInsert);
    }

    [GlobalSetup(Target = nameof(PerEventInsert_StoreRow))]
    public void SetupStoreRow()
    {
        GlobalSetup();
        if (Store == "sqlite")
        {
            var path = Path.Combine(_folder, "store-row.db");
            var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });
            store.InitializeAsync().GetAwaiter().GetResult();
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _baselineSqlite = $"Data Source={path};Default Timeout=60";
            _sqliteRows = [];
        }
        else
        {
            _schema = "storerow_" + Guid.NewGuid().ToString("N")[..12];
            var store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = _postgres!, Schema = _schema });
            store.InitializeAsync().GetAwaiter().GetResult();
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _baselineSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_postgres) { SearchPath = _schema, MaxPoolSize = 100 }.ConnectionString);
            using var connection = _baselineSource.OpenConnection();
            PostgreSqlRawRow.CreatePartitions(connection, RealisticEvents.Generate(100));
            _postgresRows = [];
        }

        _case = $"per-event INSERT of the store's row, {Store}, {Callers} caller(s)";
        Settle(PerEventInsert_StoreRow);
    }

    /// <summary>Writes, uncounted, until the runtime has compiled the hot paths at their final tier.</summary>
    private void Settle(Action write)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < SettleSeconds)
        {
            IterationSetup();
            write();
        }

        _listener!.Reset();
        _cpu = TimeSpan.Zero;
        _measured = 0;
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _events = RealisticEvents.Generate(Events, seed: Environment.TickCount);
        if (_sqliteRows is not null)
        {
            _sqliteRows = RawRow.From(_events, _nextSequence);
        }
        else if (_postgresRows is not null)
        {
            _postgresRows = PostgreSqlRawRow.From(_events, _nextSequence, searchAsText: true);
        }

        _nextSequence += _events.Count;
    }

    /// <summary>AuditKit: each caller awaits <see cref="IAuditLog.RecordAsync"/> (Committed) of one event at a time.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void AuditKit_RecordAsync() => Measure(async i => await _log!.RecordAsync(_events[i]).ConfigureAwait(false));

    /// <summary>A per-event writer: each caller writes and commits one row per event (what Audit.NET's providers do).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void PerEventInsert() => Measure(Store == "sqlite" ? i => InsertSqliteAsync(_events[i]) : i => InsertPostgreSqlAsync(_events[i]));

    /// <summary>
    /// The same per-event writer committing the store's row into the store's table, with its indexes: the cost of
    /// those indexes in a one-event commit, apart from AuditKit's own work.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void PerEventInsert_StoreRow() => Measure(Store == "sqlite" ? i => InsertSqliteStoreRowAsync(_sqliteRows![i]) : i => InsertPostgreSqlStoreRowAsync(_postgresRows![i]));

    private async Task InsertSqliteStoreRowAsync(RawRow row)
    {
        await using var connection = new SqliteConnection(_baselineSqlite);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteStoreRowSql;
        for (var p = 0; p < SqliteStoreRowColumns; p++)
        {
            command.Parameters.AddWithValue("$p" + p, (p < row.Values.Length ? row.Values[p] : null) ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task InsertPostgreSqlStoreRowAsync(object?[] row)
    {
        await using var connection = await _baselineSource!.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgreSqlStoreRowSql, connection);
        for (var p = 0; p < row.Length; p++)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = row[p] ?? DBNull.Value, NpgsqlDbType = PostgreSqlRawRow.TypesWithTextSearch[p] });
        }

        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task InsertSqliteAsync(AuditEvent e)
    {
        await using var connection = new SqliteConnection(_baselineSqlite);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = FULL; BEGIN IMMEDIATE; INSERT INTO audit_log (id, ts, event_type, data) VALUES ($id, $ts, $type, $data); COMMIT;";
        command.Parameters.AddWithValue("$id", e.Id.ToByteArray(bigEndian: true));
        command.Parameters.AddWithValue("$ts", e.Timestamp.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$type", e.Action);
        command.Parameters.AddWithValue("$data", Json(e));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task InsertPostgreSqlAsync(AuditEvent e)
    {
        await using var connection = await _baselineSource!.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("INSERT INTO audit_log (id, ts, event_type, data) VALUES ($1, $2, $3, $4)", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = e.Id });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.Timestamp });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Action });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Json(e), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    // The event as a per-event writer serializes it (System.Text.Json of the whole event).
    private static string Json(AuditEvent e) => JsonSerializer.Serialize(new
    {
        e.Id, e.Timestamp, Category = e.Category.ToString(), e.Action, Outcome = e.Outcome.ToString(), e.Message, e.Actor, e.Client, e.Target, e.Changes, e.CorrelationId,
    });

    private void Measure(Func<int, Task> write)
    {
        var events = _events;
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var callers = new Task[Callers];
        for (var c = 0; c < callers.Length; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < events.Count)
                {
                    await write(i).ConfigureAwait(false);
                }
            });
        }

        Task.WaitAll(callers);
        lock (_gate)
        {
            _cpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
            _measured += events.Count;
        }
    }

    [GlobalCleanup(Targets = [nameof(AuditKit_RecordAsync), nameof(PerEventInsert), nameof(PerEventInsert_StoreRow)])]
    public void Report()
    {
        var commits = _case.StartsWith("AuditKit", StringComparison.Ordinal) && _listener?.Batches > 0 ? $"{_listener.EventsPerCommit:0.0} events per commit" : "1 event per commit";
        var report = $"{_case}: {commits}, process CPU {_cpu.TotalMicroseconds / Math.Max(1, _measured):0} µs per event (over {_measured:N0} events after {SettleSeconds:0} s settling, BenchmarkDotNet's warm-up included)";
        Console.WriteLine("// " + report);
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.AppendAllText(Path.Combine("BenchmarkDotNet.Artifacts", "durable-latency.txt"), report + Environment.NewLine);
        GlobalCleanup();
    }
}
