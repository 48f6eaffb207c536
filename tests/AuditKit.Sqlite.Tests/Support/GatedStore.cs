namespace AuditKit.Sqlite.Tests.Support;

/// <summary>
/// A real SQLite store whose settings reads and saves can be held at a chosen point (see <see cref="Gate"/>) or refused,
/// so a test can put a race's two sides in the order that broke: everything else is the SQLite store itself. Register it
/// with <c>audit.UseSqlite(path).UseStore(gated.ProviderName, _ => gated)</c> (the journals stay beside the file).
/// </summary>
public sealed class GatedStore(string path) : AuditStore
{
    private readonly SqliteAuditStore _inner = new(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={path}" });

    /// <summary>Runs before each settings read (by document name); the read waits for the task it returns.</summary>
    public Func<string, Task>? BeforeGetSettings { get; set; }

    /// <summary>Runs before each settings save; the save waits for the task it returns, and fails when it fails.</summary>
    public Func<AuditSettingsDocument, Task>? BeforeSaveSettings { get; set; }

    /// <summary>Runs once a settings save is stored; the save returns only when the task it returns completes.</summary>
    public Func<AuditSettingsDocument, Task>? AfterSaveSettings { get; set; }

    public override string ProviderName => _inner.ProviderName;

    public override async Task<AuditSettingsDocument?> GetSettingsAsync(string name, CancellationToken cancellationToken = default)
    {
        await (BeforeGetSettings?.Invoke(name) ?? Task.CompletedTask);
        return await _inner.GetSettingsAsync(name, cancellationToken);
    }

    public override async Task SaveSettingsAsync(AuditSettingsDocument document, CancellationToken cancellationToken = default)
    {
        await (BeforeSaveSettings?.Invoke(document) ?? Task.CompletedTask);
        await _inner.SaveSettingsAsync(document, cancellationToken);
        await (AfterSaveSettings?.Invoke(document) ?? Task.CompletedTask);
    }

    public override Task InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

    public override Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default) =>
        _inner.OpenStreamAsync(preferredStreamId, application, cancellationToken);

    public override Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default) => _inner.AppendAsync(batch, cancellationToken);

    public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => _inner.QueryAsync(query, cancellationToken);

    public override Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default) => _inner.CountAsync(query, cancellationToken);

    public override Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

    public override Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default) => _inner.GetAsync(streamId, sequence, cancellationToken);

    public override Task<IReadOnlySet<Guid>> GetStoredIdsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default) => _inner.GetStoredIdsAsync(ids, cancellationToken);

    public override Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default) => _inner.AggregateAsync(query, cancellationToken);

    public override IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, CancellationToken cancellationToken = default) =>
        _inner.ReadStreamAsync(streamId, fromSequence, cancellationToken);

    public override Task<IReadOnlyList<AuditEvent>> ReadStreamBatchAsync(int streamId, long fromSequence, int maxCount, CancellationToken cancellationToken = default) =>
        _inner.ReadStreamBatchAsync(streamId, fromSequence, maxCount, cancellationToken);

    public override Task<IReadOnlyList<int>> GetStreamIdsAsync(CancellationToken cancellationToken = default) => _inner.GetStreamIdsAsync(cancellationToken);

    public override Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) => _inner.GetStorageInfoAsync(cancellationToken);

    public override Task<AuditStorageInfo> GetStorageInfoAsync(string tenantId, CancellationToken cancellationToken = default) => _inner.GetStorageInfoAsync(tenantId, cancellationToken);

    public override Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default) => _inner.AppendCheckpointAsync(checkpoint, cancellationToken);

    public override Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(int streamId, CancellationToken cancellationToken = default) => _inner.GetCheckpointsAsync(streamId, cancellationToken);

    protected override ValueTask DisposeAsyncCore() => _inner.DisposeAsync();
}
