using System.Buffers;

namespace AuditKit;

/// <summary>
/// Where callers' events go when the queue stays full past <see cref="AuditKitOptions.EnqueueTimeout"/>, or
/// arrive after the log stopped: appended to this process's own file (fsync'd for RecordAsync) and kept in
/// memory for the writer, which takes them in order once the queue is empty. While it holds events, every
/// new event comes here too, so events keep the order they were recorded in. Files left by a process that
/// died are taken over by the next writer at start-up.
/// </summary>
internal sealed class OverflowJournal : IDisposable
{
    public const string FilePrefix = "overflow-";

    private readonly Lock _lock = new();
    private readonly Func<string> _directory;
    private readonly List<AuditEvent> _pending = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private JournalFile? _file;
    private int _taken;
    private volatile bool _active;
    private bool _disposed;

    private readonly TimeProvider _time;

    public OverflowJournal(Func<string> directory, TimeProvider time)
    {
        _directory = directory;
        _time = time;
    }

    public bool Active => _active;

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public long TotalOverflowed { get; private set; }

    /// <summary>Appends an event; throws <see cref="IOException"/> (disk full, no permission) when it could not be written.</summary>
    public void Add(AuditEvent e, bool durable)
    {
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            AuditEventJson.Write(e, _buffer);
            if (_disposed)
            {
                // The log is gone (host disposed): write a file of its own and let go of it, so the next
                // writer to start takes it over.
                using var late = JournalFile.Open(Path.Combine(_directory(), NewFileName()), exclusive: true);
                late.Append(_buffer.WrittenSpan, durable);
                TotalOverflowed++;
                return;
            }

            _file ??= JournalFile.Open(Path.Combine(_directory(), NewFileName()), exclusive: true);
            _file.Append(_buffer.WrittenSpan, durable);
            _pending.Add(e);
            TotalOverflowed++;
            _active = true;
        }
    }

    /// <summary>The oldest events not yet taken, at most <paramref name="max"/>; they stay in the file until <see cref="Committed"/>.</summary>
    public List<AuditEvent> Take(int max)
    {
        lock (_lock)
        {
            var count = Math.Min(max, _pending.Count - _taken);
            var taken = _pending.GetRange(_taken, count);
            _taken += count;
            return taken;
        }
    }

    /// <summary>The taken events are durable in the store (or the spill journal): forget them, and leave overflow mode when nothing is left.</summary>
    public void Committed()
    {
        lock (_lock)
        {
            _pending.RemoveRange(0, _taken);
            _taken = 0;
            if (_pending.Count == 0)
            {
                _file?.Clear();
                _active = false;
            }
        }
    }

    /// <summary>Makes everything appended so far durable (at stop, for fire-and-forget events).</summary>
    public void FlushToDisk()
    {
        lock (_lock)
        {
            _file?.FlushToDisk();
        }
    }

    /// <summary>Overflow files of other processes in the directory, oldest first (names start with their creation time); <see cref="OverflowOrphan.TryTake"/> tells whether one is orphaned.</summary>
    public static IEnumerable<string> OtherFiles(string directory, string? ownPath) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, FilePrefix + "*.journal").Where(path => path != ownPath).Order(StringComparer.Ordinal)
            : [];

    private string NewFileName() => $"{FilePrefix}{_time.GetUtcNow().UtcTicks:D19}-{Guid.NewGuid():N}.journal";

    public string? FilePath
    {
        get
        {
            lock (_lock)
            {
                return _file?.Path;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _file?.Dispose();
            if (_file is not null && _pending.Count == 0)
            {
                File.Delete(_file.Path);
            }

            _file = null;
        }
    }
}
