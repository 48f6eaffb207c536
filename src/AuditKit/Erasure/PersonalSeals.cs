using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuditKit;

/// <summary>
/// The sealed fields of one event: for each path either the salt (value still stored) or the commitment
/// (value erased), and the erasures applied. Stored beside the event as JSON:
/// <c>{"erasures":[…],"fields":{"actor.email":{"salt":"…"},"target.recordName":{"sha256":"…"}}}</c>.
/// </summary>
internal sealed class PersonalSeals
{
    public const int SaltLength = 16;

    public const string ActorName = "actor.name";
    public const string ActorEmail = "actor.email";
    public const string ClientIpAddress = "client.ipAddress";
    public const string ClientLocation = "client.location";
    public const string ClientUserAgent = "client.userAgent";
    public const string ClientDevice = "client.device";
    public const string RecordName = "target.recordName";

    private readonly Dictionary<string, Seal> _fields = new(StringComparer.Ordinal);
    private readonly List<AuditErasureReceipt> _erasures = [];

    public IReadOnlyDictionary<string, Seal> Fields => _fields;

    public IReadOnlyList<AuditErasureReceipt> Erasures => _erasures;

    /// <summary>Whether any change value is sealed (the stored changes JSON is then not the canonical bytes).</summary>
    public bool SealsChanges { get; private set; }

    public bool IsEmpty => _fields.Count == 0 && _erasures.Count == 0;

    public static string ChangePath(int index, string member) => string.Create(CultureInfo.InvariantCulture, $"changes[{index}].{member}");

    public void AddSalt(string path)
    {
        var salt = new byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        Set(path, new Seal(salt, IsCommitment: false));
    }

    public void Set(string path, Seal seal)
    {
        _fields[path] = seal;
        SealsChanges |= path.StartsWith("changes[", StringComparison.Ordinal);
    }

    public void AddErasure(AuditErasureReceipt erasure) => _erasures.Add(erasure);

    public bool TryGet(string path, out Seal seal) => _fields.TryGetValue(path, out seal);

    public PersonalSeals Clone()
    {
        var copy = new PersonalSeals();
        foreach (var (path, seal) in _fields)
        {
            copy.Set(path, seal);
        }

        copy._erasures.AddRange(_erasures);
        return copy;
    }

    /// <summary>The commitment of a value: SHA-256(salt ‖ UTF-8 value).</summary>
    public static byte[] Commit(ReadOnlySpan<byte> salt, string value)
    {
        var length = salt.Length + Encoding.UTF8.GetByteCount(value);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            salt.CopyTo(rented);
            Encoding.UTF8.GetBytes(value, rented.AsSpan(salt.Length));
            return SHA256.HashData(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new CanonicalJsonWriter(buffer);
        w.StartObject();
        if (_erasures.Count > 0)
        {
            w.Property("erasures");
            w.StartArray();
            foreach (var erasure in _erasures)
            {
                w.StartObject();
                w.String("at", AuditCanonicalForm.FormatTimestamp(erasure.At));
                w.String("by", erasure.ErasedBy);
                w.Property("fields");
                w.StartArray();
                foreach (var field in erasure.Fields)
                {
                    w.StringValue(field);
                }

                w.EndArray();
                w.String("reason", erasure.Reason);
                w.EndObject();
            }

            w.EndArray();
        }

        w.Property("fields");
        w.StartObject();
        foreach (var path in _fields.Keys.Order(StringComparer.Ordinal))
        {
            var seal = _fields[path];
            w.Property(path);
            w.StartObject();
            w.String(seal.IsCommitment ? "sha256" : "salt", Convert.ToHexStringLower(seal.Bytes));
            w.EndObject();
        }

        w.EndObject();
        w.EndObject();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static PersonalSeals? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    public static PersonalSeals FromJson(JsonElement root)
    {
        var seals = new PersonalSeals();
        if (root.TryGetProperty("fields", out var fields))
        {
            foreach (var field in fields.EnumerateObject())
            {
                seals.Set(field.Name, field.Value.TryGetProperty("sha256", out var commitment)
                    ? new Seal(Convert.FromHexString(commitment.GetString()!), IsCommitment: true)
                    : new Seal(Convert.FromHexString(field.Value.GetProperty("salt").GetString()!), IsCommitment: false));
            }
        }

        if (root.TryGetProperty("erasures", out var erasures))
        {
            foreach (var item in erasures.EnumerateArray())
            {
                seals._erasures.Add(new AuditErasureReceipt(
                    DateTimeOffset.ParseExact(item.GetProperty("at").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
                    item.GetProperty("by").GetString()!,
                    item.GetProperty("reason").GetString()!,
                    [.. item.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!)]));
            }
        }

        return seals;
    }
}

/// <summary>A sealed field: its salt while the value is stored, its commitment once erased.</summary>
internal readonly record struct Seal(byte[] Bytes, bool IsCommitment)
{
    /// <summary>The commitment the canonical form shows for this field holding <paramref name="value"/>; null when a salted value is missing (tampering).</summary>
    public byte[]? CommitmentFor(string? value) => IsCommitment ? Bytes : value is null ? null : PersonalSeals.Commit(Bytes, value);
}
