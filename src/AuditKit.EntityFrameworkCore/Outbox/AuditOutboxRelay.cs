using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <inheritdoc cref="IAuditOutboxRelay"/>
internal sealed class AuditOutboxRelay(AuditOutbox outbox, IAuditReader reader, IOptionsMonitor<EntityAuditOptions> options, TimeProvider time) : IAuditOutboxRelay
{
    private const int Batch = 500;

    public async Task<int> RelayAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        AuditOutbox.EnsureSupported(context);
        var cutoff = (time.GetUtcNow() - options.CurrentValue.OutboxRelayAge).UtcTicks;
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = context.Database.GetDbConnection();
            await AuditOutbox.EnsureTableAsync(connection, cancellationToken).ConfigureAwait(false);
            var relayed = 0;
            string? after = null;
            while (true)
            {
                var rows = await ReadAsync(connection, cutoff, after, cancellationToken).ConfigureAwait(false);
                foreach (var (id, json) in rows)
                {
                    if (!Guid.TryParse(id, out var eventId))
                    {
                        throw new InvalidDataException($"The {AuditOutbox.Table} row '{id}' does not have an event id; it was left in place.");
                    }

                    if (await reader.GetAsync(eventId, cancellationToken).ConfigureAwait(false) is null)
                    {
                        using var document = JsonDocument.Parse(json);
                        await outbox.Log.EnqueuePreparedAsync(AuditEventJson.Read(document.RootElement), AuditDurability.Committed, cancellationToken).ConfigureAwait(false);
                        relayed++;
                    }

                    await using var delete = connection.CreateCommand();
                    delete.CommandText = $"DELETE FROM {AuditOutbox.Table} WHERE id = @id";
                    AuditOutbox.Parameter(delete, "@id").Value = id;
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (rows.Count < Batch)
                {
                    return relayed;
                }

                after = rows[^1].Id;
            }
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<(string Id, string Json)>> ReadAsync(System.Data.Common.DbConnection connection, long cutoff, string? after, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT id, event FROM {AuditOutbox.Table} WHERE created_ticks <= @cutoff AND id > @after ORDER BY id LIMIT {Batch}";
        AuditOutbox.Parameter(select, "@cutoff").Value = cutoff;
        AuditOutbox.Parameter(select, "@after").Value = after ?? string.Empty;
        var rows = new List<(string, string)>();
        await using var read = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await read.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((read.GetString(0), read.GetString(1)));
        }

        return rows;
    }
}
