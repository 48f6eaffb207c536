using AuditKit.Storage.Conformance.Support;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// Schema version 5 adds daily roll-ups, risk and the pairs, rebuilt from the stored events: an upgraded schema holds
/// exactly the roll-ups a new one would have written.
/// </summary>
public sealed class PostgreSqlRollupMigrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task InitializeAsync_SchemaWithHourlyRollupsOnly_RebuildsTheRollupsTheWriterWrites()
    {
        string schema;
        var events = EventGenerator.Generate(3_000, Start, TimeSpan.FromDays(3), seed: 11);
        await using (var store = PostgreSqlServer.NewStore(out schema))
        {
            await StoreSeeder.AppendAsync(store, events);
        }

        var written = await RollupsAsync(schema);
        await ExecuteAsync($"""
            SET search_path TO "{schema}";
            CREATE TABLE old_rollups (dim integer NOT NULL, tenant text NOT NULL, bucket bigint NOT NULL, key text NOT NULL, count bigint NOT NULL, PRIMARY KEY (dim, tenant, bucket, key));
            INSERT INTO old_rollups SELECT dim, tenant, bucket, key, count FROM audit_rollups WHERE dim < 6;
            DROP TABLE audit_rollups;
            ALTER TABLE old_rollups RENAME TO audit_rollups;
            DROP TABLE audit_tombstones;
            DROP TABLE audit_rollup_marks;
            DELETE FROM auditkit_migrations WHERE version >= 5;
            """);

        await using var upgraded = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema });
        await upgraded.InitializeAsync();

        var rebuilt = await RollupsAsync(schema);
        rebuilt.Should().Equal(written);
        rebuilt.Select(r => r.Dim).Distinct().Should().HaveCount(24, "12 dimensions and pairs, hourly and daily");
        var query = new AuditQuery { From = Start.AddHours(5).AddMinutes(3), To = Start.AddDays(3), ActorIds = ["jsmith"], EntityTypes = ["Order"] };
        (await upgraded.CountAsync(query)).Should().Be(events.Count(e => QueryCases.Matches(e, query)));
    }

    private static async Task<List<(int Dim, string Tenant, long Bucket, string Key, long Count)>> RollupsAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT dim, tenant, bucket, key, count FROM \"{schema}\".audit_rollups ORDER BY dim, tenant COLLATE \"C\", bucket, key COLLATE \"C\";", connection);
        var rows = new List<(int, string, long, string, long)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4)));
        }

        return rows;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
