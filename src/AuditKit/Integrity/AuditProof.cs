using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// Proves, offline, that one event is in a signed checkpoint: the event's canonical JSON and previous hash
/// give its hash; its leaf and the audit path give the checkpoint's Merkle root (RFC 9162); the checkpoint's
/// signature is checked with the auditor's key. Nothing else of the log is needed. Format: docs/integrity.md.
/// </summary>
public sealed class AuditProof
{
    private AuditProof(string canonicalEvent, string previousHash, string hash, long leafIndex, long treeSize, IReadOnlyList<string> auditPath, AuditCheckpoint checkpoint)
    {
        CanonicalEvent = canonicalEvent;
        PreviousHash = previousHash;
        Hash = hash;
        LeafIndex = leafIndex;
        TreeSize = treeSize;
        AuditPath = auditPath;
        Checkpoint = checkpoint;
    }

    /// <summary>The event's canonical JSON (docs/integrity.md).</summary>
    public string CanonicalEvent { get; }

    /// <summary>The previous event's hash, lower-case hex.</summary>
    public string PreviousHash { get; }

    /// <summary>The event's hash, lower-case hex.</summary>
    public string Hash { get; }

    /// <summary>The event's position among the checkpoint's events (0-based).</summary>
    public long LeafIndex { get; }

    /// <summary>How many events the checkpoint covers.</summary>
    public long TreeSize { get; }

    /// <summary>The Merkle audit path, bottom up, lower-case hex.</summary>
    public IReadOnlyList<string> AuditPath { get; }

    /// <summary>The signed checkpoint.</summary>
    public AuditCheckpoint Checkpoint { get; }

    internal static AuditProof Create(AuditEvent e, long index, long size, IReadOnlyList<byte[]> path, AuditCheckpoint checkpoint) =>
        new(Encoding.UTF8.GetString(AuditChain.CanonicalBytes(e)), e.PreviousHash!, e.Hash!, index, size, path.Select(Convert.ToHexStringLower).ToList(), checkpoint);

    /// <summary>Checks the proof: hash, path, root and the checkpoint's signature. False if any byte was changed.</summary>
    public bool Verify(CheckpointVerifier key)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            var hash = SHA256.HashData([.. Convert.FromHexString(PreviousHash), .. Encoding.UTF8.GetBytes(CanonicalEvent)]);
            if (Convert.ToHexStringLower(hash) != Hash || TreeSize != Checkpoint.ToSequence - Checkpoint.FromSequence + 1)
            {
                return false;
            }

            using var document = JsonDocument.Parse(CanonicalEvent);
            if (document.RootElement.GetProperty("sequence").GetInt64() != Checkpoint.FromSequence + LeafIndex
                || document.RootElement.GetProperty("streamId").GetInt32() != Checkpoint.StreamId)
            {
                return false;
            }

            var root = MerkleTree.RootFromPath(MerkleTree.LeafHash(hash), LeafIndex, TreeSize, AuditPath.Select(Convert.FromHexString).ToList());
            return root is not null && Convert.ToHexStringLower(root) == Checkpoint.MerkleRoot && key.Verify(Checkpoint);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The proof as JSON (type <c>auditkit.proof.v1</c>).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", "auditkit.proof.v1");
            w.WriteString("event", CanonicalEvent);
            w.WriteString("previousHash", PreviousHash);
            w.WriteString("hash", Hash);
            w.WriteNumber("leafIndex", LeafIndex);
            w.WriteNumber("treeSize", TreeSize);
            w.WriteStartArray("auditPath");
            foreach (var node in AuditPath)
            {
                w.WriteStringValue(node);
            }

            w.WriteEndArray();
            w.WritePropertyName("checkpoint");
            using (var checkpoint = JsonDocument.Parse(Checkpoint.ToJson()))
            {
                checkpoint.RootElement.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a proof written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not a proof.</exception>
    public static AuditProof FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var r = document.RootElement;
            if (r.GetProperty("type").GetString() != "auditkit.proof.v1")
            {
                throw new FormatException("Not an auditkit.proof.v1.");
            }

            return new AuditProof(
                r.GetProperty("event").GetString()!,
                r.GetProperty("previousHash").GetString()!,
                r.GetProperty("hash").GetString()!,
                r.GetProperty("leafIndex").GetInt64(),
                r.GetProperty("treeSize").GetInt64(),
                r.GetProperty("auditPath").EnumerateArray().Select(p => p.GetString()!).ToList(),
                CheckpointJson.Read(r.GetProperty("checkpoint")));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("The text is not an AuditKit proof (auditkit.proof.v1).", ex);
        }
    }
}
