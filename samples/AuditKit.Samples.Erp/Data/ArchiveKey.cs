using System.Security.Cryptography;

namespace AuditKit.Samples.Erp.Data;

/// <summary>The sample's archive encryption key: 32 random bytes made on the first start and kept in the data folder (a real host keeps it in its secret store).</summary>
internal static class ArchiveKey
{
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var key = File.ReadAllBytes(path);
            return key.Length == 32 ? key : throw new InvalidDataException($"The archive key {path} must hold 32 bytes; it holds {key.Length}.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var created = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, created);
        return created;
    }
}
