using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// A set of events with their inclusion proofs and signed checkpoints in one file (type
/// <c>auditkit.evidence.v1</c>), for an auditor or a court: it verifies offline with the public key alone.
/// </summary>
public sealed class EvidencePack
{
    internal EvidencePack(string description, DateTimeOffset createdAt, IReadOnlyList<AuditProof> proofs)
    {
        Description = description;
        CreatedAt = createdAt;
        Proofs = proofs;
    }

    /// <summary>What the pack is for ("Export activity of J. Smith, January 2026").</summary>
    public string Description { get; }

    /// <summary>When the pack was made.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>One proof per event.</summary>
    public IReadOnlyList<AuditProof> Proofs { get; }

    /// <summary>Whether every proof verifies with the key (and the pack holds at least one).</summary>
    public bool Verify(CheckpointVerifier key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Proofs.Count > 0 && Proofs.All(p => p.Verify(key));
    }

    /// <summary>The pack as JSON.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("type", "auditkit.evidence.v1");
            w.WriteString("description", Description);
            w.WriteString("createdAt", AuditCanonicalForm.FormatTimestamp(CreatedAt));
            w.WriteStartArray("proofs");
            foreach (var proof in Proofs)
            {
                using var document = JsonDocument.Parse(proof.ToJson());
                document.RootElement.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a pack written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not an evidence pack.</exception>
    public static EvidencePack FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var r = document.RootElement;
            if (r.GetProperty("type").GetString() != "auditkit.evidence.v1")
            {
                throw new FormatException("Not an auditkit.evidence.v1.");
            }

            return new EvidencePack(
                r.GetProperty("description").GetString() ?? string.Empty,
                DateTimeOffset.Parse(r.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                r.GetProperty("proofs").EnumerateArray().Select(p => AuditProof.FromJson(p.GetRawText())).ToList());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("The text is not an AuditKit evidence pack (auditkit.evidence.v1).", ex);
        }
    }
}
