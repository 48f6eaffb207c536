using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Providers.Tests;

/// <summary>The walkthrough store plugged into a host with <c>UseStore</c>, as docs/providers.md shows: recorded, restarted, read, verified.</summary>
[TestFixture]
public sealed class JsonLinesStoreHostTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-jsonl-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task RecordedEvents_SurviveARestart_AreFoundByFiltersAndText_AndVerifyIntact()
    {
        var path = Path.Combine(_folder, "audit.jsonl");
        using (var first = await StartAsync(path))
        {
            var log = first.Services.GetRequiredService<IAuditLog>();
            for (var i = 0; i < 50; i++)
            {
                await log.RecordAsync(AuditEvents.Updated("Customer", $"CUST-{i:000}", i == 7 ? "Acme <script>" : $"Customer {i}",
                    [new FieldChange("CreditLimit", "1000", (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), DisplayName: "Credit Limit")]));
            }

            await first.StopAsync();
        }

        // The file holds one line per event; a line hashes to what the verifier recomputes, independently of the store.
        File.ReadAllLines(path).Where(l => l.Length > 0).Should().HaveCount(50);

        using var second = await StartAsync(path);
        var reader = second.Services.GetRequiredService<IAuditReader>();
        var hit = await reader.QueryAsync(new AuditQuery { EntityTypes = ["Customer"], Text = "acme" });
        hit.Events.Should().ContainSingle().Which.Target!.RecordId.Should().Be("CUST-007");
        (await reader.CountAsync(new AuditQuery { Actions = [AuditActions.Update] })).Should().Be(50);

        var report = await second.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
        report.Intact.Should().BeTrue();
        report.EventsChecked.Should().Be(50);

        // Tampering with one line (the credit limit of one event) is caught by the chain.
        await second.StopAsync();
        var lines = File.ReadAllLines(path);
        lines[3] = lines[3].Replace("\"new\":\"1003\"", "\"new\":\"9003\"", StringComparison.Ordinal);
        lines[3].Should().Contain("9003");
        File.WriteAllLines(path, lines);
        using var third = await StartAsync(path);
        var tampered = await third.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
        tampered.Intact.Should().BeFalse();
        tampered.Issues.Should().Contain(i => i.Sequence == 4);
    }

    private async Task<IHost> StartAsync(string path)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddAuditKit(audit =>
            {
                audit.UseStore("jsonl", _ => new JsonLinesAuditStore(path));
                audit.Configure(o => o.JournalDirectory = Path.Combine(_folder, "journal"));
            }))
            .Build();
        await host.StartAsync();
        return host;
    }
}
