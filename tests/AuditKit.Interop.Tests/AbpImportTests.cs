using System.Data.Common;
using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuditKit.Interop.Tests;

// ABP's audit tables as its EF Core model creates them (AbpAuditLogs, AbpEntityChanges, AbpEntityPropertyChanges), filled
// the way ABP fills them: property values JSON-serialized (strings quoted), ChangeType 0 created, 1 updated, 2 deleted.
public sealed class AbpImportTests
{
    private static readonly Guid Log1 = Guid.Parse("3a0f0000-0000-0000-0000-000000000001");
    private static readonly Guid Log2 = Guid.Parse("3a0f0000-0000-0000-0000-000000000002");
    private static readonly Guid Change1 = Guid.Parse("3a0f0000-0000-0000-0000-0000000000c1");
    private static readonly Guid Change2 = Guid.Parse("3a0f0000-0000-0000-0000-0000000000c2");

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task ImportAbpAsync_SqliteTables_MapLogsAndEntityChangesAndAreIdempotent()
    {
        await using var source = new SqliteConnection($"Data Source={_folder.File("abp.db")}");
        await source.OpenAsync();
        await CreateAsync(source, "TEXT", "TEXT", g => g.ToString("D").ToUpperInvariant(), t => t.ToString("yyyy-MM-dd HH:mm:ss.fffffff"), schema: null);
        await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
        var importer = new AuditImporter(store);

        var first = await importer.ImportAbpAsync(source);
        var second = await importer.ImportAbpAsync(source);

        first.Should().Be(new AuditImportResult("abp", AuditImporter.FirstImportStream, 4, 4, 0));
        second.Should().Be(new AuditImportResult("abp", AuditImporter.FirstImportStream, 4, 0, 4));
        await AssertImportedAsync(store, upperGuids: true);
    }

