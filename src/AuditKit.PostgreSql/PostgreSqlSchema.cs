using Dapper;
using Npgsql;

namespace AuditKit.PostgreSql;

/// <summary>Versioned migrations, applied under a transaction-level advisory lock so several instances can start at once.</summary>
internal static class PostgreSqlSchema
{
    public const string EventColumns =
        "key, id, ts, tenant_id, category, action, outcome, risk, message, actor_id, actor_name, actor_email, actor_role, actor_kind, " +
        "client_ip, client_location, client_user_agent, client_device, client_session, entity_type, record_id, record_name, module, component, " +
        "changes, correlation_id, trace_id, metadata, prev_hash, hash, seals, digests";

    private static readonly string[] Migrations =
    [
        // 1: events partitioned by month on ts (µs since the epoch); the key is (stream << 40 | sequence) as in
        // SQLite, with ts in the primary key because a partitioned table's unique keys must hold its partition key.
        // changes are jsonb (strings only: re-canonicalized when read); metadata is json, kept byte for byte,
        // because jsonb would rewrite number tokens the hash covers.
        """
        CREATE TABLE audit_streams (
            stream_id   integer PRIMARY KEY,
            created_us  bigint  NOT NULL,
            application text,
            host        text
        );
        CREATE TABLE audit_events (
            key               bigint  NOT NULL,
            id                uuid    NOT NULL,
            ts                bigint  NOT NULL,
            tenant_id         text,
            category          integer NOT NULL,
            action            text    NOT NULL,
            outcome           integer NOT NULL,
            risk              integer NOT NULL,
            message           text,
            actor_id          text,
            actor_name        text,
            actor_email       text,
            actor_role        text,
            actor_kind        integer,
            client_ip         text,
            client_location   text,
            client_user_agent text,
            client_device     text,
            client_session    text,
            entity_type       text,
            record_id         text,
            record_name       text,
            module            text,
            component         text,
            changes           jsonb,
            correlation_id    text,
            trace_id          text,
            metadata          json,
            prev_hash         bytea   NOT NULL,
            hash              bytea   NOT NULL,
            seals             text,
            search            tsvector,
            PRIMARY KEY (key, ts)
        ) PARTITION BY RANGE (ts);
        CREATE INDEX ix_audit_events_ts ON audit_events (ts, key);
        CREATE INDEX ix_audit_events_actor ON audit_events (actor_id, ts, action);
        CREATE INDEX ix_audit_events_record ON audit_events (entity_type, record_id, ts);
        CREATE INDEX ix_audit_events_tenant ON audit_events (tenant_id, ts) WHERE tenant_id IS NOT NULL;
        CREATE INDEX ix_audit_events_correlation ON audit_events (correlation_id) WHERE correlation_id IS NOT NULL;
        CREATE INDEX ix_audit_events_search ON audit_events USING gin (search);
        CREATE TABLE audit_rollups (
            dim    integer NOT NULL,
            tenant text    NOT NULL,
            bucket bigint  NOT NULL,
            key    text    NOT NULL,
            count  bigint  NOT NULL,
            PRIMARY KEY (dim, tenant, bucket, key)
        );
        CREATE TABLE audit_checkpoints (
            stream_id   integer NOT NULL,
            to_sequence bigint  NOT NULL,
            checkpoint  text    NOT NULL,
            PRIMARY KEY (stream_id, to_sequence)
        );
        """,

        // 2: per-member digests of the canonical form, so the verifier can name the fields of an edited event.
        """
        ALTER TABLE audit_events ADD COLUMN digests bytea;
        """,

        // 3: the search words follow the one folding rule of every store (docs/search.md: NFKC, marks, İ → i,
        // ς → σ). Only text with a non-ASCII character can fold differently: RewriteSearchWordsAsync redoes those rows.
        """
        SELECT 1;
        """,

        // 4: named, versioned settings documents (IAuditSettings: event policy, rules, schedules).
        """
        CREATE TABLE audit_settings (
            name       text   PRIMARY KEY,
            version    bigint NOT NULL,
            json       text   NOT NULL,
            updated_us bigint NOT NULL,
            updated_by text
        );
        """,

        // 5: roll-ups per UTC day beside the hourly ones, and for risk and the pairs the screens ask for (category ×
        // action, category × risk, actor × action, actor × entity type, action × outcome), keyed by time before tenant so a read of all tenants
        // seeks its range, and by key so one key's series (a component's heartbeats per hour) is a seek. Rebuilt from the stored events (RebuildRollupsAsync).
        """
        DROP TABLE audit_rollups;
        CREATE TABLE audit_rollups (
            dim    integer NOT NULL,
            tenant text    NOT NULL,
            bucket bigint  NOT NULL,
            key    text    NOT NULL,
            count  bigint  NOT NULL,
            PRIMARY KEY (dim, bucket, tenant, key)
        );
        CREATE INDEX ix_audit_rollups_key ON audit_rollups (dim, key, bucket);
        """,

        // 6: what a retention deletion keeps of each deleted event (AuditStore.DeleteEventsAsync): its position, time,
        // category and the hashes that link it into the chain, so the stream still verifies.
        """
        CREATE TABLE audit_tombstones (
            key        bigint  PRIMARY KEY,
            ts         bigint  NOT NULL,
            category   integer NOT NULL,
            prev_hash  bytea   NOT NULL,
            hash       bytea   NOT NULL,
            deleted_us bigint  NOT NULL
        );
        """,

        // 7: trailing roll-ups (docs/architecture.md, "The latency path"): a stream with a row here has every event up to
        // its sequence counted in audit_rollups; its later events are counted from the events themselves when read, and
        // added to the roll-ups later, in batches, together with the new mark. A stream without a row is counted in full.
        """
        CREATE TABLE audit_rollup_marks (
            stream_id integer PRIMARY KEY,
            sequence  bigint  NOT NULL
        );
        """,
    ];

