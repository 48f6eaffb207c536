using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditKit.Sqlite.Tests.Support;

/// <summary>A subscription test on a SQLite file of its own per test: the subscription's name, the patience, and recording through a host.</summary>
public abstract class SqliteSubscriptionFixture
{
    protected const string Name = "siem";
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private TempFolder _folder = null!;

    /// <summary>The test's database file.</summary>
    protected string DatabasePath { get; private set; } = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = new TempFolder();
        DatabasePath = _folder.File("audit.db");
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    /// <summary>Records <paramref name="count"/> events (committed, one at a time) through the host's log; their ids in order.</summary>
    protected static async Task<List<Guid>> RecordAsync(IHost host, int count, string prefix)
    {
        var log = host.Services.GetRequiredService<IAuditLog>();
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add((await log.RecordAsync(new AuditEvent(AuditCategory.UserAction, AuditActions.View) { Message = $"{prefix} {i}" })).Id);
        }

        return ids;
    }
}
