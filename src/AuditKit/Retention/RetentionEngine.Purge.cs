using Microsoft.Extensions.Logging;

namespace AuditKit;

internal sealed partial class RetentionEngine
{
    /// <summary>
    /// With "auto-delete after archive" on, removes each archive whose archive period has ended for every category in it
    /// (counted from the category's newest event), unless a legal hold covers one of its events (the archive is read to
    /// find out when a hold's tenant and time range overlap it). The archive goes first, then its manifest.
    /// </summary>
    private async Task PurgeAsync(AuditRetentionPolicies policies, DateTimeOffset now, Totals totals, CancellationToken cancellationToken)
    {
        if (!policies.AutoDeleteAfterArchive)
        {
            return;
        }

        var holds = await CurrentHoldsAsync(cancellationToken).ConfigureAwait(false);
        var pending = State.Pending?.Archives.Select(a => a.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var names = new List<string>();
        await foreach (var o in Target.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            if (o.Name.EndsWith(ArchiveNames.ManifestSuffix, StringComparison.Ordinal))
            {
                names.Add(o.Name[..^ArchiveNames.ManifestSuffix.Length]);
            }
        }

        foreach (var name in names.Where(n => !pending.Contains(n)))
        {
            var manifest = await AuditArchiveReader.ReadManifestAsync(Target, name, cancellationToken).ConfigureAwait(false);
            var expired = manifest.Categories.Count > 0 && manifest.Categories.All(c =>
                policies.For(c.Category) is { ArchiveDays: { } days } && c.Newest.AddDays(days) <= now);
            if (!expired)
            {
                continue;
            }

            if (await HeldAsync(manifest, holds, cancellationToken).ConfigureAwait(false))
            {
                totals.ArchivesKept++;
                continue;
            }

            await RenewAsync(cancellationToken).ConfigureAwait(false);
            Step("purge");
            await Target.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            await Target.DeleteAsync(name + ArchiveNames.ManifestSuffix, cancellationToken).ConfigureAwait(false);
            totals.ArchivesPurged++;
            LogPurged(name, manifest.EventCount);
        }
    }

    private async Task<bool> HeldAsync(AuditArchiveManifest manifest, IReadOnlyList<AuditLegalHold> holds, CancellationToken cancellationToken)
    {
        var candidates = holds.Where(h =>
            (h.TenantId is null || string.Equals(h.TenantId, manifest.TenantId, StringComparison.Ordinal))
            && (h.From is not { } from || from <= manifest.To)
            && (h.To is not { } to || to > manifest.From)).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        if (await Target.OpenReadAsync(manifest.Name, cancellationToken).ConfigureAwait(false) is not { } stream)
        {
            return false; // the archive file is gone (a purge interrupted between its two deletes): only the manifest is left
        }

        await using (stream.ConfigureAwait(false))
        {
            await foreach (var e in AuditArchiveReader.ReadAsync(stream, manifest, Keys, cancellationToken).ConfigureAwait(false))
            {
                if (candidates.Any(h => h.Covers(e)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [LoggerMessage(3, LogLevel.Information, "Retention: purged archive {Name} ({Events} events) past its archive period.")]
    private partial void LogPurged(string name, long events);
}
