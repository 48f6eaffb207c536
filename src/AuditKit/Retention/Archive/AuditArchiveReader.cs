using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// Reads and verifies archives (docs/retention.md, "Archive format"). Every event returned comes from a frame that
/// authenticated under the archive's key; each event's hash is recomputed from its content, consecutive sequences must
/// link, and at the end the count, first and last sequence and hash, categories and the file's SHA-256 must match the
/// manifest. Anything else throws <see cref="AuditArchiveException"/> naming the archive and the fault: a corrupted,
/// truncated or wrongly keyed archive is never read silently. Readers never write anywhere.
/// </summary>
public static class AuditArchiveReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a manifest (<c>&lt;name&gt;.manifest.json</c>) from a target.</summary>
    /// <param name="target">The target.</param>
    /// <param name="name">The archive's name (not the manifest's).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="AuditArchiveException">The manifest is missing or not valid JSON.</exception>
    public static async Task<AuditArchiveManifest> ReadManifestAsync(IArchiveTarget target, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArchiveNames.Validate(name);
        var stream = await target.OpenReadAsync(name + ArchiveNames.ManifestSuffix, cancellationToken).ConfigureAwait(false)
            ?? throw new AuditArchiveException(name, "its manifest is missing.");
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<AuditArchiveManifest>(stream, Json, cancellationToken).ConfigureAwait(false)
                    ?? throw new AuditArchiveException(name, "its manifest is empty.");
            }
            catch (JsonException ex)
            {
                throw new AuditArchiveException(name, "its manifest is not valid JSON.", ex);
            }
        }
    }

    /// <summary>Serializes a manifest as stored beside its archive.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ManifestBytes(AuditArchiveManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    /// <summary>Reads an archive of a target with its manifest, verifying as described on <see cref="AuditArchiveReader"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="name">The archive's name.</param>
    /// <param name="keys">The key provider.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events in sequence order.</returns>
    public static async IAsyncEnumerable<AuditEvent> ReadAsync(IArchiveTarget target, string name, IArchiveKeyProvider keys, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var manifest = await ReadManifestAsync(target, name, cancellationToken).ConfigureAwait(false);
        var stream = await target.OpenReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new AuditArchiveException(name, "the archive file is missing.");
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var e in ReadAsync(stream, manifest, keys, cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    /// <summary>Reads an archive file against its manifest, verifying as described on <see cref="AuditArchiveReader"/>.</summary>
    /// <param name="archive">The archive file's bytes from the start.</param>
    /// <param name="manifest">Its manifest.</param>
    /// <param name="keys">The key provider.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events in sequence order.</returns>
    public static async IAsyncEnumerable<AuditEvent> ReadAsync(Stream archive, AuditArchiveManifest manifest, IArchiveKeyProvider keys, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(keys);
        var name = manifest.Name;
        var (header, headerBytes) = await ArchiveHeader.ReadAsync(archive, name, cancellationToken).ConfigureAwait(false);
        if (header.Name != manifest.Name || header.KeyId != manifest.KeyId || header.StreamId != manifest.StreamId || header.TenantId != manifest.TenantId
            || header.PreviousArchive != manifest.PreviousArchive || header.PreviousSha256 != manifest.PreviousSha256)
        {
            throw new AuditArchiveException(name, "the manifest does not match the archive's header (name, key id, stream, tenant or previous archive).");
        }

        var key = await keys.GetKeyAsync(header.KeyId, cancellationToken).ConfigureAwait(false)
            ?? throw new AuditArchiveException(name, $"key '{header.KeyId}' is not available from the key provider.");
        if (key.Length != 32 || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(ArchiveHeader.KeyCheckOf(key, header.Name)), Convert.FromHexString(header.KeyCheck)))
        {
            throw new AuditArchiveException(name, $"wrong key: the key given as '{header.KeyId}' is not the one it was encrypted with.");
        }

        using var decrypt = new ArchiveDecryptingStream(archive, name, key, headerBytes, Convert.FromHexString(header.NoncePrefix), header.ChunkSize);
        using var gzip = new GZipStream(decrypt, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, bufferSize: 65536);
        using var chain = new AuditChain();
        var computed = new byte[32];
        AuditEvent? first = null;
        AuditEvent? last = null;
        long count = 0;
        var categories = new Dictionary<AuditCategory, (long Count, DateTimeOffset Oldest, DateTimeOffset Newest)>();
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException)
            {
                throw new AuditArchiveException(name, "corrupted: the decrypted content is not valid gzip/UTF-8.", ex);
            }

            if (line is null)
            {
                break;
            }

            var e = Parse(name, line, count + 1);
            if (e.StreamId != header.StreamId || !string.Equals(e.TenantId, header.TenantId, StringComparison.Ordinal))
            {
                throw new AuditArchiveException(name, $"event {e.StreamId}/{e.Sequence} is not of the archive's stream and tenant.");
            }

            if (last is not null && e.Sequence <= last.Sequence)
            {
                throw new AuditArchiveException(name, $"events out of order at sequence {e.Sequence}.");
            }

            if (e.HashBytes is null || e.PreviousHashBytes is null)
            {
                throw new AuditArchiveException(name, $"event {e.StreamId}/{e.Sequence} has no hashes.");
            }

            chain.Compute(e, e.PreviousHashBytes, computed);
            if (!computed.AsSpan().SequenceEqual(e.HashBytes))
            {
                throw new AuditArchiveException(name, $"event {e.StreamId}/{e.Sequence} does not match its hash (edited).");
            }

            if (last is not null && e.Sequence == last.Sequence + 1 && !e.PreviousHashBytes.AsSpan().SequenceEqual(last.HashBytes))
            {
                throw new AuditArchiveException(name, $"broken link between sequences {last.Sequence} and {e.Sequence}.");
            }

            first ??= e;
            last = e;
            count++;
            categories[e.Category] = categories.TryGetValue(e.Category, out var c)
                ? (c.Count + 1, e.Timestamp < c.Oldest ? e.Timestamp : c.Oldest, e.Timestamp > c.Newest ? e.Timestamp : c.Newest)
                : (1, e.Timestamp, e.Timestamp);
            yield return e;
        }

        // Drains the frames after gzip's end: a truncated file, or bytes after the final frame, fail here.
        var rest = new byte[4096];
        while (await decrypt.ReadAsync(rest, cancellationToken).ConfigureAwait(false) > 0)
        {
        }

        if (!decrypt.Completed)
        {
            throw new AuditArchiveException(name, "truncated: the final frame is missing.");
        }

        var sha = Convert.ToHexStringLower(decrypt.FileHash());
        if (!string.Equals(sha, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new AuditArchiveException(name, $"its SHA-256 is {sha}, the manifest says {manifest.Sha256}.");
        }

        var expected = manifest.Categories.OrderBy(c => c.Category).Select(c => (c.Category, c.Count, c.Oldest.UtcTicks, c.Newest.UtcTicks));
        var actual = categories.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.Count, p.Value.Oldest.UtcTicks, p.Value.Newest.UtcTicks));
        if (count != manifest.EventCount || first is null || last is null
            || first.Sequence != manifest.FirstSequence || first.Hash != manifest.FirstHash
            || last.Sequence != manifest.LastSequence || last.Hash != manifest.LastHash
            || !expected.SequenceEqual(actual))
        {
            throw new AuditArchiveException(name, $"its content ({count} events, sequences {first?.Sequence}-{last?.Sequence}) does not match the manifest ({manifest.EventCount} events, {manifest.FirstSequence}-{manifest.LastSequence}, categories).");
        }
    }

    /// <summary>Reads an archive of a target through and returns its manifest when every check passes.</summary>
    /// <param name="target">The target.</param>
    /// <param name="name">The archive's name.</param>
    /// <param name="keys">The key provider.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The verified manifest.</returns>
    /// <exception cref="AuditArchiveException">The archive fails a check.</exception>
    public static async Task<AuditArchiveManifest> VerifyAsync(IArchiveTarget target, string name, IArchiveKeyProvider keys, CancellationToken cancellationToken = default)
    {
        var manifest = await ReadManifestAsync(target, name, cancellationToken).ConfigureAwait(false);
        var stream = await target.OpenReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new AuditArchiveException(name, "the archive file is missing.");
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var unused in ReadAsync(stream, manifest, keys, cancellationToken).ConfigureAwait(false))
            {
            }
        }

        return manifest;
    }

    private static AuditEvent Parse(string name, string line, long number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return AuditEventJson.Read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new AuditArchiveException(name, $"line {number} is not a valid event.", ex);
        }
    }
}
