using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AuditKit;

/// <summary>
/// <see cref="IAuditSettings"/> on the store's settings documents: typed reads and saves, the SettingsChanged
/// event of each save, and the watchers that <see cref="AuditSettingsRefresher"/> keeps up to date.
/// </summary>
internal sealed class AuditSettings(
    AuditStore store,
    IAuditLog log,
    IChangeDetector changeDetector,
    IAuditContextAccessor contextAccessor,
    TimeProvider timeProvider,
    ILogger<AuditSettings> logger) : IAuditSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();
    private readonly Lock _notifying = new();
    private readonly Dictionary<string, Watched> _watched = new(StringComparer.Ordinal);

    public async Task<AuditSettingsEntry<T>> GetAsync<T>(string name, CancellationToken cancellationToken = default)
        where T : class, new()
    {
        AuditSettingsDocument.ValidateName(name);
        return ToEntry<T>(name, await store.GetSettingsAsync(name, cancellationToken).ConfigureAwait(false));
    }

    public async Task<AuditSettingsEntry<T>> SaveAsync<T>(string name, T value, long expectedVersion, CancellationToken cancellationToken = default)
        where T : class, new()
    {
        AuditSettingsDocument.ValidateName(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var current = await store.GetSettingsAsync(name, cancellationToken).ConfigureAwait(false);
        if ((current?.Version ?? 0) != expectedVersion)
        {
            throw new AuditSettingsConflictException(name, expectedVersion, current?.Version ?? 0);
        }

        var json = JsonSerializer.Serialize(value, Json);
        var before = current?.Json ?? JsonSerializer.Serialize(new T(), Json);
        if (current is not null && current.Json == json)
        {
            return ToEntry<T>(name, current);
        }

        IReadOnlyList<FieldChange> changes;
        using (var old = JsonDocument.Parse(before))
        using (var @new = JsonDocument.Parse(json))
        {
            changes = changeDetector.Compare(old.RootElement, @new.RootElement);
        }

        var actor = contextAccessor.Current?.Actor;
        var saved = new AuditSettingsDocument(name, expectedVersion + 1, json, timeProvider.GetUtcNow(), actor?.Id);
        await store.SaveSettingsAsync(saved, cancellationToken).ConfigureAwait(false);

        // The change is saved: its event is recorded even if the caller cancels now (it is durable in the store or
        // a journal when this returns; AuditLogUnavailableException means it may still be written later).
        await log.RecordAsync(Changed(saved, changes), AuditDurability.Committed, CancellationToken.None).ConfigureAwait(false);
        Notify(saved);
        return ToEntry<T>(name, saved);
    }

    public IDisposable Watch<T>(string name, Action<AuditSettingsEntry<T>> onChange)
        where T : class, new()
    {
        AuditSettingsDocument.ValidateName(name);
        ArgumentNullException.ThrowIfNull(onChange);
        var watcher = new Watcher(this, name, document => onChange(ToEntry<T>(name, document)));
        lock (_lock)
        {
            if (!_watched.TryGetValue(name, out var watched))
            {
                _watched[name] = watched = new Watched();
            }

            watched.Watchers.Add(watcher);
        }

        return watcher;
    }

    /// <summary>Reads every watched document and notifies the watchers of those whose version moved on.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        string[] names;
        lock (_lock)
        {
            names = [.. _watched.Keys];
        }

        foreach (var name in names)
        {
            var document = await store.GetSettingsAsync(name, cancellationToken).ConfigureAwait(false);
            if (document is not null)
            {
                Notify(document);
            }
        }
    }

    /// <summary>The SettingsChanged event of one save: the document as the record, its changed fields, the new version.</summary>
    internal static AuditEvent Changed(AuditSettingsDocument saved, IReadOnlyList<FieldChange> changes) =>
        new(AuditCategory.System, AuditActions.SettingsChanged)
        {
            Risk = RiskLevel.Medium,
            Message = $"Settings changed: {saved.Name} (version {saved.Version})",
            Target = new AuditTarget(AuditSettingsDocument.EntityType, saved.Name, saved.Name, Module: "Settings", Component: "AuditKit"),
            Changes = changes,
            Metadata = AuditMetadata.Create(("version", saved.Version)),
        };

    private void Notify(AuditSettingsDocument document)
    {
        // One notification at a time: a save that finds its version already taken by the refresher waits until the
        // refresher's watchers have run, so when SaveAsync returns the change is applied (the event policy, for one).
        lock (_notifying)
        {
            Watcher[] watchers;
            lock (_lock)
            {
                if (!_watched.TryGetValue(document.Name, out var watched) || watched.Version >= document.Version)
                {
                    return;
                }

                watched.Version = document.Version;
                watchers = [.. watched.Watchers];
            }

            foreach (var watcher in watchers)
            {
                try
                {
                    watcher.OnChange(document);
                }
                catch (Exception ex)
                {
                    AuditSettingsLog.WatcherFailed(logger, ex, document.Name, document.Version);
                }
            }
        }
    }

    private void Remove(Watcher watcher)
    {
        lock (_lock)
        {
            if (_watched.TryGetValue(watcher.Name, out var watched) && watched.Watchers.Remove(watcher) && watched.Watchers.Count == 0)
            {
                _watched.Remove(watcher.Name);
            }
        }
    }

    private static AuditSettingsEntry<T> ToEntry<T>(string name, AuditSettingsDocument? document)
        where T : class, new() =>
        document is null
            ? new AuditSettingsEntry<T>(name, new T(), 0, null, null)
            : new AuditSettingsEntry<T>(name, JsonSerializer.Deserialize<T>(document.Json, Json) ?? new T(), document.Version, document.UpdatedAt, document.UpdatedBy);

    private sealed class Watched
    {
        public List<Watcher> Watchers { get; } = [];

        public long Version { get; set; }
    }

    private sealed class Watcher(AuditSettings owner, string name, Action<AuditSettingsDocument> onChange) : IDisposable
    {
        public string Name => name;

        public Action<AuditSettingsDocument> OnChange => onChange;

        public void Dispose() => owner.Remove(this);
    }
}
