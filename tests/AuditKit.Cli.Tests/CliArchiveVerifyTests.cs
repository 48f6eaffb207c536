using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.Cli.Tests;

/// <summary>`auditkit verify --archives`: the active store after a retention cut plus its archives.</summary>
public sealed class CliArchiveVerifyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private string _folder = null!;
    private string _db = null!;
    private string _archives = null!;
    private string _keyFile = null!;

    [SetUp]
    public async Task CutAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        _db = Path.Combine(_folder, "audit.db");
        _archives = Path.Combine(_folder, "archives");
        _keyFile = Path.Combine(_folder, "archive.key");
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray();
        await File.WriteAllTextAsync(_keyFile, Convert.ToHexString(key));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        builder.Services.AddAuditKit(a => a
            .UseSqlite($"Data Source={_db}")
            .AddRetention(r => { r.ArchiveFolder = _archives; r.KeyProvider = new StaticArchiveKeyProvider("k1", key); r.RunOnSchedule = false; r.WorkFolder = _archives + ".work"; }));
        using var host = builder.Build();
        await host.StartAsync();
        var log = host.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 400; i++)
        {
            log.Record(new AuditEvent(i % 2 == 0 ? AuditCategory.System : AuditCategory.Security, "Work") { Timestamp = Now.AddDays(-200 + (i / 2)), TenantId = i % 3 == 0 ? "acme" : null });
        }

        await log.FlushAsync();
        var run = await host.Services.GetRequiredService<IAuditRetention>().RunAsync();
        run.EventsArchived.Should().Be(110, "the System events older than 90 days");
        await host.StopAsync();
    }

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Verify_WithArchives_IsIntactAndMatchesEveryArchivedEventToItsTombstone()
    {
        var (code, output, _) = await RunAsync("verify", "--store", $"sqlite:{_db}", "--archives", _archives, "--archive-key-file", _keyFile);

        output.Should().Contain("INTACT").And.Contain("ARCHIVES INTACT: 2 archive(s) with 110 events verified");
        code.Should().Be(0);
    }

    [Test]
    public async Task Verify_ArchiveWithAFlippedByte_IsReportedAsTampered()
    {
        var file = Directory.EnumerateFiles(_archives, "*.akarc", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^5] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes);

        var (code, output, _) = await RunAsync("verify", "--store", $"sqlite:{_db}", "--archives", _archives, "--archive-key-file", _keyFile);

        output.Should().Contain("ARCHIVES TAMPERED").And.Contain("fails authentication");
        code.Should().Be(1);
    }

    [Test]
    public async Task Verify_ArchivesWithTheWrongKey_SaysWrongKey()
    {
        await File.WriteAllTextAsync(_keyFile, new string('a', 64));

        var (code, output, _) = await RunAsync("verify", "--store", $"sqlite:{_db}", "--archives", _archives, "--archive-key-file", _keyFile);

        output.Should().Contain("ARCHIVES TAMPERED").And.Contain("wrong key");
        code.Should().Be(1);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
