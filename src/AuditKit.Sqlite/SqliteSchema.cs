using Microsoft.Data.Sqlite;

namespace AuditKit.Sqlite;

/// <summary>Versioned, idempotent schema migrations, applied in an IMMEDIATE transaction so several processes can start at once.</summary>
internal static class SqliteSchema
{
    public const string EventColumns =
        "key, id, ts, tenant_id, category, action, outcome, risk, message, actor_id, actor_name, actor_email, actor_role, actor_kind, " +
        "client_ip, client_location, client_user_agent, client_device, client_session, entity_type, record_id, record_name, module, component, " +
        "changes, correlation_id, trace_id, metadata, prev_hash, hash, seals, digests";

    /// <summary>The columns reads need (<see cref="EventColumns"/> without the field digests, which only the verifier's diagnosis reads).</summary>
    public const string ReadColumns =
        "key, id, ts, tenant_id, category, action, outcome, risk, message, actor_id, actor_name, actor_email, actor_role, actor_kind, " +
        "client_ip, client_location, client_user_agent, client_device, client_session, entity_type, record_id, record_name, module, component, " +
        "changes, correlation_id, trace_id, metadata, prev_hash, hash, seals";

    private static readonly string[] Migrations =
    [
        // 1: events keyed by (stream << 40 | sequence): appends stay at the end of the table's B-tree and
        // no random-UUID index is needed (GetAsync(id) uses the time index: a UUID v7 carries its millisecond).
        """
        CREATE TABLE audit_streams (
            stream_id   INTEGER PRIMARY KEY,
            created_us  INTEGER NOT NULL,
            application TEXT,
            host        TEXT
        );
        CREATE TABLE audit_events (
            key               INTEGER PRIMARY KEY,
            id                BLOB    NOT NULL,
            ts                INTEGER NOT NULL,
            tenant_id         TEXT,
            category          INTEGER NOT NULL,
            action            TEXT    NOT NULL,
            outcome           INTEGER NOT NULL,
            risk              INTEGER NOT NULL,
            message           TEXT,
            actor_id          TEXT,
            actor_name        TEXT,
            actor_email       TEXT,
            actor_role        TEXT,
            actor_kind        INTEGER,
            client_ip         TEXT,
            client_location   TEXT,
            client_user_agent TEXT,
            client_device     TEXT,
            client_session    TEXT,
            entity_type       TEXT,
            record_id         TEXT,
            record_name       TEXT,
            module            TEXT,
            component         TEXT,
            changes           TEXT,
            correlation_id    TEXT,
            trace_id          TEXT,
            metadata          TEXT,
            prev_hash         BLOB    NOT NULL,
            hash              BLOB    NOT NULL
        );
        CREATE INDEX ix_audit_events_ts ON audit_events (ts);
        CREATE INDEX ix_audit_events_actor ON audit_events (actor_id, ts, action);
        CREATE INDEX ix_audit_events_record ON audit_events (entity_type, record_id, ts);
        CREATE INDEX ix_audit_events_correlation ON audit_events (correlation_id) WHERE correlation_id IS NOT NULL;
        CREATE VIRTUAL TABLE audit_events_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
        CREATE TABLE audit_rollups (
            dim    INTEGER NOT NULL,
            tenant TEXT    NOT NULL,
            bucket INTEGER NOT NULL,
            key    TEXT    NOT NULL,
            count  INTEGER NOT NULL,
            PRIMARY KEY (dim, tenant, bucket, key)
        ) WITHOUT ROWID;
        """,

        // 2: signed checkpoints, kept as their canonical JSON (the signature covers it).
        """
        CREATE TABLE audit_checkpoints (
            stream_id   INTEGER NOT NULL,
            to_sequence INTEGER NOT NULL,
            checkpoint  TEXT    NOT NULL,
            PRIMARY KEY (stream_id, to_sequence)
        ) WITHOUT ROWID;
        """,

        // 3: salts or commitments of sealed personal fields, and the erasures applied (docs/integrity.md, "Erasure").
        """
        ALTER TABLE audit_events ADD COLUMN seals TEXT;
        """,

        // 4: per-member digests of the canonical form, so the verifier can name the fields of an edited event.
        """
        ALTER TABLE audit_events ADD COLUMN digests BLOB;
        """,

        // 5: the free-text index holds AuditKit's own folded words (SearchTerms: NFKC, lower case, final sigma),
        // so SQLite matches exactly like the other stores; FTS5's 'ascii' tokenizer only splits them at the spaces.
        // Contentless without contentless_delete, in secure-delete mode: an erasure removes the old words from the
        // index pages themselves (given the old text), where a contentless_delete tombstone would leave them in the
        // file. The index is rebuilt from the stored events (RebuildSearchIndex).
        """
        DROP TABLE audit_events_fts;
        CREATE VIRTUAL TABLE audit_events_fts USING fts5 (body, content = '', tokenize = 'ascii');
        INSERT INTO audit_events_fts (audit_events_fts, rank) VALUES ('secure-delete', 1);
        """,

        // 6: named, versioned settings documents (IAuditSettings: event policy, rules, schedules).
        """
        CREATE TABLE audit_settings (
            name       TEXT    PRIMARY KEY,
            version    INTEGER NOT NULL,
            json       TEXT    NOT NULL,
            updated_us INTEGER NOT NULL,
            updated_by TEXT
        ) WITHOUT ROWID;
        """,

        // 7: roll-ups per UTC day beside the hourly ones, and for risk and the pairs the screens ask for (category ×
        // action, category × risk, actor × action, actor × entity type, action × outcome), keyed by time before tenant so a read of all tenants
        // seeks its range, and by key so one key's series (a component's heartbeats per hour) is a seek. Rebuilt from the stored events (RebuildRollups).
        """
        DROP TABLE audit_rollups;
        CREATE TABLE audit_rollups (
            dim    INTEGER NOT NULL,
            tenant TEXT    NOT NULL,
            bucket INTEGER NOT NULL,
            key    TEXT    NOT NULL,
            count  INTEGER NOT NULL,
            PRIMARY KEY (dim, bucket, tenant, key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_audit_rollups_key ON audit_rollups (dim, key, bucket);
        """,

        // 8: what a retention deletion keeps of each deleted event (AuditStore.DeleteEventsAsync): its position, time,
        // category and the hashes that link it into the chain, so the stream still verifies.
        """
        CREATE TABLE audit_tombstones (
            key        INTEGER PRIMARY KEY,
            ts         INTEGER NOT NULL,
            category   INTEGER NOT NULL,
            prev_hash  BLOB    NOT NULL,
            hash       BLOB    NOT NULL,
            deleted_us INTEGER NOT NULL
        );
        """,

        // 9: per stream, the last event whose text is in the free-text index and whose counts are in the roll-ups; the
        // events after it trail (SqliteTrailingIndex). A stream without a row has every event indexed.
        """
        CREATE TABLE audit_index_marks (
            stream_id INTEGER PRIMARY KEY,
            sequence  INTEGER NOT NULL
        );
        """,
    ];