    /// <summary>The version whose migration rewrites the search words of rows written under the earlier rule.</summary>
    private const int SearchWordsVersion = 3;

    private const int SearchChunk = 2_000;

    /// <summary>The version whose migration rebuilds the roll-ups from the stored events.</summary>
    private const int RollupsVersion = 5;

    private const int RollupChunk = 50_000;

    public static int LatestVersion => Migrations.Length;

    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@lock, 0);", new { @lock = LockClass(schema) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}; CREATE TABLE IF NOT EXISTS {Quote(schema)}.auditkit_migrations (version integer PRIMARY KEY, applied_us bigint NOT NULL);",
            transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT coalesce(max(version), 0) FROM {Quote(schema)}.auditkit_migrations;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException($"The audit schema '{schema}' has version {current}, newer than this AuditKit.PostgreSql knows ({Migrations.Length}); upgrade the package.");
        }

        for (var v = current + 1; v <= Migrations.Length; v++)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"SET LOCAL search_path TO {Quote(schema)}; " + Migrations[v - 1] + $"\nINSERT INTO auditkit_migrations (version, applied_us) VALUES ({v}, {timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000});",
                transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (v == SearchWordsVersion)
            {
                await RewriteSearchWordsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            if (v == RollupsVersion)
            {
                await RebuildRollupsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // The search path is the schema's (SET LOCAL above, for the whole transaction).
    private static async Task RewriteSearchWordsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        long key = long.MinValue, ts = long.MinValue;
        while (true)
        {
            var rows = (await connection.QueryAsync<StoredEventRow>(new CommandDefinition(
                PostgreSqlEventRow.Select + """
                 WHERE (e.key, e.ts) > (@key, @ts)
                   AND concat(e.action, e.message, e.entity_type, e.record_id, e.record_name, e.module, e.component, e.actor_id, e.actor_name,
                              e.actor_email, e.actor_role, e.client_ip, e.changes::text) ~ '[^\x01-\x7f]'
                 ORDER BY e.key, e.ts LIMIT @limit;
                """,
                new { key, ts, limit = SearchChunk }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            foreach (var row in rows)
            {
                var parameters = new DynamicParameters(new { row.Key, row.Ts });
                parameters.Add("Search", PostgreSqlSearchVector.Text(row.ToEvent(changesAreCanonical: false)));
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE audit_events SET search = @Search::tsvector WHERE key = @Key AND ts = @Ts;", parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (rows.Count < SearchChunk)
            {
                return;
            }

            (key, ts) = (rows[^1].Key, rows[^1].Ts);
        }
    }

    // Counts every stored event into the roll-ups as the writer does, a chunk of events at a time.
    private static async Task RebuildRollupsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        long key = long.MinValue, ts = long.MinValue;
        var counter = new RollupCounter();
        while (true)
        {
            var rows = (await connection.QueryAsync<(long Key, long Ts, string? Tenant, int Category, string Action, string? Actor, string? Entity, int Outcome, int Risk)>(new CommandDefinition(
                """
                SELECT key, ts, tenant_id, category, action, actor_id, entity_type, outcome, risk FROM audit_events
                 WHERE (key, ts) > (@key, @ts) ORDER BY key, ts LIMIT @limit;
                """,
                new { key, ts, limit = RollupChunk }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            foreach (var r in rows)
            {
                counter.Add(r.Ts, r.Tenant, (AuditCategory)r.Category, r.Action, r.Actor, r.Entity, (AuditOutcome)r.Outcome, (RiskLevel)r.Risk);
            }

            if (counter.Count > 0)
            {
                await PostgreSqlAuditStore.UpsertRollupsAsync(connection, transaction, counter, cancellationToken).ConfigureAwait(false);
                counter.Clear();
            }

            if (rows.Count < RollupChunk)
            {
                return;
            }

            (key, ts) = (rows[^1].Key, rows[^1].Ts);
        }
    }

    /// <summary>For read-only stores: the schema must hold an AuditKit store of the version this package reads. Reads only.</summary>
    public static async Task CheckAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@name) IS NOT NULL;", new { name = Quote(schema) + ".auditkit_migrations" }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!exists)
        {
            throw new InvalidOperationException($"The PostgreSQL schema '{schema}' is not an AuditKit store: it has no auditkit_migrations table.");
        }

        var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT coalesce(max(version), 0) FROM {Quote(schema)}.auditkit_migrations;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (version != Migrations.Length)
        {
            throw new InvalidOperationException($"The audit schema '{schema}' has version {version}; this AuditKit.PostgreSql reads version {Migrations.Length}. {(version > Migrations.Length ? "Upgrade the package." : "Let a writer migrate it first.")}");
        }
    }

    /// <summary>The advisory-lock class of a schema: its stream locks are (class, stream id).</summary>
    public static int LockClass(string schema)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in "auditkit:" + schema)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
