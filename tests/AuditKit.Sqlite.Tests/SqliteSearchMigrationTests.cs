using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Schema version 5 replaces the unicode61 free-text index of earlier versions by one over AuditKit's folded
/// words and rebuilds it from the stored events: an existing database finds what a new one finds, and erasures
/// work on the rebuilt index.
/// </summary>
public sealed class SqliteSearchMigrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task InitializeAsync_DatabaseWithTheEarlierIndex_RebuildsItFromTheEvents()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        List<AuditEvent> events =
        [
            new(AuditCategory.System, "Memo") { Timestamp = Start, Message = "Cre\u0300me Zu\u0308rich" },
            new(AuditCategory.System, "Memo") { Timestamp = Start.AddMinutes(1), Message = "\u03BB\u03CC\u03B3\u03BF\u03C2" },
            new(AuditCategory.System, "Memo") { Timestamp = Start.AddMinutes(2), Message = "plain words", Actor = new AuditActor("u-1", "Ann Lee") },
        ];
        await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString }))
        {
            await StoreSeeder.AppendAsync(store, events);
        }

        // A version 4 database: the index as versions 1 to 4 made it (unicode61 over the raw text, with
        // contentless_delete), and none of the later tables.
        await ExecuteAsync(connectionString, """
            DROP TABLE audit_events_fts;
            CREATE VIRTUAL TABLE audit_events_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
            INSERT INTO audit_events_fts (rowid, body) SELECT key, coalesce(action, '') || ' ' || coalesce(message, '') || ' ' || coalesce(actor_name, '') FROM audit_events;
            DROP TABLE audit_settings;
            DROP TABLE audit_tombstones;
            DROP TABLE audit_index_marks;
            DELETE FROM auditkit_migrations WHERE version >= 5;
            """);

        await using var upgraded = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString });
        await upgraded.InitializeAsync();

        (await upgraded.CountAsync(new AuditQuery { Text = "cr\u00E8me z\u00FCrich" })).Should().Be(1);
        (await upgraded.CountAsync(new AuditQuery { Text = "me" })).Should().Be(0);
        (await upgraded.CountAsync(new AuditQuery { Text = "\u039B\u038C\u0393\u039F\u03A3" })).Should().Be(1);
        (await upgraded.CountAsync(new AuditQuery { Text = "memo" })).Should().Be(3);

        var plain = (await upgraded.GetAsync(events[2].Id))!;
        var erased = plain with { Actor = plain.Actor! with { Name = null } };
        erased.CopyWrittenIdentityFrom(plain);
        await upgraded.ApplyErasureAsync([erased]);
        (await upgraded.CountAsync(new AuditQuery { Text = "ann" })).Should().Be(0);
        (await upgraded.CountAsync(new AuditQuery { Text = "plain" })).Should().Be(1);
        await ExecuteAsync(connectionString, "INSERT INTO audit_events_fts (audit_events_fts) VALUES ('integrity-check');");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
