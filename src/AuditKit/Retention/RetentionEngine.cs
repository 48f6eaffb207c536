using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// The retention job (docs/retention.md, "The job"). Per stream, one unit: stream the stream's expired events (up to the
/// sequence before its head) into one archive per tenant and category, record the unit as pending, upload, read back and verify each
/// archive, mark the unit as deleting, delete exactly the archived selection in bounded batches (the holds of the
/// snapshot plus those in force now), then record the new archive links and clear the unit. A crash at any point leaves a
/// pending unit that the next run completes: one still writing is rolled back (its uploads removed), one deleting is
/// re-verified and its deletion finished; so no event is lost or archived twice. Only the instance holding the job's lease
/// (kept in the state document, <see cref="AuditSettingsLease{TState}"/>) runs; another returns a skipped run.
/// </summary>
internal sealed partial class RetentionEngine(
    AuditStore store,
    IAuditSettings settings,
    IAuditLog log,
    IAuditContextAccessor context,
    RetentionOptions options,
    TimeProvider timeProvider,
    ILogger<RetentionEngine> logger)
{
    /// <summary>The actor of the job's events and state saves.</summary>
    public static readonly AuditActor Actor = new("retention", "Retention Job", Kind: ActorKind.System);

    private static readonly DateTimeOffset Beginning = DateTimeOffset.MinValue;

    /// <summary>A run that did nothing because another instance holds the lease or already ran the occurrence.</summary>
    private static readonly AuditRetentionRun SkippedRun = new(0, 0, 0, 0, 0, 0, false) { Skipped = true };

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AuditSettingsLease<RetentionState> _lease = new(
        store, RetentionState.DocumentName, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", options.LeaseDuration, timeProvider);

    private RetentionState State => _lease.State;

    public IArchiveTarget Target { get; } = options.Target ?? new FolderArchiveTarget(options.ArchiveFolder
        ?? throw new InvalidOperationException("RetentionOptions needs a Target or an ArchiveFolder."));

    public IArchiveKeyProvider Keys { get; } = options.KeyProvider ?? throw new InvalidOperationException("RetentionOptions.KeyProvider is required.");

    /// <summary>A crash point for tests: called with the step's name before each step; throwing there simulates the crash.</summary>
    internal Action<string>? StepHook { get; set; }

    public Task<AuditRetentionRun> RunAsync(CancellationToken cancellationToken) => RunAsync(null, cancellationToken);

    /// <summary>
    /// Runs the job if this instance takes the lease; for a scheduled run (<paramref name="occurrence"/>), only if no
    /// instance ran that occurrence yet. Otherwise returns a run with <see cref="AuditRetentionRun.Skipped"/> set.
    /// </summary>
    public async Task<AuditRetentionRun> RunAsync(DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var scope = context.BeginScope(new AuditContext(Actor));
            if (!await _lease.TryAcquireAsync(null, cancellationToken).ConfigureAwait(false))
            {
                LogSkipped(_lease.HeldBy ?? "another instance");
                return SkippedRun;
            }

            try
            {
                if (occurrence is { } due)
                {
                    if (State.LastOccurrence >= due)
                    {
                        LogOccurrenceRun(due);
                        return SkippedRun;
                    }

                    State.LastOccurrence = due;
                    await SaveStateAsync(cancellationToken).ConfigureAwait(false);
                }

                return await RunLeasedAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<AuditRetentionRun> RunLeasedAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var totals = new Totals();
        var policies = (await settings.GetAsync<AuditRetentionPolicies>(AuditRetentionPolicies.DocumentName, cancellationToken).ConfigureAwait(false)).Value;
        policies.Validate();
        if (State.Pending is { } pending)
        {
            totals.Resumed = true;
            await ResumeAsync(pending, totals, cancellationToken).ConfigureAwait(false);
        }

        var now = timeProvider.GetUtcNow();
        var info = await store.GetStorageInfoAsync(cancellationToken).ConfigureAwait(false);
        foreach (var stream in info.Streams.OrderBy(s => s.StreamId))
        {
            await RunStreamAsync(stream.StreamId, stream.LastSequence - 1, policies, now, totals, cancellationToken).ConfigureAwait(false);
        }

        await PurgeAsync(policies, now, totals, cancellationToken).ConfigureAwait(false);
        var run = new AuditRetentionRun(totals.ArchivesWritten, totals.EventsArchived, totals.EventsDeleted, totals.EventsHeld, totals.ArchivesPurged, totals.ArchivesKept, totals.Resumed)
        {
            EventsRead = totals.EventsRead,
        };
        if (run.EventsDeleted > 0 || run.ArchivesPurged > 0 || run.ArchivesWritten > 0 || run.Resumed)
        {
            await log.RecordAsync(
                AuditEvents.JobExecuted("Retention", "AuditKit", AuditOutcome.Success, timeProvider.GetElapsedTime(started)) with
                {
                    Actor = Actor,
                    Metadata = AuditMetadata.Create(
                        ("archives_written", run.ArchivesWritten), ("events_archived", run.EventsArchived), ("events_deleted", run.EventsDeleted),
                        ("events_held", run.EventsHeld), ("archives_purged", run.ArchivesPurged), ("archives_kept_by_holds", run.ArchivesKeptByHolds)),
                },
                AuditDurability.Committed,
                CancellationToken.None).ConfigureAwait(false);
        }

        LogRun(run.ArchivesWritten, run.EventsArchived, run.EventsDeleted, run.EventsHeld, run.ArchivesPurged);
        return run;
    }

    private async Task RunStreamAsync(int streamId, long through, AuditRetentionPolicies policies, DateTimeOffset now, Totals totals, CancellationToken cancellationToken)
    {
        if (through < 1)
        {
            return;
        }

        var cutoffs = new Dictionary<AuditCategory, RetentionCutoff>();
        foreach (var category in Enum.GetValues<AuditCategory>())
        {
            if (policies.For(category) is { } policy)
            {
                cutoffs[category] = new RetentionCutoff(category, now.AddDays(-policy.ActiveDays), policy.ArchiveDays is { } days ? now.AddDays(-days) : null);
            }
        }

        if (cutoffs.Count == 0)
        {
            return;
        }

        var holds = await CurrentHoldsAsync(cancellationToken).ConfigureAwait(false);
        var lastScan = State.Scans.GetValueOrDefault(streamId);
        var from = lastScan?.NextFrom(cutoffs.Keys, holds) ?? 1;
        if (from > through)
        {
            return;
        }

        // Held events below where this read starts stay where the previous read found them, kept by its holds (none was lifted).
        var heldBelow = lastScan?.FirstHeld is { } h && h < from ? lastScan : null;
        var scan = new RetentionScan
        {
            From = from,
            Through = through,
            FirstHeld = heldBelow?.FirstHeld,
            Categories = [.. cutoffs.Keys],
            Holds = [.. holds.Union(heldBelow?.Holds ?? [])],
        };
        var unit = new RetentionUnit
        {
            RunId = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
            StreamId = streamId,
            ThroughSequence = through,
            Cutoffs = [.. cutoffs.Values],
            Holds = [.. holds],
            Scan = scan,
        };
        var selection = new AuditDeletionRequest(AuditCategory.System, Beginning, now) { Holds = unit.Holds };
        var work = Directory.CreateDirectory(Path.Combine(options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "auditkit-retention"), unit.RunId + "-s" + streamId.ToString(CultureInfo.InvariantCulture))).FullName;
        var writers = new Dictionary<string, AuditArchiveWriter>(StringComparer.Ordinal);
        var manifests = new List<AuditArchiveManifest>();
        long expiredWithoutArchive = 0;
        try
        {
            var keyId = Keys.CurrentKeyId;
            var key = await Keys.GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The archive key provider has no key for its current key id '{keyId}'.");
            await foreach (var e in store.ReadStreamAsync(streamId, from, cancellationToken).ConfigureAwait(false))
            {
                if (e.Sequence > through)
                {
                    break;
                }

                if (++totals.EventsRead % 4096 == 0)
                {
                    await RenewAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!cutoffs.TryGetValue(e.Category, out var cutoff))
                {
                    continue;
                }

                if (AuditCursor.ToMicros(e.Timestamp) >= AuditCursor.ToMicros(cutoff.Before))
                {
                    scan.FirstUnexpired ??= e.Sequence;
                    continue;
                }

                if (selection.IsHeld(e))
                {
                    scan.FirstHeld = Math.Min(scan.FirstHeld ?? e.Sequence, e.Sequence);
                    continue;
                }

                if (cutoff.ArchiveFrom is not { } archiveFrom || AuditCursor.ToMicros(e.Timestamp) < AuditCursor.ToMicros(archiveFrom))
                {
                    expiredWithoutArchive++;
                    continue;
                }

                var linkKey = LinkKey(streamId, e.TenantId, e.Category);
                if (!writers.TryGetValue(linkKey, out var writer))
                {
                    var name = ArchiveName(unit.RunId, now, linkKey);
                    var previous = State.Links.GetValueOrDefault(linkKey);
                    var header = AuditArchiveWriter.Header(name, keyId, key, streamId, e.TenantId, previous?.Name, previous?.Sha256, now);
                    writers[linkKey] = writer = new AuditArchiveWriter(Path.Combine(work, writers.Count.ToString(CultureInfo.InvariantCulture) + ArchiveNames.ArchiveSuffix), header, key);
                }

                writer.Add(e);
            }

            if (writers.Count == 0 && expiredWithoutArchive == 0)
            {
                State.Scans[streamId] = scan;
                await SaveStateAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            foreach (var writer in writers.Values)
            {
                manifests.Add(writer.Complete());
            }

            // The unit is recorded before anything is uploaded: a crash from here on is rolled back or completed by the next run.
            unit.Archives = [.. manifests.Select(m => new RetentionLink(LinkKey(m.StreamId, m.TenantId, m.Categories[0].Category), m.Name, m.Sha256, m.EventCount))];
            State.Pending = unit;
            await SaveStateAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (manifest, writer) in manifests.Zip(writers.Values))
            {
                Step("upload");
                await using (var file = File.OpenRead(writer.Path))
                {
                    await Target.UploadAsync(manifest.Name, file, cancellationToken).ConfigureAwait(false);
                }

                await Target.UploadAsync(manifest.Name + ArchiveNames.ManifestSuffix, new MemoryStream(AuditArchiveReader.ManifestBytes(manifest)), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            Directory.Delete(work, recursive: true);
        }

        Step("verify");
        await VerifyUnitAsync(unit, cancellationToken).ConfigureAwait(false);
        Step("mark-deleting");
        unit.Phase = RetentionUnit.Deleting;
        await SaveStateAsync(cancellationToken).ConfigureAwait(false);
        await DeleteAndCompleteAsync(unit, totals, cancellationToken).ConfigureAwait(false);
        totals.ArchivesWritten += manifests.Count;
        totals.EventsArchived += manifests.Sum(m => m.EventCount);
    }

    /// <summary>Reads every archive of the unit back from the target and checks it against what was written.</summary>
    private async Task VerifyUnitAsync(RetentionUnit unit, CancellationToken cancellationToken)
    {
        foreach (var archive in unit.Archives)
        {
            var manifest = await AuditArchiveReader.VerifyAsync(Target, archive.Name, Keys, cancellationToken).ConfigureAwait(false);
            if (manifest.Sha256 != archive.Sha256 || manifest.EventCount != archive.EventCount)
            {
                throw new AuditArchiveException(archive.Name, "the stored archive is not the one this run wrote (SHA-256 or count differ).");
            }
        }
    }

    /// <summary>Deletes the unit's selection batch by batch, then records its archives as the streams' latest and clears it.</summary>
    private async Task DeleteAndCompleteAsync(RetentionUnit unit, Totals totals, CancellationToken cancellationToken)
    {
        // The snapshot's holds plus those placed since: the deletion never takes an event the archive left out.
        var holds = unit.Holds.Concat(await CurrentHoldsAsync(cancellationToken).ConfigureAwait(false)).Distinct().ToList();
        if (unit.Scan is { } scan && holds.Count > unit.Holds.Count)
        {
            // A hold placed since the read may keep events anywhere in it: a lift must send the next read back here.
            scan.FirstHeld = Math.Min(scan.FirstHeld ?? scan.From, scan.From);
            scan.Holds = [.. scan.Holds.Union(holds)];
        }

        var requests = unit.Cutoffs.Select(cutoff => new AuditDeletionRequest(cutoff.Category, Beginning, cutoff.Before)
        {
            StreamId = unit.StreamId,
            ThroughSequence = unit.ThroughSequence,
            Holds = holds,
            BatchSize = options.DeleteBatchSize,
        }).ToList();

        // Whole partitions first where the store has them (PostgreSQL's months) and the selection covers every event in
        // one; the same tombstones are left. Then row by row for the rest.
        Step("drop-partitions");
        totals.EventsDeleted += await store.DeleteWholePartitionsAsync(requests, cancellationToken).ConfigureAwait(false);
        foreach (var request in requests)
        {
            while (true)
            {
                Step("delete-batch");
                var result = await store.DeleteEventsAsync(request, cancellationToken).ConfigureAwait(false);
                totals.EventsDeleted += result.Deleted;
                if (result.Completed)
                {
                    totals.EventsHeld += result.Held;
                    break;
                }

                if (options.PauseBetweenBatches > TimeSpan.Zero)
                {
                    await Task.Delay(options.PauseBetweenBatches, timeProvider, cancellationToken).ConfigureAwait(false);
                }

                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        Step("complete");
        foreach (var archive in unit.Archives)
        {
            State.Links[archive.Key] = archive;
        }

        if (unit.Scan is { } read)
        {
            State.Scans[unit.StreamId] = read;
        }

        State.Pending = null;
        await SaveStateAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Step(string name) => StepHook?.Invoke(name);

    internal async Task<IReadOnlyList<AuditLegalHold>> CurrentHoldsAsync(CancellationToken cancellationToken) =>
        [.. (await settings.GetAsync<AuditLegalHolds>(AuditLegalHolds.DocumentName, cancellationToken).ConfigureAwait(false)).Value.Holds.Select(h => h.Hold)];

    /// <summary>Archives chain per stream, tenant and category: <c>s1-none-security</c>.</summary>
    private static string LinkKey(int streamId, string? tenantId, AuditCategory category) =>
        "s" + streamId.ToString(CultureInfo.InvariantCulture) + "-" + TenantKey(tenantId) + "-" + category.ToString().ToLowerInvariant();

    /// <summary>"none" for events without a tenant, else "t" and 16 hex digits of the tenant's SHA-256 (names stay safe for any tenant id).</summary>
    internal static string TenantKey(string? tenantId) =>
        tenantId is null ? "none" : "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)).AsSpan(0, 8));

    private static string ArchiveName(string runId, DateTimeOffset now, string linkKey) =>
        now.UtcDateTime.ToString("yyyy'/'MM", CultureInfo.InvariantCulture) + "/" + runId + "-" + linkKey + ArchiveNames.ArchiveSuffix;

    /// <summary>Saves the state as the next version under the lease; a conflict means the lease was lost to another instance, and this run stops.</summary>
    private async Task SaveStateAsync(CancellationToken cancellationToken)
    {
        if (!await _lease.SaveAsync(cancellationToken).ConfigureAwait(false))
        {
            throw LeaseLost();
        }
    }

    /// <summary>Renews the lease when half of it has passed; stops the run when it was lost.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        if (!await _lease.RenewIfDueAsync(cancellationToken).ConfigureAwait(false))
        {
            throw LeaseLost();
        }
    }

    private static AuditSettingsConflictException LeaseLost() =>
        new($"The retention job's lease ('{RetentionState.DocumentName}') was taken over by another instance; this run stops, and nothing it had not verified was deleted.");

    [LoggerMessage(3, LogLevel.Information, "Retention run skipped: {Owner} holds the job's lease.")]
    private partial void LogSkipped(string owner);

    [LoggerMessage(4, LogLevel.Information, "Retention run skipped: another instance already ran the occurrence {Occurrence}.")]
    private partial void LogOccurrenceRun(DateTimeOffset occurrence);

    [LoggerMessage(1, LogLevel.Information, "Retention run: {Archives} archive(s) with {Archived} events written, {Deleted} events deleted, {Held} held, {Purged} archive(s) purged.")]
    private partial void LogRun(int archives, long archived, long deleted, long held, int purged);

    private sealed class Totals
    {
        public int ArchivesWritten { get; set; }

        public long EventsArchived { get; set; }

        public long EventsDeleted { get; set; }

        public long EventsHeld { get; set; }

        public int ArchivesPurged { get; set; }

        public int ArchivesKept { get; set; }

        public bool Resumed { get; set; }

        public long EventsRead { get; set; }
    }
}
