using System.Globalization;

namespace AuditKit.Cli;

/// <summary>`auditkit verify --archives &lt;folder&gt; --archive-key-file &lt;file&gt;`: the archives that retention moved out of the store.</summary>
internal static partial class CliApp
{
    // Each archive on its own (AuditArchiveReader: frames, hashes, links, manifest), consecutive archives of a stream,
    // tenant and category linked by name and SHA-256, and every archived event matching a tombstone (or the event) at
    // its position in the store. Returns the problems found; reads only.
    private static async Task<(int Archives, long Events, List<string> Problems)> VerifyArchivesAsync(CliArguments a, AuditStore store, CancellationToken ct)
    {
        var folder = a.Required("archives");
        if (!Directory.Exists(folder))
        {
            throw new CliUsageException($"--archives folder '{folder}' does not exist.");
        }

        var keyFile = a.Value("archive-key-file") ?? throw new CliUsageException("--archives needs --archive-key-file <file with the 32-byte key as 64 hex digits>.");
        var keys = new CliArchiveKeys(ReadArchiveKey(keyFile), a.Value("archive-key-id"));
        var target = new FolderArchiveTarget(folder);
        var manifests = new List<AuditArchiveManifest>();
        var problems = new List<string>();
        await foreach (var o in target.ListAsync(string.Empty, ct).ConfigureAwait(false))
        {
            if (o.Name.EndsWith(ArchiveNames.ManifestSuffix, StringComparison.Ordinal))
            {
                try
                {
                    manifests.Add(await AuditArchiveReader.ReadManifestAsync(target, o.Name[..^ArchiveNames.ManifestSuffix.Length], ct).ConfigureAwait(false));
                }
                catch (AuditArchiveException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        var byName = manifests.ToDictionary(m => m.Name, StringComparer.Ordinal);
        long events = 0;
        foreach (var manifest in manifests)
        {
            if (manifest.PreviousArchive is { } previous && byName.TryGetValue(previous, out var before)
                && (before.Sha256 != manifest.PreviousSha256 || before.LastSequence >= manifest.FirstSequence || before.StreamId != manifest.StreamId || before.TenantId != manifest.TenantId))
            {
                problems.Add($"Archive '{manifest.Name}': its link to the previous archive '{previous}' does not match it (SHA-256, sequences, stream or tenant).");
            }

            try
            {
                var tombstones = new Dictionary<long, string>();
                await foreach (var t in store.ReadTombstonesAsync(manifest.StreamId, manifest.FirstSequence, ct).ConfigureAwait(false))
                {
                    if (t.Sequence > manifest.LastSequence)
                    {
                        break;
                    }

                    tombstones[t.Sequence] = t.Hash;
                }

                await foreach (var e in AuditArchiveReader.ReadAsync(target, manifest.Name, keys, ct).ConfigureAwait(false))
                {
                    events++;
                    var stored = tombstones.TryGetValue(e.Sequence, out var hash) ? hash : (await store.GetAsync(e.StreamId, e.Sequence, ct).ConfigureAwait(false))?.Hash;
                    if (stored != e.Hash)
                    {
                        problems.Add(string.Create(CultureInfo.InvariantCulture, $"Archive '{manifest.Name}': event {e.StreamId}/{e.Sequence} matches neither a tombstone nor an event of the store."));
                    }
                }
            }
            catch (AuditArchiveException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return (manifests.Count, events, problems);
    }

    private static byte[] ReadArchiveKey(string file)
    {
        if (!File.Exists(file))
        {
            throw new CliUsageException($"--archive-key-file '{file}' does not exist.");
        }

        var text = File.ReadAllText(file).Trim();
        if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
        {
            throw new CliUsageException($"--archive-key-file '{file}' must hold the 32-byte archive key as 64 hex digits.");
        }

        return Convert.FromHexString(text);
    }

    /// <summary>The one key given on the command line, for its key id (or for any id when none is given; the archive's key check still tells a wrong key).</summary>
    private sealed class CliArchiveKeys(byte[] key, string? keyId) : IArchiveKeyProvider
    {
        public string CurrentKeyId => keyId ?? "cli";

        public ValueTask<byte[]?> GetKeyAsync(string id, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(keyId is null || keyId == id ? key : null);
    }
}
