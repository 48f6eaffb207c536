using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditKit.Cli.Tests;

/// <summary>What verify holds a store against, and that reading commands never write to what they read.</summary>
public sealed class CliIntegrityTests
{
    private string _folder = null!;
    private string _db = null!;
    private string _published = null!;
    private string _publicKey = null!;

    // Stream 1: 100 events, stream 2: 60 events; checkpoints every 25 events (and one for the tail at stop), published to a folder.
    [OneTimeSetUp]
    public async Task CreateLogAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-cli-integrity", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _db = Path.Combine(_folder, "audit.db");
        _published = Path.Combine(_folder, "published");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _publicKey = Path.Combine(_folder, "auditor.pub.pem");
        await File.WriteAllTextAsync(_publicKey, key.ExportSubjectPublicKeyInfoPem());
        foreach (var (stream, count) in new[] { (1, 100), (2, 60) })
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddAuditKit(a => a
                .UseSqlite($"Data Source={_db}")
                .Configure(o => o.StreamId = stream)
                .AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(key, "auditor"); c.EveryEvents = 25; c.PublishDirectory = _published; }));
            using var host = builder.Build();
            await host.StartAsync();
            var log = host.Services.GetRequiredService<IAuditLog>();
            for (var i = 1; i <= count; i++)
            {
                await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.View) { Message = $"stream {stream} event {i}" });
            }

            await host.StopAsync();
        }
    }

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task ReadingCommands_OnADatabaseThatIsNotAnAuditKitStore_ExitTwo_AndLeaveItUntouched()
    {
        var business = Path.Combine(_folder, $"erp-{Guid.NewGuid():N}.db");
        await SqlAsync(business, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO customers (name) VALUES ('Acme'), ('Globex');");
        var bytes = await File.ReadAllBytesAsync(business);
        var export = Path.Combine(_folder, $"export-{Guid.NewGuid():N}.jsonl");

        foreach (var command in new[]
        {
            new[] { "verify", "--store", $"sqlite:{business}" },
            ["stats", "--store", $"sqlite:{business}"],
            ["query", "--store", $"sqlite:{business}"],
            ["export", "--store", $"sqlite:{business}", "--out", export],
            ["proof", "--store", $"sqlite:{business}", "--event", "LOG-2026-1"],
            ["copy", "--from", $"sqlite:{business}", "--to", $"sqlite:{Path.Combine(_folder, $"copy-{Guid.NewGuid():N}.db")}"],
        })
        {
            var (code, output, error) = await RunAsync(command);

            code.Should().Be(2, $"{command[0]}: {output}");
            error.Should().Contain("is not an AuditKit store", command[0]);
        }

        (await File.ReadAllBytesAsync(business)).Should().Equal(bytes, "a reader never writes");
        (await TablesAsync(business)).Should().Equal("customers");
        File.Exists(export).Should().BeFalse();
    }

    [Test]
    public async Task Verify_MissingFile_ExitsTwo_AndIsNotCreated()
    {
        var missing = Path.Combine(_folder, $"missing-{Guid.NewGuid():N}.db");

        (await RunAsync("verify", "--store", $"sqlite:{missing}")).Code.Should().Be(2);

        File.Exists(missing).Should().BeFalse();
    }

    [Test]
    public async Task Verify_PostgreSqlSchemaThatIsNotAnAuditKitStore_ExitsTwo_AndCreatesNothing()
    {
        var connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES");
        connection.Should().NotBeNullOrEmpty("./build.sh test starts a PostgreSQL server for the tests");
        var schema = "n_" + Guid.NewGuid().ToString("N")[..16];

        var (code, _, error) = await RunAsync("verify", "--store", $"postgres:{connection}", "--schema", schema);

        code.Should().Be(2);
        error.Should().Contain($"schema '{schema}' is not an AuditKit store");
        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @schema;", database);
        exists.Parameters.AddWithValue("schema", schema);
        ((long)(await exists.ExecuteScalarAsync())!).Should().Be(0, "verify creates no schema");
    }

    [Test]
    public async Task Verify_TailAndAStreamDeletedWithTheirRows_IntactByTheStoreAlone_TamperedAgainstThePublishedCheckpoints()
    {
        var copy = await CopyAsync(withHeads: false);
        await SqlAsync(copy, $"""
            DELETE FROM audit_events WHERE key BETWEEN {AuditStreamKey.Pack(1, 81)} AND {AuditStreamKey.Last(1)};
            DELETE FROM audit_checkpoints WHERE stream_id = 1 AND to_sequence > 80;
            DELETE FROM audit_events WHERE key >= {AuditStreamKey.Pack(2, 1)};
            DELETE FROM audit_checkpoints WHERE stream_id = 2;
            DELETE FROM audit_streams WHERE stream_id = 2;
            """);

        var (alone, aloneText, _) = await RunAsync("verify", "--store", $"sqlite:{copy}", "--public-key", _publicKey);
        var (anchored, text, _) = await RunAsync("verify", "--store", $"sqlite:{copy}", "--public-key", _publicKey, "--checkpoints", _published);

        alone.Should().Be(0, "the store's own lists no longer show what was removed: " + aloneText);
        anchored.Should().Be(1, text);
        text.Should().StartWith("TAMPERED: 2 issue(s)")
            .And.Contain("TruncatedTail stream 1 sequence 81-100")
            .And.Contain("MissingStream stream 2 sequence 1-60");
    }

    [Test]
    public async Task Verify_HeadsBesideTheFile_AreFoundByDefault_AndExpectChecksAGivenHead()
    {
        var copy = await CopyAsync(withHeads: true);
        string hash90;
        await using (var store = new AuditKit.Sqlite.SqliteAuditStore(new() { ConnectionString = $"Data Source={copy};Mode=ReadOnly;Pooling=False" }))
        {
            hash90 = (await store.GetAsync(1, 90))!.Hash!;
        }

        await SqlAsync(copy, $"DELETE FROM audit_events WHERE key BETWEEN {AuditStreamKey.Pack(1, 91)} AND {AuditStreamKey.Last(1)}; DELETE FROM audit_checkpoints WHERE stream_id = 1 AND to_sequence > 90;");

        var (code, text, _) = await RunAsync("verify", "--store", $"sqlite:{copy}");
        code.Should().Be(1, text);
        text.Should().Contain("TruncatedTail stream 1 sequence 91-100").And.Contain("Held against 2 published checkpoint(s)/head(s)");

        Directory.Delete(copy + ".heads", recursive: true);
        var (without, withoutText, _) = await RunAsync("verify", "--store", $"sqlite:{copy}");
        without.Should().Be(0, "without anchors the truncation is invisible: " + withoutText);
        (await RunAsync("verify", "--store", $"sqlite:{copy}", "--expect", $"1:90:{hash90.ToUpperInvariant()}")).Code.Should().Be(0);
        var (expected, expectedText, _) = await RunAsync("verify", "--store", $"sqlite:{copy}", "--expect", $"2:60:{new string('0', 64)},1:95:{hash90}");
        expected.Should().Be(1);
        expectedText.Should().Contain("AnchorMismatch stream 2 sequence 60").And.Contain("TruncatedTail stream 1 sequence 91-95");
        (await RunAsync("verify", "--store", $"sqlite:{copy}", "--expect", "1:90:abc")).Code.Should().Be(2);
        (await RunAsync("verify", "--store", $"sqlite:{copy}", "--checkpoints", Path.Combine(_folder, "nowhere"))).Code.Should().Be(2);
    }

    [Test]
    public async Task Verify_OldestEventsRemoved_ExitsZeroAtACheckpoint_AndThreeWithoutOne()
    {
        var atCheckpoint = await CopyAsync(withHeads: true);
        var inside = await CopyAsync(withHeads: true);
        await SqlAsync(atCheckpoint, $"DELETE FROM audit_events WHERE key BETWEEN {AuditStreamKey.First(1)} AND {AuditStreamKey.Pack(1, 25)};");
        await SqlAsync(inside, $"DELETE FROM audit_events WHERE key BETWEEN {AuditStreamKey.First(1)} AND {AuditStreamKey.Pack(1, 30)};");

        var (anchored, anchoredText, _) = await RunAsync("verify", "--store", $"sqlite:{atCheckpoint}", "--public-key", _publicKey);
        var (unanchored, text, _) = await RunAsync("verify", "--store", $"sqlite:{inside}", "--public-key", _publicKey);

        anchored.Should().Be(0, anchoredText);
        unanchored.Should().Be(3, text);
        text.Should().StartWith("UNANCHORED: 130 events").And.Contain("the log starts at sequence 31 without an anchoring checkpoint");
    }

    [Test]
    public async Task Proof_DisplayIdOfAnotherYear_IsNotThatEvent()
    {
        var year = DateTimeOffset.UtcNow.Year;

        (await RunAsync("proof", "--store", $"sqlite:{_db}", "--event", $"LOG-{year}-7")).Code.Should().Be(0);
        var (code, text, _) = await RunAsync("proof", "--store", $"sqlite:{_db}", "--event", $"LOG-{year - 27}-7");

        code.Should().Be(1);
        text.Should().StartWith($"No event LOG-{year - 27}-7");
    }

    private async Task<string> CopyAsync(bool withHeads)
    {
        var copy = Path.Combine(_folder, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(_db, copy);
        if (withHeads)
        {
            Directory.CreateDirectory(copy + ".heads");
            foreach (var file in Directory.GetFiles(_db + ".heads"))
            {
                File.Copy(file, Path.Combine(copy + ".heads", Path.GetFileName(file)));
            }
        }

        return copy;
    }

    private static async Task SqlAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> TablesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
