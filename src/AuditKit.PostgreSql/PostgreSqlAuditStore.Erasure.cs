using Dapper;
using NpgsqlTypes;

namespace AuditKit.PostgreSql;

public sealed partial class PostgreSqlAuditStore
{
    /// <inheritdoc />
    public override async Task ApplyErasureAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var e in events)
        {
            var parameters = new DynamicParameters(new
            {
                Key = AuditStreamKey.Pack(e.StreamId, e.Sequence),
                Ts = AuditCursor.ToMicros(e.Timestamp),
                ActorName = e.Actor?.Name,
                ActorEmail = e.Actor?.Email,
                ClientIp = e.Client?.IpAddress,
                ClientLocation = e.Client?.Location,
                ClientUserAgent = e.Client?.UserAgent,
                ClientDevice = e.Client?.Device,
                RecordName = e.Target?.RecordName,
                Changes = StoredJson.WriteChanges(e.Changes, json),
                Seals = e.Seals?.ToJson(),
            });
            parameters.Add("Search", SearchVector(e));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE audit_events SET actor_name = @ActorName, actor_email = @ActorEmail, client_ip = @ClientIp, client_location = @ClientLocation,
                    client_user_agent = @ClientUserAgent, client_device = @ClientDevice, record_name = @RecordName, changes = @Changes::jsonb,
                    seals = @Seals, search = @Search
                WHERE key = @Key AND ts = @Ts;
                """,
                parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
