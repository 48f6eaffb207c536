using System.Text.Json;
using AuditKit.Cli;
using AuditKit.Interop.Tests.Support;

namespace AuditKit.Interop.Tests;

public sealed class ImportCommandTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public async Task Import_AuditNetFolderTwice_SecondRunAddsNothing()
    {
        var source = Directory.CreateDirectory(_folder.File("audit-net")).FullName;
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllText(Path.Combine(source, $"event-{i}.json"), $$"""
                { "EventType": "Ctx", "Environment": { "UserName": "u{{i}}" }, "StartDate": "2020-01-0{{i + 1}}T00:00:00Z",
                  "EntityFrameworkEvent": { "Entries": [ { "Name": "Item", "Action": "Update", "PrimaryKey": { "Id": {{i}} },
                    "Changes": [ { "ColumnName": "Qty", "OriginalValue": 1, "NewValue": 2 } ] } ], "Success": true } }
                """);
        }

        var store = $"sqlite:{_folder.File("audit.db")}";
        var first = await RunAsync("import", "--store", store, "--audit-net", source, "--json");
        var second = await RunAsync("import", "--store", store, "--audit-net", source, "--json");

        first.Code.Should().Be(0, first.Error);
        JsonDocument.Parse(first.Output).RootElement.GetProperty("imported").GetInt64().Should().Be(3);
        second.Code.Should().Be(0, second.Error);
        var again = JsonDocument.Parse(second.Output).RootElement;
        again.GetProperty("imported").GetInt64().Should().Be(0);
        again.GetProperty("alreadyImported").GetInt64().Should().Be(3);
        (await RunAsync("verify", "--store", store)).Code.Should().Be(0);
    }

    [Test]
    public async Task Import_TwoSourcesOrNone_IsAUsageError()
    {
        (await RunAsync("import", "--store", $"sqlite:{_folder.File("a.db")}")).Code.Should().Be(2);
        var both = await RunAsync("import", "--store", $"sqlite:{_folder.File("a.db")}", "--audit-net", _folder.Path, "--abp", "sqlite:x.db");
        both.Code.Should().Be(2);
        both.Error.Should().Contain("exactly one source");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
