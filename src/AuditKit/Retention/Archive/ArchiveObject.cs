namespace AuditKit;

/// <summary>One object an <see cref="IArchiveTarget"/> holds.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record ArchiveObject(string Name, long Size);
