using AuditKit.Storage.Conformance.Support;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// The writer's latency path (<c>PostgreSqlAuditStore.LeasedAppend.cs</c>): batches of a held stream go over the
/// stream's own connection, small ones as one pipelined statement batch from the head kept in memory. What must hold:
/// every event stored exactly once in order whatever the batch sizes, idempotent replays, and a stream written by
/// something else past the remembered head is caught, never given a second event at a sequence.
/// </summary>
[TestFixture]
public sealed class PostgreSqlLeasedAppendTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task HeldStream_BatchesAroundTheCopyCrossover_AndAReplay_StoredOnceInOrderWithRollups()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId);
        int[] sizes = [1, PostgreSqlAuditStore.DefaultCopyFrom - 1, PostgreSqlAuditStore.DefaultCopyFrom, 3, 1];
        var batches = sizes.Select(writer.Next).ToList();

        foreach (var batch in batches)
        {
            await store.AppendAsync(batch);
        }

        await store.AppendAsync(batches[1]); // a retry of a batch that did commit: stores nothing twice
        await store.AppendAsync(writer.Next(2)); // and the remembered head still continues correctly after it

        var total = sizes.Sum() + 2;
        (await ChainCheck.VerifyAsync(store, lease.StreamId)).Should().Be(total);
        (await CountRowsAsync(schema, lease.StreamId)).Should().Be((total, total));
        (await store.AggregateAsync(new AggregateQuery { From = Start, To = Start.AddDays(1), GroupBy = AggregateDimension.Category })).Sum(c => c.Count).Should().Be(total);
        (await store.QueryAsync(new AuditQuery { Text = "pipelined", PageSize = 500 })).Events.Should().HaveCount(total, "the tsvector is written on both paths");
    }

    [Test]
    public async Task HeldStream_SomethingElseWroteItsNextSequences_AppendFailsInsteadOfStoringASecondEventThere()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId);
        await store.AppendAsync(writer.Next(3));

        // Another store instance (no lease: a misconfigured tool) writes sequences 4 and 5 of the same stream.
        var intruder = new Linker(lease.StreamId, firstSequence: 4, message: "intruder");
        await using (var other = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema }))
        {
            await other.AppendAsync(intruder.Next(2));
        }

        // The holder's next small batch continues its remembered head (3): its guard must see 4 and 5.
        var act = () => store.AppendAsync(writer.Next(2));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*already holds a different event at sequence 4*");
        (await CountRowsAsync(schema, lease.StreamId)).Should().Be((5, 5), "no sequence holds two events");
    }

    [Test]
    public async Task HeldStream_ItsConnectionIsKilled_TheRetryTakesTheLockAgainAndStoresTheBatchOnce()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId);
        await store.AppendAsync(writer.Next(2));

        await using (var admin = new NpgsqlConnection(PostgreSqlServer.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ($1::bigint & 4294967295) AND objid::bigint = $2", admin);
            kill.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgreSqlSchema.LockClass(schema) });
            kill.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lease.StreamId });
            (await kill.ExecuteScalarAsync()).Should().Be(1L, "the stream's lock is held by the store's connection");
        }

        var batch = writer.Next(3);
        Exception? first = null;
        try
        {
            await store.AppendAsync(batch);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            first = ex; // the writer retries a failed append with the same batch
        }

        if (first is not null)
        {
            await store.AppendAsync(batch);
        }

        await store.AppendAsync(writer.Next(1));
        (await ChainCheck.VerifyAsync(store, lease.StreamId)).Should().Be(6);
        (await CountRowsAsync(schema, lease.StreamId)).Should().Be((6, 6));
    }

    private static async Task<(long Rows, long Keys)> CountRowsAsync(string schema, int streamId)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgreSqlServer.ConnectionString) { SearchPath = schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT key) FROM audit_events WHERE key BETWEEN $1 AND $2", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.First(streamId) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.Last(streamId) });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Links events as the writer does: sequences from <paramref name="firstSequence"/>, the hash chain from genesis.</summary>
    private sealed class Linker(int streamId, long firstSequence = 1, string message = "pipelined event")
    {
        private readonly byte[] _head = new byte[32];
        private readonly AuditChain _chain = new();
        private long _sequence = firstSequence - 1;
        private int _n;

        public List<AuditEvent> Next(int count)
        {
            var batch = new List<AuditEvent>(count);
            for (var i = 0; i < count; i++)
            {
                var e = new AuditEvent(AuditCategory.RecordChange, AuditActions.Update)
                {
                    Timestamp = Start.AddSeconds(++_n),
                    Message = $"{message} {_n}",
                    Actor = new AuditActor("jsmith", "John Smith", "jsmith@example.com", "Sales Manager"),
                    Target = new AuditTarget("Customer", $"CUST-{_n}", "Acme Corporation"),
                    Changes = [new FieldChange("CreditLimit", "$10,000.00", "$15,000.00", DisplayName: "Credit Limit")],
                };
                StoreSeeder.Prepare(e);
                e.StreamId = streamId;
                e.Sequence = ++_sequence;
                _chain.Link(e, _head);
                batch.Add(e);
            }

            return batch;
        }
    }
}
