namespace AuditKit;

/// <summary>The head files of a folder: <c>head-s{stream}.json</c>, the latest <see cref="AuditHead"/> of each stream.</summary>
internal static class HeadFiles
{
    public static string PathFor(string folder, int streamId) => Path.Combine(folder, $"head-s{streamId}.json");

    /// <summary>Replaces the stream's head file (written to a temporary name, then renamed, so a reader never sees half a file).</summary>
    public static async Task WriteAsync(string folder, AuditHead head, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = PathFor(folder, head.StreamId);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, head.ToJson(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Every head in the folder (none when it does not exist).</summary>
    /// <exception cref="FormatException">A head file cannot be read; the message names it.</exception>
    public static IReadOnlyList<AuditHead> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var heads = new List<AuditHead>();
        foreach (var path in Directory.GetFiles(folder, "head-s*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                heads.Add(AuditHead.FromJson(File.ReadAllText(path)));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"The head file '{path}' cannot be read: {ex.Message}", ex);
            }
        }

        return heads;
    }
}
