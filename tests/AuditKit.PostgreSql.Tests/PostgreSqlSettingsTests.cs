using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Settings documents shared by two hosts (two instances) on one PostgreSQL schema.</summary>
public sealed class PostgreSqlSettingsTests
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private readonly List<string> _journals = [];

    [TearDown]
    public void RemoveJournals()
    {
        foreach (var journal in _journals)
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    [Test]
    public async Task Policy_SavedByOneInstance_AppliesInTheOtherWithinTheRefreshInterval_AndConcurrentSavesConflict()
    {
        using var first = await StartAsync();
        using var second = await StartAsync();
        var policy = second.Services.GetRequiredService<IAuditEventPolicy>();
        var firstSettings = first.Services.GetRequiredService<IAuditSettings>();
        var secondSettings = second.Services.GetRequiredService<IAuditSettings>();

        var a = await firstSettings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        var b = await secondSettings.GetAsync<AuditEventPolicy>(AuditEventPolicy.DocumentName);
        a.Value.Import = false;
        await firstSettings.SaveAsync(AuditEventPolicy.DocumentName, a.Value, a.Version);
        b.Value.Export = false;
        var stale = () => secondSettings.SaveAsync(AuditEventPolicy.DocumentName, b.Value, b.Version);
        await stale.Should().ThrowAsync<AuditSettingsConflictException>("the second instance read version 0 and the first saved version 1");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (policy.Current.Import && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        policy.Current.Import.Should().BeFalse();
        policy.Current.Export.Should().BeTrue("the conflicting save wrote nothing");
        (await second.Services.GetRequiredService<IAuditLog>().RecordAsync(AuditEvents.Import("Customer", 10))).Sequence.Should().Be(0);
        await first.Services.GetRequiredService<IAuditLog>().FlushAsync();
        (await second.Services.GetRequiredService<IAuditReader>().CountAsync(new AuditQuery { Actions = [AuditActions.SettingsChanged] })).Should().Be(1);
    }

    private async Task<IHost> StartAsync()
    {
        var journal = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        _journals.Add(journal);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditKit(a => a.UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = _schema).Configure(o => o.JournalDirectory = journal));
        builder.Services.Configure<AuditSettingsOptions>(o => o.RefreshInterval = TimeSpan.FromMilliseconds(200));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