    /// <summary>The version whose migration rebuilds the free-text index from the stored events.</summary>
    private const int SearchIndexVersion = 5;

    /// <summary>The version whose migration rebuilds the roll-ups from the stored events.</summary>
    private const int RollupsVersion = 7;

    public static int LatestVersion => Migrations.Length;

    /// <summary>The schema version of a database, or null when it has no AuditKit migrations table (not an AuditKit store). Reads only.</summary>
    public static long? ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'auditkit_migrations';";
        if ((long)command.ExecuteScalar()! == 0)
        {
            return null;
        }

        command.CommandText = "SELECT coalesce(max(version), 0) FROM auditkit_migrations;";
        return (long)command.ExecuteScalar()!;
    }

    public static void Apply(SqliteConnection connection, TimeProvider timeProvider)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS auditkit_migrations (version INTEGER PRIMARY KEY, applied_us INTEGER NOT NULL);";
            create.ExecuteNonQuery();
        }

        long current;
        using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = "SELECT coalesce(max(version), 0) FROM auditkit_migrations;";
            current = (long)version.ExecuteScalar()!;
        }

        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The audit database has schema version {current}, newer than this AuditKit.Sqlite knows ({Migrations.Length}); upgrade the package.");
        }

        for (var v = (int)current + 1; v <= Migrations.Length; v++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[v - 1] + $"\nINSERT INTO auditkit_migrations (version, applied_us) VALUES ({v}, {timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000});";
            migrate.ExecuteNonQuery();
            if (v == SearchIndexVersion)
            {
                RebuildSearchIndex(connection, transaction);
            }

            if (v == RollupsVersion)
            {
                RebuildRollups(connection, transaction);
            }
        }

        transaction.Commit();
    }

    /// <summary>Counts every stored event into the roll-ups as the appender does, a chunk of events at a time.</summary>
    private static void RebuildRollups(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO audit_rollups (dim, tenant, bucket, key, count) VALUES ($d, $t, $b, $k, $c) ON CONFLICT (dim, tenant, bucket, key) DO UPDATE SET count = count + excluded.count;";
        SqliteParameter[] p = [upsert.Parameters.Add("$d", SqliteType.Integer), upsert.Parameters.Add("$t", SqliteType.Text), upsert.Parameters.Add("$b", SqliteType.Integer), upsert.Parameters.Add("$k", SqliteType.Text), upsert.Parameters.Add("$c", SqliteType.Integer)];
        var counter = new RollupCounter();
        void Flush()
        {
            foreach (var (dim, tenant, bucket, value, count) in counter.Rows)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (dim, tenant, bucket, value, count);
                upsert.ExecuteNonQuery();
            }

            counter.Clear();
        }

        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT {SqliteTrailingIndex.RollupColumns} FROM audit_events e ORDER BY e.key;";
        using var reader = read.ExecuteReader();
        var events = 0;
        while (reader.Read())
        {
            SqliteTrailingIndex.Count(counter, reader);
            if (++events % 50_000 == 0)
            {
                Flush();
            }
        }

        Flush();
    }

    /// <summary>Indexes every stored event's text as the appender does (docs/search.md: 1.6 s for 100,000 events).</summary>
    private static void RebuildSearchIndex(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO audit_events_fts (rowid, body) VALUES ($key, $body);";
        var key = insert.Parameters.Add("$key", SqliteType.Integer);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = $"SELECT {ReadColumns} FROM audit_events ORDER BY key;";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var e = SqliteEventReader.Read(reader).ToEvent();
            key.Value = reader.GetInt64(0);
            body.Value = SearchDocument.IndexText(e);
            insert.ExecuteNonQuery();
        }
    }
}
