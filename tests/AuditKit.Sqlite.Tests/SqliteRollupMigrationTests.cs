using AuditKit.Sqlite.Tests.Support;
using AuditKit.Storage.Conformance.Support;
using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite.Tests;

/// <summary>
/// Schema version 7 adds daily roll-ups, risk and the pairs (category × action, category × risk, actor × action, actor ×
/// entity type), rebuilt from the stored events: an upgraded database holds exactly the roll-ups a new one would have
/// written, and answers the new pair counts as a scan does.
/// </summary>
public sealed class SqliteRollupMigrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task InitializeAsync_DatabaseWithHourlyRollupsOnly_RebuildsTheRollupsTheAppenderWrites()
    {
        using var folder = new TempFolder();
        var connectionString = $"Data Source={folder.File("audit.db")}";
        var events = EventGenerator.Generate(3_000, Start, TimeSpan.FromDays(3), seed: 11);
        await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString }))
        {
            await StoreSeeder.AppendAsync(store, events);
        }

        var written = await RollupsAsync(connectionString);

        // A version 6 database: hourly roll-ups of the six single dimensions, keyed tenant before time.
        await ExecuteAsync(connectionString, """
            CREATE TABLE old_rollups (dim INTEGER NOT NULL, tenant TEXT NOT NULL, bucket INTEGER NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (dim, tenant, bucket, key)) WITHOUT ROWID;
            INSERT INTO old_rollups SELECT dim, tenant, bucket, key, count FROM audit_rollups WHERE dim < 6;
            DROP TABLE audit_rollups;
            ALTER TABLE old_rollups RENAME TO audit_rollups;
            DROP TABLE audit_tombstones;
            DROP TABLE audit_index_marks;
            DELETE FROM auditkit_migrations WHERE version >= 7;
            """);

        await using var upgraded = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = connectionString });
        await upgraded.InitializeAsync();

        var rebuilt = await RollupsAsync(connectionString);
        rebuilt.Should().Equal(written);
        rebuilt.Select(r => r.Dim).Distinct().Should().HaveCount(24, "12 dimensions and pairs, hourly and daily");
        var query = new AuditQuery { From = Start.AddHours(5).AddMinutes(3), To = Start.AddDays(3), ActorIds = ["jsmith"], EntityTypes = ["Order"] };
        (await upgraded.CountAsync(query)).Should().Be(events.Count(e => QueryCases.Matches(e, query)));
    }

    private static async Task<List<(long Dim, string Tenant, long Bucket, string Key, long Count)>> RollupsAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT dim, tenant, bucket, key, count FROM audit_rollups ORDER BY dim, tenant, bucket, key;";
        var rows = new List<(long, string, long, string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4)));
        }

        return rows;
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
