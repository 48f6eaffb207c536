using System.Data.Common;
using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuditKit.Interop.Tests;

// Audit.NET's SQL data providers: the SQL Server provider's documented table (Event: EventId, JsonData, ...) built in
// SQLite, and the PostgreSQL provider's (event: id bigserial, data jsonb, ...) in the real PostgreSQL.
public sealed class AuditNetTableImportTests
{
    private static readonly string[] Events =
    [
        """{ "EventType": "Ctx", "Environment": { "UserName": "ann" }, "StartDate": "2021-06-01T12:00:00Z", "EntityFrameworkEvent": { "Entries": [ { "Name": "Invoice", "Action": "Update", "PrimaryKey": { "Id": 5 }, "Changes": [ { "ColumnName": "Total", "OriginalValue": 10, "NewValue": 12 } ] } ], "Success": true } }""",
        """{ "EventType": "Login", "Environment": { "UserName": "bob" }, "StartDate": "2021-06-02T08:30:00Z" }""",
    ];

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task ImportAuditNetAsync_SqlServerProviderTableInSqlite_ImportsEachRowOnce()
    {
        await using var source = new SqliteConnection($"Data Source={_folder.File("auditnet.db")}");
        await source.OpenAsync();
        await Exec(source, """CREATE TABLE "Event" ("EventId" INTEGER PRIMARY KEY AUTOINCREMENT, "InsertedDate" TEXT NOT NULL, "LastUpdatedDate" TEXT NULL, "JsonData" TEXT NOT NULL, "EventType" TEXT NOT NULL)""");
        foreach (var json in Events)
        {
            await Exec(source, """INSERT INTO "Event" ("InsertedDate", "JsonData", "EventType") VALUES ('2021-06-01', @json, 'x')""", json);
        }

        await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
        var importer = new AuditImporter(store);

        var first = await importer.ImportAuditNetAsync(source);
        var second = await importer.ImportAuditNetAsync(source);

        first.Should().Be(new AuditImportResult("audit-net", AuditImporter.FirstImportStream, 2, 2, 0));
        second.Imported.Should().Be(0);
        var events = await StoreFactory.ReadStreamAsync(store, first.StreamId);
        events.Select(e => e.Meta("import.row")).Should().Equal("Event:1:0", "Event:2");
        events[0].Changes.Should().Equal(new FieldChange("Total", "10", "12"));
        events[0].Target.Should().Be(new AuditTarget("Invoice", "5"));
        events[1].Action.Should().Be("Login");
        events[1].Category.Should().Be(AuditCategory.UserAction);
        events[1].Timestamp.Should().Be(new DateTimeOffset(2021, 6, 2, 8, 30, 0, TimeSpan.Zero));
    }

    [Test]
    public async Task ImportAuditNetAsync_PostgreSqlProviderTable_ImportsEachRowOnce()
    {
        var schema = "an_" + Guid.NewGuid().ToString("N")[..12];
        await using var source = new NpgsqlConnection(StoreFactory.PostgresConnection);
        await source.OpenAsync();
        try
        {
            await Exec(source, $"CREATE SCHEMA {schema}; CREATE TABLE {schema}.event (id bigserial NOT NULL PRIMARY KEY, inserted_date timestamp NOT NULL DEFAULT now(), updated_date timestamp NOT NULL DEFAULT now(), data jsonb, event_type varchar(50), \"user\" varchar(50))");
            foreach (var json in Events)
            {
                await Exec(source, $"INSERT INTO {schema}.event (data, event_type) VALUES (@json::jsonb, 'x')", json);
            }

            await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
            var table = new AuditNetTable { Schema = schema, Name = "event", IdColumn = "id", JsonColumn = "data" };
            var first = await new AuditImporter(store).ImportAuditNetAsync(source, table);
            var second = await new AuditImporter(store).ImportAuditNetAsync(source, table);

            first.Imported.Should().Be(2);
            second.AlreadyImported.Should().Be(2);
            (await StoreFactory.ReadStreamAsync(store, first.StreamId)).Select(e => e.Meta("import.row")).Should().Equal("event:1:0", "event:2");
        }
        finally
        {
            await Exec(source, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task Exec(DbConnection c, string sql, string? json = null)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        if (json is not null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@json";
            parameter.Value = json;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
