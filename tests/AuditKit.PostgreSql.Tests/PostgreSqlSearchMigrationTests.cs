using AuditKit.Storage.Conformance.Support;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>Schema version 3 rewrites the search words of rows written under the earlier word rule (docs/search.md).</summary>
public sealed class PostgreSqlSearchMigrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task InitializeAsync_RowsIndexedByTheEarlierRule_AreReindexed()
    {
        string schema;
        await using (var store = PostgreSqlServer.NewStore(out schema))
        {
            await StoreSeeder.AppendAsync(store,
            [
                new AuditEvent(AuditCategory.System, "Memo") { Timestamp = Start, Message = "Cre\u0300me Zu\u0308rich" },
                new AuditEvent(AuditCategory.System, "Memo") { Timestamp = Start.AddMinutes(1), Message = "\u03BB\u03CC\u03B3\u03BF\u03C2" },
                new AuditEvent(AuditCategory.System, "Memo") { Timestamp = Start.AddMinutes(2), Message = "plain words" },
            ]);
        }

        // A version 2 schema (none of the later tables) with what version 2 wrote: marks split words, no NFKC, the
        // final sigma kept as it is.
        await ExecuteAsync($"""
            SET search_path TO "{schema}";
            UPDATE audit_events SET search = '''memo'' ''cre'' ''me'' ''zu'' ''rich''' WHERE message LIKE 'Cre%';
            UPDATE audit_events SET search = '''memo'' ''λόγος''' WHERE message LIKE 'λ%';
            DROP TABLE audit_settings;
            DROP TABLE audit_tombstones;
            DROP TABLE audit_rollup_marks;
            DELETE FROM auditkit_migrations WHERE version >= 3;
            """);

        await using var upgraded = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema });
        await upgraded.InitializeAsync();

        (await upgraded.CountAsync(new AuditQuery { Text = "cr\u00E8me z\u00FCrich" })).Should().Be(1);
        (await upgraded.CountAsync(new AuditQuery { Text = "me" })).Should().Be(0);
        (await upgraded.CountAsync(new AuditQuery { Text = "\u039B\u038C\u0393\u039F\u03A3" })).Should().Be(1);
        (await upgraded.CountAsync(new AuditQuery { Text = "plain words" })).Should().Be(1);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
