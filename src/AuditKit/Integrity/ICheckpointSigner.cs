using System.Security.Cryptography;

namespace AuditKit;

/// <summary>Signs checkpoints. Keep the key outside the audit store (a file, a vault, an HSM).</summary>
public interface ICheckpointSigner
{
    /// <summary>Names the key, recorded in each checkpoint so verifiers pick the right public key.</summary>
    string KeyId { get; }

    /// <summary>"ES256" or "HS256".</summary>
    string Algorithm { get; }

    /// <summary>Signs the bytes.</summary>
    byte[] Sign(byte[] data);
}

/// <summary>ECDSA P-256 with SHA-256 ("ES256"): anyone with the public key can verify, only the key holder can sign.</summary>
public sealed class EcdsaCheckpointSigner : ICheckpointSigner
{
    private readonly ECDsa _key;

    /// <summary>Signs with a P-256 private key.</summary>
    /// <exception cref="ArgumentException">The key is not a P-256 key.</exception>
    public EcdsaCheckpointSigner(ECDsa privateKey, string keyId)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("Checkpoints are signed with ECDSA P-256 keys.", nameof(privateKey));
        }

        _key = privateKey;
        KeyId = keyId;
    }

    /// <summary>Reads a PEM private key ("-----BEGIN PRIVATE KEY-----" or "EC PRIVATE KEY").</summary>
    public static EcdsaCheckpointSigner FromPem(string pem, string keyId)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new EcdsaCheckpointSigner(key, keyId);
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <inheritdoc />
    public string Algorithm => "ES256";

    /// <inheritdoc />
    public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

/// <summary>HMAC-SHA-256 ("HS256"): verifying needs the same secret, so give it only to auditors.</summary>
public sealed class HmacCheckpointSigner : ICheckpointSigner
{
    private readonly byte[] _key;

    /// <summary>Signs with a secret of at least 32 bytes.</summary>
    public HmacCheckpointSigner(byte[] key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (key.Length < 32)
        {
            throw new ArgumentException("An HMAC checkpoint key has at least 32 bytes.", nameof(key));
        }

        _key = key;
        KeyId = keyId;
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <inheritdoc />
    public string Algorithm => "HS256";

    /// <inheritdoc />
    public byte[] Sign(byte[] data) => HMACSHA256.HashData(_key, data);
}

/// <summary>Checks checkpoint signatures with a public key (ES256) or the shared secret (HS256).</summary>
public sealed class CheckpointVerifier
{
    private readonly ECDsa? _publicKey;
    private readonly byte[]? _secret;

    private CheckpointVerifier(ECDsa? publicKey, byte[]? secret)
    {
        _publicKey = publicKey;
        _secret = secret;
    }

    /// <summary>Verifies ES256 checkpoints with a PEM public key ("-----BEGIN PUBLIC KEY-----").</summary>
    public static CheckpointVerifier FromPublicKeyPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new CheckpointVerifier(key, null);
    }

    /// <summary>Verifies ES256 checkpoints with a public key.</summary>
    public static CheckpointVerifier FromPublicKey(ECDsa publicKey) => new(publicKey, null);

    /// <summary>Verifies HS256 checkpoints with the shared secret.</summary>
    public static CheckpointVerifier FromHmacKey(byte[] secret) => new(null, secret);

    /// <summary>Whether the checkpoint's signature is valid for this key.</summary>
    public bool Verify(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(checkpoint.Signature);
        }
        catch (FormatException)
        {
            return false;
        }

        var data = checkpoint.SignedBytes();
        return checkpoint.Algorithm switch
        {
            "ES256" when _publicKey is not null => _publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            "HS256" when _secret is not null => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_secret, data), signature),
            _ => false,
        };
    }
}
