namespace AuditKit;

/// <summary>Checks object names handed to an <see cref="IArchiveTarget"/>.</summary>
public static class ArchiveNames
{
    /// <summary>The suffix of archive files.</summary>
    public const string ArchiveSuffix = ".akarc";

    /// <summary>The suffix of manifests (<c>&lt;archive name&gt;.manifest.json</c>).</summary>
    public const string ManifestSuffix = ".manifest.json";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming <paramref name="parameterName"/> unless <paramref name="name"/> is a
    /// relative name of segments of <c>A-Z a-z 0-9 . - _</c> separated by <c>/</c>, none of them <c>.</c> or <c>..</c>.
    /// </summary>
    /// <param name="name">The object name.</param>
    /// <param name="parameterName">The parameter to name.</param>
    public static void Validate(string? name, string parameterName = "name")
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw new ArgumentException($"Archive object name '{name}' must be segments of A-Z a-z 0-9 . - _ separated by '/'.", parameterName);
            }
        }
    }
}
