using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// Erasure on a real server leaves the erased values nowhere SQL can read them (planner statistics) and, by
/// default, nowhere in the partition's data files (old row versions).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgreSqlErasureTests
{
    private const int JaneEvents = 100;
    private const int RecordEvents = 50;

    // Every erased value as it is stored, and the free-text lexemes made from them.
    private static readonly string[] ErasedValues = ["Jane Roe", "jane.roe@example.com", "203.0.113.77", "JaneBrowser/9.9", "Zebulon Quackenbush"];
    private static readonly string[] ErasedLexemes = ["roe", "zebulon", "quackenbush"];

    // What the file scan looks for: the values and the longer lexemes (three bytes could occur in a hash).
    private static readonly string[] ErasedBytes = [.. ErasedValues, "zebulon", "quackenbush"];

    private string _schema = null!;
    private string _journal = null!;

    [SetUp]
    public void NewSchema()
    {
        _schema = "e_" + Guid.NewGuid().ToString("N")[..16];
        _journal = Path.Combine(Path.GetTempPath(), "auditkit-pg-tests", _schema);
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        if (Directory.Exists(_journal))
        {
            Directory.Delete(_journal, recursive: true);
        }

        await SqlAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE;");
    }

    [Test]
    public async Task EraseAsync_ActorAndRecord_LeaveNoValueInStatisticsOrInThePartitionFiles()
    {
        using var host = await StartAsync(rewrite: null);
        await RecordAsync(host);
        await SqlAsync($"ANALYZE \"{_schema}\".audit_events; CHECKPOINT;");
        var partition = await PartitionAsync();
        var before = await StatisticsAsync(partition);
        var copiesBefore = CountInFiles(await FilesAsync(partition));
        foreach (var value in ErasedValues)
        {
            before.Values.Should().Contain(value, "ANALYZE put it in pg_stats, so the test can see it leave");
        }

        copiesBefore.Where(c => c.Value == 0).Should().BeEmpty("every value is in the partition's files before the erasure");

        before.Lexemes.Should().Contain(ErasedLexemes);
        before.Tables.Should().Contain(["audit_events", partition], "the parent's statistics (after a manual ANALYZE) hold the values too");

        var eraser = host.Services.GetRequiredService<IAuditEraser>();
        (await eraser.EraseAsync(ErasureRequest.ForActor("u-jane", "DSR-1"))).EventsErased.Should().Be(JaneEvents);
        (await eraser.EraseAsync(ErasureRequest.ForRecord("Customer", "C-77", "DSR-2"))).EventsErased.Should().Be(RecordEvents);

        var after = await StatisticsAsync(partition);
        foreach (var value in ErasedValues)
        {
            after.Values.Should().NotContain(value, "pg_stats is refreshed after the erasure commits");
        }

        after.Lexemes.Should().NotContain(ErasedLexemes);
        after.Values.Should().Contain("bob@example.com", "statistics are still there, only refreshed");
        await SqlAsync("CHECKPOINT;");
        var files = await FilesAsync(partition);
        var copiesAfter = CountInFiles(files);
        copiesAfter.Where(c => c.Value > 0).Should().BeEmpty($"the rewritten partition ({files.Count} files: heap, TOAST, indexes) holds no old row version");
        CountInFiles(files, "bob@example.com").Should().BeGreaterThan(0, "the scan reads the live rows");
        var reader = host.Services.GetRequiredService<IAuditReader>();
        (await reader.CountAsync(new AuditQuery { ActorIds = ["u-jane"] })).Should().Be(JaneEvents);
        (await reader.CountAsync(new AuditQuery { Text = "quackenbush" })).Should().Be(0);
        await using var store = Store();
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Intact.Should().BeTrue();
    }

    [Test]
    public async Task EraseAsync_RewriteOff_StatisticsRefreshedAndPartitionNotRewritten()
    {
        using var host = await StartAsync(rewrite: false);
        await RecordAsync(host);
        await SqlAsync($"ANALYZE \"{_schema}\".audit_events;");
        var partition = await PartitionAsync();
        var fileBefore = await ScalarAsync<string>($"SELECT pg_relation_filepath('\"{_schema}\".{partition}');");
        (await StatisticsAsync(partition)).Values.Should().Contain("jane.roe@example.com");

        await host.Services.GetRequiredService<IAuditEraser>().EraseAsync(ErasureRequest.ForActor("u-jane", "DSR-1"));

        var after = await StatisticsAsync(partition);
        after.Values.Should().NotContainAny("Jane Roe", "jane.roe@example.com", "203.0.113.77", "JaneBrowser/9.9");
        after.Lexemes.Should().NotContain("roe");
        (await ScalarAsync<string>($"SELECT pg_relation_filepath('\"{_schema}\".{partition}');")).Should().Be(fileBefore, "without the rewrite the partition keeps its file");
    }

    private static async Task RecordAsync(IHost host)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var accessor = host.Services.GetRequiredService<IAuditContextAccessor>();
        var jane = new AuditContext(new AuditActor("u-jane", "Jane Roe", "jane.roe@example.com", "Clerk"), new AuditClient("203.0.113.77", UserAgent: "JaneBrowser/9.9"));
        var bob = new AuditContext(new AuditActor("u-bob", "Bob Smith", "bob@example.com", "Clerk"), new AuditClient("198.51.100.4", UserAgent: "Firefox/140"));
        var pending = new List<Task<AuditEvent>>();
        for (var i = 0; i < JaneEvents + 150; i++)
        {
            using var scope = accessor.BeginScope(i < JaneEvents ? jane : bob);
            var target = i >= JaneEvents && i < JaneEvents + RecordEvents
                ? new AuditTarget("Customer", "C-77", "Zebulon Quackenbush")
                : new AuditTarget("Customer", $"C-{1000 + (i % 7)}", $"Customer {i % 7}");
            pending.Add(log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, AuditActions.Update) { Target = target, Message = "Customer changed" }).AsTask());
        }

        await Task.WhenAll(pending);
    }

    private async Task<string> PartitionAsync() =>
        await ScalarAsync<string>($"SELECT DISTINCT tableoid::regclass::text FROM \"{_schema}\".audit_events;") is { } qualified
            ? qualified[(qualified.LastIndexOf('.') + 1)..]
            : throw new InvalidOperationException("no events");

    // Everything pg_stats shows for the partition and the parent: most common values, histogram bounds and
    // (for the tsvector) most common elements.
    private async Task<(List<string> Tables, string Values, List<string> Lexemes)> StatisticsAsync(string partition)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT tablename, attname, coalesce(most_common_vals::text, ''), coalesce(histogram_bounds::text, ''), coalesce(most_common_elems::text, '')
            FROM pg_stats WHERE schemaname = @schema AND tablename IN ('audit_events', @partition)
            """,
            connection);
        command.Parameters.AddWithValue("schema", _schema);
        command.Parameters.AddWithValue("partition", partition);
        var tables = new HashSet<string>();
        var values = new StringBuilder();
        var lexemes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
            values.Append(reader.GetString(2)).Append('\n').Append(reader.GetString(3)).Append('\n');
            if (reader.GetString(1) == "search")
            {
                lexemes.AddRange(reader.GetString(4).Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim('"')));
            }
        }

        return ([.. tables], values.ToString(), lexemes);
    }

    // The data files of the partition, its TOAST table and all their indexes (every 1 GB segment).
    private async Task<List<string>> FilesAsync(string partition)
    {
        var dataDirectory = Environment.GetEnvironmentVariable("AUDITKIT_PG_DATA") is { Length: > 0 } data
            ? data
            : throw new InvalidOperationException("AUDITKIT_PG_DATA is not set: run the tests with ./build.sh test, which starts the PostgreSQL server.");
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH p AS (SELECT c.oid, c.reltoastrelid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relname = @partition),
                 r AS (SELECT oid FROM p UNION SELECT reltoastrelid FROM p WHERE reltoastrelid <> 0
                       UNION SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM p UNION SELECT reltoastrelid FROM p))
            SELECT pg_relation_filepath(oid) FROM r
            """,
            connection);
        command.Parameters.AddWithValue("schema", _schema);
        command.Parameters.AddWithValue("partition", partition);
        var files = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var path = Path.Combine(dataDirectory, reader.GetString(0));
            files.Add(path);
            for (var segment = 1; File.Exists($"{path}.{segment}"); segment++)
            {
                files.Add($"{path}.{segment}");
            }
        }

        files.Should().OnlyContain(f => File.Exists(f), "the test reads the server's files directly");
        return files;
    }

    private static Dictionary<string, int> CountInFiles(List<string> files) =>
        ErasedBytes.ToDictionary(v => v, v => CountInFiles(files, v));

    private static int CountInFiles(List<string> files, string value)
    {
        var needle = Encoding.UTF8.GetBytes(value);
        var count = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file).AsSpan();
            for (var at = bytes.IndexOf(needle); at >= 0; at = bytes.IndexOf(needle))
            {
                count++;
                bytes = bytes[(at + needle.Length)..];
            }
        }

        return count;
    }

    private PostgreSqlAuditStore Store() => new(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = _schema });

    private static async Task SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<IHost> StartAsync(bool? rewrite)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a
            .UsePostgreSql(PostgreSqlServer.ConnectionString, o =>
            {
                o.Schema = _schema;
                if (rewrite is { } value)
                {
                    o.RewritePartitionsAfterErasure = value;
                }
            })
            .AddErasure()
            .Configure(o => o.JournalDirectory = _journal));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
