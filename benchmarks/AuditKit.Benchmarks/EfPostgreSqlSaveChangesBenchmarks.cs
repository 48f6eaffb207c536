using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditKit.Benchmarks;

/// <summary>
/// The same save of 100 modified entities with the business database on PostgreSQL (EF Core sends the 100 UPDATEs as
/// one batched command, where SQLite sends 100 commands), audited into the default SQLite audit store.
/// </summary>
public class EfPostgreSqlSaveChangesBenchmarks : EfSaveBenchmarkBase
{
    private BenchContextSet _plain = null!;
    private BenchContextSet _audited = null!;
    private readonly List<string> _databases = [];
    private string _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        CreateFolder("ef-pg");
        _server = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES")
            ?? throw new InvalidOperationException("AUDITKIT_POSTGRES is not set: run the benchmarks with ./build.sh bench, which starts PostgreSQL.");
        _plain = Open(null, o => o.UseNpgsql(Business()));
        _audited = Open(StartAuditHost("audit", e => { }), o => o.UseNpgsql(Business()));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        CleanupAll();
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        using var admin = new NpgsqlConnection(_server);
        admin.Open();
        foreach (var database in _databases)
        {
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }

    // A database of its own per case (EF Core creates the table in it).
    private string Business()
    {
        var database = "auditkit_ef_bench_" + Guid.NewGuid().ToString("N")[..12];
        _databases.Add(database);
        return new NpgsqlConnectionStringBuilder(_server) { Database = database }.ConnectionString;
    }

    [IterationSetup]
    public void Drain() => DrainAuditWriters();

    [Benchmark(Baseline = true)]
    public int SaveChanges_100Modified_PostgreSql_WithoutAuditing() => ModifyAndSave(_plain);

    [Benchmark]
    public int SaveChanges_100Modified_PostgreSql_WithAuditKit() => ModifyAndSave(_audited);
}
