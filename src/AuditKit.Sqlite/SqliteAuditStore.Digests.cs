using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditKit.Sqlite;

public sealed partial class SqliteAuditStore
{
    private const int DigestChunks = 4;

    /// <summary>
    /// The verifier's read, on two cores: a reader thread steps the rows with SQLite's statement API and writes
    /// each canonical form from the column bytes (<see cref="SqliteCanonicalRow"/>); the caller's side hashes the
    /// chunks the reader has filled while it fills the next.
    /// </summary>
    protected override async IAsyncEnumerable<DigestChunk> ReadDigestsAsync(int streamId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var filled = Channel.CreateBounded<CanonicalChunk>(new BoundedChannelOptions(DigestChunks) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateUnbounded<CanonicalChunk>();
        for (var i = 0; i < DigestChunks; i++)
        {
            free.Writer.TryWrite(new CanonicalChunk());
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Factory.StartNew(() => ReadCanonicalRows(streamId, filled.Writer, free.Reader, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await foreach (var chunk in filled.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var digests = chunk.Digests;
                var start = 0;
                for (var i = 0; i < digests.Count; i++)
                {
                    sha.AppendData(digests.Previous(i));
                    sha.AppendData(chunk.Buffer.WrittenSpan[start..chunk.Ends[i]]);
                    sha.GetHashAndReset(digests.Computed(i));
                    start = chunk.Ends[i];
                }

                yield return digests;
                chunk.Clear();
                free.Writer.TryWrite(chunk);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the caller stopped reading early
            }
        }
    }

    private void ReadCanonicalRows(int streamId, ChannelWriter<CanonicalChunk> filled, ChannelReader<CanonicalChunk> free, CancellationToken cancellationToken)
    {
        try
        {
            // A connection of its own in multi-thread mode (no per-call mutex: reading a column otherwise locks and
            // unlocks the connection's mutex, ~50 ns a column); only this thread uses it.
            using var connection = _databasePath is null ? new SqliteConnection(_connectionString) : null;
            sqlite3 db;
            if (connection is null)
            {
                Check(null, raw.sqlite3_open_v2(_databasePath!, out db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null));
                raw.sqlite3_busy_timeout(db, 30_000);
            }
            else
            {
                connection.Open();
                db = connection.Handle!;
            }

            using var own = connection is null ? db : null;
            var sql = $"SELECT {SqliteSchema.ReadColumns} FROM audit_events WHERE key BETWEEN {AuditStreamKey.First(streamId)} AND {AuditStreamKey.Last(streamId)} ORDER BY key;";
            Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
            using (statement)
            {
                var chunk = Take(free, cancellationToken);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    var row = new SqliteRow(statement);
                    var key = row.Int64(0);
                    var year = AuditCursor.FromMicros(row.Int64(2)).Year;
                    chunk.Digests.Add(AuditStreamKey.SequenceOf(key), year, row.Bytes(28), row.Bytes(29));
                    if (row.IsNull(SqliteCanonicalRow.Seals))
                    {
                        SqliteCanonicalRow.Write(row, chunk.Buffer);
                    }
                    else
                    {
                        AuditCanonicalForm.Write(SqliteCanonicalRow.ToEvent(row), chunk.Buffer);
                    }

                    chunk.Ends[chunk.Digests.Count - 1] = chunk.Buffer.WrittenCount;
                    if (chunk.Digests.IsFull)
                    {
                        filled.WriteAsync(chunk, cancellationToken).AsTask().GetAwaiter().GetResult();
                        chunk = Take(free, cancellationToken);
                    }
                }

                if (rc != raw.SQLITE_DONE)
                {
                    Check(db, rc);
                }

                if (chunk.Digests.Count > 0)
                {
                    filled.WriteAsync(chunk, cancellationToken).AsTask().GetAwaiter().GetResult();
                }
            }

            filled.TryComplete();
        }
        catch (Exception ex)
        {
            filled.TryComplete(ex);
            throw;
        }
    }

    private static CanonicalChunk Take(ChannelReader<CanonicalChunk> free, CancellationToken cancellationToken) =>
        free.TryRead(out var chunk) ? chunk : free.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    private static void Check(sqlite3? db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{(db is null ? raw.sqlite3_errstr(rc) : raw.sqlite3_errmsg(db)).utf8_to_string()}'.", rc);
        }
    }

    /// <summary>A chunk of digests with the canonical bytes they are hashed from.</summary>
    private sealed class CanonicalChunk
    {
        public DigestChunk Digests { get; } = new(DigestChunk.DefaultCapacity);

        public ArrayBufferWriter<byte> Buffer { get; } = new(DigestChunk.DefaultCapacity * 1024);

        public int[] Ends { get; } = new int[DigestChunk.DefaultCapacity];

        public void Clear()
        {
            Digests.Clear();
            Buffer.ResetWrittenCount();
        }
    }
}
