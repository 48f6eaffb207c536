using System.Runtime.CompilerServices;

namespace AuditKit;

/// <summary>
/// The default <see cref="IArchiveTarget"/>: files under a local folder (an object name's <c>/</c> become
/// sub-folders). An upload is written to a <c>.partial</c> file, flushed to disk and renamed, so a crash leaves no
/// half-written archive under its name.
/// </summary>
public sealed class FolderArchiveTarget : IArchiveTarget
{
    private const string PartialSuffix = ".partial";
    private readonly string _root;

    /// <summary>Creates a target on <paramref name="folder"/> (created when missing).</summary>
    /// <param name="folder">The folder.</param>
    public FolderArchiveTarget(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _root = Path.GetFullPath(folder);
    }

    /// <summary>The folder's full path.</summary>
    public string Folder => _root;

    /// <inheritdoc />
    public async Task UploadAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + PartialSuffix;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArchiveObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(PartialSuffix, StringComparison.Ordinal))
            .Select(f => (Name: Path.GetRelativePath(_root, f).Replace(Path.DirectorySeparatorChar, '/'), Path: f))
            .Where(f => f.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        foreach (var (name, path) in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long size;
            try
            {
                size = new FileInfo(path).Length;
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            yield return new ArchiveObject(name, size);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing of that name (File.Delete ignores a missing file, not a missing folder)
        }

        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        ArchiveNames.Validate(name);
        return Path.Combine(_root, name.Replace('/', Path.DirectorySeparatorChar));
    }
}
