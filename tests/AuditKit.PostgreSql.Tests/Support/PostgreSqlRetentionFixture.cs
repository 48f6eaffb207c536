using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuditKit.PostgreSql.Tests.Support;

/// <summary>
/// A retention test on PostgreSQL: a schema and a temporary folder of its own per test, and hosts with retention on
/// (run by hand, never on schedule) at a fixed <see cref="Now"/>.
/// </summary>
public abstract class PostgreSqlRetentionFixture
{
    /// <summary>The hosts' clock.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The test's schema.</summary>
    protected string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The test's folder: journals, archives and work folders go here.</summary>
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "auditkit-tests", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>
    /// Starts a host on the test's schema with retention archiving into <c>archives</c> under <see cref="Folder"/>;
    /// its journal and work folder are under <paramref name="instance"/> (so several hosts can share the database).
    /// </summary>
    protected async Task<IHost> StartHostAsync(byte[] key, string instance = "", Action<RetentionOptions>? retention = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        builder.Services.AddAuditKit(a => a
            .UsePostgreSql(PostgreSqlServer.ConnectionString, o => o.Schema = Schema)
            .Configure(o => o.JournalDirectory = Path.Combine(Folder, instance, "journal"))
            .AddRetention(r =>
            {
                r.ArchiveFolder = Path.Combine(Folder, "archives");
                r.KeyProvider = new StaticArchiveKeyProvider("k", key);
                r.RunOnSchedule = false;
                r.WorkFolder = Path.Combine(Folder, instance, "work");
                retention?.Invoke(r);
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Records the events through the host's log and flushes them to the store.</summary>
    protected static async Task RecordAsync(IHost host, IEnumerable<AuditEvent> events)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        foreach (var e in events)
        {
            log.Record(e);
        }

        await log.FlushAsync();
    }
}
