using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace AuditKit;

/// <summary><see cref="IAuditRetention"/>: policies and holds as settings documents, the job, archives and storage figures.</summary>
internal sealed class AuditRetention(
    RetentionEngine engine,
    AuditStore store,
    IAuditSettings settings,
    IAuditContextAccessor context,
    RetentionOptions options,
    TimeProvider timeProvider) : IAuditRetention
{
    private string? Tenant => context.Current?.TenantId;

    public Task<AuditSettingsEntry<AuditRetentionPolicies>> GetPoliciesAsync(CancellationToken cancellationToken = default) =>
        settings.GetAsync<AuditRetentionPolicies>(AuditRetentionPolicies.DocumentName, cancellationToken);

    public Task<AuditSettingsEntry<AuditRetentionPolicies>> SavePoliciesAsync(AuditRetentionPolicies policies, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        policies.Validate();
        if (Tenant is not null)
        {
            throw new InvalidOperationException("Retention policies are global to the store: save them outside a tenant's scope.");
        }

        return settings.SaveAsync(AuditRetentionPolicies.DocumentName, policies, expectedVersion, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditLegalHoldEntry>> GetHoldsAsync(CancellationToken cancellationToken = default)
    {
        var holds = (await settings.GetAsync<AuditLegalHolds>(AuditLegalHolds.DocumentName, cancellationToken).ConfigureAwait(false)).Value.Holds;
        return Tenant is { } tenant ? [.. holds.Where(h => h.Hold.TenantId == tenant)] : holds;
    }

    public async Task<AuditLegalHoldEntry> PlaceHoldAsync(AuditLegalHold hold, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Tenant is { } tenant)
        {
            if (hold.TenantId is not null && hold.TenantId != tenant)
            {
                throw new ArgumentException("A hold placed inside a tenant's scope covers that tenant only.", nameof(hold));
            }

            hold = hold with { TenantId = tenant };
        }

        hold.Validate(nameof(hold));
        var entry = new AuditLegalHoldEntry(
            "hold-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), hold, reason, timeProvider.GetUtcNow(), context.Current?.Actor?.Id);
        await UpdateHoldsAsync(holds => holds.Add(entry), cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<bool> LiftHoldAsync(string holdId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holdId);
        var tenant = Tenant;
        var removed = false;
        await UpdateHoldsAsync(holds => removed = holds.RemoveAll(h => h.Id == holdId && (tenant is null || h.Hold.TenantId == tenant)) > 0, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    public Task<AuditRetentionRun> RunAsync(CancellationToken cancellationToken = default) => engine.RunAsync(cancellationToken);

    public async Task<AuditRetentionStorage> GetStorageAsync(CancellationToken cancellationToken = default)
    {
        var tenant = Tenant;
        var active = tenant is null ? await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false) : await store.GetStorageInfoAsync(tenant, cancellationToken).ConfigureAwait(false);
        long events = 0, bytes = 0;
        var count = 0;
        await foreach (var m in ListArchivesAsync(cancellationToken).ConfigureAwait(false))
        {
            events += m.EventCount;
            bytes += m.SizeBytes;
            count++;
        }

        long? activeBytes = tenant is null ? active.SizeBytes : null;
        double? usage = options.CapacityBytes is > 0 and { } capacity && activeBytes is { } b ? Math.Round((b + bytes) * 100.0 / capacity, 1) : null;
        return new AuditRetentionStorage(active.EventCount, activeBytes, events, bytes, count, options.CapacityBytes, usage);
    }

    public async IAsyncEnumerable<AuditArchiveManifest> ListArchivesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tenant = Tenant;
        var names = new List<string>();
        await foreach (var o in engine.Target.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (o.Name.EndsWith(ArchiveNames.ManifestSuffix, StringComparison.Ordinal))
            {
                names.Add(o.Name[..^ArchiveNames.ManifestSuffix.Length]);
            }
        }

        foreach (var name in names)
        {
            var manifest = await AuditArchiveReader.ReadManifestAsync(engine.Target, name, cancellationToken).ConfigureAwait(false);
            if (tenant is null || manifest.TenantId == tenant)
            {
                yield return manifest;
            }
        }
    }

    public async IAsyncEnumerable<AuditEvent> ReadArchiveAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var manifest = await AuditArchiveReader.ReadManifestAsync(engine.Target, name, cancellationToken).ConfigureAwait(false);
        if (Tenant is { } tenant && manifest.TenantId != tenant)
        {
            throw new AuditArchiveException(name, "it is not in this tenant's scope.");
        }

        var stream = await engine.Target.OpenReadAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new AuditArchiveException(name, "the archive file is missing.");
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var e in AuditArchiveReader.ReadAsync(stream, manifest, engine.Keys, cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    public async Task<long> RestoreAsync(string name, AuditStore destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (ReferenceEquals(destination, store))
        {
            throw new ArgumentException("Restore into a store of its own, not the active store the events were deleted from.", nameof(destination));
        }

        // The whole archive verifies before anything is appended.
        await foreach (var unused in ReadArchiveAsync(name, cancellationToken).ConfigureAwait(false))
        {
        }

        await destination.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<AuditEvent>(1000);
        long appended = 0;
        await foreach (var e in ReadArchiveAsync(name, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(e);
            if (batch.Count == 1000)
            {
                await destination.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
                appended += batch.Count;
                batch.Clear();
            }
        }

        await destination.AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        return appended + batch.Count;
    }

    private async Task UpdateHoldsAsync(Action<List<AuditLegalHoldEntry>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await settings.GetAsync<AuditLegalHolds>(AuditLegalHolds.DocumentName, cancellationToken).ConfigureAwait(false);
            var holds = new AuditLegalHolds { Holds = [.. current.Value.Holds] };
            change(holds.Holds);
            try
            {
                await settings.SaveAsync(AuditLegalHolds.DocumentName, holds, current.Version, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AuditSettingsConflictException) when (attempt < 4)
            {
                // Another hold was placed or lifted meanwhile: apply this change on top of it.
            }
        }
    }
}
