using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Each PostgreSQL store keeps its spill and overflow journals in a folder of its own.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgreSqlJournalFolderTests
{
    private string _application = null!;
    private string _applicationFolder = null!;
    private readonly List<string> _schemas = [];

    [SetUp]
    public void NewApplication()
    {
        _application = "auditkit-journal-test-" + Guid.NewGuid().ToString("N")[..12];
        _applicationFolder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "AuditKit", "journal", _application);
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        if (Directory.Exists(_applicationFolder))
        {
            Directory.Delete(_applicationFolder, recursive: true);
        }

        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _schemas.Clear();
    }

    [Test]
    public void DefaultJournalFolder_OnePerServerDatabaseAndSchema_WithoutThePassword()
    {
        const string Server = "Host=db.example;Port=5432;Database=erp;Username=audit;Password=s3cret-Pa55";
        var folder = DefaultFolder(Server, "auditkit");

        Path.GetDirectoryName(folder).Should().Be(_applicationFolder, "the store's folder sits under the application's");
        Path.GetFileName(folder).Should().MatchRegex("^postgresql-[0-9a-f]{16}$");
        folder.Should().NotContain("s3cret").And.NotContain("Pa55");
        DefaultFolder("Host=DB.example;Port=5432;Database=erp;Username=audit;Password=other;Pooling=false;Timeout=30", "auditkit")
            .Should().Be(folder, "the same store (other password, other settings) finds its own journals again");
        var others = new[]
        {
            DefaultFolder(Server, "auditkit2"),
            DefaultFolder(Server.Replace("Database=erp", "Database=erp2", StringComparison.Ordinal), "auditkit"),
            DefaultFolder(Server.Replace("Port=5432", "Port=5433", StringComparison.Ordinal), "auditkit"),
            DefaultFolder(Server.Replace("db.example", "db2.example", StringComparison.Ordinal), "auditkit"),
        };
        others.Append(folder).Should().OnlyHaveUniqueItems("another schema, database, port or host is another store");
    }

    [Test]
    public void DefaultJournalFolder_StoreRegisteredAfterPostgreSql_IsNotScoped()
    {
        var services = new ServiceCollection();
        services.AddAuditKit(a => a.UsePostgreSql(PostgreSqlServer.ConnectionString).UseStore("other", _ => throw new InvalidOperationException("not created")).Configure(o => o.Application = _application));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AuditKitOptions>>().Value;

        options.ResolveJournalDirectory().Should().NotContain("postgresql-", "the last store registered wins, with its own folder");
    }

    [Test]
    public async Task TwoStoresOfOneApplication_DefaultFolders_BothStartWithJournalsOfTheirOwn()
    {
        var (first, second) = (NewSchema(), NewSchema());

        using var a = await StartAsync(first, journal: null);
        using var b = await StartAsync(second, journal: null);
        await a.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(AuditCategory.System, "PingA"));
        await b.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(AuditCategory.System, "PingB"));

        var folderA = a.Services.GetRequiredService<IOptions<AuditKitOptions>>().Value.ResolveJournalDirectory();
        var folderB = b.Services.GetRequiredService<IOptions<AuditKitOptions>>().Value.ResolveJournalDirectory();
        folderA.Should().NotBe(folderB);
        File.Exists(Path.Combine(folderA, "stream-1.journal")).Should().BeTrue("each writer holds stream 1 of its own schema, in its own folder");
        File.Exists(Path.Combine(folderB, "stream-1.journal")).Should().BeTrue();
        await a.StopAsync();
        await b.StopAsync();
        await using var storeA = Store(first);
        await using var storeB = Store(second);
        (await storeA.QueryAsync(new AuditQuery())).Events.Select(e => e.Action).Should().Equal("PingA");
        (await storeB.QueryAsync(new AuditQuery())).Events.Select(e => e.Action).Should().Equal("PingB");
    }

    [Test]
    public async Task TwoStoresInOneProcess_SameJournalFolder_SecondFailsToStartNamingTheFolder()
    {
        var journal = Path.Combine(_applicationFolder, "shared");
        using var a = await StartAsync(NewSchema(), journal);

        var thrown = await FluentActions.Awaiting(() => StartAsync(NewSchema(), journal)).Should().ThrowAsync<InvalidOperationException>();

        thrown.Which.Message.Should().Contain("two audit stores share the journal folder").And.Contain(journal);
    }

    private string NewSchema()
    {
        var schema = "j_" + Guid.NewGuid().ToString("N")[..16];
        _schemas.Add(schema);
        return schema;
    }

    private string DefaultFolder(string connectionString, string schema)
    {
        var services = new ServiceCollection();
        services.AddAuditKit(a => a.UsePostgreSql(connectionString, o => o.Schema = schema).Configure(o => o.Application = _application));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuditKitOptions>>().Value.ResolveJournalDirectory();
    }

    private static PostgreSqlAuditStore Store(string schema) => new(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema });

    private async Task<IHost> StartAsync(string schema, string? journal)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = schema).Configure(o =>
        {
            o.Application = _application;
            o.JournalDirectory = journal;
        }));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
