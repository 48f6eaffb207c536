using AuditKit.Storage.Conformance.Support;
using Npgsql;

namespace AuditKit.PostgreSql.Tests;

/// <summary>
/// Trailing roll-ups (<c>PostgreSqlAuditStore.TrailingRollups.cs</c>): pipelined batches commit without their roll-up
/// upsert; the counts follow every few events with a mark per stream. Every count must stay exact whatever state the
/// roll-ups are in — before a flush, after one, after a crash between the commit and the roll-ups, after a deletion or
/// a dropped month took trailing events. The oracle is LINQ over the events read back from the store.
/// </summary>
[TestFixture]
public sealed class PostgreSqlTrailingRollupTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task PipelinedBatches_CountsMatchTheEventsReadBack_BeforeAndAfterEachFlush()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        store.RollupFlushEvery = 5;
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId, Start);
        var sawTrailing = false;
        foreach (var size in new[] { 1, 2, 1, 3, 4, 1, 1, 2, 6, 1 })
        {
            await store.AppendAsync(writer.Next(size));
            var (mark, rolled) = await MarkAndRolledAsync(schema, lease.StreamId);
            sawTrailing |= mark < writer.Sequence;
            (writer.Sequence - mark).Should().BeLessThan(store.RollupFlushEvery + 6, "the mark follows within a flush and a batch");
            rolled.Should().Be(mark, "the roll-ups hold exactly the events up to the mark");
            await ShouldMatchOracleAsync(store, lease.StreamId);
        }

        sawTrailing.Should().BeTrue("small batches leave their roll-ups trailing");
    }

    [Test]
    public async Task CopyBatchAfterTrailingEvents_CountsTheTailAndItselfOnce()
    {
        // The COPY path counts the trailing events and its own batch in its transaction: each exactly once, whatever the
        // order of the tail query and the COPY (the tail query must not find the batch's own rows and count them again).
        await using var store = PostgreSqlServer.NewStore(out var schema);
        store.RollupFlushEvery = 1_000;
        store.CopyFrom = 6;
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId, Start);
        foreach (var size in new[] { 1, 2, 3, 8, 1, 2, 7 })
        {
            await store.AppendAsync(writer.Next(size));
            var (mark, rolled) = await MarkAndRolledAsync(schema, lease.StreamId);
            if (size >= store.CopyFrom)
            {
                mark.Should().Be(writer.Sequence, "a COPY batch brings the mark to its last event");
            }

            rolled.Should().Be(mark, "the roll-ups hold exactly the events up to the mark");
            await ShouldMatchOracleAsync(store, lease.StreamId);
        }
    }

    [Test]
    public async Task CrashBetweenCommitAndRollups_CountsExactMeanwhile_AndTheNextWriterCatchesUp()
    {
        var crashed = PostgreSqlServer.NewStore(out var schema);
        crashed.RollupFlushEvery = 1_000;
        var lease = await crashed.OpenStreamAsync(null, "tests");
        var streamId = lease.StreamId;
        var writer = new Linker(streamId, Start);
        for (var i = 0; i < 7; i++)
        {
            await crashed.AppendAsync(writer.Next(1));
        }

        (await MarkAndRolledAsync(schema, streamId)).Should().Be((0L, 0L), "seven committed events, none of them in the roll-ups yet");

        // The process dies: its connections drop (the lease's lock with them), the counts it held in memory are gone.
        await KillLeaseConnectionAsync(schema, streamId);
        NpgsqlConnection.ClearAllPools();

        // Another process reads meanwhile: exact from the events past the mark.
        await using (var reader = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema }))
        {
            await ShouldMatchOracleAsync(reader, streamId);
        }

        // The next writer of the stream counts what was left, then continues.
        await using var next = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = PostgreSqlServer.ConnectionString, Schema = schema });
        next.RollupFlushEvery = 4;
        await using var nextLease = await next.OpenStreamAsync(streamId, "tests");
        (await MarkAndRolledAsync(schema, streamId)).Should().Be((7L, 7L), "the new holder counted the crashed writer's tail");
        var continued = new Linker(streamId, Start.AddHours(5), firstSequence: 8, previousHash: Convert.FromHexString(nextLease.LastHash));
        for (var i = 0; i < 6; i++)
        {
            await next.AppendAsync(continued.Next(1));
            await ShouldMatchOracleAsync(next, streamId);
        }

        (await ChainCheck.VerifyAsync(next, streamId)).Should().Be(13);
        await crashed.DisposeAsync();
    }

    [Test]
    public async Task DeletionOfTrailingEvents_TheStaleInMemoryCountsAreNotAdded()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        store.RollupFlushEvery = 6;
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var writer = new Linker(lease.StreamId, Start);
        for (var i = 0; i < 4; i++)
        {
            await store.AppendAsync(writer.Next(1)); // four events trailing, counted in the writer's memory
        }

        var deleted = await store.DeleteEventsAsync(new AuditDeletionRequest(AuditCategory.RecordChange, Start, Start.AddHours(2)) { StreamId = lease.StreamId, ThroughSequence = 3 });
        deleted.Deleted.Should().BeGreaterThan(0, "the deletion takes trailing events (never the stream's newest)");
        await ShouldMatchOracleAsync(store, lease.StreamId);

        // The writer's next batches reach its flush: the counts it kept include deleted events and must not be added.
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(writer.Next(1));
            await ShouldMatchOracleAsync(store, lease.StreamId);
        }

        var (mark, rolled) = await MarkAndRolledAsync(schema, lease.StreamId);
        rolled.Should().Be(await CountStoredAsync(schema, lease.StreamId, mark), "the roll-ups hold exactly the stored events up to the mark");
    }

    [Test]
    public async Task DroppedMonthWithTrailingEvents_ItsCountsDoNotComeBack()
    {
        await using var store = PostgreSqlServer.NewStore(out var schema);
        store.RollupFlushEvery = 8;
        await using var lease = await store.OpenStreamAsync(null, "tests");
        var january = new Linker(lease.StreamId, new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(january.Next(1));
        }

        var march = new Linker(lease.StreamId, Start, firstSequence: 4, previousHash: january.Head);
        await store.AppendAsync(march.Next(1));
        (await store.DropMonthsBeforeAsync(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero))).Should().ContainSingle();
        for (var i = 0; i < 6; i++)
        {
            await store.AppendAsync(march.Next(1)); // passes the writer's flush: January's counts it kept must not return
            await ShouldMatchOracleAsync(store, lease.StreamId);
        }

        await using var connection = await OpenAsync(schema);
        await using var januaryRows = new NpgsqlCommand("SELECT count(*) FROM audit_rollups WHERE bucket < $1", connection);
        januaryRows.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditCursor.ToMicros(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)) });
        (await januaryRows.ExecuteScalarAsync()).Should().Be(0L);
    }

    // Counts through the roll-ups (whole days, whole hours, totals per tenant) against LINQ over the stored events.
    private static async Task ShouldMatchOracleAsync(PostgreSqlAuditStore store, int streamId)
    {
        var events = new List<AuditEvent>();
        await foreach (var e in store.ReadStreamAsync(streamId))
        {
            events.Add(e);
        }

        var from = Start.AddMonths(-3);
        var to = Start.AddMonths(1);
        var byActor = await store.AggregateAsync(new AggregateQuery { From = from, To = to, GroupBy = AggregateDimension.Actor });
        byActor.ToDictionary(c => c.Key, c => c.Count).Should().BeEquivalentTo(
            events.Where(e => e.Timestamp >= from && e.Timestamp < to).GroupBy(e => e.Actor!.Id!).ToDictionary(g => g.Key, g => (long)g.Count()));

        var hours = Start.AddHours(1);
        var byAction = await store.AggregateAsync(new AggregateQuery { From = hours, To = hours.AddHours(3), GroupBy = AggregateDimension.Action, TenantId = "t1" });
        byAction.ToDictionary(c => c.Key, c => c.Count).Should().BeEquivalentTo(
            events.Where(e => e.Timestamp >= hours && e.Timestamp < hours.AddHours(3) && e.TenantId == "t1").GroupBy(e => e.Action).ToDictionary(g => g.Key, g => (long)g.Count()));

        (await store.CountAsync(new AuditQuery { ActorIds = ["sjones"] })).Should().Be(events.Count(e => e.Actor!.Id == "sjones"));
        (await store.GetStorageInfoAsync()).EventCount.Should().Be(events.Count);
        (await store.GetStorageInfoAsync("t1")).EventCount.Should().Be(events.Count(e => e.TenantId == "t1"));
    }

    // The stream's mark and the events the roll-ups count (their hourly totals).
    private static async Task<(long Mark, long Rolled)> MarkAndRolledAsync(string schema, int streamId)
    {
        await using var connection = await OpenAsync(schema);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT sequence FROM audit_rollup_marks WHERE stream_id = $1), (SELECT coalesce(sum(count), 0)::bigint FROM audit_rollups WHERE dim = 0)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = streamId });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<long> CountStoredAsync(string schema, int streamId, long throughSequence)
    {
        await using var connection = await OpenAsync(schema);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE key BETWEEN $1 AND $2", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.First(streamId) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AuditStreamKey.Pack(streamId, throughSequence) });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task KillLeaseConnectionAsync(string schema, int streamId)
    {
        await using var admin = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ($1::bigint & 4294967295) AND objid::bigint = $2", admin);
        kill.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PostgreSqlSchema.LockClass(schema) });
        kill.Parameters.Add(new NpgsqlParameter<int> { TypedValue = streamId });
        (await kill.ExecuteScalarAsync()).Should().Be(1L);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string schema)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgreSqlServer.ConnectionString) { SearchPath = schema }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Links events as the writer does; actors, actions and tenants vary, one event every 13 minutes from <paramref name="start"/>.</summary>
    private sealed class Linker(int streamId, DateTimeOffset start, long firstSequence = 1, byte[]? previousHash = null)
    {
        private static readonly string[] Actors = ["jsmith", "sjones", "mwilson"];
        private static readonly string[] Actions = [AuditActions.Update, AuditActions.Create, AuditActions.Delete];
        private readonly AuditChain _chain = new();
        private int _n;

        public byte[] Head { get; } = previousHash ?? new byte[32];

        public long Sequence { get; private set; } = firstSequence - 1;

        public List<AuditEvent> Next(int count)
        {
            var batch = new List<AuditEvent>(count);
            for (var i = 0; i < count; i++)
            {
                _n++;
                var e = new AuditEvent(AuditCategory.RecordChange, Actions[_n % Actions.Length])
                {
                    Timestamp = start.AddMinutes(13 * _n),
                    TenantId = _n % 3 == 0 ? null : "t" + (_n % 2),
                    Message = $"trailing event {_n}",
                    Actor = new AuditActor(Actors[_n % Actors.Length], "Someone", null, "Clerk"),
                    Target = new AuditTarget("Customer", $"CUST-{_n}", "Acme Corporation"),
                };
                StoreSeeder.Prepare(e);
                e.StreamId = streamId;
                e.Sequence = ++Sequence;
                _chain.Link(e, Head);
                batch.Add(e);
            }

            return batch;
        }
    }
}