    [Test]
    public async Task ImportAbpAsync_PostgreSqlTables_MapLogsAndEntityChangesAndAreIdempotent()
    {
        var schema = "abp_" + Guid.NewGuid().ToString("N")[..12];
        await using var source = new NpgsqlConnection(StoreFactory.PostgresConnection);
        await source.OpenAsync();
        try
        {
            await Exec(source, $"CREATE SCHEMA {schema}");
            await CreateAsync(source, "uuid", "timestamp without time zone", g => g, t => t, schema);
            await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
            var importer = new AuditImporter(store);
            var options = new AuditImportOptions { AbpSchema = schema, SourceName = "abp-pg" };

            var first = await importer.ImportAbpAsync(source, options);
            var second = await importer.ImportAbpAsync(source, options);

            first.Imported.Should().Be(4);
            second.Imported.Should().Be(0);
            second.AlreadyImported.Should().Be(4);
            await AssertImportedAsync(store, upperGuids: false);
        }
        finally
        {
            await Exec(source, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task AssertImportedAsync(AuditStore store, bool upperGuids)
    {
        string Id(Guid g) => upperGuids ? g.ToString("D").ToUpperInvariant() : g.ToString("D");
        var events = await StoreFactory.ReadStreamAsync(store, AuditImporter.FirstImportStream);
        events.Select(e => (e.Category, e.Action)).Should().Equal(
            (AuditCategory.ApiRequest, AuditActions.Update),
            (AuditCategory.RecordChange, AuditActions.Update),
            (AuditCategory.RecordChange, AuditActions.Create),
            (AuditCategory.ApiRequest, AuditActions.View));

        var request = events[0];
        request.Timestamp.Should().Be(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 250, TimeSpan.Zero));
        request.Actor.Should().Be(new AuditActor(Id(UserId), "admin"));
        request.Client.Should().Be(new AuditClient("10.0.0.5", UserAgent: "Mozilla/5.0"));
        request.TenantId.Should().Be(Id(TenantId));
        request.CorrelationId.Should().Be("corr-1");
        request.Message.Should().Be("PUT /api/customers/C-1");
        request.Outcome.Should().Be(AuditOutcome.Success);
        request.Meta("import.row").Should().Be($"AbpAuditLogs:{Id(Log1)}");
        request.Meta("abp.http_status").Should().Be("200");

        var update = events[1];
        update.Timestamp.Should().Be(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 200, TimeSpan.Zero));
        update.Target.Should().Be(new AuditTarget("Customer", "C-1", Component: "Erp"));
        update.Changes.Should().Equal(
            new FieldChange("CreditLimit", "1000", "5000"),
            new FieldChange("Name", "Acme", "Acme \"Corp\""));
        update.Meta("import.row").Should().Be($"AbpEntityChanges:{Id(Change1)}");
        update.Meta("abp.entity_type").Should().Be("Acme.Crm.Customer");

        var create = events[2];
        create.Changes.Should().Equal(new FieldChange("Total", null, "12.5", FieldChangeKind.Added));

        var denied = events[3];
        denied.Outcome.Should().Be(AuditOutcome.Denied);
        denied.Actor.Should().BeNull();
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Intact.Should().BeTrue();
    }

    private static async Task CreateAsync(DbConnection c, string guidType, string timeType, Func<Guid, object> guid, Func<DateTime, object> time, string? schema)
    {
        var p = schema is null ? string.Empty : schema + ".";
        await Exec(c, $"""
            CREATE TABLE {p}"AbpAuditLogs" ("Id" {guidType} PRIMARY KEY, "ApplicationName" varchar(96), "UserId" {guidType} NULL, "UserName" varchar(256),
              "TenantId" {guidType} NULL, "TenantName" varchar(64), "ImpersonatorUserId" {guidType} NULL, "ImpersonatorUserName" varchar(256),
              "ImpersonatorTenantId" {guidType} NULL, "ImpersonatorTenantName" varchar(64), "ExecutionTime" {timeType} NOT NULL,
              "ExecutionDuration" integer NOT NULL, "ClientIpAddress" varchar(64), "ClientName" varchar(128), "ClientId" varchar(64),
              "CorrelationId" varchar(64), "BrowserInfo" varchar(512), "HttpMethod" varchar(16), "Url" varchar(256), "Exceptions" text,
              "Comments" varchar(256), "HttpStatusCode" integer NULL, "ExtraProperties" text, "ConcurrencyStamp" varchar(40));
            CREATE TABLE {p}"AbpEntityChanges" ("Id" {guidType} PRIMARY KEY, "AuditLogId" {guidType} NOT NULL, "TenantId" {guidType} NULL,
              "ChangeTime" {timeType} NOT NULL, "ChangeType" smallint NOT NULL, "EntityTenantId" {guidType} NULL, "EntityId" varchar(128),
              "EntityTypeFullName" varchar(128) NOT NULL, "ExtraProperties" text);
            CREATE TABLE {p}"AbpEntityPropertyChanges" ("Id" {guidType} PRIMARY KEY, "TenantId" {guidType} NULL, "EntityChangeId" {guidType} NOT NULL,
              "NewValue" varchar(512), "OriginalValue" varchar(512), "PropertyName" varchar(128) NOT NULL, "PropertyTypeFullName" varchar(64) NOT NULL);
            """);
        await InsertLogAsync(c, p, guid(Log1), time(new DateTime(2024, 5, 1, 10, 0, 0, 250)), "PUT", "/api/customers/C-1", 200, userName: "admin", guid);
        await InsertLogAsync(c, p, guid(Log2), time(new DateTime(2024, 5, 2, 9, 30, 0)), "GET", "/api/audit", 403, userName: null, guid);
        await InsertAsync(c, $"""INSERT INTO {p}"AbpEntityChanges" ("Id","AuditLogId","ChangeTime","ChangeType","EntityId","EntityTypeFullName") VALUES (@id,@log,@t,1,'C-1','Acme.Crm.Customer')""",
            ("id", guid(Change1)), ("log", guid(Log1)), ("t", time(new DateTime(2024, 5, 1, 10, 0, 0, 200))));
        await InsertAsync(c, $"""INSERT INTO {p}"AbpEntityChanges" ("Id","AuditLogId","ChangeTime","ChangeType","EntityId","EntityTypeFullName") VALUES (@id,@log,@t,0,'O-9','Acme.Sales.Order')""",
            ("id", guid(Change2)), ("log", guid(Log1)), ("t", time(new DateTime(2024, 5, 1, 10, 0, 0, 210))));
        var n = 0;
        foreach (var (change, name, old, @new) in new[] { (Change1, "CreditLimit", "1000", "5000"), (Change1, "Name", "\"Acme\"", "\"Acme \\\"Corp\\\"\""), (Change2, "Total", (string?)null, "12.5") })
        {
            await InsertAsync(c, $"""INSERT INTO {p}"AbpEntityPropertyChanges" ("Id","EntityChangeId","PropertyName","PropertyTypeFullName","OriginalValue","NewValue") VALUES (@id,@c,@n,'System.String',@o,@v)""",
                ("id", guid(Guid.Parse($"3a0f0000-0000-0000-0000-0000000001{n++:D2}"))), ("c", guid(change)), ("n", name), ("o", (object?)old ?? DBNull.Value), ("v", @new));
        }
    }

    private static Task InsertLogAsync(DbConnection c, string p, object id, object time, string method, string url, int status, string? userName, Func<Guid, object> guid) =>
        InsertAsync(c, $"""
            INSERT INTO {p}"AbpAuditLogs" ("Id","ApplicationName","UserId","UserName","TenantId","ExecutionTime","ExecutionDuration","ClientIpAddress","BrowserInfo","HttpMethod","Url","HttpStatusCode","CorrelationId")
            VALUES (@id,'Erp',@user,@name,@tenant,@t,42,@ip,@ua,@m,@u,@s,@corr)
            """,
            ("id", id), ("user", userName is null ? DBNull.Value : guid(UserId)), ("name", (object?)userName ?? DBNull.Value), ("tenant", userName is null ? DBNull.Value : guid(TenantId)),
            ("t", time), ("ip", userName is null ? DBNull.Value : "10.0.0.5"), ("ua", userName is null ? DBNull.Value : "Mozilla/5.0"), ("m", method), ("u", url), ("s", status),
            ("corr", userName is null ? DBNull.Value : "corr-1"));

    private static readonly Guid UserId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid TenantId = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    private static async Task InsertAsync(DbConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    private static Task Exec(DbConnection c, string sql) => InsertAsync(c, sql);
}
