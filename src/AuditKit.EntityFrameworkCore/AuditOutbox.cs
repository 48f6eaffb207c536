using System.Buffers;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AuditKit;

/// <summary>
/// The outbox table in the business database (<see cref="EntityAuditOptions.Outbox"/>): events are prepared and
/// inserted inside the committing transaction, queued to the audit log after the commit, and their rows deleted once
/// the log has stored them (by the next staging transaction in that database, or by <see cref="IAuditOutboxRelay"/>).
/// </summary>
internal sealed class AuditOutbox(IPreparedAuditLog log, TimeProvider time)
{
    public const string Table = "auditkit_outbox";

    private const string Create = $"CREATE TABLE IF NOT EXISTS {Table} (id VARCHAR(36) NOT NULL PRIMARY KEY, created_ticks BIGINT NOT NULL, event TEXT NOT NULL)";

    private readonly ConcurrentDictionary<string, OutboxDatabase> _databases = new(StringComparer.Ordinal);

    public IPreparedAuditLog Log => log;

    /// <summary>Fails clearly for a provider whose SQL the outbox does not speak (it is tested on SQLite and PostgreSQL).</summary>
    public static void EnsureSupported(DbContext context)
    {
        var provider = context.Database.ProviderName ?? string.Empty;
        if (!provider.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) && !provider.Contains("Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"EntityAuditOptions.Outbox supports the SQLite and PostgreSQL (Npgsql) providers; this context uses '{provider}'. Turn Outbox off for it, or record without the outbox.");
        }
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>, before it commits: prepares the events (id, time, checks, seals), inserts
    /// them, and deletes the rows of events stored since the last call. Returns what to <see cref="Release"/> after the commit.
    /// </summary>
    public async ValueTask<OutboxStaging> StageAsync(DbTransaction transaction, IReadOnlyList<AuditEvent> events, bool async, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection ?? throw new InvalidOperationException("The committing transaction has no connection.");
        var database = Database(connection);

        // Every time, not once per process: the database may have been dropped and created again since.
        await ExecuteAsync(connection, transaction, Create, async, cancellationToken).ConfigureAwait(false);
        if (events.Count > 0)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {Table} (id, created_ticks, event) VALUES (@id, @created, @event)";
            var id = Parameter(insert, "@id");
            var created = Parameter(insert, "@created");
            var json = Parameter(insert, "@event");
            var buffer = new ArrayBufferWriter<byte>(1024);
            created.Value = time.GetUtcNow().UtcTicks;
            List<AuditEvent>? kept = null;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (!log.Prepare(e))
                {
                    // Dropped by the event policy: neither staged nor queued.
                    kept ??= [.. events.Take(i)];
                    continue;
                }

                kept?.Add(e);
                buffer.ResetWrittenCount();
                AuditEventJson.Write(e, buffer);
                id.Value = e.Id.ToString("D");
                json.Value = Encoding.UTF8.GetString(buffer.WrittenSpan);
                await Run(insert, async, cancellationToken).ConfigureAwait(false);
            }

            events = kept ?? events;
        }

        if (database.TakeStored() is { Count: > 0 } stored)
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {Table} WHERE id = @id";
            var id = Parameter(delete, "@id");
            foreach (var storedId in stored)
            {
                id.Value = storedId.ToString("D");
                await Run(delete, async, cancellationToken).ConfigureAwait(false);
            }
        }

        return new OutboxStaging(database, events);
    }

    /// <summary>
    /// After the commit: queues the prepared events. Each one's row is marked for deletion once the log has stored it.
    /// The task completes when all are stored (awaited only for <see cref="AuditDurability.Committed"/> saves); a
    /// failure leaves the row for the relay.
    /// </summary>
    public Task Release(OutboxStaging staging)
    {
        return staging.Events.Count == 0 ? Task.CompletedTask : Task.WhenAll(staging.Events.Select(StoreAsync));

        async Task StoreAsync(AuditEvent e)
        {
            await log.EnqueuePreparedAsync(e, AuditDurability.Committed, CancellationToken.None).ConfigureAwait(false);
            staging.Database.Stored(e.Id);
        }
    }

    /// <summary>Creates the table when missing, outside any transaction (the relay).</summary>
    public static ValueTask EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, Create, async: true, cancellationToken);

    private OutboxDatabase Database(DbConnection connection) =>
        _databases.GetOrAdd(connection.ConnectionString, static _ => new OutboxDatabase());

    private static async ValueTask ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, bool async, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await Run(command, async, cancellationToken).ConfigureAwait(false);
    }

    // SaveChangesAsync stages with async I/O, SaveChanges synchronously (the ValueTask then completes at once).
    private static async ValueTask Run(DbCommand command, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            command.ExecuteNonQuery();
        }
    }

    internal static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>One business database: the ids whose events the log has stored, whose rows the next staging deletes.</summary>
    internal sealed class OutboxDatabase
    {
        private readonly ConcurrentQueue<Guid> _stored = new();

        public void Stored(Guid id) => _stored.Enqueue(id);

        public List<Guid> TakeStored()
        {
            var taken = new List<Guid>();
            while (taken.Count < 10_000 && _stored.TryDequeue(out var id))
            {
                taken.Add(id);
            }

            return taken;
        }
    }
}

/// <summary>Events inserted into one database's outbox by a committing transaction, to be queued once it has committed.</summary>
internal sealed record OutboxStaging(AuditOutbox.OutboxDatabase Database, IReadOnlyList<AuditEvent> Events);
