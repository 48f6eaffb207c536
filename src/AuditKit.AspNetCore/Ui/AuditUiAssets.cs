using System.Reflection;
using System.Security.Cryptography;

namespace AuditKit.AspNetCore;

/// <summary>
/// The audit screens' static files, read once from the assembly's embedded resources (<c>AuditKit.Ui/…</c>: the
/// HTML, JavaScript modules and CSS of Ui/assets, and Chart.js copied from npm at build time).
/// </summary>
internal sealed class AuditUiAssets
{
    public const string ResourcePrefix = "AuditKit.Ui/";

    private readonly Dictionary<string, AuditUiAsset> _assets;

    public AuditUiAssets()
        : this(typeof(AuditUiAssets).Assembly)
    {
    }

    public AuditUiAssets(Assembly assembly)
    {
        _assets = new Dictionary<string, AuditUiAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || ContentTypeOf(resource) is not { } contentType)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..].Replace('\\', '/');
            var etag = "\"" + Convert.ToBase64String(SHA256.HashData(bytes), 0, 18).Replace('+', '-').Replace('/', '_') + "\"";
            _assets[name] = new AuditUiAsset(name, bytes, contentType, etag);
        }
    }

    /// <summary>Every file's name.</summary>
    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>The file, or null.</summary>
    public AuditUiAsset? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The media types served; anything else is not served at all.</summary>
    public static string? ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => null,
    };
}
