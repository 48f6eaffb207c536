namespace AuditKit;

/// <summary>
/// What an archive holds, stored beside it as <c>&lt;name&gt;.manifest.json</c> (camelCase JSON): one stream's events of one category and one
/// tenant in sequence order. <see cref="AuditArchiveReader"/> checks every figure here against the decrypted content and
/// the file's SHA-256, so an edited manifest is detected, not trusted.
/// </summary>
public sealed record AuditArchiveManifest
{
    /// <summary>The format version (1).</summary>
    public int Format { get; init; } = 1;

    /// <summary>The archive's object name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The id of the key it is encrypted with.</summary>
    public string KeyId { get; init; } = string.Empty;

    /// <summary>"gzip".</summary>
    public string Compression { get; init; } = "gzip";

    /// <summary>"AES-256-GCM".</summary>
    public string Encryption { get; init; } = "AES-256-GCM";

    /// <summary>The tenant of every event in it (null: events without a tenant).</summary>
    public string? TenantId { get; init; }

    /// <summary>The writer stream of every event in it.</summary>
    public int StreamId { get; init; }

    /// <summary>Per category: how many events and their time range.</summary>
    public IReadOnlyList<AuditArchiveCategory> Categories { get; init; } = [];

    /// <summary>The oldest event's time.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>The newest event's time.</summary>
    public DateTimeOffset To { get; init; }

    /// <summary>The first event's sequence.</summary>
    public long FirstSequence { get; init; }

    /// <summary>The first event's hash (lower-case hex).</summary>
    public string FirstHash { get; init; } = string.Empty;

    /// <summary>The last event's sequence.</summary>
    public long LastSequence { get; init; }

    /// <summary>The last event's hash (lower-case hex).</summary>
    public string LastHash { get; init; } = string.Empty;

    /// <summary>How many events it holds.</summary>
    public long EventCount { get; init; }

    /// <summary>The SHA-256 of the archive file's bytes (lower-case hex).</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>The archive file's size in bytes.</summary>
    public long SizeBytes { get; init; }

    /// <summary>When it was written.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The name of the previous archive of the same stream and tenant, if any.</summary>
    public string? PreviousArchive { get; init; }

    /// <summary>That archive's <see cref="Sha256"/>.</summary>
    public string? PreviousSha256 { get; init; }
}

/// <summary>One category's part of an archive.</summary>
/// <param name="Category">The category.</param>
/// <param name="Count">Its events in the archive.</param>
/// <param name="Oldest">The oldest one's time.</param>
/// <param name="Newest">The newest one's time (its archive retention runs from here).</param>
public sealed record AuditArchiveCategory(AuditCategory Category, long Count, DateTimeOffset Oldest, DateTimeOffset Newest);
