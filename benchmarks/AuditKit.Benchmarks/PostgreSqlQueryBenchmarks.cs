using AuditKit.Benchmarks.Support;
using AuditKit.PostgreSql;
using AuditKit.Storage.Conformance.Support;
using BenchmarkDotNet.Attributes;
using Npgsql;

namespace AuditKit.Benchmarks;

/// <summary>
/// The audit screens' queries on 10,000,000 generated events in PostgreSQL (the same generator and 90 days as the
/// SQLite query benchmarks, ten times the events). Target: within the limits SQLite meets on 1,000,000 — log-viewer
/// page ≤ 5 ms, free-text page ≤ 20 ms, count over 30 days ≤ 10 ms, dashboards ≤ 20 ms, record history ≤ 1 ms.
/// The schema is built once per run of the throwaway server (indexes dropped during the load and built after).
/// </summary>
public class PostgreSqlQueryBenchmarks : StoreQueryBenchmarks
{
    internal const string Schema = "bench_query_10m";
    private PostgreSqlAuditStore _store = null!;

    /// <summary>How many events are loaded (AUDITKIT_BENCH_PG_EVENTS overrides the 10,000,000 for a quick try).</summary>
    private static int EventCount => int.TryParse(Environment.GetEnvironmentVariable("AUDITKIT_BENCH_PG_EVENTS"), out var n) ? n : 10_000_000;

    [GlobalSetup]
    public void Setup()
    {
        var connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")
            ?? throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        _store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = connection, Schema = Schema });
        Store = _store;
        BuildOnce(_store, connection).GetAwaiter().GetResult();
        PickSomeId();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Once per server: load in 100 chunks of consecutive time (the chain continues across them), with the
    // secondary indexes dropped during the load and built afterwards, then ANALYZE.
    internal static async Task BuildOnce(PostgreSqlAuditStore store, string connection)
    {
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        await using (var check = admin.CreateCommand())
        {
            check.CommandText = $"SELECT to_regclass('{Schema}.bench_complete') IS NOT NULL;";
            if ((bool)(await check.ExecuteScalarAsync())!)
            {
                return;
            }
        }

        Console.WriteLine($"// building {EventCount:N0} events into schema {Schema}");
        await store.InitializeAsync();
        var indexes = new[] { "ix_audit_events_ts", "ix_audit_events_actor", "ix_audit_events_record", "ix_audit_events_tenant", "ix_audit_events_correlation", "ix_audit_events_search" };
        var definitions = new List<string>();
        foreach (var index in indexes)
        {
            await using var read = admin.CreateCommand();
            read.CommandText = $"SELECT pg_get_indexdef('{Schema}.{index}'::regclass);";
            definitions.Add((string)(await read.ExecuteScalarAsync())!);
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP INDEX {Schema}.{index};";
            await drop.ExecuteNonQueryAsync();
        }

        const int chunks = 100;
        var span = TimeSpan.FromDays(90.0 / chunks);
        var stream = 0;
        for (var c = 0; c < chunks; c++)
        {
            var events = EventGenerator.Generate(EventCount / chunks, BenchmarkData.Start + (span * c), span, seed: 1_000 + c);
            events.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
            stream = await StoreSeeder.AppendAsync(store, events, batchSize: 20_000, streamId: stream == 0 ? null : stream);
            if (c % 10 == 9)
            {
                Console.WriteLine($"// {(c + 1) * (EventCount / chunks):N0} loaded");
            }
        }

        // Three components' heartbeats every minute over the last 30 days, in a stream of their own, for system health.
        var now = BenchmarkData.Start.AddDays(89).AddHours(15);
        var heartbeats = new List<AuditEvent>(3 * 30 * 24 * 60);
        var random = new Random(6);
        for (var minute = -30 * 24 * 60; minute < 0; minute++)
        {
            foreach (var component in new[] { "Database", "Notifications", "Payments API" })
            {
                heartbeats.Add(AuditEvents.Heartbeat(component, TimeSpan.FromMilliseconds(20 + random.Next(200))) with { Timestamp = now.AddMinutes(minute).AddSeconds(random.Next(60)) });
            }
        }

        heartbeats.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        await StoreSeeder.AppendAsync(store, heartbeats, batchSize: 20_000);

        foreach (var definition in definitions)
        {
            await using var create = admin.CreateCommand();
            create.CommandTimeout = 0;
            // pg_get_indexdef writes a partitioned index as "ON ONLY", which would leave the partitions without it.
            create.CommandText = definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal) + ";";
            await create.ExecuteNonQueryAsync();
        }

        await using var finish = admin.CreateCommand();
        finish.CommandTimeout = 0;
        finish.CommandText = $"ANALYZE {Schema}.audit_events; ANALYZE {Schema}.audit_rollups; CREATE TABLE {Schema}.bench_complete ();";
        await finish.ExecuteNonQueryAsync();
    }
}
