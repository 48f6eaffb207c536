using AuditKit.Interop;
using AuditKit.Interop.Tests.Support;

namespace AuditKit.Interop.Tests;

// The source files follow Audit.NET's documented JSON output of an AuditEvent with an EntityFrameworkEvent (EventType,
// Environment, StartDate, EntityFrameworkEvent.Entries[Action, Name, Table, PrimaryKey, Changes, ColumnValues]).
public sealed class AuditNetImportTests
{
    private const string UpdateAndInsert = """
        {
          "EventType": "ErpContext",
          "Environment": { "UserName": "sarah", "MachineName": "ERP01", "DomainName": "ACME", "CallingMethodName": "Orders.Save()", "Culture": "en-US" },
          "StartDate": "2019-04-24T17:01:13.1234567Z",
          "EndDate": "2019-04-24T17:01:13.2Z",
          "Duration": 77,
          "EntityFrameworkEvent": {
            "Database": "Erp",
            "TransactionId": "tx-1",
            "Entries": [
              { "Schema": "dbo", "Table": "Customers", "Name": "Customer", "Action": "Update",
                "PrimaryKey": { "Id": 12345 },
                "Changes": [ { "ColumnName": "CreditLimit", "OriginalValue": 1000, "NewValue": 5000 },
                             { "ColumnName": "Name", "OriginalValue": "Acme", "NewValue": "Acme | Corp = \"new\"\nline" } ],
                "ColumnValues": { "Id": 12345, "CreditLimit": 5000, "Name": "Acme Corp" }, "Valid": true },
              { "Schema": "dbo", "Table": "Orders", "Name": "Order", "Action": "Insert",
                "PrimaryKey": { "Id": 7 },
                "ColumnValues": { "Id": 7, "Total": 12.5, "Paid": false, "Note": null }, "Valid": true }
            ],
            "Result": 2, "Success": true
          }
        }
        """;

