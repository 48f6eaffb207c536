namespace AuditKit.Docs.Tests.Support;

/// <summary>The repository's files as the tests see them: found from the test assembly's folder upwards.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AuditKit.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AuditKit.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    /// <summary>README.md, docs/*.md and src/*/README.md, as paths relative to the root ('/' separated).</summary>
    public static IReadOnlyList<string> MarkdownFiles()
    {
        var files = new List<string> { "README.md" };
        files.AddRange(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(Relative).Order(StringComparer.Ordinal));
        files.AddRange(Directory.GetDirectories(Path.Combine(Root, "src"))
            .Select(d => Path.Combine(d, "README.md"))
            .Where(File.Exists)
            .Select(Relative)
            .Order(StringComparer.Ordinal));
        return files;
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
