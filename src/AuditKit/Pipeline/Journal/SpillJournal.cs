using System.Buffers;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// The writer's journal for one stream: sequenced, chained batches that could not reach the store, each one
/// record, fsync'd before the batch's callers are told it is durable. Replayed in order (appends are
/// idempotent on stream and sequence) when the store is back and at start-up.
/// </summary>
internal sealed class SpillJournal : IDisposable
{
    private readonly JournalFile _file;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    private SpillJournal(JournalFile file) => _file = file;

    public int PendingBatches { get; private set; }

    public long PendingEvents { get; private set; }

    public string Path => _file.Path;

    public static string PathFor(string directory, int streamId) => System.IO.Path.Combine(directory, $"stream-{streamId}.journal");

    /// <summary>Opens the stream's journal; what it already holds is returned for replay (with any broken tail reported).</summary>
    public static SpillJournal Open(string directory, int streamId, DateTimeOffset now, out List<List<AuditEvent>> pending, out JournalCorruption? corruption)
    {
        var path = PathFor(directory, streamId);
        JournalContents contents;
        try
        {
            contents = File.Exists(path) ? JournalFile.Read(path) : new JournalContents([], null);
        }
        catch (IOException ex)
        {
            throw Held(path, directory, ex); // the live writer's OS lock refuses even a read
        }

        corruption = contents.Corruption;
        if (corruption is not null)
        {
            // Keep the damaged file for inspection; the intact records are replayed from memory.
            File.Move(path, $"{path}.corrupt-{now.UtcDateTime:yyyyMMddHHmmssfff}", overwrite: false);
        }

        pending = contents.Records.Select(Decode).ToList();
        SpillJournal journal;
        try
        {
            journal = new SpillJournal(JournalFile.Open(path, exclusive: true));
        }
        catch (IOException ex)
        {
            throw Held(path, directory, ex);
        }

        if (corruption is not null)
        {
            foreach (var batch in pending)
            {
                journal.Append(batch);
            }
        }
        else
        {
            journal.PendingBatches = pending.Count;
            journal.PendingEvents = pending.Sum(b => (long)b.Count);
        }

        return journal;
    }

    private static InvalidOperationException Held(string path, string directory, IOException error) =>
        new($"The spill journal {path} is held by another writer: two audit stores share the journal folder {directory}. Give each store its own AuditKitOptions.JournalDirectory. ({error.Message})", error);

    public void Append(IReadOnlyList<AuditEvent> batch)
    {
        _buffer.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++)
        {
            _buffer.GetSpan(1)[0] = i == 0 ? (byte)'[' : (byte)',';
            _buffer.Advance(1);
            AuditEventJson.Write(batch[i], _buffer);
        }

        if (batch.Count == 0)
        {
            _buffer.GetSpan(1)[0] = (byte)'[';
            _buffer.Advance(1);
        }

        _buffer.GetSpan(1)[0] = (byte)']';
        _buffer.Advance(1);
        _file.Append(_buffer.WrittenSpan, durable: true);
        PendingBatches++;
        PendingEvents += batch.Count;
    }

    public List<List<AuditEvent>> ReadPending()
    {
        var contents = _file.ReadAll();
        return contents.Records.Select(Decode).ToList();
    }

    public void Clear()
    {
        _file.Clear();
        PendingBatches = 0;
        PendingEvents = 0;
    }

    public void Dispose() => _file.Dispose();

    private static List<AuditEvent> Decode(ReadOnlyMemory<byte> record)
    {
        using var document = JsonDocument.Parse(record);
        return document.RootElement.EnumerateArray().Select(AuditEventJson.Read).ToList();
    }
}