    private const string DeleteArray = """
        [
          { "EventType": "ErpContext", "Environment": { "UserName": "bob" }, "StartDate": "2019-04-25T08:00:00Z",
            "EntityFrameworkEvent": { "Entries": [ { "Table": "Orders", "Name": "Order", "Action": "Delete", "PrimaryKey": { "Id": 7 },
              "ColumnValues": { "Id": 7, "Total": 12.5 } } ], "Success": false, "ErrorMessage": "constraint" } }
        ]
        """;

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task ImportAuditNetAsync_EntityFrameworkEvents_BecomeRecordChangesWithOriginalTimesInAStreamOfTheirOwn()
    {
        var files = Write(("a.json", UpdateAndInsert), ("b.json", DeleteArray));
        await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));

        var result = await new AuditImporter(store).ImportAuditNetAsync(files);

        result.Should().Be(new AuditImportResult("audit-net", AuditImporter.FirstImportStream, 3, 3, 0));
        var events = await StoreFactory.ReadStreamAsync(store, result.StreamId);
        events.Should().HaveCount(3);

        var update = events[0];
        update.Category.Should().Be(AuditCategory.RecordChange);
        update.Action.Should().Be(AuditActions.Update);
        update.Timestamp.Should().Be(new DateTimeOffset(2019, 4, 24, 17, 1, 13, 123, TimeSpan.Zero).AddTicks(4560)); // kept to the microsecond
        update.Actor.Should().Be(new AuditActor("sarah", "sarah"));
        update.Target.Should().Be(new AuditTarget("Customer", "12345"));
        update.CorrelationId.Should().Be("tx-1");
        update.Changes.Should().Equal(
            new FieldChange("CreditLimit", "1000", "5000"),
            new FieldChange("Name", "Acme", "Acme | Corp = \"new\"\nline"));
        update.Meta("imported").Should().Be("True");
        update.Meta("import.source").Should().Be("audit.net");
        update.Meta("import.name").Should().Be("audit-net");
        update.Meta("import.row").Should().Be("a.json:0:0");
        update.Meta("audit_net.machine").Should().Be("ERP01");
        update.Meta("audit_net.duration_ms").Should().Be("77");

        var insert = events[1];
        insert.Action.Should().Be(AuditActions.Create);
        insert.Target.Should().Be(new AuditTarget("Order", "7"));
        insert.Changes.Should().Equal(
            new FieldChange("Id", null, "7", FieldChangeKind.Added),
            new FieldChange("Total", null, "12.5", FieldChangeKind.Added),
            new FieldChange("Paid", null, "false", FieldChangeKind.Added),
            new FieldChange("Note", null, null, FieldChangeKind.Added));
        insert.Meta("import.row").Should().Be("a.json:0:1");

        var delete = events[2];
        delete.Action.Should().Be(AuditActions.Delete);
        delete.Outcome.Should().Be(AuditOutcome.Failure);
        delete.Timestamp.Should().Be(new DateTimeOffset(2019, 4, 25, 8, 0, 0, TimeSpan.Zero));
        delete.Changes.Should().Equal(new FieldChange("Id", "7", null, FieldChangeKind.Removed), new FieldChange("Total", "12.5", null, FieldChangeKind.Removed));
        delete.Meta("audit_net.error").Should().Be("constraint");
        delete.Meta("import.row").Should().Be("b.json:0:0");

        events.Select(e => e.Sequence).Should().Equal(1, 2, 3);
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Intact.Should().BeTrue();
    }

    [Test]
    public async Task ImportAuditNetAsync_SameFilesTwiceAndOneMore_AddsOnlyTheNewRows()
    {
        var files = Write(("a.json", UpdateAndInsert));
        await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
        var importer = new AuditImporter(store);
        await importer.ImportAuditNetAsync(files);

        var again = await importer.ImportAuditNetAsync(files);
        var more = await importer.ImportAuditNetAsync([.. files, .. Write(("b.json", DeleteArray))]);

        again.Should().Be(new AuditImportResult("audit-net", AuditImporter.FirstImportStream, 2, 0, 2));
        more.Should().Be(new AuditImportResult("audit-net", AuditImporter.FirstImportStream, 3, 1, 2));
        (await StoreFactory.ReadStreamAsync(store, AuditImporter.FirstImportStream)).Select(e => e.Meta("import.row"))
            .Should().Equal("a.json:0:0", "a.json:0:1", "b.json:0:0");
        (await AuditIntegrity.CreateVerifier(store).VerifyAsync()).Intact.Should().BeTrue();
    }

    [Test]
    public async Task ImportAuditNetAsync_BrokenFileMidway_KeepsWhatWasImportedAndResumesAfterTheFix()
    {
        var files = Write(("a.json", UpdateAndInsert), ("b.json", "{ \"EventType\": \"x\", \"StartDate\": "));
        await using var store = StoreFactory.Sqlite(_folder.File("audit.db"));
        var importer = new AuditImporter(store);

        var broken = () => importer.ImportAuditNetAsync(files, new AuditImportOptions { BatchSize = 1 });

        (await broken.Should().ThrowAsync<InvalidDataException>()).WithMessage("b.json*");
        (await StoreFactory.ReadStreamAsync(store, AuditImporter.FirstImportStream)).Should().HaveCount(2);
        File.WriteAllText(files[1], DeleteArray);
        var resumed = await importer.ImportAuditNetAsync(files, new AuditImportOptions { BatchSize = 1 });
        resumed.Imported.Should().Be(1);
        resumed.AlreadyImported.Should().Be(2);
    }

    [Test]
    public async Task ImportAuditNetAsync_BesideAWritingApplication_NeverWritesItsStream()
    {
        var path = _folder.File("audit.db");
        using var app = await InteropHost.StartAsync(path);
        var written = await app.Log().RecordAsync(new AuditEvent(AuditCategory.UserAction, "Live"));
        await using var store = StoreFactory.Sqlite(path);

        var result = await new AuditImporter(store).ImportAuditNetAsync(Write(("a.json", UpdateAndInsert)), new AuditImportOptions { SourceName = "legacy-erp" });

        result.StreamId.Should().NotBe(written.StreamId);
        (await StoreFactory.ReadStreamAsync(store, written.StreamId)).Select(e => e.Id).Should().Equal(written.Id);
        (await StoreFactory.ReadStreamAsync(store, result.StreamId)).Should().OnlyContain(e => e.Meta("import.name") == "legacy-erp");
        await app.StopAsync();
    }

    private List<string> Write(params (string Name, string Json)[] files) =>
        files.Select(f =>
        {
            var path = _folder.File(f.Name);
            File.WriteAllText(path, f.Json);
            return path;
        }).ToList();
}
