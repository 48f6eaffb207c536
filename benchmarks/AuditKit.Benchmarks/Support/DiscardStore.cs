using AuditKit;

namespace AuditKit.Benchmarks.Support;

/// <summary>Accepts appends and keeps nothing: isolates the pipeline's own cost from storage.</summary>
internal sealed class DiscardStore : AuditStore
{
    public override string ProviderName => "discard";

    public override Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task<AuditStreamLease> OpenStreamAsync(int? preferredStreamId, string? application, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AuditStreamLease(1, 0, new string('0', 64), null));

    public override Task AppendAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<AuditEvent?> GetAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<AuditEvent?> GetAsync(int streamId, long sequence, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<IReadOnlyList<AggregateCount>> AggregateAsync(AggregateQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override IAsyncEnumerable<AuditEvent> ReadStreamAsync(int streamId, long fromSequence = 1, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override Task<AuditStorageInfo> GetStorageInfoAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
