using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.Cli.Tests;

public sealed class CliTests
{
    private string _folder = null!;
    private string _db = null!;
    private string _publicKey = null!;

    [OneTimeSetUp]
    public async Task CreateLogAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _db = Path.Combine(_folder, "audit.db");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _publicKey = Path.Combine(_folder, "auditor.pub.pem");
        await File.WriteAllTextAsync(_publicKey, key.ExportSubjectPublicKeyInfoPem());

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UseSqlite($"Data Source={_db}").AddCheckpoints(c => { c.Signer = new EcdsaCheckpointSigner(key, "auditor"); c.EveryEvents = 50; }));
        using var host = builder.Build();
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 200; i++)
        {
            await log.RecordAsync(new AuditEvent(AuditCategory.RecordChange, i % 2 == 0 ? AuditActions.Update : AuditActions.View)
            {
                Actor = new AuditActor(i % 3 == 0 ? "jsmith" : "sjones"),
                Target = new AuditTarget("Customer", $"CUST-{i % 10}", "Acme"),
                Message = $"event {i}",
            });
        }

        await host.StopAsync();
    }

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Copy_SqliteToPostgreSql_KeepsEveryHashAndCheckpoint_AndCanBeRunAgain()
    {
        var connection = Environment.GetEnvironmentVariable("AUDITKIT_POSTGRES");
        connection.Should().NotBeNullOrEmpty("./build.sh test starts a PostgreSQL server for the tests");
        var schema = "c_" + Guid.NewGuid().ToString("N")[..16];
        var postgres = $"postgres:{connection}";

        var (code, output, error) = await RunAsync("copy", "--from", $"sqlite:{_db}", "--to", postgres, "--to-schema", schema);

        code.Should().Be(0, error);
        output.Should().Contain("stream 1: 200 events copied (0 already there), 4 checkpoints");
        var (verify, verified, _) = await RunAsync("verify", "--store", postgres, "--schema", schema, "--public-key", _publicKey);
        verify.Should().Be(0, verified);
        verified.Should().StartWith("INTACT: 200 events and 4 checkpoints verified.");
        var (again, second, _) = await RunAsync("copy", "--from", $"sqlite:{_db}", "--to", postgres, "--to-schema", schema, "--json");
        again.Should().Be(0);
        JsonDocument.Parse(second).RootElement[0].GetProperty("events").GetInt64().Should().Be(0, "everything was already there");
        var (queried, rows, _) = await RunAsync("query", "--store", postgres, "--schema", schema, "--user", "jsmith", "--action", "Update", "--limit", "5");
        queried.Should().Be(0);
        rows.Should().StartWith("Results: 33 events", "the same answer as the SQLite file gives");
    }

    [Test]
    public async Task Verify_IntactLog_ExitsZero_AndJsonSaysIntact()
    {
        var (code, output, _) = await RunAsync("verify", "--store", $"sqlite:{_db}", "--public-key", _publicKey);
        code.Should().Be(0);
        output.Should().StartWith("INTACT: 200 events and 4 checkpoints verified.");

        var (jsonCode, json, _) = await RunAsync("verify", "--store", $"sqlite:{_db}", "--public-key", _publicKey, "--json");
        jsonCode.Should().Be(0);
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("intact").GetBoolean().Should().BeTrue();
        document.RootElement.GetProperty("eventsChecked").GetInt64().Should().Be(200);
    }

    [Test]
    public async Task Verify_TamperedCopy_ExitsOne_NamingTheSequence()
    {
        var copy = Path.Combine(_folder, $"tampered-{Guid.NewGuid():N}.db");
        File.Copy(_db, copy);
        await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE audit_events SET message = 'nothing happened' WHERE key = {AuditStreamKey.Pack(1, 42)};";
            await command.ExecuteNonQueryAsync();
        }

        var (code, output, _) = await RunAsync("verify", "--store", $"sqlite:{copy}", "--public-key", _publicKey);

        code.Should().Be(1);
        output.Should().StartWith("TAMPERED: 1 issue(s)").And.Contain("EditedEvent stream 1 sequence 42");
    }

    [Test]
    public async Task ProofThenVerifyProof_RoundTripsOffline_AndAnEditedProofIsInvalid()
    {
        var proofPath = Path.Combine(_folder, $"proof-{Guid.NewGuid():N}.json");
        var (code, output, _) = await RunAsync("proof", "--store", $"sqlite:{_db}", "--event", "LOG-" + DateTimeOffset.UtcNow.Year + "-77", "--out", proofPath);
        code.Should().Be(0, output);

        (await RunAsync("verify-proof", "--proof", proofPath, "--public-key", _publicKey)).Code.Should().Be(0);

        await File.WriteAllTextAsync(proofPath, (await File.ReadAllTextAsync(proofPath)).Replace("event 77", "event 78", StringComparison.Ordinal));
        var (invalid, text, _) = await RunAsync("verify-proof", "--proof", proofPath, "--public-key", _publicKey);
        invalid.Should().Be(1);
        text.Should().StartWith("INVALID");
    }

    [Test]
    public async Task Evidence_PackOfSeveralEvents_VerifiesOffline_AndDetectsAnEdit()
    {
        var year = DateTimeOffset.UtcNow.Year;
        var pack = Path.Combine(_folder, $"pack-{Guid.NewGuid():N}.json");
        var (code, output, _) = await RunAsync("evidence", "--store", $"sqlite:{_db}", "--events", $"LOG-{year}-3,LOG-{year}-120, LOG-{year}-200", "--description", "Exports of Q1", "--out", pack);
        code.Should().Be(0, output);

        var (valid, text, _) = await RunAsync("verify-proof", "--proof", pack, "--public-key", _publicKey);
        valid.Should().Be(0);
        text.Should().Contain("all 3 proofs");

        await File.WriteAllTextAsync(pack, (await File.ReadAllTextAsync(pack)).Replace("event 120", "event 121", StringComparison.Ordinal));
        (await RunAsync("verify-proof", "--proof", pack, "--public-key", _publicKey)).Code.Should().Be(1);
        (await RunAsync("evidence", "--store", $"sqlite:{_db}", "--events", "LOG-1999-999999", "--out", pack)).Code.Should().Be(2);
    }

    [Test]
    public async Task QueryExportStats_Work()
    {
        var (code, output, _) = await RunAsync("query", "--store", $"sqlite:{_db}", "--user", "jsmith", "--action", "Update", "--limit", "5");
        code.Should().Be(0);
        output.Should().StartWith("Results: 33 events");

        var (jsonCode, json, _) = await RunAsync("query", "--store", $"sqlite:{_db}", "--text", "event 150", "--json");
        jsonCode.Should().Be(0);
        using (var document = JsonDocument.Parse(json))
        {
            document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()).Should().Contain("event 150");
        }

        var export = Path.Combine(_folder, $"export-{Guid.NewGuid():N}.jsonl");
        (await RunAsync("export", "--store", $"sqlite:{_db}", "--entity", "Customer", "--out", export)).Code.Should().Be(0);
        (await File.ReadAllLinesAsync(export)).Should().HaveCount(200).And.OnlyContain(line => line.StartsWith('{'));

        var (statsCode, stats, _) = await RunAsync("stats", "--store", $"sqlite:{_db}");
        statsCode.Should().Be(0);
        stats.Should().Contain("Events: 200").And.Contain("Stream 1: 200 events");
    }

    [TestCase("")]
    [TestCase("frobnicate")]
    [TestCase("verify")]
    [TestCase("verify --store postgres:x")]
    [TestCase("verify --store sqlite:/no/such/file.db")]
    [TestCase("verify --store")]
    [TestCase("verify --bogus 1")]
    [TestCase("query --store sqlite:x --limit -3")]
    [TestCase("verify-proof --proof /no/such/proof.json")]
    public async Task UsageErrors_ExitTwo(string commandLine)
    {
        var (code, _, _) = await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        code.Should().Be(2);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
