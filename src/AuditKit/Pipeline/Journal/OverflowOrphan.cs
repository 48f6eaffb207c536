using System.Text.Json;

namespace AuditKit;

/// <summary>
/// An overflow file left by a process that died, held with an OS lock while a writer takes it over, so two writers
/// starting at once never both take the same file. <see cref="Delete"/> once its events are durable elsewhere.
/// </summary>
internal sealed class OverflowOrphan : IDisposable
{
    private FileStream? _lock;

    private OverflowOrphan(string path, FileStream held, List<AuditEvent> events, JournalCorruption? corruption)
    {
        Path = path;
        _lock = held;
        Events = events;
        Corruption = corruption;
    }

    public string Path { get; }

    /// <summary>The file's intact records, in the order they were written.</summary>
    public List<AuditEvent> Events { get; }

    public JournalCorruption? Corruption { get; }

    /// <summary>Takes hold of the file and reads it; null when a live process holds it (or it is already gone).</summary>
    public static OverflowOrphan? TryTake(string path)
    {
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // held by a live process, or taken over and deleted meanwhile
        }

        try
        {
            var bytes = new byte[held.Length];
            held.ReadExactly(bytes);
            var contents = JournalFile.Parse(bytes);
            var events = new List<AuditEvent>(contents.Records.Count);
            foreach (var record in contents.Records)
            {
                using var document = JsonDocument.Parse(record);
                events.Add(AuditEventJson.Read(document.RootElement));
            }

            return new OverflowOrphan(path, held, events, contents.Corruption);
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the file: its events are in the store or a spill journal. A writer that finds it again first asks the store which ids are stored.</summary>
    public void Delete()
    {
        Dispose();
        File.Delete(Path);
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
